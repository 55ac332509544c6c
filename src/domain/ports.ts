/**
 * The ports: what the domain needs of the store, which implements them (src/store). The domain
 * depends on these interfaces only; no port hands a write more than it needs (a REST PUT gets a
 * graph transaction; only the job worker's chunks also get the job's bookkeeping in the same one).
 */
import type { JobListQuery, JobRecord, JobUsage, ResultQuery, StoredResult, StoredTransaction, TransactionResult } from './jobs/jobs.js';
import type { FindQuery, ChangeSet, LoadRequest, LoadResult, Neighbour, NodeRecord } from './model.js';

/** The domain's view of one open write transaction (implemented by the store). */
export interface GraphTx {
  load(req: LoadRequest): Promise<LoadResult>;
  write(changes: ChangeSet): Promise<void>;
}

/** The domain's view of a read transaction (implemented by the store). */
export interface GraphReader {
  nodes(uris: readonly string[]): Promise<NodeRecord[]>;
  /** All descendants (not the roots themselves), at most `limit`, in no particular order. */
  descendants(roots: readonly string[], limit: number): Promise<NodeRecord[]>;
  /** The children of the parents (one level), at most `limit`, in no particular order. */
  children(parents: readonly string[], limit: number): Promise<NodeRecord[]>;
  /** The nodes' edges to anything but their own descendants, at most `limit`. */
  neighbours(uris: readonly string[], limit: number): Promise<Neighbour[]>;
  /** Every edge of the nodes, to their children too, at most `limit`. */
  edges(uris: readonly string[], limit: number): Promise<Neighbour[]>;
  /** A page of the set (in URI order, at most `limit`), and the size of the whole set. */
  find(q: FindQuery): Promise<{ total: number; nodes: NodeRecord[] }>;
}

/** The store as the domain uses it: transactions of either kind. */
export interface GraphStorePort {
  /** One Neo4j write transaction, committed when `work` says so (rolled back otherwise: a failure, a dry run). */
  write<T>(work: (tx: GraphTx) => Promise<{ value: T; commit: boolean }>): Promise<T>;
  read<T>(work: (reader: GraphReader) => Promise<T>): Promise<T>;
}

/** Job operations inside the open Neo4j write transaction that applies a chunk of the job. */
export interface JobChunkTx {
  /** Lock the job, then read it (fresh, after the lock). */
  lockJob(id: string): Promise<JobRecord | undefined>;
  readTransactions(id: string, fromSeq: number, maxTransactions: number): Promise<StoredTransaction[]>;
  /** Store results, advance counters and nextSeq, renew the lease; `finished` completes the job. */
  recordResults(id: string, rows: readonly TransactionResult[], nextSeq: number, leaseMs: number, finished: boolean): Promise<void>;
  finish(id: string, status: 'completed' | 'failed' | 'cancelled', error?: string): Promise<void>;
}

/** The store as the job worker uses it: a graph transaction that also records the chunk's progress. */
export interface JobChunkStorePort {
  /** One Neo4j write transaction: `graph` applies the chunk, `jobs` locks the job and records its results in it. */
  writeChunk<T>(work: (graph: GraphTx, jobs: JobChunkTx) => Promise<{ value: T; commit: boolean }>): Promise<T>;
}

/** Job operations of their own (each its own Neo4j transaction). */
export interface JobStorePort {
  create(job: Pick<JobRecord, 'id' | 'flavour' | 'sourceOfTruth' | 'transactionId' | 'owner'>): Promise<void>;
  /** Store input transactions; returns the bytes of input that the job's submitter now holds in all its jobs. */
  appendTransactions(id: string, rows: readonly StoredTransaction[]): Promise<number>;
  /** The bytes of input a submitter's jobs hold, and when the first of its finished jobs expires. */
  usage(sourceOfTruth: string, ttlMs: number): Promise<JobUsage>;
  /** receiving → pending, with the totals. */
  publish(id: string, txTotal: number, opsTotal: number): Promise<void>;
  /** Remove a job and everything it holds. */
  discard(id: string): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  /** Stored input transactions from `fromSeq` on (immutable once stored: safe to read ahead). */
  readTransactions(id: string, fromSeq: number, maxTransactions: number): Promise<StoredTransaction[]>;
  list(q: JobListQuery): Promise<JobRecord[]>;
  results(id: string, q: ResultQuery): Promise<StoredResult[]>;
  /** Cancel: pending → cancelled at once; running → cancel requested. 'finished' when too late. */
  cancel(id: string): Promise<JobRecord | 'finished' | undefined>;
  /** Take the lease of one runnable job (pending, or running with a lapsed lease). */
  claim(workerId: string, leaseMs: number): Promise<string | undefined>;
  release(id: string, workerId: string): Promise<void>;
  /** Delete finished jobs older than the TTL and abandoned uploads; returns jobs removed. */
  sweep(ttlMs: number, abandonedMs: number): Promise<number>;
  /** Jobs pending and running, in one indexed count (the service's metrics). */
  queueDepth?(): Promise<{ pending: number; running: number }>;
}
