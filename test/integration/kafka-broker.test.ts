/**
 * The test Kafka and the client the service publishes with (@platformatic/kafka) work together:
 * a topic created through the admin API, 100 keyed messages from an idempotent producer with
 * acks=all, read back from the beginning by a consumer group (each exactly once, in produce order
 * per key) and from a given offset; then the broker stops and its JVM is gone.
 */
import { randomUUID } from 'node:crypto';
import { Admin, Consumer, type Message, MessagesStreamModes, ProduceAcks, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapBrokers, type TestKafka, useKafka } from '../helpers/kafka.js';
import { alive } from '../helpers/processes.js';
import { eventually, until } from '../helpers/wait.js';

const COUNT = 100;
const KEYS = 7;

interface Sent {
  key: string;
  seq: number;
}

describe('the test Kafka broker with @platformatic/kafka', () => {
  let kafka: TestKafka;
  let brokers: string[];
  const topic = `aai-kafka-test-${randomUUID()}`;
  const clients: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    kafka = await useKafka();
    brokers = bootstrapBrokers(kafka.brokers);
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await kafka?.stop();
  });

  /** Read `want` messages of the topic with a fresh consumer group; `mode` and `offsets` as for consume(). */
  async function readAll(want: number, opts: { mode: 'earliest' | 'manual'; offsets?: { topic: string; partition: number; offset: bigint }[] }): Promise<Message<string, string, string, string>[]> {
    const consumer = new Consumer({
      clientId: 'aai-kafka-test-consumer',
      groupId: `aai-kafka-test-${randomUUID()}`,
      bootstrapBrokers: brokers,
      deserializers: stringDeserializers,
      maxWaitTime: 500,
    });
    clients.push(consumer);
    const stream = await consumer.consume({
      topics: [topic],
      mode: opts.mode === 'earliest' ? MessagesStreamModes.EARLIEST : MessagesStreamModes.MANUAL,
      ...(opts.offsets ? { offsets: opts.offsets } : {}),
      autocommit: true,
    });
    const got: Message<string, string, string, string>[] = [];
    let failure: Error | undefined;
    stream.on('data', (m) => got.push(m));
    stream.on('error', (e) => (failure = e));
    await until(`${want} messages of ${topic}`, async () => ({ got: got.length, failure: failure?.message }), (v) => v.got >= want || v.failure !== undefined, 30_000);
    expect(failure).toBeUndefined();
    await stream.close();
    await consumer.close();
    return got;
  }

  it('creates a topic with 3 partitions through the admin API', async () => {
    const admin = new Admin({ clientId: 'aai-kafka-test-admin', bootstrapBrokers: brokers });
    clients.push(admin);
    const created = await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    expect(created.map((t) => [t.name, t.partitions])).toEqual([[topic, 3]]);
    const metadata = await admin.metadata({ topics: [topic] });
    expect(metadata.topics.get(topic)?.partitionsCount).toBe(3);
    await admin.close();
  });

  it('delivers 100 keyed messages exactly once, in produce order per key, to a consumer group', async () => {
    const producer = new Producer({
      clientId: 'aai-kafka-test-producer',
      bootstrapBrokers: brokers,
      serializers: stringSerializers,
      idempotent: true,
      acks: ProduceAcks.ALL,
    });
    clients.push(producer);
    const sent: Sent[] = Array.from({ length: COUNT }, (_, seq) => ({ key: `k${seq % KEYS}`, seq }));
    // Ten sends of ten, one after the other: order per key must hold across requests too.
    for (let i = 0; i < COUNT; i += 10) {
      const result = await producer.send({
        messages: sent.slice(i, i + 10).map((m) => ({ topic, key: m.key, value: JSON.stringify(m), headers: { seq: String(m.seq) } })),
        acks: ProduceAcks.ALL,
      });
      expect(result.offsets?.length).toBeGreaterThan(0);
    }
    expect(producer.producerId).toBeDefined(); // the broker gave the idempotent producer its id
    await producer.close();

    // The broker holds exactly 100 records: no retry wrote one twice.
    const offsetsReader = new Consumer({ clientId: 'aai-kafka-test-offsets', groupId: `aai-kafka-test-${randomUUID()}`, bootstrapBrokers: brokers });
    clients.push(offsetsReader);
    const ends = await offsetsReader.listOffsets({ topics: [topic] });
    expect((ends.get(topic) ?? []).reduce((a, b) => a + b, 0n)).toBe(BigInt(COUNT));
    await offsetsReader.close();

    const got = await readAll(COUNT, { mode: 'earliest' });
    const received = got.map((m) => ({ ...(JSON.parse(m.value) as Sent), partition: m.partition, offset: m.offset, key: m.key, header: m.headers.get('seq') }));
    expect(received).toHaveLength(COUNT);
    expect(new Set(received.map((r) => r.seq)).size).toBe(COUNT);
    expect(received.every((r) => r.header === String(r.seq) && r.key === `k${r.seq % KEYS}`)).toBe(true);
    for (let k = 0; k < KEYS; k++) {
      const ofKey = received.filter((r) => r.key === `k${k}`);
      expect(new Set(ofKey.map((r) => r.partition)).size).toBe(1); // one key, one partition
      expect(ofKey.map((r) => r.seq)).toEqual(sent.filter((s) => s.key === `k${k}`).map((s) => s.seq));
    }
    // The keys spread over more than one partition (the partitioner hashes them).
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
  });

  it('reads a partition from a given offset', async () => {
    const all = await readAll(COUNT, { mode: 'earliest' });
    const partition = all[0]?.partition ?? 0;
    const ofPartition = all.filter((m) => m.partition === partition).sort((a, b) => Number(a.offset - b.offset));
    const from = ofPartition[Math.floor(ofPartition.length / 2)]?.offset ?? 0n;
    const want = ofPartition.filter((m) => m.offset >= from);
    const got = await readAll(want.length, { mode: 'manual', offsets: [{ topic, partition, offset: from }] });
    expect(got.map((m) => [m.partition, m.offset])).toEqual(want.map((m) => [m.partition, m.offset]));
  });

  it('stops the broker, leaving no JVM behind', async () => {
    const pid = kafka.pid;
    await kafka.stop();
    if (pid !== undefined) expect(await eventually(() => !alive(pid), 10_000)).toBe(true);
  });
});
