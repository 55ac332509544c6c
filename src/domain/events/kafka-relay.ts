/**
 * The relay from the outbox to the event bus (Kafka): at least once, in sequence order, resuming
 * from its cursor after a crash, and one relay at a time across service instances. The relay holds
 * a lease (a node in Neo4j, on Neo4j's clock) and moves its cursor only while it holds it; another
 * instance takes the relay over when the lease lapses (its holder died or lost Neo4j). A batch is
 * published, acknowledged by the broker, and only then is the cursor moved: a crash in between
 * publishes the batch again, and a consumer deduplicates by the sequence number (the `sequence`
 * header, and the event-header's sequence-number). Each message is keyed by the top entity's URI,
 * so one entity's events stay in order within a partition.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventMetricsPort } from '../metrics-port.js';
import type { EventPublisher, EventStorePort } from '../ports.js';
import { eventJson, type EventWire, type SequencedEvent } from './aai-event.js';
import type { EventSequencer } from './event-service.js';

export interface RelayConfig extends EventWire {
  topic: string;
  leaseMs: number;
  /** Where a relay that never published starts: the oldest retained event, or the newest. */
  start: 'earliest' | 'latest';
  batch: number;
}

export interface RelayLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** A published batch, as the relay reports it (tests check that holders never overlap). */
export interface PublishedBatch {
  holder: string;
  first: number;
  last: number;
  startedAt: number;
  endedAt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

export class KafkaRelay {
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private stopped = true;
  private loop: Promise<void> | undefined;
  private stopSignal = new AbortController();
  /** When this relay last knew it held the lease (its local clock). */
  private heldSince: number | undefined;
  onPublished: ((b: PublishedBatch) => void) | undefined;

  constructor(
    private readonly store: EventStorePort,
    private readonly sequencer: EventSequencer,
    private readonly publisher: EventPublisher,
    private readonly config: RelayConfig,
    private readonly log: RelayLog,
    private readonly metrics?: Pick<EventMetricsPort, 'published' | 'publishFailed' | 'relayHolding'>,
  ) {}

  private get leaseName(): string {
    return `relay:${this.config.topic}`;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopSignal = new AbortController();
    this.loop = this.run();
  }

  /** Stop publishing, hand the lease back (another instance takes over at once), close the producer. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopSignal.abort();
    await this.loop;
    if (this.heldSince !== undefined) await this.store.release(this.leaseName, this.holder).catch(() => undefined);
    this.metrics?.relayHolding(false);
    await this.publisher.close().catch(() => undefined);
  }

  /** The lease is safe to publish under: renewed within half its length (a slow publish must not outlive it). */
  private holds(): boolean {
    return this.heldSince !== undefined && Date.now() - this.heldSince < this.config.leaseMs / 2;
  }

  private async take(): Promise<number | undefined> {
    const started = Date.now();
    let start = 0;
    if (this.config.start === 'latest' || this.config.start === 'earliest') {
      const head = await this.store.head();
      start = this.config.start === 'latest' ? head.sequence : head.pruned;
    }
    const cursor = await this.store.takeLease(this.leaseName, this.holder, this.config.leaseMs, start);
    if (cursor === undefined) {
      if (this.heldSince !== undefined) this.log.warn({ holder: this.holder }, 'event relay: lease lost');
      this.heldSince = undefined;
    } else {
      if (this.heldSince === undefined) this.log.info({ holder: this.holder, cursor }, 'event relay: lease taken');
      this.heldSince = started;
    }
    this.metrics?.relayHolding(cursor !== undefined);
    return cursor;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const cursor = await this.take();
        if (cursor === undefined) {
          // Another instance relays: look again within the lease's length.
          await sleep(this.config.leaseMs / 3);
          continue;
        }
        const page = await this.store.read(cursor, this.config.batch, this.config.batch);
        if (page.events.length === 0) {
          await this.sequencer.waitPast(cursor, this.config.leaseMs / 4, this.stopSignal.signal);
          continue;
        }
        if (!this.holds()) continue;
        await this.publish(page.events);
        const last = page.events[page.events.length - 1]?.sequence ?? cursor;
        const started = Date.now();
        if (await this.store.advance(this.leaseName, this.holder, this.config.leaseMs, last)) this.heldSince = started;
        else {
          this.log.warn({ holder: this.holder, last }, 'event relay: lease lost while publishing; the new holder publishes from its cursor');
          this.heldSince = undefined;
        }
        failures = 0;
      } catch (e) {
        failures++;
        this.metrics?.publishFailed();
        this.log.warn({ err: e, failures }, 'event relay: publishing failed, trying again');
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  private async publish(events: readonly SequencedEvent[]): Promise<void> {
    const startedAt = Date.now();
    await this.publisher.publish(
      events.map((e) => ({
        key: `/aai/${this.config.version}${e.topUri}`,
        value: eventJson(e, this.config, 'event', false),
        headers: { sequence: String(e.sequence), 'entity-type': e.type, action: e.action },
      })),
    );
    this.metrics?.published(events.length);
    this.onPublished?.({ holder: this.holder, first: events[0]?.sequence ?? 0, last: events[events.length - 1]?.sequence ?? 0, startedAt, endedAt: Date.now() });
  }
}
