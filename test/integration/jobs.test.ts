/**
 * Issue "Asynchronous bulk jobs": submit → progress → results; a failing transaction mid-job; cancel
 * mid-way; a lease taken over; two service instances sharing one database; the service killed with
 * SIGKILL mid-job and restarted (every transaction applied exactly once); TTL expiry.
 * One file, run in order: job workers pick up any runnable job in the database, so the tests of this
 * file never overlap (no other file submits jobs).
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { JobWorker } from '../../src/domain/jobs/job-worker.js';
import type { JobStorePort } from '../../src/domain/ports.js';
import type { AppState } from '../../src/http/context.js';
import { createLogger } from '../../src/logger.js';
import { createGraphStore } from '../../src/store/graph-store.js';
import { createJobStore } from '../../src/store/job-store.js';
import { AUTH_HEADERS, client, HEADERS, testAuth, testConfig, testSchema } from '../helpers/app.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { expectIntact } from '../helpers/integrity.js';
import { cypher, testDriver, uid } from '../helpers/neo4j.js';
import { httpJson, startServiceProcess, type ServiceProcess } from '../helpers/service.js';
import { until } from '../helpers/wait.js';

const BASE = '/aai/v15/bulk/jobs';
const workers: JobWorker[] = [];
const processes: ServiceProcess[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(processes.splice(0).map((p) => p.kill('SIGTERM')));
});

/**
 * `onChunk`: told the number of job transactions each committed chunk recorded (the real store,
 * its chunk transaction's recordResults observed on the way).
 */
function harness(env: Record<string, string> = {}, withWorker = true, onChunk?: (transactions: number) => void) {
  const config = testConfig({ JOB_POLL_MS: '50', JOB_LEASE_MS: '5s', ...env });
  const schema = testSchema();
  const graphStore = createGraphStore(testDriver(), config.neo4j.database, schema);
  const store: typeof graphStore = onChunk
    ? Object.assign(Object.create(graphStore) as typeof graphStore, {
        writeChunk: <T>(work: Parameters<typeof graphStore.writeChunk<T>>[0]) =>
          graphStore.writeChunk<T>(async (graph, jobs) => {
            const seen: number[] = [];
            const observed = new Proxy(jobs, {
              get: (target, key, receiver) =>
                key === 'recordResults'
                  ? (...args: Parameters<typeof jobs.recordResults>) => {
                      seen.push(args[1].length);
                      return target.recordResults(...args);
                    }
                  : (Reflect.get(target, key, receiver) as unknown),
            });
            const out = await work(graph, observed);
            if (out.commit) for (const n of seen) onChunk(n);
            return out;
          }),
      })
    : graphStore;
  const jobStore = createJobStore(testDriver(), config.neo4j.database);
  /** Ids of the jobs created through this harness (kept even when a refused input's job is removed). */
  const created: string[] = [];
  const jobs: JobStorePort = {
    ...jobStore,
    create: (job) => {
      created.push(job.id);
      return jobStore.create(job);
    },
  };
  const worker = new JobWorker(store, jobs, schema, { ...config.jobs, impliedDeleteWhitelist: {}, maxObjects: config.budget.writeObjects }, createLogger('silent'));
  if (withWorker) {
    worker.start();
    workers.push(worker);
  }
  const app = createApp({ config, logger: createLogger('silent'), schema, store, jobs, auth: testAuth(config), tokens: createTokenStore(testDriver(), config.neo4j.database), ...(withWorker ? { notifyJobs: () => worker.notify() } : {}) });
  return { c: client(app), app, jobs, worker, schema, store, created };
}

/** n transactions, each a pnf with one p-interface (2 puts). */
function pnfJob(prefix: string, n: number): { put: { uri: string; body: object }[] }[] {
  return Array.from({ length: n }, (_, i) => ({
    put: [
      { uri: `/network/pnfs/pnf/${prefix}-${i}`, body: { 'equip-type': 'router' } },
      { uri: `/network/pnfs/pnf/${prefix}-${i}/p-interfaces/p-interface/eth0`, body: {} },
    ],
  }));
}

interface AaiErrorBody {
  requestError: { serviceException: { messageId: string; variables: string[] } };
}

interface JobView {
  id: string;
  status: string;
  progress: number;
  transactions: { total: number; completed: number; failed: number };
  operations: { total: number; completed: number; failed: number };
  started: string | null;
  finished: string | null;
}

async function countPnfs(prefix: string): Promise<number> {
  const rows = await cypher<{ n: number }>('MATCH (n:pnf) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: `/network/pnfs/pnf/${prefix}-` });
  return rows[0]?.n ?? -1;
}

/** Neo4j's clock: the one leases and the TTL are measured against (timestamp(), ms). */
async function serverNow(): Promise<number> {
  const rows = await cypher<{ now: number }>('RETURN timestamp() AS now');
  const now = rows[0]?.now;
  if (typeof now !== 'number') throw new Error(`no server time: ${JSON.stringify(rows)}`);
  return now;
}

/** What Neo4j holds of the given jobs: their job nodes and their input/result nodes. */
async function storedJobs(ids: readonly string[], transactionId?: string): Promise<{ jobs: number; txs: number }> {
  const rows = await cypher<{ jobs: number; txs: number }>(
    `OPTIONAL MATCH (j:AaiBulkJob) WHERE j.id IN $ids OR j.transactionId = $txid
     WITH count(j) AS jobs
     OPTIONAL MATCH (t:AaiBulkJobTx) WHERE t.jobId IN $ids
     RETURN jobs, count(t) AS txs`,
    { ids, txid: transactionId ?? null },
  );
  return rows[0] ?? { jobs: -1, txs: -1 };
}

/** POST a body streamed in chunks (Transfer-Encoding: chunked, no Content-Length) to the app on a real socket. */
async function postStreamed(app: Koa<AppState>, path: string, chunks: readonly string[], headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: text });
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('POST /aai/v15/bulk/jobs', () => {
  it('answers 202 with Location, runs the job in the background, and reports progress, counts and results', async () => {
    const { c } = harness({ JOB_CHUNK_OPERATIONS: '8' });
    const p = uid('job');
    const res = await c.post(BASE, { transactions: pnfJob(p, 20) });
    expect(res.status).toBe(202);
    expect(res.headers['location']).toBe(`${BASE}/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'pending', type: 'bulkprocess', transactions: { total: 20 }, operations: { total: 40 } });
    const done = await until('completion', async () => (await c.get(`${BASE}/${res.body.id}`)).body as JobView, (j) => j.status === 'completed');
    expect(done).toMatchObject({ progress: 100, transactions: { total: 20, completed: 20, failed: 0 }, operations: { total: 40, completed: 40, failed: 0 } });
    expect(done.started).not.toBeNull();
    expect(done.finished).not.toBeNull();
    expect(await countPnfs(p)).toBe(20);

    // Results: bulkadd's format plus each transaction's index, paged by cursor.
    const page1 = await c.get(`${BASE}/${res.body.id}/results?limit=15`);
    expect(page1.body.transaction).toHaveLength(15);
    expect(page1.body.transaction[0]).toEqual({
      put: [
        { uri: `/network/pnfs/pnf/${p}-0`, body: { '201': null } },
        { uri: `/network/pnfs/pnf/${p}-0/p-interfaces/p-interface/eth0`, body: { '201': null } },
      ],
      index: 0,
    });
    const page2 = await c.get(page1.body.next);
    expect(page2.body.transaction.map((t: { index: number }) => t.index)).toEqual([15, 16, 17, 18, 19]);
    expect(page2.body.next).toBeNull();

    // The same results streamed as NDJSON, one transaction per line.
    const stream = await c.get(`${BASE}/${res.body.id}/results?format=ndjson`);
    expect(stream.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = stream.text.trim().split('\n').map((l) => JSON.parse(l) as { index: number });
    expect(lines.map((l) => l.index)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Asked for by Accept, with any of the media types job input accepts.
    for (const accept of ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines']) {
      const byAccept = await c.raw.get(`${BASE}/${res.body.id}/results`).set({ ...HEADERS, Accept: accept });
      expect(byAccept.headers['content-type'], accept).toMatch(/application\/x-ndjson/);
      expect(byAccept.text.trim().split('\n')).toHaveLength(20);
    }
  });

  it('ends a chunk at JOB_CHUNK_BYTES of stored input, with at least one transaction in each, and applies every transaction', async () => {
    // Ten transactions of two puts: 20 operations, well under JOB_CHUNK_OPERATIONS.
    const sizes = async (bytes: (transactions: ReturnType<typeof pnfJob>) => string): Promise<number[]> => {
      const chunks: number[] = [];
      const p = uid('jbytes');
      const transactions = pnfJob(p, 10);
      const { c, worker } = harness({ JOB_CHUNK_OPERATIONS: '1000', JOB_CHUNK_BYTES: bytes(transactions) }, true, (n) => chunks.push(n));
      const res = await c.post(BASE, { transactions });
      expect(res.status).toBe(202);
      await until('completion', async () => (await c.get(`${BASE}/${res.body.id}`)).body as JobView, (j) => j.status === 'completed');
      expect(await countPnfs(p)).toBe(10);
      const stored = await cypher<{ n: number }>('MATCH (n:`p-interface`) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: `/network/pnfs/pnf/${p}-` });
      expect(stored[0]?.n).toBe(10);
      // Stopped, so that the next round's job is run by the next round's worker.
      await worker.stop();
      return chunks;
    };
    // A transaction is stored as its JSON text: one is over 100 bytes, so a bound of 1 byte still takes one per chunk.
    expect(await sizes(() => '1')).toEqual(Array(10).fill(1));
    // Room for exactly two (the ten are of one length), and one byte short of three.
    const two = (t: ReturnType<typeof pnfJob>): number => JSON.stringify(t[0]).length * 2;
    expect(await sizes((t) => String(two(t)))).toEqual([2, 2, 2, 2, 2]);
    expect(await sizes((t) => String(two(t) + JSON.stringify(t[0]).length - 1))).toEqual([2, 2, 2, 2, 2]);
    // 128 KiB (the default) holds them all.
    expect(await sizes(() => '128kb')).toEqual([10]);
  });

  it('reads stored input in batches bounded by payload bytes as well as by count, always at least one transaction', async () => {
    // No worker here: the job stays pending while its stored input is read.
    const { c } = harness({}, false);
    const p = uid('jread');
    const transactions = pnfJob(p, 10);
    const res = await c.post(BASE, { transactions });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    try {
      const store = createJobStore(testDriver(), testConfig().neo4j.database);
      const seqs = async (from: number, max: number, bytes?: number): Promise<number[]> => (await store.readTransactions(id, from, max, bytes)).map((t) => t.seq);
      const one = JSON.stringify(transactions[0]).length;
      expect(await seqs(0, 100)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await seqs(0, 100, 3 * one)).toEqual([0, 1, 2]);
      expect(await seqs(4, 100, 3 * one - 1)).toEqual([4, 5]);
      expect(await seqs(7, 100, 1)).toEqual([7]);
      expect(await seqs(8, 1, 10 * one)).toEqual([8]);
      expect(await seqs(10, 100, 10 * one)).toEqual([]);
      const [first] = await store.readTransactions(id, 3, 1, 1);
      expect(JSON.parse(first?.payload ?? 'null')).toEqual(transactions[3]);
      expect(first?.ops).toBe(2);
    } finally {
      expect((await c.delete(`${BASE}/${id}`)).status).toBe(200);
    }
  });

  it('keeps going past a failing transaction: the others commit, its failure is reported, it wrote nothing', async () => {
    const { c } = harness({ JOB_CHUNK_OPERATIONS: '6' });
    const p = uid('jfail');
    const transactions = pnfJob(p, 10);
    transactions[4] = { put: [{ uri: `/network/pnfs/pnf/${p}-4`, body: {} }, { uri: `/network/pnfs/pnf/${p}-missing/p-interfaces/p-interface/eth0`, body: {} }] };
    const res = await c.post(BASE, { transactions });
    const done = await until('completion', async () => (await c.get(`${BASE}/${res.body.id}`)).body as JobView, (j) => j.status === 'completed');
    expect(done.transactions).toEqual({ total: 10, completed: 9, failed: 1 });
    expect(done.operations).toEqual({ total: 20, completed: 18, failed: 2 });
    expect(await countPnfs(p)).toBe(9);
    expect((await cypher<{ n: number }>('MATCH (n:pnf {`aai-uri`: $u}) RETURN count(n) AS n', { u: `/network/pnfs/pnf/${p}-4` }))[0]?.n).toBe(0);
    const failed = await c.get(`${BASE}/${res.body.id}/results?failed=true`);
    expect(failed.body.transaction).toHaveLength(1);
    expect(failed.body.transaction[0].index).toBe(4);
    expect(failed.body.transaction[0].put[0]).toEqual({ uri: `/network/pnfs/pnf/${p}-4`, body: { '201': null } });
    const err = JSON.parse(failed.body.transaction[0].put[1].body['404']);
    expect(err.requestError.serviceException.variables[2]).toBe(
      `Node Not Found:No parent Node of type pnf for /network/pnfs/pnf/${p}-missing/p-interfaces/p-interface/eth0`,
    );
  });

  it('keeps going past transactions that fail for any reason, in the middle of their chunk: over WRITE_MAX_OBJECTS, a lone surrogate in a key', async () => {
    const { c } = harness({ JOB_CHUNK_OPERATIONS: '1000', WRITE_MAX_OBJECTS: '3' });
    const p = uid('jany');
    const transactions: object[] = pnfJob(p, 6);
    // Issue "Bounded under abuse": such a transaction used to fail the whole job, its chunk unapplied.
    transactions[2] = { put: [{ uri: `/network/pnfs/pnf/${p}-2`, body: { 'p-interfaces': { 'p-interface': ['a', 'b', 'c'].map((n) => ({ 'interface-name': n })) } } }] };
    transactions[4] = { put: [{ uri: `/network/pnfs/pnf/${p}-4-\uD800`, body: {} }] };
    const res = await c.post(BASE, { transactions });
    expect(res.status).toBe(202);
    const done = await until('completion', async () => (await c.get(`${BASE}/${res.body.id}`)).body as JobView, (j) => j.status === 'completed' || j.status === 'failed');
    expect(done.status).toBe('completed');
    expect(done.transactions).toEqual({ total: 6, completed: 4, failed: 2 });
    expect(await countPnfs(p)).toBe(4);
    const failed = await c.get(`${BASE}/${res.body.id}/results?failed=true`);
    expect(failed.body.transaction.map((t: { index: number }) => t.index)).toEqual([2, 4]);
    const over = JSON.parse(failed.body.transaction[0].put[0].body['400']);
    expect(over.requestError.serviceException.variables[2]).toBe(
      'Payload Limit Reached, reduce payload:the transaction would write 4 objects, more than the limit of 3 (WRITE_MAX_OBJECTS), nested children included',
    );
    const surrogate = JSON.parse(failed.body.transaction[1].put[0].body['400']);
    // AAI_3008's REST text has no placeholders: its msg and ec come first (aai-compat.md). The method
    // is the failing operation's, as BulkConsumer names it (PUT).
    expect(surrogate.requestError.serviceException.variables).toEqual([`URI is not encoded in UTF-8:uri=/network/pnfs/pnf/${p}-4-\uD800`, 'ERR.5.6.3008', 'PUT', 'v15/bulk/jobs']);
  });

  it('accepts NDJSON, one transaction per line, and bulkadd-only jobs (?type=bulkadd)', async () => {
    const { c } = harness();
    const p = uid('jnd');
    const lines = pnfJob(p, 5).map((t) => JSON.stringify(t));
    lines.push(JSON.stringify({ delete: [{ uri: `/network/pnfs/pnf/${p}-0?resource-version=x` }] }));
    const res = await c.raw
      .post(`${BASE}?type=bulkadd`)
      .set({ ...HEADERS, 'Content-Type': 'application/x-ndjson' })
      .send(`${lines.join('\n')}\n`);
    expect(res.status).toBe(202);
    expect(res.body.type).toBe('bulkadd');
    const done = await until('completion', async () => (await c.get(`${BASE}/${res.body.id}`)).body as JobView, (j) => j.status === 'completed');
    expect(done.transactions).toEqual({ total: 6, completed: 5, failed: 1 });
    const failed = await c.get(`${BASE}/${res.body.id}/results?failed=true`);
    // A fill-phase failure reports under the transaction's own method key (here delete), as A&AI does.
    const body = JSON.parse(failed.body.transaction[0].delete[0].body['400']);
    expect(body.requestError.serviceException.variables[2]).toBe('Required Field not passed.:input payload does not follow bulk add interface - missing put');
  });

  it.each([
    ['JSON that does not parse', 'application/json', '{"transactions": [{"put": ', 400, 'ERR.5.4.6111'],
    ['a body without transactions', 'application/json', '{"x": 1}', 400, 'ERR.5.4.6118'],
    ['an empty transactions array', 'application/json', '{"transactions": []}', 400, 'ERR.5.4.6118'],
    ['NDJSON with a bad line', 'application/x-ndjson', '{"put":[]}\nnope\n', 400, 'ERR.5.4.6111'],
  ])('refuses %s with an A&AI error and leaves no job behind', async (_name, type, text, status, ec) => {
    const { c, created } = harness({}, false);
    const txid = uid('jrefused');
    const res = await c.raw.post(BASE).set({ ...HEADERS, 'X-TransactionId': txid, 'Content-Type': type }).send(text);
    expect(res.status).toBe(status);
    expect(res.body.requestError.serviceException.variables.at(-1)).toBe(ec);
    // Nothing of this request is left: no job (by the ids it was given, or by its transaction id), no input.
    expect(await storedJobs(created, txid)).toEqual({ jobs: 0, txs: 0 });
  });

  it('answers 413 for an input over JOB_MAX_BYTES, streamed or declared, and keeps nothing', async () => {
    const { c, app, created } = harness({ JOB_MAX_BYTES: '2kb' }, false);
    const tooBig = { transactions: pnfJob(uid('big'), 100) };
    const refusal = 'Payload Limit Reached, reduce payload:Job input is larger than the limit of 2048 bytes';
    // Declared: the Content-Length is over the limit.
    const declaredTx = uid('jbig');
    const declared = await c.raw.post(BASE).set({ ...HEADERS, 'X-TransactionId': declaredTx }).send(tooBig);
    expect(declared.status).toBe(413);
    expect(declared.body.requestError.serviceException.variables[2]).toBe(refusal);
    expect(await storedJobs(created, declaredTx)).toEqual({ jobs: 0, txs: 0 });
    // Streamed: no Content-Length; the limit is met while the body arrives, after the job was started.
    const streamedTx = uid('jbig');
    const text = JSON.stringify(tooBig);
    const chunks = Array.from({ length: Math.ceil(text.length / 500) }, (_, i) => text.slice(i * 500, (i + 1) * 500));
    const streamed = await postStreamed(app, BASE, chunks, { ...AUTH_HEADERS, 'X-TransactionId': streamedTx, 'Content-Type': 'application/json' });
    expect(streamed.status).toBe(413);
    expect((streamed.body as AaiErrorBody).requestError.serviceException.variables[2]).toBe(refusal);
    expect(await storedJobs(created, streamedTx)).toEqual({ jobs: 0, txs: 0 });
  });

  it('refuses a transaction over JOB_MAX_TRANSACTION_BYTES (413) or JOB_MAX_TRANSACTION_OPERATIONS (400)', async () => {
    const { c } = harness({ JOB_MAX_TRANSACTION_BYTES: '1kb', JOB_MAX_TRANSACTION_OPERATIONS: '3' }, false);
    const p = uid('jcap');
    const big = await c.post(BASE, { transactions: [{ put: [{ uri: `/network/pnfs/pnf/${p}`, body: { 'equip-model': 'x'.repeat(2000) } }] }] });
    expect(big.status).toBe(413);
    expect(big.body.requestError.serviceException.variables[2]).toBe('Payload Limit Reached, reduce payload:transaction 0 is larger than the limit of 1024 bytes');
    const many = await c.post(BASE, { transactions: [pnfJob(p, 1)[0], { put: pnfJob(p, 2).flatMap((t) => t.put) }] });
    expect(many.status).toBe(400);
    expect(many.body.requestError.serviceException.variables[2]).toBe('Payload Limit Reached, reduce payload:transaction 1 holds 4 operations, more than the limit of 3');
  });

  it('refuses dry-run for jobs (a dry run is for the synchronous endpoints)', async () => {
    const { c } = harness({}, false);
    const res = await c.post(`${BASE}?dry-run=true`, { transactions: pnfJob(uid('jdry'), 1) });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toMatch(/dry-run is not available for jobs/);
  });

  it('stores a job\'s input once even when a batch of it is written twice (a driver retry)', async () => {
    const { jobs } = harness({}, false);
    const id = uid('jidem');
    await jobs.create({ id, flavour: 'bulkprocess', sourceOfTruth: 't', transactionId: 't', owner: 't' });
    await jobs.create({ id, flavour: 'bulkprocess', sourceOfTruth: 't', transactionId: 't', owner: 't' });
    const rows = [0, 1, 2].map((seq) => ({ seq, payload: '{"put":[]}', ops: 1 }));
    await jobs.appendTransactions(id, rows);
    await jobs.appendTransactions(id, rows);
    const n = await cypher<{ jobs: number; txs: number }>(
      'MATCH (j:AaiBulkJob {id: $id}) WITH count(j) AS jobs MATCH (t:AaiBulkJobTx) WHERE t.jobId = $id RETURN jobs, count(t) AS txs',
      { id },
    );
    expect(n[0]).toEqual({ jobs: 1, txs: 3 });
    await jobs.discard(id);
  });

  it('answers 415 for a content type it cannot read', async () => {
    const { c } = harness({}, false);
    const res = await c.raw.post(BASE).set({ ...HEADERS, 'Content-Type': 'text/plain' }).send('hello');
    expect(res.status).toBe(415);
  });
});

describe('GET /aai/v15/bulk/jobs', () => {
  it('lists jobs newest first, filtered by status, paged by cursor; unknown ids are 404', async () => {
    const { c } = harness({}, false);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await c.post(BASE, { transactions: pnfJob(uid('jl'), 1) })).body.id);
    const [first, second, third, fourth] = ids;
    // One of them cancelled, so the status filter has something to leave out.
    expect((await c.delete(`${BASE}/${second}`)).body.status).toBe('cancelled');

    /** Every job the listing shows for `status`, page by page (following `next`), in order. */
    const listed = async (status: string, limit: number): Promise<JobView[]> => {
      const all: JobView[] = [];
      let url: string | null = `${BASE}?status=${status}&limit=${limit}`;
      for (let pages = 0; url !== null; pages++) {
        if (pages > 1000) throw new Error(`more than 1000 pages of ${status} jobs`);
        const page = await c.get(url);
        expect(page.status, url).toBe(200);
        expect(page.body.jobs.length, url).toBeLessThanOrEqual(limit);
        all.push(...(page.body.jobs as JobView[]));
        url = page.body.next as string | null;
      }
      return all;
    };
    const mine = (jobs: JobView[]): JobView[] => jobs.filter((j) => ids.includes(j.id));

    // Pages of 2 must be followed by cursor to reach all three pending jobs of this test, newest first.
    const pending = mine(await listed('pending', 2));
    expect(pending.map((j) => j.id)).toEqual([fourth, third, first]);
    expect(pending.every((j) => j.status === 'pending')).toBe(true);
    const cancelled = mine(await listed('cancelled', 100));
    expect(cancelled.map((j) => [j.id, j.status])).toEqual([[second, 'cancelled']]);

    expect((await c.get(`${BASE}?status=sleeping`)).status).toBe(400);
    const missing = await c.get(`${BASE}/no-such-job`);
    expect(missing.status).toBe(404);
    expect(missing.body.requestError.serviceException.variables[2]).toBe('Node Not Found:No bulk job found with id no-such-job');
    // Leave nothing pending for the next tests' workers.
    for (const id of [first, third, fourth]) expect((await c.delete(`${BASE}/${id}`)).body.status).toBe('cancelled');
  });
});

describe('JOB_WORKER_SOURCES', () => {
  it('a worker runs only the jobs of the submitters it names, and leaves the others pending', async () => {
    const mine = uid('jsrc-a');
    const { c } = harness({ JOB_WORKER_SOURCES: `${mine},unused-` });
    const submit = async (app: string): Promise<string> => {
      const r = await c.raw.post(BASE).set({ ...HEADERS, 'X-FromAppId': app }).send({ transactions: pnfJob(uid('jsrc'), 1) });
      expect(r.status).toBe(202);
      return (r.body as JobView).id;
    };
    // The other submitter's job first: a worker that took any job would take it first (oldest first).
    const theirs = await submit(uid('jsrc-b'));
    const ours = await submit(mine);
    await until('our job done', async () => (await c.get(`${BASE}/${ours}`)).body as JobView, (j) => j.status === 'completed');
    expect(((await c.get(`${BASE}/${theirs}`)).body as JobView).status).toBe('pending');
    expect((await c.delete(`${BASE}/${theirs}`)).body.status).toBe('cancelled');
  });
});

describe('DELETE /aai/v15/bulk/jobs/{id}', () => {
  it('cancels a running job: no further transaction starts, the committed ones stay and are reported', async () => {
    const { c, worker } = harness({ JOB_CHUNK_OPERATIONS: '2' });
    const p = uid('jcan');
    const res = await c.post(BASE, { transactions: pnfJob(p, 400) });
    await until('some progress', async () => (await c.get(`${BASE}/${res.body.id}`)).body as JobView, (j) => j.transactions.completed >= 5);
    const cancel = await c.delete(`${BASE}/${res.body.id}`);
    expect(cancel.status).toBe(200);
    expect(cancel.body['cancel-requested']).toBe(true);
    const stopped = await until('cancellation', async () => (await c.get(`${BASE}/${res.body.id}`)).body as JobView, (j) => j.status === 'cancelled');
    expect(stopped.transactions.completed).toBeLessThan(400);
    // Wait until the worker has let go of every job it ran (stop() resolves when their runs have
    // ended): a chunk still in flight after the cancellation would have committed by then.
    await worker.stop();
    const later = (await c.get(`${BASE}/${res.body.id}`)).body as JobView;
    expect(later.status).toBe('cancelled');
    expect(later.transactions).toEqual(stopped.transactions);
    // Exactly the reported transactions are in Neo4j, and their results are there.
    expect(await countPnfs(p)).toBe(stopped.transactions.completed);
    const results = await c.get(`${BASE}/${res.body.id}/results?format=ndjson`);
    expect(results.text.trim().split('\n')).toHaveLength(stopped.transactions.completed);
    // A finished job cannot be cancelled again.
    const again = await c.delete(`${BASE}/${res.body.id}`);
    expect(again.status).toBe(409);
    expect(again.body.requestError.serviceException.variables[2]).toBe(
      `Invalid input performing %1 on %2:bulk job ${res.body.id} is already cancelled and cannot be cancelled`,
    );
  });

  it('cancels a pending job at once; 404 for an unknown job', async () => {
    const { c } = harness({}, false);
    const res = await c.post(BASE, { transactions: pnfJob(uid('jpend'), 2) });
    const cancel = await c.delete(`${BASE}/${res.body.id}`);
    expect(cancel.body).toMatchObject({ status: 'cancelled', transactions: { completed: 0 } });
    expect((await c.delete(`${BASE}/nope`)).status).toBe(404);
  });
});

describe('durability', () => {
  it('takes a job over when the lease of the instance holding it lapses, and not before', async () => {
    const { c, jobs } = harness({}, false);
    const p = uid('jlease');
    const res = await c.post(BASE, { transactions: pnfJob(p, 3) });
    const id = res.body.id as string;
    // An instance takes the lease and dies without doing anything.
    expect(await jobs.claim('a-dead-instance', 2000)).toBe(id);
    const lease = async () =>
      (
        await cypher<{ now: number; owner: string | null; until: number | null; completed: number }>(
          'MATCH (j:AaiBulkJob {id: $id}) RETURN timestamp() AS now, j.leaseOwner AS owner, j.leaseUntil AS until, j.txCompleted AS completed',
          { id },
        )
      )[0];
    const taken = await lease();
    expect(taken?.owner).toBe('a-dead-instance');
    const until0 = taken?.until;
    if (typeof until0 !== 'number') throw new Error(`no lease stored: ${JSON.stringify(taken)}`);

    // A live instance polls every 50 ms. Until Neo4j's clock (the one leases compare against)
    // passes the stored leaseUntil, the job stays with the dead instance and nothing of it runs.
    harness({ JOB_LEASE_MS: '5s' });
    let whileHeld = 0;
    await until(
      "Neo4j's clock to pass the dead instance's leaseUntil",
      async () => {
        const s = await lease();
        // A margin, so a take-over committed while this read runs is not taken for one before the lapse.
        if (s && s.now < until0 - 200) {
          whileHeld++;
          expect(s, `at ${s.now}, lease until ${until0}`).toMatchObject({ owner: 'a-dead-instance', until: until0, completed: 0 });
        }
        return s;
      },
      (s) => (s?.now ?? 0) > until0,
      30_000,
    );
    expect(whileHeld, 'reads made while the lease still held').toBeGreaterThan(0);

    const done = await until('take-over', async () => (await c.get(`${BASE}/${id}`)).body as JobView, (j) => j.status === 'completed', 30_000);
    expect(done.transactions).toEqual({ total: 3, completed: 3, failed: 0 });
    expect(await countPnfs(p)).toBe(3);
    const finished = (await cypher<{ finished: number }>('MATCH (j:AaiBulkJob {id: $id}) RETURN j.finished AS finished', { id }))[0]?.finished;
    expect(finished).toBeGreaterThan(until0);
  });

  it('two service instances on one database share the jobs: each applied exactly once', async () => {
    const env = { JOB_POLL_MS: '50', JOB_CHUNK_OPERATIONS: '20', JOB_CONCURRENCY: '2' };
    const [a, b] = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
    if (!a || !b) throw new Error('instances');
    processes.push(a, b);
    const prefixes = Array.from({ length: 8 }, () => uid('j2'));
    const ids: string[] = [];
    for (const [i, p] of prefixes.entries()) {
      const res = await httpJson('POST', `${(i % 2 === 0 ? a : b).url}${BASE}`, { transactions: pnfJob(p, 30) });
      expect(res.status).toBe(202);
      ids.push((res.body as JobView).id);
    }
    for (const id of ids) {
      const done = await until('completion', async () => (await httpJson('GET', `${a.url}${BASE}/${id}`)).body as JobView, (j) => j.status === 'completed', 90_000);
      expect(done.transactions).toEqual({ total: 30, completed: 30, failed: 0 });
    }
    for (const p of prefixes) expect(await countPnfs(p)).toBe(30);
  }, 180_000);

  it('survives SIGKILL mid-job: after a restart the job finishes with every transaction applied exactly once', async () => {
    const env = { JOB_POLL_MS: '50', JOB_CHUNK_OPERATIONS: '40', JOB_LEASE_MS: '2s' };
    const first = await startServiceProcess(env);
    const p = uid('jkill');
    const total = 1500;
    const res = await httpJson('POST', `${first.url}${BASE}`, { transactions: pnfJob(p, total) });
    expect(res.status).toBe(202);
    const id = (res.body as JobView).id;
    const mid = await until(
      'mid-job',
      async () => (await httpJson('GET', `${first.url}${BASE}/${id}`)).body as JobView,
      (j) => j.transactions.completed >= 100,
      120_000,
    );
    await first.kill('SIGKILL');
    expect(mid.transactions.completed).toBeLessThan(total);
    const atKill = (await cypher<{ next: number }>('MATCH (j:AaiBulkJob {id: $id}) RETURN j.nextSeq AS next', { id }))[0]?.next ?? 0;
    expect(atKill).toBeLessThan(total);

    const second = await startServiceProcess(env);
    processes.push(second);
    const done = await until('completion after restart', async () => (await httpJson('GET', `${second.url}${BASE}/${id}`)).body as JobView, (j) => j.status === 'completed', 180_000);
    // Applied exactly once: a transaction applied twice would have failed (its creates answer 412).
    expect(done.transactions).toEqual({ total, completed: total, failed: 0 });
    expect(done.operations).toEqual({ total: total * 2, completed: total * 2, failed: 0 });
    expect(await countPnfs(p)).toBe(total);
    const rows = await cypher<{ n: number; ok: number }>(
      'MATCH (t:AaiBulkJobTx) WHERE t.jobId = $id RETURN count(t) AS n, sum(CASE WHEN t.ok THEN 1 ELSE 0 END) AS ok',
      { id },
    );
    expect(rows[0]).toEqual({ n: total, ok: total });
    await expectIntact(`/network/pnfs/pnf/${p}-`);
  }, 300_000);
});

describe('expiry', () => {
  it('removes finished jobs and their results after JOB_TTL, and not before', async () => {
    const { c, worker } = harness({ JOB_TTL: '1s', JOB_SWEEP_MS: '1h' });
    // The same sweep with an hour's TTL: the jobs below are younger than that.
    const { worker: patient } = harness({ JOB_TTL: '1h', JOB_SWEEP_MS: '1h' }, false);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await c.post(BASE, { transactions: pnfJob(uid('jttl'), 3) })).body.id);
    for (const id of ids) await until(`completion of ${id}`, async () => (await c.get(`${BASE}/${id}`)).body as JobView, (j) => j.status === 'completed');
    expect(await storedJobs(ids)).toEqual({ jobs: 2, txs: 6 });

    // Not expired yet: a sweep leaves them, and their results, alone.
    await patient.sweep();
    expect(await storedJobs(ids)).toEqual({ jobs: 2, txs: 6 });
    for (const id of ids) expect((await c.get(`${BASE}/${id}/results`)).body.transaction, id).toHaveLength(3);

    // Wait on Neo4j's clock (the sweep compares `finished` with timestamp()) until both are past the TTL.
    const rows = await cypher<{ finished: number }>('MATCH (j:AaiBulkJob) WHERE j.id IN $ids RETURN max(j.finished) AS finished', { ids });
    const finished = rows[0]?.finished;
    if (typeof finished !== 'number') throw new Error(`no finish time stored: ${JSON.stringify(rows)}`);
    await until("Neo4j's clock to pass the jobs' finish time + JOB_TTL (1 s)", serverNow, (now) => now > finished + 1000, 30_000);

    // Sweep until nothing expired is left (one sweep removes at most 100 jobs, and the database
    // may hold expired jobs of earlier runs); what the sweeps removed includes these two.
    let removed = 0;
    for (let sweeps = 1; ; sweeps++) {
      const n = await worker.sweep();
      removed += n;
      if (n === 0) break;
      if (sweeps >= 100) throw new Error(`still sweeping after ${sweeps} sweeps (${removed} jobs removed)`);
    }
    expect(removed).toBeGreaterThanOrEqual(ids.length);
    expect(await storedJobs(ids)).toEqual({ jobs: 0, txs: 0 });
    for (const id of ids) {
      expect((await c.get(`${BASE}/${id}`)).status, id).toBe(404);
      expect((await c.get(`${BASE}/${id}/results`)).status, id).toBe(404);
    }
  });
});
