/**
 * Submitting a job: the input streams in, transactions are stored in batches as they arrive, and
 * the job becomes visible (pending) only once all of it is stored. A bad or oversized input, or one
 * over its submitter's quota of stored input, removes what was stored: nothing half-received is
 * ever run.
 */
import { randomUUID } from 'node:crypto';
import { AaiError } from '../../errors.js';
import { InputTooLargeError, jsonTransactions, ndjsonTransactions, TransactionTooLargeError, type InputLimits } from './job-input.js';
import { operationsIn, type JobFlavour, type JobRecord, type StoredTransaction } from './jobs.js';
import type { JobStorePort } from '../ports.js';

export interface SubmitOptions {
  flavour: JobFlavour;
  format: 'json' | 'ndjson';
  /** The input's limits, and one transaction's operations. */
  limits: InputLimits & { maxTransactionOperations: number };
  sourceOfTruth: string;
  transactionId: string;
  /** The principal submitting it (who may read and cancel it, beside admins). */
  owner: string;
  /** What the submitter may hold in the job store: input bytes over all its jobs, kept until `ttlMs` after each finishes. */
  quota: { maxStoredBytes: number; ttlMs: number };
  /** The input's declared size (Content-Length), 0 when unknown: an input that cannot fit is refused before it is read. */
  declaredBytes: number;
}

/** The submitter's jobs would hold more input than its quota. */
export class StoredInputQuotaError extends Error {
  override name = 'StoredInputQuotaError';
  constructor(
    readonly limit: number,
    /** When the first of its finished jobs expires and frees room; null when none is finished. */
    readonly retryAfterMs: number | null,
  ) {
    super(`stored job input would exceed the limit of ${limit} bytes`);
  }
}

const BATCH_TRANSACTIONS = 1000;
const BATCH_BYTES = 1024 * 1024;

export async function submitJob(jobs: JobStorePort, input: AsyncIterable<Buffer | string>, opts: SubmitOptions): Promise<JobRecord> {
  const { quota, sourceOfTruth } = opts;
  const held = await jobs.usage(sourceOfTruth, quota.ttlMs);
  if (held.storedBytes + Math.max(opts.declaredBytes, 1) > quota.maxStoredBytes) throw new StoredInputQuotaError(quota.maxStoredBytes, held.nextExpiryMs);
  const id = randomUUID();
  await jobs.create({ id, flavour: opts.flavour, sourceOfTruth, transactionId: opts.transactionId, owner: opts.owner });
  /** Stores a batch; the submitter's total after it (other uploads of its own included) must stay within its quota. */
  const append = async (rows: readonly StoredTransaction[]): Promise<void> => {
    if ((await jobs.appendTransactions(id, rows)) <= quota.maxStoredBytes) return;
    throw new StoredInputQuotaError(quota.maxStoredBytes, (await jobs.usage(sourceOfTruth, quota.ttlMs)).nextExpiryMs);
  };
  try {
    const { limits } = opts;
    const source = opts.format === 'ndjson' ? ndjsonTransactions(input, limits) : jsonTransactions(input, limits);
    let seq = 0;
    let ops = 0;
    let batch: StoredTransaction[] = [];
    let bytes = 0;
    for await (const tx of source) {
      const payload = JSON.stringify(tx);
      const n = operationsIn(tx);
      if (n > limits.maxTransactionOperations) {
        throw new AaiError('AAI_6147', `transaction ${seq} holds ${n} operations, more than the limit of ${limits.maxTransactionOperations}`);
      }
      batch.push({ seq: seq++, payload, ops: n });
      ops += n;
      bytes += payload.length;
      if (batch.length >= BATCH_TRANSACTIONS || bytes >= BATCH_BYTES) {
        await append(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) await append(batch);
    if (seq === 0) throw new AaiError('AAI_6118', 'payload had no objects to operate on');
    await jobs.publish(id, seq, ops);
    const job = await jobs.get(id);
    if (!job) throw new Error(`job ${id} vanished`);
    return job;
  } catch (e) {
    await jobs.discard(id).catch(() => undefined);
    if (e instanceof InputTooLargeError) throw new AaiError('AAI_6147', `Job input is larger than the limit of ${e.limit} bytes`, { variant: 'tooLarge' });
    if (e instanceof TransactionTooLargeError) throw new AaiError('AAI_6147', `transaction ${e.index} is larger than the limit of ${e.limit} bytes`, { variant: 'tooLarge' });
    throw e;
  }
}

/** DELETE …/jobs/{id}: 404 unknown, 409 already finished. */
export async function cancelJob(jobs: JobStorePort, id: string): Promise<JobRecord> {
  const result = await jobs.cancel(id);
  if (result === undefined) throw new AaiError('AAI_6114', `No bulk job found with id ${id}`);
  if (result === 'finished') {
    const job = await jobs.get(id);
    throw new AaiError('AAI_3000', `bulk job ${id} is already ${job?.status ?? 'finished'} and cannot be cancelled`, { variant: 'conflict' });

  }
  return result;
}
