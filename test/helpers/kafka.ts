/**
 * A Kafka for a test file: KAFKA_BROKERS when set (a broker the run was given; stop() leaves it
 * alone), else a real single-node broker started for the file (scripts/kafka/local-broker.ts) and
 * stopped by stop(). Call it in beforeAll and stop() in afterAll.
 */
import { startLocalKafka } from '../../scripts/kafka/local-broker.js';

export interface TestKafka {
  /** Bootstrap brokers, comma-separated `host:port`. */
  brokers: string;
  /** The broker JVM's pid when the test started it, else undefined. */
  pid?: number;
  stop(): Promise<void>;
}

export async function useKafka(): Promise<TestKafka> {
  const given = process.env['KAFKA_BROKERS']?.trim();
  if (given) return { brokers: given, stop: async () => undefined };
  const kafka = await startLocalKafka((m) => console.log(`[kafka] ${m}`));
  return { brokers: kafka.brokers, pid: kafka.pid, stop: () => kafka.stop() };
}

/** The brokers as the clients take them: one `host:port` per entry. */
export function bootstrapBrokers(brokers: string): string[] {
  return brokers
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}
