/**
 * Bulk jobs in Neo4j: (:AaiBulkJob {id, status, counters, nextSeq, lease…}) and one
 * (:AaiBulkJobTx {jobId, seq, payload | result}) per input transaction. Leases compare against
 * Neo4j's timestamp(), one clock for every service instance. A job is locked before it is read
 * (a separate statement, so the read is fresh), as inventory nodes are.
 */
import { int, type Driver } from 'neo4j-driver';
import type { JobListQuery, JobRecord, JobStatus, ResultQuery, StoredTransaction, TransactionResult } from '../domain/jobs/jobs.js';
import type { JobChunkTx, JobStorePort } from '../domain/ports.js';
import { quietRunner, type StatementRunner } from './driver.js';
import { mapDriverError } from './errors.js';
import { JOB_LABEL, JOB_TX_LABEL } from './migrations.js';

type Tx = StatementRunner;

const J = `(j:${JOB_LABEL} {id: $id})`;

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

function nullableNum(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}

function toJob(p: Record<string, unknown>): JobRecord {
  return {
    id: String(p['id']),
    status: String(p['status']) as JobStatus,
    flavour: p['flavour'] === 'bulkadd' ? 'bulkadd' : 'bulkprocess',
    sourceOfTruth: String(p['sourceOfTruth'] ?? ''),
    owner: String(p['owner'] ?? p['sourceOfTruth'] ?? ''),
    transactionId: String(p['transactionId'] ?? ''),
    txTotal: num(p['txTotal']),
    txCompleted: num(p['txCompleted']),
    txFailed: num(p['txFailed']),
    opsTotal: num(p['opsTotal']),
    opsCompleted: num(p['opsCompleted']),
    opsFailed: num(p['opsFailed']),
    nextSeq: num(p['nextSeq']),
    created: num(p['created']),
    started: nullableNum(p['started']),
    finished: nullableNum(p['finished']),
    cancelRequested: p['cancelRequested'] === true,
    leaseOwner: p['leaseOwner'] === null || p['leaseOwner'] === undefined ? null : String(p['leaseOwner']),
    leaseUntil: nullableNum(p['leaseUntil']),
    error: p['error'] === null || p['error'] === undefined ? null : String(p['error']),
  };
}

/**
 * The transactions in order, as many as fit in `maxBytes` of payload (at least one): counted by
 * Neo4j, so a batch of large transactions never reaches this process whole.
 */
async function readTransactions(tx: Tx, id: string, fromSeq: number, maxTransactions: number, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StoredTransaction[]> {
  const res = await tx.run(
    `MATCH (t:${JOB_TX_LABEL}) WHERE t.jobId = $id AND t.seq >= $from AND t.seq < $to
     WITH t ORDER BY t.seq
     WITH collect(t) AS ts
     WITH ts, reduce(a = {n: 0, bytes: 0, full: false}, t IN ts |
       CASE WHEN a.full OR (a.n > 0 AND a.bytes + size(t.payload) > $maxBytes) THEN {n: a.n, bytes: a.bytes, full: true}
            ELSE {n: a.n + 1, bytes: a.bytes + size(t.payload), full: false} END).n AS n
     UNWIND ts[0..n] AS t
     RETURN t.seq AS seq, t.payload AS payload, t.ops AS ops`,
    { id, from: int(fromSeq), to: int(fromSeq + maxTransactions), maxBytes: int(maxBytes) },
  );
  return res.records.map((r) => ({ seq: num(r.get('seq')), payload: String(r.get('payload') ?? 'null'), ops: num(r.get('ops')) }));
}

async function readJob(tx: Tx, id: string, lock = false): Promise<JobRecord | undefined> {
  // Locking is a no-op write that takes the job's write lock before the read (read-committed).
  const res = await tx.run(`MATCH ${J} ${lock ? 'SET j.id = j.id' : ''} RETURN properties(j) AS p`, { id });
  const p = res.records[0]?.get('p') as Record<string, unknown> | undefined;
  return p ? toJob(p) : undefined;
}

/** Job work inside the Neo4j transaction that applies a chunk of the job. */
export class Neo4jJobChunkTx implements JobChunkTx {
  constructor(private readonly tx: Tx) {}

  lockJob(id: string): Promise<JobRecord | undefined> {
    return readJob(this.tx, id, true);
  }

  readTransactions(id: string, fromSeq: number, maxTransactions: number, maxBytes?: number): Promise<StoredTransaction[]> {
    return readTransactions(this.tx, id, fromSeq, maxTransactions, maxBytes);
  }

  async recordResults(id: string, rows: readonly TransactionResult[], nextSeq: number, leaseMs: number, finished: boolean): Promise<void> {
    const ok = rows.filter((r) => r.ok);
    const failed = rows.filter((r) => !r.ok);
    // One statement: the results, then the job's position and counts.
    await this.tx.run(
      `CALL { UNWIND $rows AS r MATCH (t:${JOB_TX_LABEL}) WHERE t.jobId = $id AND t.seq = r.seq
              SET t.ok = r.ok, t.result = r.result, t.key = r.key, t.statuses = r.statuses RETURN count(*) AS recorded }
       MATCH ${J}
       SET j.nextSeq = $next, j.txCompleted = j.txCompleted + $txc, j.txFailed = j.txFailed + $txf,
           j.opsCompleted = j.opsCompleted + $opc, j.opsFailed = j.opsFailed + $opf,
           j.leaseUntil = timestamp() + $lease,
           j.status = CASE WHEN $finished THEN 'completed' ELSE j.status END,
           j.finished = CASE WHEN $finished THEN timestamp() ELSE j.finished END`,
      {
        id,
        rows: rows.map((r) => ({ seq: int(r.seq), ok: r.ok, result: r.result ?? null, key: r.key ?? null, statuses: r.statuses?.map((x) => int(x)) ?? null })),
        next: int(nextSeq),
        txc: int(ok.length),
        txf: int(failed.length),
        opc: int(ok.reduce((n, r) => n + r.ops, 0)),
        opf: int(failed.reduce((n, r) => n + r.ops, 0)),
        lease: int(leaseMs),
        finished,
      },
    );
  }

  async finish(id: string, status: 'completed' | 'failed' | 'cancelled', error?: string): Promise<void> {
    await this.tx.run(`MATCH ${J} SET j.status = $status, j.finished = timestamp(), j.error = $error, j.leaseOwner = null, j.leaseUntil = null`, {
      id,
      status,
      error: error ?? null,
    });
  }
}

export function createJobStore(driver: Driver, database: string): JobStorePort {
  const write = async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    const session = driver.session({ database, defaultAccessMode: 'WRITE' });
    try {
      return await session.executeWrite((tx) => work(quietRunner(tx)));
    } catch (e) {
      throw mapDriverError(e);
    } finally {
      await session.close();
    }
  };
  const read = async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    const session = driver.session({ database, defaultAccessMode: 'READ' });
    try {
      return await session.executeRead((tx) => work(quietRunner(tx)));
    } catch (e) {
      throw mapDriverError(e);
    } finally {
      await session.close();
    }
  };

  return {
    create: (job) =>
      write(async (tx) => {
        // MERGE: a re-run of this write (the driver retries on a lost connection) changes nothing.
        await tx.run(
          `MERGE (j:${JOB_LABEL} {id: $id}) ON CREATE SET j += {status: 'receiving', flavour: $flavour, sourceOfTruth: $sot, transactionId: $txid, owner: $owner,
             txTotal: 0, txCompleted: 0, txFailed: 0, opsTotal: 0, opsCompleted: 0, opsFailed: 0, nextSeq: 0,
             created: timestamp(), touched: timestamp(), cancelRequested: false}`,
          { id: job.id, flavour: job.flavour, sot: job.sourceOfTruth, txid: job.transactionId, owner: job.owner },
        );
      }),

    appendTransactions: (id, rows) =>
      write(async (tx) => {
        // Only rows stored for the first time add to the job's bytes: a re-run of this write (the
        // driver retries on a lost connection) changes nothing. Then what the submitter holds in all
        // its jobs, read after this write (concurrent uploads of one submitter see each other's).
        const res = await tx.run(
          `UNWIND $rows AS r MERGE (t:${JOB_TX_LABEL} {jobId: $id, seq: r.seq})
           WITH t, r, t.payload IS NULL AS fresh SET t.payload = r.payload, t.ops = r.ops
           WITH sum(CASE WHEN fresh THEN r.bytes ELSE 0 END) AS added
           MATCH ${J} SET j.touched = timestamp(), j.inputBytes = coalesce(j.inputBytes, 0) + added
           WITH j MATCH (o:${JOB_LABEL}) WHERE o.sourceOfTruth = j.sourceOfTruth
           RETURN sum(coalesce(o.inputBytes, 0)) AS stored`,
          { id, rows: rows.map((r) => ({ seq: int(r.seq), payload: r.payload, ops: int(r.ops), bytes: int(Buffer.byteLength(r.payload)) })) },
        );
        return num(res.records[0]?.get('stored'));
      }),

    usage: (sourceOfTruth, ttlMs) =>
      read(async (tx) => {
        const res = await tx.run(
          `MATCH (j:${JOB_LABEL}) WHERE j.sourceOfTruth = $sot
           RETURN sum(coalesce(j.inputBytes, 0)) AS stored, min(j.finished + $ttl - timestamp()) AS expiresIn`,
          { sot: sourceOfTruth, ttl: int(ttlMs) },
        );
        const row = res.records[0];
        return { storedBytes: num(row?.get('stored')), nextExpiryMs: nullableNum(row?.get('expiresIn')) };
      }),

    publish: (id, txTotal, opsTotal) =>
      write(async (tx) => {
        await tx.run(`MATCH ${J} WHERE j.status = 'receiving' SET j.status = 'pending', j.txTotal = $tx, j.opsTotal = $ops`, {
          id,
          tx: int(txTotal),
          ops: int(opsTotal),
        });
      }),

    async discard(id) {
      // In batches: a job may hold millions of transactions.
      for (;;) {
        const n = await write(async (tx) => {
          const res = await tx.run(`MATCH (t:${JOB_TX_LABEL}) WHERE t.jobId = $id WITH t LIMIT 10000 DELETE t RETURN count(*) AS n`, { id });
          return num(res.records[0]?.get('n'));
        });
        if (n === 0) break;
      }
      await write(async (tx) => {
        await tx.run(`MATCH ${J} DELETE j`, { id });
      });
    },

    get: (id) => read((tx) => readJob(tx, id)),

    readTransactions: (id, fromSeq, maxTransactions, maxBytes) => read((tx) => readTransactions(tx, id, fromSeq, maxTransactions, maxBytes)),

    list: (q: JobListQuery) =>
      read(async (tx) => {
        const res = await tx.run(
          `OPTIONAL MATCH (c:${JOB_LABEL} {id: $after})
           MATCH (j:${JOB_LABEL}) WHERE j.status <> 'receiving' AND ($status IS NULL OR j.status = $status)
             AND ($owner IS NULL OR coalesce(j.owner, j.sourceOfTruth) = $owner)
             AND (c IS NULL OR j.created < c.created OR (j.created = c.created AND j.id < c.id))
           RETURN properties(j) AS p ORDER BY j.created DESC, j.id DESC LIMIT $limit`,
          { after: q.after ?? null, status: q.status ?? null, owner: q.owner ?? null, limit: int(q.limit) },
        );
        return res.records.map((r) => toJob(r.get('p') as Record<string, unknown>));
      }),

    results: (id, q: ResultQuery) =>
      read(async (tx) => {
        const res = await tx.run(
          `MATCH (t:${JOB_TX_LABEL}) WHERE t.jobId = $id AND t.seq >= $after AND t.ok IS NOT NULL AND (NOT $failedOnly OR t.ok = false)
           RETURN t.seq AS seq, t.result AS result, t.key AS key, t.statuses AS statuses, CASE WHEN t.result IS NULL THEN t.payload END AS payload
           ORDER BY t.seq LIMIT $limit`,
          { id, after: int(q.after), failedOnly: q.failedOnly, limit: int(q.limit) },
        );
        return res.records.map((r) => {
          const result = r.get('result') as string | null;
          const statuses = r.get('statuses') as unknown[] | null;
          const payload = r.get('payload') as string | null;
          const key = r.get('key') as string | null;
          return { seq: num(r.get('seq')), result, key: key === 'put' || key === 'delete' || key === 'patch' ? key : null, statuses: statuses === null ? null : statuses.map(num), payload };
        });
      }),

    cancel: (id) =>
      write(async (tx) => {
        const job = await readJob(tx, id, true);
        if (!job || job.status === 'receiving') return undefined;
        if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') return 'finished';
        if (job.status === 'pending') {
          await tx.run(`MATCH ${J} SET j.status = 'cancelled', j.cancelRequested = true, j.finished = timestamp()`, { id });
        } else {
          await tx.run(`MATCH ${J} SET j.cancelRequested = true`, { id });
        }
        return readJob(tx, id);
      }),

    claim: (workerId, leaseMs, sources) =>
      write(async (tx) => {
        const candidates = await tx.run(
          `MATCH (j:${JOB_LABEL}) WHERE j.status IN ['pending', 'running'] AND coalesce(j.leaseUntil, 0) < timestamp()
             AND ($sources IS NULL OR any(p IN $sources WHERE j.sourceOfTruth STARTS WITH p))
           RETURN j.id AS id ORDER BY j.created LIMIT 5`,
          { sources: sources ?? null },
        );
        for (const r of candidates.records) {
          const id = String(r.get('id'));
          // Lock, then re-read: another instance may have taken it meanwhile.
          const res = await tx.run(`MATCH ${J} SET j.id = j.id RETURN j.status AS status, coalesce(j.leaseUntil, 0) < timestamp() AS free`, { id });
          const row = res.records[0];
          if (!row || !['pending', 'running'].includes(String(row.get('status'))) || row.get('free') !== true) continue;
          await tx.run(
            `MATCH ${J} SET j.leaseOwner = $me, j.leaseUntil = timestamp() + $lease, j.status = 'running', j.started = coalesce(j.started, timestamp())`,
            { id, me: workerId, lease: int(leaseMs) },
          );
          return id;
        }
        return undefined;
      }),

    release: (id, workerId) =>
      write(async (tx) => {
        await tx.run(`MATCH ${J} WHERE j.leaseOwner = $me SET j.leaseOwner = null, j.leaseUntil = null`, { id, me: workerId });
      }),

    async sweep(ttlMs, abandonedMs) {
      const ids = await read(async (tx) => {
        const res = await tx.run(
          `MATCH (j:${JOB_LABEL})
           WHERE (j.status IN ['completed', 'failed', 'cancelled'] AND j.finished < timestamp() - $ttl)
              OR (j.status = 'receiving' AND j.touched < timestamp() - $abandoned)
           RETURN j.id AS id LIMIT 100`,
          { ttl: int(ttlMs), abandoned: int(abandonedMs) },
        );
        return res.records.map((r) => String(r.get('id')));
      });
      for (const id of ids) await this.discard(id);
      return ids.length;
    },

    queueDepth: () =>
      read(async (tx) => {
        // Seeks the aai_job_status index: the cost is the number of unfinished jobs, not of all jobs.
        const res = await tx.run(`MATCH (j:${JOB_LABEL}) WHERE j.status IN ['pending', 'running'] RETURN j.status AS status, count(*) AS n`);
        const depth = { pending: 0, running: 0 };
        for (const r of res.records) depth[r.get('status') === 'running' ? 'running' : 'pending'] = num(r.get('n'));
        return depth;
      }),
  };
}
