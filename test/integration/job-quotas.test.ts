/**
 * Issue 13 "Bounded under abuse", per client (X-FromAppId): job uploads at once, and the job input
 * a client's jobs hold in Neo4j. The real service process; clients are unique per test, so the
 * suite passes again on the same database. The service runs no worker (JOB_WORKER=false); the jobs
 * it accepts are cancelled at the end of each test.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobStore } from '../../src/store/job-store.js';
import { cypher, neo4jConnection, testDriver, uid } from '../helpers/neo4j.js';
import { startServiceProcess, type ServiceProcess } from '../helpers/service.js';
import { openRaw, portOf, requestHead, waitFor, type RawConnection } from '../helpers/raw-http.js';

const JOB_TTL_S = 7 * 86_400; // the default JOB_TTL
let service: ServiceProcess;
/** Every job the service accepted ([client, id]), cancelled at the end whatever the outcome. */
const accepted: [string, string][] = [];

beforeAll(async () => {
  service = await startServiceProcess({
    JOB_WORKER: 'false',
    JOB_CLIENT_MAX_UPLOADS: '1',
    JOB_CLIENT_MAX_STORED_BYTES: '4kb',
    // A held upload must not be cut for being slow while the test looks at the others.
    JOB_UPLOAD_MIN_BYTES: '1',
    JOB_UPLOAD_WINDOW: '1m',
  });
});

afterAll(async () => {
  for (const [app, id] of accepted) await cancel(app, id);
  await service?.kill('SIGTERM');
});

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { id?: string; status?: string; requestError?: { serviceException: { variables: string[] } } };
}

/** A job of `n` transactions (one pnf put each, about 90 bytes stored per transaction), as one JSON body. */
function job(n: number): string {
  const p = uid('quota');
  return JSON.stringify({ transactions: Array.from({ length: n }, (_, i) => ({ put: [{ uri: `/network/pnfs/pnf/${p}-${i}`, body: { 'pnf-name': `${p}-${i}` } }] })) });
}

/** POST a job as `app`; `declared`: with Content-Length, else chunked (the size known only as it arrives). */
function submit(app: string, txid: string, body: string, declared = true): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${service.url}/aai/v15/bulk/jobs`,
      {
        method: 'POST',
        headers: { 'X-FromAppId': app, 'X-TransactionId': txid, 'Content-Type': 'application/json', ...(declared ? { 'Content-Length': Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          const answer: Answer = { status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(text) as Answer['body'] };
          if (answer.status === 202 && answer.body.id !== undefined) accepted.push([app, answer.body.id]);
          resolve(answer);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function cancel(app: string, id: string | undefined): Promise<void> {
  if (id === undefined) return;
  // Pending jobs are cancelled at once; a job another file's worker already took is merely asked to stop.
  await new Promise<void>((resolve) => {
    const req = request(`${service.url}/aai/v15/bulk/jobs/${id}`, { method: 'DELETE', headers: { 'X-FromAppId': app, 'X-TransactionId': 'cleanup' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => resolve());
    req.end();
  });
}

async function jobsOf(txid: string): Promise<number> {
  const rows = await cypher<{ n: number }>('MATCH (j:AaiBulkJob {transactionId: $txid}) RETURN count(j) AS n', { txid });
  return rows[0]?.n ?? -1;
}

function refusal(detail: string): unknown {
  return {
    requestError: {
      serviceException: {
        messageId: 'SVC3000',
        text: 'Invalid input performing %1 on %2 (msg=%3) (ec=%4)',
        variables: ['POST', 'v15/bulk/jobs', `Payload Limit Reached, reduce payload:${detail}`, 'ERR.5.4.6147'],
      },
    },
  };
}

describe('JOB_CLIENT_MAX_UPLOADS', () => {
  it('when a client already runs its limit of uploads, then its next one gets 429 with Retry-After; another client is unaffected; the slot frees when the upload ends', async () => {
    const app = uid('uploader');
    const other = uid('other');
    let held: RawConnection | undefined;
    try {
      // An upload that has begun and goes on (its job is being received).
      const heldTx = uid('held');
      held = await openRaw(portOf(service.url));
      held.socket.write(requestHead('POST', '/aai/v15/bulk/jobs', { 'X-FromAppId': app, 'X-TransactionId': heldTx, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }) + '12\r\n{"transactions": [\r\n');
      await waitFor('the held upload to be receiving', () => jobsOf(heldTx), (n) => n === 1);

      const secondTx = uid('second');
      const second = await submit(app, secondTx, job(1));
      expect(second.status).toBe(429);
      expect(second.retryAfter).toBe('5');
      expect(second.body).toEqual(refusal(`${app} already has 1 job uploads in progress`));
      expect(await jobsOf(secondTx)).toBe(0);

      const theirs = await submit(other, uid('theirs'), job(1));
      expect(theirs.status).toBe(202);

      // The held upload ends (its client goes away): nothing of it is kept, and the client may upload again.
      held.socket.destroy();
      await waitFor('the held upload to be removed', () => jobsOf(heldTx), (n) => n === 0);
      const again = await waitFor('an upload of the client to be accepted again', () => submit(app, uid('again'), job(1)), (a) => a.status !== 429);
      expect(again.status).toBe(202);
    } finally {
      held?.socket.destroy();
    }
  });
});

describe('JOB_CLIENT_MAX_STORED_BYTES', () => {
  it('when a client\'s jobs would hold more input than its quota, then 429 and nothing is stored; Retry-After once one of its jobs has finished; another client is unaffected', async () => {
    const app = uid('hoarder');
    const other = uid('other');
    const quota = `job input stored for ${app} would exceed its limit of 4096 bytes`;
    // About 2.2 kB stored: one fits in 4 kB, two do not.
    const first = await submit(app, uid('first'), job(25));
    expect(first.status).toBe(202);

    // Declared size: refused before it is read. Chunked: refused when what it stored crosses the quota.
    for (const declared of [true, false]) {
      const txid = uid('over');
      const over = await submit(app, txid, job(25), declared);
      expect(over.status, `declared: ${declared}`).toBe(429);
      expect(over.body).toEqual(refusal(quota));
      if (over.retryAfter !== undefined) expect(Number(over.retryAfter)).toBeGreaterThan(0);
      expect(await jobsOf(txid)).toBe(0);
    }

    const theirs = await submit(other, uid('theirs'), job(25));
    expect(theirs.status).toBe(202);

    // Once a job of the client has finished, its input is freed when it expires (JOB_TTL): Retry-After says when.
    await cancel(app, first.body.id);
    const later = await submit(app, uid('later'), job(25));
    expect(later.status).toBe(429);
    expect(Number(later.retryAfter)).toBeGreaterThan(JOB_TTL_S - 600);
    expect(Number(later.retryAfter)).toBeLessThanOrEqual(JOB_TTL_S);
  });
});

describe('stored job input per client (job store)', () => {
  it('counts a batch written twice (a driver retry) once, over all the client\'s jobs, until they are removed', async () => {
    const jobs = createJobStore(testDriver(), neo4jConnection().database);
    const app = uid('store');
    const [first, second] = [uid('jstore'), uid('jstore')];
    const rows = [0, 1].map((seq) => ({ seq, payload: `{"put":[{"uri":"/network/pnfs/pnf/é${seq}"}]}`, ops: 1 }));
    const bytes = rows.reduce((n, r) => n + Buffer.byteLength(r.payload), 0);
    try {
      for (const id of [first, second]) await jobs.create({ id, flavour: 'bulkadd', sourceOfTruth: app, transactionId: 't', owner: app });
      expect(await jobs.appendTransactions(first, rows)).toBe(bytes);
      expect(await jobs.appendTransactions(first, rows)).toBe(bytes);
      expect(await jobs.appendTransactions(second, rows)).toBe(2 * bytes);
      expect(await jobs.usage(app, 60_000)).toEqual({ storedBytes: 2 * bytes, nextExpiryMs: null });
    } finally {
      for (const id of [first, second]) await jobs.discard(id);
    }
    expect(await jobs.usage(app, 60_000)).toEqual({ storedBytes: 0, nextExpiryMs: null });
  });
});
