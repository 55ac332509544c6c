/**
 * What the domain tells the service's metrics (README "Metrics"), without knowing how they are kept:
 * the HTTP edge implements this port with prom-client (src/http/metrics.ts).
 */
import type { TxResult } from './bulk/outcome.js';

/** Where bulk transactions come from: the three bulk endpoints and the job worker. */
export type BulkSource = 'bulkadd' | 'bulkprocess' | 'single-transaction' | 'jobs';

/** A&AI transactions applied (committed or failed), and their operations by their transaction's outcome. */
export interface BulkTally {
  txOk: number;
  txFailed: number;
  opsOk: number;
  opsFailed: number;
}

export interface BulkMetricsPort {
  /** Called once per committed Neo4j transaction (never for a re-run or a rolled-back dry run). */
  applied(source: BulkSource, tally: BulkTally): void;
}

/** What the change events' sequencer and Kafka relay tell the metrics (src/domain/events). */
export interface EventMetricsPort {
  /** Events numbered (made visible to the feed and the relay). */
  numbered(events: number): void;
  numberingFailed(): void;
  /** Events the broker acknowledged. */
  published(events: number): void;
  publishFailed(): void;
  /** This instance holds the relay's lease (it is the one publishing). */
  relayHolding(held: boolean): void;
}

/** The tally of bulk results: a transaction's operations count as its outcome (a failed one writes nothing). */
export function tallyResults(results: readonly Pick<TxResult, 'ok' | 'entries'>[]): BulkTally {
  const t: BulkTally = { txOk: 0, txFailed: 0, opsOk: 0, opsFailed: 0 };
  for (const r of results) {
    if (r.ok) {
      t.txOk++;
      t.opsOk += r.entries.length;
    } else {
      t.txFailed++;
      t.opsFailed += r.entries.length;
    }
  }
  return t;
}
