/**
 * The job path: one asynchronous job holding a whole inventory (one transaction per pnf with its
 * p-interfaces, then logical-links 30 per transaction), streamed as NDJSON, timed from the first
 * byte sent to the job's completion.
 */
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { BENCH_AUTHORIZATION, http } from './common.js';
import { linkPuts, pnfTransactions, type Inventory } from './inventory.js';

export interface JobRun {
  ops: number;
  /** Submission start to completion, upload included. */
  seconds: number;
  opsPerSecond: number;
  submitSeconds: number;
  /** The job's own started → finished (processing only, Neo4j's clock). */
  processingSeconds: number;
  processingOpsPerSecond: number;
  failedTransactions: number;
}

function* ndjson(inv: Inventory): Generator<string> {
  for (const put of pnfTransactions(inv)) yield `${JSON.stringify({ put })}\n`;
  const links = linkPuts(inv);
  for (let i = 0; i < links.length; i += 30) yield `${JSON.stringify({ put: links.slice(i, i + 30) })}\n`;
}

function submit(url: string, inv: Inventory): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/aai/v15/bulk/jobs?type=bulkadd`,
      { method: 'POST', headers: { 'X-FromAppId': 'bench', 'X-TransactionId': 'bench-job', 'Content-Type': 'application/x-ndjson', Authorization: BENCH_AUTHORIZATION } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    Readable.from(ndjson(inv)).pipe(req);
  });
}

export async function jobLoad(url: string, inv: Inventory): Promise<JobRun> {
  const t0 = process.hrtime.bigint();
  const res = await submit(url, inv);
  if (res.status !== 202) throw new Error(`job submission answered ${res.status}: ${res.body}`);
  const submitSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const { id, operations } = JSON.parse(res.body) as { id: string; operations: { total: number } };
  for (;;) {
    const r = await http('GET', `${url}/aai/v15/bulk/jobs/${id}`);
    const job = JSON.parse(r.body) as { status: string; transactions: { failed: number }; started: string; finished: string };
    if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (job.status !== 'completed') throw new Error(`job ended ${job.status}`);
      const processingSeconds = (Date.parse(job.finished) - Date.parse(job.started)) / 1000;
      return {
        ops: operations.total,
        seconds,
        opsPerSecond: operations.total / seconds,
        submitSeconds,
        processingSeconds,
        processingOpsPerSecond: operations.total / processingSeconds,
        failedTransactions: job.transactions.failed,
      };
    }
    await new Promise((r2) => setTimeout(r2, 100));
  }
}
