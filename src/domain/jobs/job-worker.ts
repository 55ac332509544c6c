/**
 * The job worker of one service instance: claims runnable jobs (bounded concurrency), applies each
 * job's transactions in order, chunk by chunk, and sweeps expired jobs.
 *
 * One chunk = one Neo4j transaction that (1) locks the job and checks this worker still holds its
 * lease and that nextSeq is where it left off, (2) applies the chunk's A&AI transactions as one
 * group (each atomic: a failed one writes nothing), (3) stores their results and advances nextSeq.
 * A crash loses the uncommitted chunk only; whoever takes the lease next resumes at nextSeq.
 */
import { randomUUID } from 'node:crypto';
import { AaiError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Schema } from '../../schema/schema.js';
import { BULK_ADD, BULK_PROCESS, prepareBulkTransaction, type BulkTransaction } from '../bulk/bulk-payload.js';
import { failedTransaction, runInOneTransaction } from '../bulk/bulk-run.js';
import { StoreUnavailableError } from '../model.js';
import type { JobChunkStorePort, JobStorePort } from '../ports.js';
import { tallyResults, type BulkMetricsPort } from '../metrics-port.js';
import type { TxResult } from '../bulk/outcome.js';
import type { JobRecord, StoredTransaction, TransactionResult } from './jobs.js';

export interface WorkerConfig {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  ttlMs: number;
  sweepMs: number;
  /** Operations per chunk (one Neo4j transaction), at least one A&AI transaction. */
  chunkOperations: number;
  /** Stored input bytes per chunk, at least one A&AI transaction (JOB_CHUNK_BYTES). */
  chunkBytes: number;
  impliedDeleteWhitelist: Readonly<Record<string, readonly string[]>>;
  /** WRITE_MAX_OBJECTS, per job transaction. */
  maxObjects: number;
  /** Only jobs whose submitter's X-FromAppId starts with one of these (JOB_WORKER_SOURCES); absent: every job. */
  workerSources?: readonly string[] | undefined;
}

type ChunkOutcome = 'more' | 'done' | 'cancelled' | 'lost' | 'stale';

/** A promise's outcome, so a read-ahead that fails is never an unhandled rejection. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function unwrap<T>(s: Settled<T>): T {
  if (s.ok) return s.value;
  throw s.error;
}

/** A chunk read and prepared ahead of its Neo4j transaction. */
interface PreparedChunk {
  from: number;
  next: number;
  stored: StoredTransaction[];
  txs: BulkTransaction[];
}

/**
 * A job's stored input read in batches, in order: what one chunk does not use is kept for the next
 * (stored input never changes), so each transaction is read once. A position other than where the
 * last chunk ended (a retry, a one-at-a-time pass) starts a fresh read. A batch is at most `batch`
 * transactions and `batchBytes` of payload (at least one transaction): a job of large transactions
 * (up to JOB_MAX_TRANSACTION_BYTES each) is never read 2,000 at a time.
 */
class InputCursor {
  private buffer: StoredTransaction[] = [];
  private at = 0;

  constructor(
    private readonly jobs: JobStorePort,
    private readonly id: string,
    private readonly batch: number,
    private readonly batchBytes: number,
  ) {}

  /** Transactions from `from` on, up to `maxOps` operations and `maxBytes` of stored input (at least one; exactly one if `single`). */
  async take(from: number, maxOps: number, maxBytes: number, single: boolean): Promise<StoredTransaction[]> {
    if (this.buffer[this.at]?.seq !== from) this.fill([]);
    const out: StoredTransaction[] = [];
    let ops = 0;
    let bytes = 0;
    for (;;) {
      if (this.at >= this.buffer.length) {
        const next = out.length > 0 ? (out[out.length - 1]?.seq ?? from) + 1 : from;
        this.fill(await this.jobs.readTransactions(this.id, next, this.batch, this.batchBytes));
        if (this.buffer.length === 0) return out;
      }
      const s = this.buffer[this.at];
      if (!s || (out.length > 0 && (single || ops + s.ops > maxOps || bytes + s.payload.length > maxBytes))) return out;
      out.push(s);
      ops += s.ops;
      bytes += s.payload.length;
      this.at++;
    }
  }

  private fill(rows: StoredTransaction[]): void {
    this.buffer = rows;
    this.at = 0;
  }
}

/** Job-level template variables for payload errors of a job transaction. */
const JOB_VARS = ['POST', 'v15/bulk/jobs'];
const ABANDONED_UPLOAD_MS = 15 * 60_000;

export class JobWorker {
  readonly id = randomUUID();
  private readonly running = new Map<string, Promise<void>>();
  private poller: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private stopping = false;
  private ticking = false;

  constructor(
    private readonly store: JobChunkStorePort,
    private readonly jobs: JobStorePort,
    private readonly schema: Schema,
    private readonly config: WorkerConfig,
    private readonly logger: Logger,
    /** Told of the job transactions each committed chunk applied (throughput, outcomes). */
    private readonly metrics?: BulkMetricsPort,
  ) {}

  start(): void {
    this.poller = setInterval(() => this.notify(), this.config.pollMs);
    this.sweeper = setInterval(() => void this.sweep(), this.config.sweepMs);
    this.poller.unref();
    this.sweeper.unref();
    this.notify();
  }

  /** Look for work now (e.g. right after a submission). */
  notify(): void {
    void this.tick();
  }

  /** Stop claiming; let running jobs finish their current chunk and hand their leases back. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.poller) clearInterval(this.poller);
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.allSettled([...this.running.values()]);
  }

  private async tick(): Promise<void> {
    if (this.stopping || this.ticking) return;
    this.ticking = true;
    try {
      while (!this.stopping && this.running.size < this.config.concurrency) {
        const id = await this.jobs.claim(this.id, this.config.leaseMs, this.config.workerSources);
        if (id === undefined) break;
        const run = this.run(id)
          .catch((e: unknown) => this.logger.error({ err: e, job: id }, 'bulk job stopped'))
          .finally(() => {
            this.running.delete(id);
            this.notify();
          });
        this.running.set(id, run);
      }
    } catch (e) {
      this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'bulk job poll failed');
    } finally {
      this.ticking = false;
    }
  }

  async sweep(): Promise<number> {
    try {
      return await this.jobs.sweep(this.config.ttlMs, ABANDONED_UPLOAD_MS);
    } catch (e) {
      this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'bulk job sweep failed');
      return 0;
    }
  }

  /**
   * Apply a job chunk by chunk. The next chunk is read and prepared (parsed, validated — pure work
   * on immutable input) while the current one is applied in Neo4j, so Node and Neo4j work at the
   * same time; the chunk transaction checks the job is still where the chunk starts.
   */
  private async run(id: string): Promise<void> {
    /** After repeated conflicts, transactions before this position go one at a time. */
    let singleUntil = -1;
    for (;;) {
      if (this.stopping) {
        await this.jobs.release(id, this.id);
        return;
      }
      const job = await this.jobs.get(id);
      if (!job || job.leaseOwner !== this.id || job.status !== 'running') return;
      let from = job.nextSeq;
      let outcome: ChunkOutcome = 'more';
      let ahead: Promise<Settled<PreparedChunk | undefined>> | undefined;
      let current: PreparedChunk | undefined;
      // One cursor per pass: a read-ahead left pending by a failed pass keeps its own.
      // Two chunks' worth per read: the chunk being prepared and the next.
      const input = new InputCursor(this.jobs, id, Math.max(1, this.config.chunkOperations), 2 * this.config.chunkBytes);
      try {
        while (outcome === 'more' && !this.stopping) {
          const single = from < singleUntil;
          const chunk = ahead ? unwrap(await ahead) : await this.prepare(job, input, from, single);
          ahead = undefined;
          if (chunk && chunk.from !== from) continue; // read ahead from a stale position
          if (chunk && !single) ahead = settle(this.prepare(job, input, chunk.next, false));
          current = chunk;
          outcome = await this.apply(id, from, chunk);
          if (outcome === 'more' && chunk) from = chunk.next;
        }
      } catch (e) {
        if (e instanceof StoreUnavailableError) {
          // Neo4j is away: hand the job back and let a later claim (here or elsewhere) resume it.
          this.logger.warn({ job: id, err: e.message }, 'bulk job paused: database unavailable');
          await this.jobs.release(id, this.id).catch(() => undefined);
          await new Promise((r) => setTimeout(r, this.config.pollMs));
          return;
        }
        // Anything else a chunk raised (conflicts that kept recurring, a transaction over Neo4j's
        // memory or time limit, a bug): its transactions go one at a time, and one that still
        // fails is recorded as failed with its error, so one bad transaction never stops the job.
        const error = this.asAaiError(id, e);
        if (from < singleUntil) {
          try {
            await this.failNext(id, error);
          } catch (again) {
            if (again instanceof StoreUnavailableError) continue;
            await this.failJob(id).catch(() => undefined);
            throw again;
          }
        } else singleUntil = current?.next ?? from + 1;
        continue;
      }
      if (outcome !== 'more' && outcome !== 'stale') return;
    }
  }

  /** Mark the job failed, only while this worker still holds its lease. */
  private failJob(id: string): Promise<void> {
    return this.store.writeChunk(async (_graph, jobs) => {
      const job = await jobs.lockJob(id);
      if (!job || job.leaseOwner !== this.id || job.status !== 'running') return { value: undefined, commit: false };
      await jobs.finish(id, 'failed', 'internal error while applying the job (see the service log)');
      return { value: undefined, commit: true };
    });
  }

  /** An error a chunk raised, as the A&AI error its failed transaction reports (unexpected ones logged, answered AAI_4000). */
  private asAaiError(id: string, e: unknown): AaiError {
    if (e instanceof AaiError) return e;
    this.logger.error({ job: id, err: e }, 'bulk job transaction failed unexpectedly');
    return new AaiError('AAI_4000');
  }

  private transaction(job: JobRecord, stored: StoredTransaction): BulkTransaction {
    let parsed: unknown;
    try {
      parsed = JSON.parse(stored.payload);
    } catch {
      parsed = null;
    }
    const flavour = job.flavour === 'bulkadd' ? BULK_ADD : BULK_PROCESS;
    try {
      return prepareBulkTransaction(this.schema, flavour, parsed, JOB_VARS);
    } catch (e) {
      // Never the job's end: this transaction alone fails.
      return { key: flavour.methods[0] ?? 'put', failure: { uri: null, error: this.asAaiError(job.id, e), vars: JOB_VARS } };
    }
  }

  /** Read and prepare the chunk starting at `from` (up to the chunk size by operations and bytes, at least one transaction). */
  private async prepare(job: JobRecord, input: InputCursor, from: number, single: boolean): Promise<PreparedChunk | undefined> {
    if (from >= job.txTotal) return undefined;
    const stored = await input.take(from, this.config.chunkOperations, this.config.chunkBytes, single);
    const last = stored[stored.length - 1];
    if (!last) return undefined;
    return { from, next: last.seq + 1, stored, txs: stored.map((s) => this.transaction(job, s)) };
  }

  /** One Neo4j transaction: check lease and position, apply the chunk, record results and progress. */
  private async apply(id: string, from: number, chunk: PreparedChunk | undefined): Promise<ChunkOutcome> {
    // Set by the attempt that committed (a re-run after a conflict replaces it): counted once, after the commit.
    let applied: TxResult[] | undefined;
    const outcome = await this.store.writeChunk(async (graph, jobs): Promise<{ value: ChunkOutcome; commit: boolean }> => {
      applied = undefined;
      const job = await jobs.lockJob(id);
      if (!job || job.status !== 'running' || job.leaseOwner !== this.id) return { value: 'lost', commit: false };
      if (job.cancelRequested) {
        await jobs.finish(id, 'cancelled');
        return { value: 'cancelled', commit: true };
      }
      if (job.nextSeq !== from) return { value: 'stale', commit: false };
      if (!chunk) {
        await jobs.finish(id, 'completed');
        return { value: 'done', commit: true };
      }
      const results = await runInOneTransaction(this.schema, graph, chunk.txs, {
        sourceOfTruth: job.sourceOfTruth,
        transactionId: job.transactionId,
        impliedDeleteWhitelist: this.config.impliedDeleteWhitelist,
        maxObjects: this.config.maxObjects,
      });
      const rows: TransactionResult[] = results.map((r, i) => ({
        seq: chunk.stored[i]?.seq ?? 0,
        ok: r.ok,
        ops: chunk.stored[i]?.ops ?? 0,
        ...(r.ok ? { key: r.key, statuses: r.entries.map((e) => e.status) } : { result: JSON.stringify(r) }),
      }));
      const finished = chunk.next >= job.txTotal;
      await jobs.recordResults(id, rows, chunk.next, this.config.leaseMs, finished);
      applied = results;
      return { value: finished ? 'done' : 'more', commit: true };
    });
    if (applied) this.metrics?.applied('jobs', tallyResults(applied));
    return outcome;
  }

  /** Record the next transaction as failed with `error` (it could not be committed). */
  private async failNext(id: string, error: AaiError): Promise<void> {
    const recorded = await this.store.writeChunk(async (_graph, jobs): Promise<{ value: { ops: number } | undefined; commit: boolean }> => {
      const job = await jobs.lockJob(id);
      if (!job || job.leaseOwner !== this.id) return { value: undefined, commit: false };
      const [stored] = await jobs.readTransactions(id, job.nextSeq, 1);
      if (!stored) return { value: undefined, commit: false };
      const result = JSON.stringify(failedTransaction(this.transaction(job, stored), error));
      await jobs.recordResults(id, [{ seq: stored.seq, ok: false, ops: stored.ops, result }], stored.seq + 1, this.config.leaseMs, stored.seq + 1 >= job.txTotal);
      return { value: { ops: stored.ops }, commit: true };
    });
    if (recorded) this.metrics?.applied('jobs', { txOk: 0, txFailed: 1, opsOk: 0, opsFailed: recorded.ops });
  }
}
