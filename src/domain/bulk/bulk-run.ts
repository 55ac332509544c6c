/**
 * Running bulk transactions: all A&AI transactions of a request inside one Neo4j transaction (one
 * load, one write) — a failed A&AI transaction writes nothing, a successful one writes and later
 * ones see it; one failing neither stops nor undoes the others. Committed for real, rolled back for
 * a dry run, so the dry run's answer is exactly the real one. Only when the group keeps conflicting
 * with other writers (AAI_6134) do its A&AI transactions run one Neo4j transaction each, so that a
 * conflict is reported on the transaction it belongs to.
 */
import { AaiError } from '../../errors.js';
import type { Schema } from '../../schema/schema.js';
import type { GraphStorePort, GraphTx } from '../ports.js';
import { executeTransaction, runTransactionGroup, type TxContext, type TxOutcome } from '../transaction.js';
import type { BulkError, BulkMethod, BulkTransaction } from './bulk-payload.js';

export interface BulkEntry {
  uri: string | null;
  status: number;
  error?: BulkError;
}

export interface BulkTxResult {
  key: BulkMethod;
  entries: BulkEntry[];
  /** Every operation succeeded (the transaction's changes are, or would be, committed). */
  ok: boolean;
}

function entriesOf(t: Extract<BulkTransaction, { ops: unknown }>, outcome: TxOutcome): BulkEntry[] {
  return outcome.results.map((r, i) => {
    const op = t.ops[i];
    const entry: BulkEntry = { uri: t.uris[i] ?? null, status: r.status };
    if (r.error && op) entry.error = { error: r.error, vars: [op.method, op.errorUri] };
    return entry;
  });
}

function failed(t: BulkTransaction): BulkTxResult | undefined {
  if (!('failure' in t)) return undefined;
  return { key: t.key, ok: false, entries: [{ uri: t.failure.uri, status: t.failure.error.status, error: t.failure }] };
}

/**
 * Run transactions inside one open Neo4j transaction as one group (one load, one write; each A&AI
 * transaction still atomic). The caller commits or rolls back.
 */
export async function runInOneTransaction(schema: Schema, tx: GraphTx, txs: readonly BulkTransaction[], ctx: TxContext): Promise<BulkTxResult[]> {
  const runnable = txs.filter((t): t is Extract<BulkTransaction, { ops: unknown }> => 'ops' in t);
  const outcomes = await runTransactionGroup(
    schema,
    tx,
    runnable.map((t) => t.ops),
    ctx,
  );
  let next = 0;
  return txs.map((t) => {
    const early = failed(t);
    if (early || !('ops' in t)) return early ?? { key: t.key, ok: false, entries: [] };
    const outcome = outcomes[next++];
    if (!outcome) throw new Error('missing outcome');
    return { key: t.key, ok: outcome.ok, entries: entriesOf(t, outcome) };
  });
}

export async function runBulk(
  store: GraphStorePort,
  schema: Schema,
  txs: readonly BulkTransaction[],
  ctx: TxContext,
  opts: { dryRun: boolean },
): Promise<BulkTxResult[]> {
  if (opts.dryRun || txs.length > 1) {
    try {
      return await store.write(async (tx) => ({ value: await runInOneTransaction(schema, tx, txs, ctx), commit: !opts.dryRun }));
    } catch (e) {
      if (opts.dryRun || !(e instanceof AaiError) || e.code !== 'AAI_6134') throw e;
    }
  }
  const results: BulkTxResult[] = [];
  for (const t of txs) {
    const early = failed(t);
    if (early || !('ops' in t)) {
      if (early) results.push(early);
      continue;
    }
    try {
      const outcome = await executeTransaction(store, schema, t.ops, { ...ctx, dryRun: false });
      results.push({ key: t.key, ok: outcome.ok, entries: entriesOf(t, outcome) });
    } catch (e) {
      // The transaction could not be committed (e.g. conflicts beyond the retry budget): every
      // operation of it is reported with that error; the other transactions go on.
      if (!(e instanceof AaiError) || e.code !== 'AAI_6134') throw e;
      results.push({
        key: t.key,
        ok: false,
        entries: t.ops.map((op, i) => ({ uri: t.uris[i] ?? null, status: e.status, error: { error: e, vars: [op.method, op.errorUri] } })),
      });
    }
  }
  return results;
}
