/**
 * The change events' cost on bulkadd (src/domain/events): the same load through a service without
 * the outbox (EVENTS_ENABLED=false), through the default service (outbox + sequencer), and through a
 * service that also relays the outbox to Kafka — a real broker the bench starts
 * (scripts/kafka/local-broker.ts), or KAFKA_BROKERS when set.
 *
 * The relaying service lives for one round only: a relay publishes every event after its cursor,
 * so one left running would publish (and spend CPU on) the events of every other path's round. Each
 * round starts it on a topic of its own (KAFKA_START=latest), warms it up with a smaller bulkadd
 * and waits for the relay to catch up, measures the load, then measures how long after the load's
 * end the relay's cursor reached the outbox head, and checks with a consumer that the topic holds a
 * message for every event the load recorded (by the `sequence` header; the load's events are those
 * numbered after the head at its start whose URI names its inventory, so that another writer on a
 * shared Neo4j — NEO4J_URI — does not count).
 */
import { Admin, Consumer, MessagesStreamModes, stringDeserializers, type Message } from '@platformatic/kafka';
import { int, type Driver } from 'neo4j-driver';
import { startLocalKafka } from '../kafka/local-broker.js';
import type { Neo4jTarget } from '../neo4j/provision.js';
import { startService, type LoadResult } from './common.js';
import type { Inventory } from './inventory.js';
import { bulkaddLoad } from './scenarios.js';

export interface BenchKafka {
  brokers: string;
  /** Where the broker came from: started by the bench, or KAFKA_BROKERS. */
  source: 'local' | 'env';
  stop(): Promise<void>;
}

/** KAFKA_BROKERS when set (used for the relay row only), else a local broker stopped by stop(). */
export async function benchKafka(log: (m: string) => void): Promise<BenchKafka> {
  const env = process.env['KAFKA_BROKERS']?.trim();
  if (env) return { brokers: env, source: 'env', stop: () => Promise.resolve() };
  const k = await startLocalKafka(log);
  return { brokers: k.brokers, source: 'local', stop: () => k.stop() };
}

/** One relay round, as measured. */
export interface RelayRound {
  tag: string;
  topic: string;
  /** The outbox head when the load began (after the warm-up had been relayed). */
  headBefore: number;
  headAfter: number;
  /** Events the load recorded: outbox events numbered after headBefore whose URI names the load's inventory. */
  events: number;
  /** Other events numbered after headBefore, up to the count (other writers on the same Neo4j). */
  otherEvents: number;
  /** Messages the topic gained during the load and the catch-up (end offsets, all partitions). */
  messages: number;
  /** The load's events found on the topic by a consumer (distinct `sequence` headers). */
  delivered: number;
  /** From the load's last response until no event was pending numbering. */
  sequencedMs: number;
  /** From the load's last response until the relay's cursor reached the outbox head. */
  lagMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function one(driver: Driver, database: string, query: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const r = await driver.executeQuery(query, params, { database });
  return r.records[0]?.get(0);
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** The outbox as the relay sees it: pending events, the head, and the relay's cursor (NaN before it took its lease). */
async function outbox(driver: Driver, database: string, topic: string): Promise<{ pending: number; head: number; cursor: number }> {
  const [pending, head, cursor] = await Promise.all([
    one(driver, database, 'MATCH (e:AaiEventPending) RETURN count(e)'),
    one(driver, database, "MATCH (s:AaiEventState {name: 'sequence'}) RETURN s.seq"),
    one(driver, database, 'MATCH (s:AaiEventState {name: $name}) RETURN s.cursor', { name: `relay:${topic}` }),
  ]);
  return { pending: num(pending), head: num(head), cursor: num(cursor) };
}

/** Poll (every 10 ms) until `done`; the ms from `since` to the first poll that saw it. */
async function until(what: string, since: bigint, timeoutMs: number, done: () => Promise<boolean>): Promise<number> {
  for (;;) {
    if (await done()) return Number(process.hrtime.bigint() - since) / 1e6;
    if (Number(process.hrtime.bigint() - since) / 1e6 > timeoutMs) throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(10);
  }
}

/** The `sequence` headers of every message of the topic, read from the beginning by a fresh consumer group. */
async function publishedSequences(brokers: string, topic: string, total: number): Promise<Set<number>> {
  const consumer = new Consumer({ clientId: 'aai-bench-consumer', groupId: `aai-bench-${topic}`, bootstrapBrokers: [brokers], deserializers: stringDeserializers, maxWaitTime: 500 });
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const seqs = new Set<number>();
    let read = 0;
    let failure: Error | undefined;
    stream.on('data', (m: Message<string, string, string, string>) => {
      read++;
      const h = m.headers.get('sequence');
      if (h !== undefined) seqs.add(Number(h));
    });
    stream.on('error', (e: Error) => (failure = e));
    const started = Date.now();
    while (read < total && failure === undefined && Date.now() - started < 120_000) await sleep(50);
    await stream.close();
    if (failure) throw failure;
    if (read < total) throw new Error(`bench: read ${read} of the ${total} messages of ${topic} within 120 s`);
    return seqs;
  } finally {
    await consumer.close();
  }
}

async function endOffsets(brokers: string, topic: string): Promise<number> {
  const consumer = new Consumer({ clientId: 'aai-bench-offsets', groupId: `aai-bench-offsets-${topic}`, bootstrapBrokers: [brokers] });
  try {
    const ends = await consumer.listOffsets({ topics: [topic] });
    return Number((ends.get(topic) ?? []).reduce((a, b) => a + b, 0n));
  } finally {
    await consumer.close();
  }
}

export interface RelayRoundOptions {
  neo4j: Neo4jTarget;
  driver: Driver;
  kafka: BenchKafka;
  topic: string;
  tag: string;
  clients: number;
  /** The measured load. */
  inventory: Inventory;
  /** The fresh service's warm-up load (its own names). */
  warmup: Inventory;
  /** Progress (the setup's phases). */
  log: (m: string) => void;
}

/** How long the relay may take to catch up before the round fails. */
const CATCH_UP_TIMEOUT_MS = 300_000;

/** A service with the Kafka relay on a fresh topic: warm-up, the measured bulkadd, the relay's lag, the topic's offsets. */
export async function relayRound(o: RelayRoundOptions): Promise<{ load: LoadResult; relay: RelayRound }> {
  const { driver, topic } = o;
  const database = o.neo4j.database;
  const admin = new Admin({ clientId: 'aai-bench-admin', bootstrapBrokers: [o.kafka.brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
  } finally {
    await admin.close();
  }
  const service = await startService(o.neo4j, { EVENTS_ENABLED: 'true', KAFKA_BROKERS: o.kafka.brokers, KAFKA_TOPIC: topic, KAFKA_START: 'latest', KAFKA_CLIENT_ID: 'aai-bench' });
  try {
    const caughtUp = async (): Promise<boolean> => {
      const s = await outbox(driver, database, topic);
      return s.pending === 0 && s.cursor >= s.head;
    };
    const leaseMs = await until(`the relay on ${topic} taking its lease`, process.hrtime.bigint(), 60_000, async () => !Number.isNaN((await outbox(driver, database, topic)).cursor));
    const warm = await bulkaddLoad(service.url, o.warmup, o.clients);
    const warmLagMs = await until(`the relay on ${topic} catching up after the warm-up`, process.hrtime.bigint(), CATCH_UP_TIMEOUT_MS, caughtUp);
    o.log(`relay on ${topic}: lease taken after ${Math.round(leaseMs)} ms; warm-up ${warm.ops} operations in ${warm.seconds.toFixed(1)} s, relayed ${Math.round(warmLagMs)} ms after it`);
    const headBefore = (await outbox(driver, database, topic)).head;
    const offsetsBefore = await endOffsets(o.kafka.brokers, topic);

    const load = await bulkaddLoad(service.url, o.inventory, o.clients);
    const loadEnd = process.hrtime.bigint();
    let sequencedMs = NaN;
    const lagMs = await until(`the relay on ${topic} catching up after the load`, loadEnd, CATCH_UP_TIMEOUT_MS, async () => {
      const s = await outbox(driver, database, topic);
      if (s.pending === 0 && Number.isNaN(sequencedMs)) sequencedMs = Number(process.hrtime.bigint() - loadEnd) / 1e6;
      return s.pending === 0 && s.cursor >= s.head;
    });
    const headAfter = (await outbox(driver, database, topic)).head;
    const r = await driver.executeQuery(
      // Outbox records (src/store/event-store.ts): each holds events seq..last, their URIs as a list.
      `MATCH (r:AaiEvent) WHERE r.last > $after UNWIND range(0, size(r.uris) - 1) AS i WITH r.seq + i AS seq, r.uris[i] CONTAINS $mark AS ours WHERE seq > $after
       RETURN collect(CASE WHEN ours THEN seq END) AS ours, count(CASE WHEN NOT ours THEN 1 END) AS others`,
      { after: int(headBefore), mark: `${o.inventory.prefix}-` },
      { database },
    );
    const ours = ((r.records[0]?.get('ours') as unknown[] | undefined) ?? []).map(num);
    const otherEvents = num(r.records[0]?.get('others'));
    const end = await endOffsets(o.kafka.brokers, topic);
    const published = await publishedSequences(o.kafka.brokers, topic, end);
    const delivered = ours.filter((s) => published.has(s)).length;
    return { load, relay: { tag: o.tag, topic, headBefore, headAfter, events: ours.length, otherEvents, messages: end - offsetsBefore, delivered, sequencedMs, lagMs } };
  } finally {
    await service.stop();
  }
}
