/**
 * Service-side benchmark scenarios: the same inventory through the bulk APIs.
 */
import { http, percentile, runLoad, type LoadResult } from './common.js';
import { linkPuts, pnfTransactions, type BulkPut, type Inventory } from './inventory.js';

const REQUEST_OPS = 30;

type Job = () => Promise<{ ms: number; ops: number; ok: boolean }>;

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Every entry of a bulk response succeeded (2xx). */
function allSucceeded(body: string): boolean {
  return !/"body":\{"[3-5]\d\d"/.test(body);
}

function bulkJob(url: string, path: string, transactions: unknown[], ops: number): Job {
  return async () => {
    const r = await http('PUT', `${url}${path}`, { transactions });
    return { ms: r.ms, ops, ok: r.status === 201 && allSucceeded(r.body) };
  };
}

/**
 * Phase 1: 6 pnfs with their 4 p-interfaces per request — one A&AI transaction of 30 puts, or
 * (`transactionPerPnf`) six transactions of 5; phase 2: 30 logical-link puts per request.
 */
export async function bulkaddLoad(url: string, inv: Inventory, clients: number, transactionPerPnf = false): Promise<LoadResult> {
  const perPnf = pnfTransactions(inv);
  const phase1 = chunk(perPnf, REQUEST_OPS / 5).map((txs) =>
    bulkJob(url, '/aai/v15/bulkadd', transactionPerPnf ? txs.map((put) => ({ put })) : [{ put: txs.flat() }], txs.length * 5),
  );
  const phase2 = chunk(linkPuts(inv), REQUEST_OPS).map((puts: BulkPut[]) => bulkJob(url, '/aai/v15/bulkadd', [{ put: puts }], puts.length));
  return combine([await runLoad(phase1, clients), await runLoad(phase2, clients)]);
}

/** Several load phases as one: total operations over total time, percentiles over all requests. */
export function combine(parts: readonly LoadResult[]): LoadResult {
  const ops = parts.reduce((n, p) => n + p.ops, 0);
  const seconds = parts.reduce((n, p) => n + p.seconds, 0);
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  return {
    ops,
    requests: latencies.length,
    seconds,
    opsPerSecond: ops / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: parts.reduce((n, p) => n + p.failures, 0),
    latencies,
  };
}

/** The same bulkadd requests from one client: the service time of a request without queueing. */
export async function serialLatency(url: string, inv: Inventory): Promise<LoadResult> {
  const perPnf = pnfTransactions(inv);
  const phase1 = chunk(perPnf, REQUEST_OPS / 5).map((txs) => bulkJob(url, '/aai/v15/bulkadd', [{ put: txs.flat() }], txs.length * 5));
  const phase2 = chunk(linkPuts(inv), REQUEST_OPS).map((puts: BulkPut[]) => bulkJob(url, '/aai/v15/bulkadd', [{ put: puts }], puts.length));
  return combine([await runLoad(phase1, 1), await runLoad(phase2, 1)]);
}

/** A&AI's resource-version bypass for delete (the bench does not read each link before deleting it). */
const RV_BYPASS = '38cf3090-6a0c-4e9d-8142-4332a7352846';

/** bulkprocess on an existing inventory: patch every p-interface, then delete every logical-link; 30 per request. */
export async function bulkprocessLoad(url: string, inv: Inventory, clients: number): Promise<LoadResult> {
  const patches = pnfTransactions(inv).flatMap((t) => t.slice(1).map((p) => ({ uri: p.uri, body: { 'operational-status': 'down' } })));
  const deletes = linkPuts(inv).map((l) => ({ uri: `${l.uri}?resource-version=${RV_BYPASS}` }));
  const phase1 = chunk(patches, REQUEST_OPS).map((ops) => bulkJob(url, '/aai/v15/bulkprocess', [{ patch: ops }], ops.length));
  const phase2 = chunk(deletes, REQUEST_OPS).map((ops) => bulkJob(url, '/aai/v15/bulkprocess', [{ delete: ops }], ops.length));
  return combine([await runLoad(phase1, clients), await runLoad(phase2, clients)]);
}

function singleJob(url: string, puts: readonly BulkPut[]): Job {
  return async () => {
    const r = await http('POST', `${url}/aai/v15/bulk/single-transaction`, { operations: puts.map((p) => ({ action: 'put', uri: p.uri, body: p.body })) });
    return { ms: r.ms, ops: puts.length, ok: r.status === 201 };
  };
}

/** The bulkadd inventory through POST /aai/v15/bulk/single-transaction, 30 operations per request. */
export async function singleTransactionLoad(url: string, inv: Inventory, clients: number): Promise<LoadResult> {
  const phase1 = chunk(pnfTransactions(inv), REQUEST_OPS / 5).map((txs) => singleJob(url, txs.flat()));
  const phase2 = chunk(linkPuts(inv), REQUEST_OPS).map((puts) => singleJob(url, puts));
  return combine([await runLoad(phase1, clients), await runLoad(phase2, clients)]);
}
