/**
 * The ports: what the domain needs of the store, which implements them (src/store). The domain
 * depends on these interfaces only; no port hands a write more than it needs (a REST PUT gets a
 * graph transaction; only the job worker's chunks also get the job's bookkeeping in the same one).
 */
import type { JobListQuery, JobRecord, JobUsage, ResultQuery, StoredResult, StoredTransaction, TransactionResult } from './jobs/jobs.js';
import type { DslPlan } from './traversal/dsl-plan.js';
import type { SequencedEvent } from './events/aai-event.js';
import type { FindQuery, ChangeSet, LoadRequest, LoadResult, Neighbour, NodeRecord, Scalar, EventCapture, CapturedEvents, OutboxEvent } from './model.js';

/** The domain's view of one open write transaction (implemented by the store). */
export interface GraphTx {
  load(req: LoadRequest): Promise<LoadResult>;
  /**
   * Write the change; with `capture`, also read what the change events need (in the same statement);
   * with `events` (rendered without reading anything), also add them to the outbox, in the same statement.
   */
  write(changes: ChangeSet, capture?: EventCapture, events?: readonly OutboxEvent[]): Promise<CapturedEvents | undefined>;
  /** The store keeps an outbox of change events: the transaction must record them (recordEvents). */
  readonly recordsEvents: boolean;
  /** Add change events to the outbox, in this transaction (committed, or rolled back, with it). */
  recordEvents(events: readonly OutboxEvent[]): Promise<void>;
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
  /** A page of the set (in URI order, at most `limit`), and the size of the whole set when asked (`count`: a second statement). */
  find(q: FindQuery): Promise<{ total: number | undefined; nodes: NodeRecord[] }>;
  /** The nodes a search finds (URI and type only), in URI order, at most `limit`. */
  search(q: NodeSearch): Promise<NodeRef[]>;
  /** The nodes an edge joins to any of `uris`, but those in `seen`, each once (URI and type), at most `limit`. */
  reach(uris: readonly string[], seen: readonly string[], limit: number): Promise<NodeRef[]>;
  /** The result nodes of a DSL query (src/domain/traversal/dsl-plan.ts), each once, in URI order, at most `limit`. */
  traverse(plan: DslPlan, limit: number): Promise<NodeRecord[]>;
  /** A page of a sync or export scope (src/domain/sync), in aai-uri order, each node with its edges to anything but its descendants. */
  scopePage(q: ScopeQuery): Promise<ScopedNode[]>;
  /** The nodes at (exact) or below many URIs at once, at most `limit`, in aai-uri order. */
  scopeBatch(q: ScopeBatch): Promise<ScopedNode[]>;
}

export interface ScopeBatch {
  uris: readonly string[];
  /** The nodes at the URIs; else the nodes below them (their descendants). */
  exact: boolean;
  types: readonly string[] | undefined;
  limit: number;
  otherProps: boolean;
}

/**
 * A page of nodes: those whose aai-uri starts with `prefix` and sorts after `after` (an index
 * range seek), of `types` only when given, at most `limit`.
 */
export interface ScopeQuery {
  prefix: string;
  after: string;
  types: readonly string[] | undefined;
  limit: number;
  /** Read the other ends' properties too (their name properties are rendered); else only their URI and type. */
  otherProps: boolean;
}

export interface ScopedNode {
  node: NodeRecord;
  /** Its edges to anything but its own descendants (its parent edge included). */
  edges: Neighbour[];
}

/** A node by its URI and type: what A&AI's search API answers of it. */
export interface NodeRef {
  uri: string;
  type: string;
}

/** A test of a node's property value: equal or not (absent counts as not equal); a string-list property holds the value or not. */
export interface ValueTest {
  prop: string;
  value: Scalar;
  /** The property is a string list: the test is whether it holds the value. */
  list: boolean;
}

/**
 * A search API test that a find's equality tests cannot say (src/domain/traversal/search.ts):
 * A&AI's DOES-NOT-EQUAL, EXISTS, DOES-NOT-EXIST, a string list holding a value, and edge filters.
 */
export type NodeCondition =
  | ({ kind: 'equal' | 'not-equal' } & ValueTest)
  | { kind: 'present' | 'absent'; prop: string }
  /** An edge joins the node to a node of `type` (whose property passes `test`), or (exists: false) none does. */
  | { kind: 'edge'; exists: boolean; type: string; test?: ValueTest };

/** A search: the nodes a find reaches (no paging), kept when every condition holds; at most `limit`. */
export interface NodeSearch {
  find: Pick<FindQuery, 'start' | 'steps'>;
  conditions: readonly NodeCondition[];
  limit: number;
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
  readTransactions(id: string, fromSeq: number, maxTransactions: number, maxBytes?: number): Promise<StoredTransaction[]>;
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
  /**
   * Stored input transactions from `fromSeq` on (immutable once stored: safe to read ahead): at most
   * `maxTransactions`, and no more than `maxBytes` of payload (JSON text length) — but always the first.
   */
  readTransactions(id: string, fromSeq: number, maxTransactions: number, maxBytes?: number): Promise<StoredTransaction[]>;
  list(q: JobListQuery): Promise<JobRecord[]>;
  results(id: string, q: ResultQuery): Promise<StoredResult[]>;
  /** Cancel: pending → cancelled at once; running → cancel requested. 'finished' when too late. */
  cancel(id: string): Promise<JobRecord | 'finished' | undefined>;
  /** Take the lease of one runnable job (pending, or running with a lapsed lease); of a submitter whose X-FromAppId starts with one of `sources` when given. */
  claim(workerId: string, leaseMs: number, sources?: readonly string[]): Promise<string | undefined>;
  release(id: string, workerId: string): Promise<void>;
  /** Delete finished jobs older than the TTL and abandoned uploads; returns jobs removed. */
  sweep(ttlMs: number, abandonedMs: number): Promise<number>;
  /** Jobs pending and running, in one indexed count (the service's metrics). */
  queueDepth?(): Promise<{ pending: number; running: number }>;
}

export interface EventHead {
  /** The last event numbered (0: none yet). */
  sequence: number;
  /** Events up to this one were pruned (retention). */
  pruned: number;
}

export interface EventRead {
  events: SequencedEvent[];
  /** The last sequence the read looked at (a filtered read can look past events it does not return). */
  scannedTo: number;
}

/** The change events' outbox after commit (src/store/event-store.ts). */
export interface EventStorePort {
  /** Number up to `batch` pending events, in order; returns how many. */
  sequence(batch: number): Promise<number>;
  head(): Promise<EventHead>;
  /** Events after `after` in sequence order, at most `limit`, looking at no more than `scan` sequence numbers; only `types` when given. */
  read(after: number, limit: number, scan: number, types?: readonly string[]): Promise<EventRead>;
  /** Prune, oldest first, up to `batch` events written before `beforeTs`; returns how many. */
  prune(beforeTs: number, batch: number): Promise<number>;
  /** Take or renew a relay's lease: its cursor when held, undefined when another holder has it. `start`: a new relay's cursor. */
  takeLease(name: string, holder: string, ttlMs: number, start: number): Promise<number | undefined>;
  /** Move the relay's cursor, renewing the lease; false when the lease was lost (nothing changed). */
  advance(name: string, holder: string, ttlMs: number, cursor: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
}

/** A message for the event bus (Kafka): keyed, with headers. */
export interface EventMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Publishes to the event bus; resolves when the broker acknowledged every message (src/kafka). */
export interface EventPublisher {
  publish(messages: readonly EventMessage[]): Promise<void>;
  close(): Promise<void>;
}
