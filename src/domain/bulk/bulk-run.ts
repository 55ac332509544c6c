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
import type { BulkTransaction } from './bulk-payload.js';
import { opError, type OpOutcome, type TxResult } from './outcome.js';

function entriesOf(t: Extract<BulkTransaction, { ops: unknown }>, outcome: TxOutcome): OpOutcome[] {
  return outcome.results.map((r, i) => {
    const op = t.ops[i];
    const entry: OpOutcome = { uri: t.uris[i] ?? null, status: r.status };
    if (r.error && op) entry.error = opError(r.error, [op.method, op.errorUri]);
    return entry;
  });
}

function failed(t: BulkTransaction): TxResult | undefined {
  if (!('failure' in t)) return undefined;
  const { uri, error, vars } = t.failure;
  return { key: t.key, ok: false, entries: [{ uri, status: error.status, error: opError(error, vars) }] };
}

/**
 * A transaction that could not be applied at all (it kept conflicting, or hit a bound of Neo4j's):
 * every operation reported with `error`, or its one failure entry when it failed before any database work.
 */
export function failedTransaction(t: BulkTransaction, error: AaiError): TxResult {
  const early = failed(t);
  if (early || !('ops' in t)) return early ?? { key: t.key, ok: false, entries: [] };
  return { key: t.key, ok: false, entries: t.ops.map((op, i) => ({ uri: t.uris[i] ?? null, status: error.status, error: opError(error, [op.method, op.errorUri]) })) };
}

/**
 * Run transactions inside one open Neo4j transaction as one group (one load, one write; each A&AI
 * transaction still atomic). The caller commits or rolls back.
 */
export async function runInOneTransaction(schema: Schema, tx: GraphTx, txs: readonly BulkTransaction[], ctx: TxContext): Promise<TxResult[]> {
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
): Promise<TxResult[]> {
  if (opts.dryRun || txs.length > 1) {
    try {
      return await store.write(async (tx) => ({ value: await runInOneTransaction(schema, tx, txs, ctx), commit: !opts.dryRun }));
    } catch (e) {
      if (opts.dryRun || !(e instanceof AaiError) || e.code !== 'AAI_6134') throw e;
    }
  }
  const results: TxResult[] = [];
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
      results.push(failedTransaction(t, e));
    }
  }
  return results;
}
