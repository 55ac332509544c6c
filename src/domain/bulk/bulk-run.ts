/**
 * Running bulk transactions. For real: each A&AI transaction is its own Neo4j write transaction,
 * committed only if all its operations succeeded; one failing neither stops nor undoes the others.
 * Dry run (and job chunks): all A&AI transactions inside one Neo4j transaction — a failed A&AI
 * transaction writes nothing, a successful one writes and later ones see it — rolled back at the
 * end (or committed, for jobs), so the answer is exactly the real one.
 */
import { AaiError } from '../../errors.js';
import type { Schema } from '../../schema/schema.js';
import type { GraphStorePort, GraphTx } from '../model.js';
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
  if (opts.dryRun) {
    return store.write(async (tx) => ({ value: await runInOneTransaction(schema, tx, txs, ctx), commit: false }));
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
