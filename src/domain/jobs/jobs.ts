/**
 * Asynchronous bulk jobs: the model, the store ports, and the public representation.
 *
 * A job's input transactions, their results and the job's progress live in Neo4j. A worker applies
 * a chunk of transactions in one Neo4j transaction that also records their results and advances
 * the job's `nextSeq`, after locking the job and checking its lease: a crash loses exactly the
 * uncommitted chunk, and the next owner resumes at `nextSeq` — every transaction applied once.
 */
import { operationsOf, type BulkMethod } from '../bulk/bulk-payload.js';
import { isObject } from '../../json.js';

export type JobStatus = 'receiving' | 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export type JobFlavour = 'bulkadd' | 'bulkprocess';

export interface JobRecord {
  id: string;
  status: JobStatus;
  flavour: JobFlavour;
  /** The submitter's X-FromAppId and X-TransactionId, used for every write of the job. */
  sourceOfTruth: string;
  transactionId: string;
  /** The principal that submitted it (its submitter's X-FromAppId for jobs stored before authentication). */
  owner: string;
  txTotal: number;
  txCompleted: number;
  txFailed: number;
  opsTotal: number;
  opsCompleted: number;
  opsFailed: number;
  /** Sequence number of the first transaction not yet applied. */
  nextSeq: number;
  created: number;
  started: number | null;
  finished: number | null;
  cancelRequested: boolean;
  leaseOwner: string | null;
  leaseUntil: number | null;
  error: string | null;
}

/** One input transaction as stored. */
export interface StoredTransaction {
  seq: number;
  payload: string;
  ops: number;
}

/**
 * One applied transaction's result. A failed one keeps its outcome as data (JSON of a TxResult,
 * every operation's status and error); a successful one only its method key and statuses — its
 * element is rebuilt from the stored input when results are read (that input's URIs with these
 * statuses). Rendered in src/http/bulk-render.ts.
 */
export interface TransactionResult {
  seq: number;
  ok: boolean;
  ops: number;
  result?: string;
  key?: BulkMethod;
  statuses?: number[];
}

/** A stored result as read back. */
export interface StoredResult {
  seq: number;
  /** JSON: a failed transaction's outcome (or, stored by earlier versions, its rendered element). */
  result: string | null;
  /** A successful transaction's method key (null when stored by earlier versions). */
  key: BulkMethod | null;
  statuses: number[] | null;
  payload: string | null;
}

export interface JobListQuery {
  status: JobStatus | undefined;
  /** Only this principal's jobs; undefined: everyone's. */
  owner: string | undefined;
  limit: number;
  /** Jobs created before this job (cursor = the last id of the previous page). */
  after: string | undefined;
}

export interface ResultQuery {
  after: number;
  limit: number;
  failedOnly: boolean;
}

/** What one submitter (X-FromAppId) holds in the job store. */
export interface JobUsage {
  /** UTF-8 bytes of the input transactions of all its jobs, whatever their status. */
  storedBytes: number;
  /** Milliseconds until the first of its finished jobs expires (JOB_TTL); null when none is finished. */
  nextExpiryMs: number | null;
}

export interface JobLinks {
  self: string;
  results: string;
}

/** The public representation of a job. */
export function jobView(job: JobRecord, base: string): Record<string, unknown> {
  const processed = job.txCompleted + job.txFailed;
  const progress = job.status === 'completed' ? 100 : job.txTotal === 0 ? 0 : Math.floor((100 * processed) / job.txTotal);
  const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
  const links: JobLinks = { self: `${base}/${job.id}`, results: `${base}/${job.id}/results` };
  return {
    id: job.id,
    status: job.status,
    type: job.flavour,
    progress,
    transactions: { total: job.txTotal, completed: job.txCompleted, failed: job.txFailed },
    operations: { total: job.opsTotal, completed: job.opsCompleted, failed: job.opsFailed },
    created: iso(job.created),
    started: iso(job.started),
    finished: iso(job.finished),
    'cancel-requested': job.cancelRequested,
    ...(job.error === null ? {} : { error: job.error }),
    links,
  };
}

/**
 * Operations in a job transaction, counted as A&AI's payload limit counts them, but never fewer
 * than one: a transaction that is not an object, or an empty one, is still reported (as failed).
 */
export function operationsIn(tx: unknown): number {
  return isObject(tx) ? Math.max(operationsOf(tx), 1) : 1;
}
