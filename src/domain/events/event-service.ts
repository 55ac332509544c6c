/**
 * Change events after commit: the sequencer that numbers the outbox's pending events (every
 * instance runs one; the counter's lock makes them take turns), retention, and the change feed's
 * reads with their long poll. Transport-free: the HTTP layer renders what `readFeed` returns.
 */
import { AaiError } from '../../errors.js';
import type { EventMetricsPort } from '../metrics-port.js';
import type { EventStorePort } from '../ports.js';
import { eventJson, type EventFormat, type EventWire } from './aai-event.js';

export interface EventsConfig {
  /** Keep the outbox (EVENTS_ENABLED). */
  enabled: boolean;
  /** A&AI's aai.notificationEvent.default.domain (EVENTS_DOMAIN). */
  domain: string;
  /** Events older than this are pruned (EVENTS_RETENTION). */
  retentionMs: number;
  /** How often an idle sequencer, and a long poll, look again (EVENTS_POLL_MS). */
  pollMs: number;
  /** Events numbered per sequencer transaction. */
  batch: number;
  /** Longest long poll (`wait` of GET /events). */
  maxWaitMs: number;
}

export interface EventLog {
  warn(obj: object, msg: string): void;
}


/** Under load, the pause between numberings (an event waits at most this much longer to be numbered). */
const GATHER_MS = 20;

/** How often retention runs. */
const PRUNE_EVERY_MS = 60_000;

export class EventSequencer {
  private stopped = true;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private poked = false;
  private readonly waiters = new Set<() => void>();
  private lastPrune = 0;

  constructor(
    private readonly store: EventStorePort,
    private readonly config: EventsConfig,
    private readonly log: EventLog,
    private readonly metrics?: Pick<EventMetricsPort, 'numbered' | 'numberingFailed'>,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.loop;
    for (const w of this.waiters) w();
  }

  /** A transaction of this instance committed events: number them now. */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let numbered = 0;
      try {
        numbered = await this.store.sequence(this.config.batch);
        if (numbered > 0) {
          this.metrics?.numbered(numbered);
          for (const w of [...this.waiters]) w();
        }
        if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
          this.lastPrune = Date.now();
          while ((await this.store.prune(Date.now() - this.config.retentionMs, 10_000)) > 0 && !this.stopped);
        }
      } catch (e) {
        this.metrics?.numberingFailed();
        this.log.warn({ err: e }, 'change events: numbering failed, trying again');
      }
      if (this.stopped) continue;
      if (numbered > 0) {
        // Busy: let commits gather for a moment, so that one numbering takes many of them.
        await new Promise((r) => setTimeout(r, GATHER_MS).unref());
        continue;
      }
      if (this.poked) {
        this.poked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.config.pollMs);
        t.unref();
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
      this.poked = false;
    }
  }

  /**
   * Resolves once an event after `after` is numbered, or when `ms` have passed (or at stop). Events
   * numbered here wake it at once; those numbered by another instance are seen at the next poll.
   */
  async waitPast(after: number, ms: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.stopped && !signal?.aborted && Date.now() < deadline) {
      if ((await this.store.head()).sequence > after) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          this.waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const t = setTimeout(done, Math.max(0, Math.min(this.config.pollMs, deadline - Date.now())));
        this.waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }
}

export interface FeedQuery {
  /** Events after this sequence number; undefined: from the oldest retained. */
  after: number | undefined;
  limit: number;
  types: readonly string[];
  format: EventFormat;
  /** Long poll: wait up to this long for an event when there is none yet. */
  waitMs: number;
}

export interface FeedPage {
  /** Each event as JSON text (an AAI-EVENT, or its delta form, with its `sequence`). */
  events: string[];
  /** The cursor to resume from: the last sequence number this page looked at. */
  next: number;
}

/** Sequence numbers a filtered read looks at per page (it returns `next` past those it skipped). */
const FILTER_SCAN = 10_000;

/** One page of the change feed; AAI_3040 (410) when the cursor lies before the retained range. */
export async function readFeed(store: EventStorePort, sequencer: EventSequencer, q: FeedQuery, wire: EventWire, signal?: AbortSignal): Promise<FeedPage> {
  let head = await store.head();
  const after = q.after ?? head.pruned;
  if (after < head.pruned) {
    throw new AaiError('AAI_3040', `the events after ${after} were pruned (EVENTS_RETENTION); the feed holds those after ${head.pruned}, up to ${head.sequence}: read the inventory again, then follow the feed from GET /aai/v15/events/head`);
  }
  if (after > head.sequence) {
    // A cursor this outbox never gave: another deployment's, or a database restored from an older backup.
    throw new AaiError('AAI_3000', `after=${after} is beyond the newest event (${head.sequence}): the cursor is not from this inventory's feed; follow it from GET /aai/v15/events/head`);
  }
  if (head.sequence === after && q.waitMs > 0) {
    await sequencer.waitPast(after, q.waitMs, signal);
    head = await store.head();
  }
  // Every event up to `head` was visible before the read began: a page that looked past them all
  // may move the cursor to `head` even when it found no event of the asked types.
  const page = await store.read(after, q.limit, q.types.length > 0 ? FILTER_SCAN : q.limit, q.types);
  const last = page.events[page.events.length - 1]?.sequence ?? after;
  const next = page.events.length === q.limit ? last : Math.max(last, Math.min(page.scannedTo, head.sequence));
  return { events: page.events.map((e) => eventJson(e, wire, q.format, true)), next };
}
