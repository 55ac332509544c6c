/**
 * Plain data of the inventory graph as the domain sees it. Node properties are stored under their
 * A&AI names; A&AI's bookkeeping properties sit beside them under A&AI's own names.
 */

/** The label every inventory node carries beside its type's label. */
export const NODE_LABEL = 'AaiNode';

export type Scalar = string | number | boolean | string[];
export type Props = Record<string, Scalar>;

export const P = {
  uri: 'aai-uri',
  nodeType: 'aai-node-type',
  resourceVersion: 'resource-version',
  uuid: 'aai-uuid',
  createdTs: 'aai-created-ts',
  lastModTs: 'aai-last-mod-ts',
  sourceOfTruth: 'source-of-truth',
  lastModSourceOfTruth: 'last-mod-source-of-truth',
  lastModTransactionId: 'aai-last-mod-transaction-id',
} as const;

/** Bookkeeping properties: never taken from a body, never rendered as schema properties. */
export const BOOKKEEPING: ReadonlySet<string> = new Set(Object.values(P).filter((p) => p !== P.resourceVersion));

/** A node as stored. `props` holds everything, bookkeeping included. */
export interface NodeRecord {
  uri: string;
  type: string;
  props: Props;
  /** Only aai-uri, aai-node-type and resource-version were loaded (LoadRequest.refs). */
  partial?: boolean;
}

/** A stored edge, in its stored direction (out → in), typed by the A&AI edge label. */
export interface EdgeRecord {
  out: string;
  in: string;
  label: string;
  outType: string;
  inType: string;
}

export function edgeKey(e: Pick<EdgeRecord, 'out' | 'in' | 'label'>): string {
  return `${e.out}\u0000${e.label}\u0000${e.in}`;
}

/** What a transaction needs loaded (and write-locked) before it can decide anything. */
export interface LoadRequest {
  /** Exact nodes. */
  nodes: string[];
  /**
   * Nodes needed only for their existence, type and resource-version (parents, relationship
   * targets, endpoints to touch): locked like the others, but their properties stay in Neo4j.
   */
  refs: string[];
  /** Nodes with all their descendants (URI prefix). */
  subtrees: string[];
  /** All edges of these nodes. */
  edgesOf: string[];
  /** All edges of these nodes and of all their descendants. */
  subtreeEdgesOf: string[];
}

export interface LoadResult {
  nodes: NodeRecord[];
  edges: EdgeRecord[];
}

/** The net effect of a transaction, written with a few batched statements. */
export interface ChangeSet {
  deleteEdges: EdgeRecord[];
  deleteNodes: string[];
  /** A new node's own properties (aai-uri, aai-uuid, schema properties). */
  createNodes: NodeRecord[];
  /** Changed schema properties only; a null value removes the property. */
  updateNodes: NodeRecord[];
  createEdges: EdgeRecord[];
  /** Bookkeeping set on every created or updated node (resource-version, last-mod…). */
  written: Props;
  /** Bookkeeping set on every created node (created-ts, source-of-truth). */
  created: Props;
}

/**
 * What a write must read for the change events (src/domain/events) that the working set does not
 * hold: the relationships of updated objects whose edges the transaction did not load (after the
 * writes, with the other ends' name properties; `props`: the working set holds only a reference to
 * the object, read its properties too), and the name properties of other nodes (ancestors, far
 * ends of relationships) known only by reference.
 */
export interface EventCapture {
  after: { uri: string; props: boolean }[];
  named: string[];
}

export interface CapturedEvents {
  after: Map<string, { props?: Props; neighbours: Neighbour[] }>;
  named: Map<string, Props>;
}

/** A change event as the outbox stores it (its sequence number is given after commit). */
export interface OutboxEvent {
  /** Orders the events of concurrent transactions (see src/domain/events/outbox.ts). */
  key: string;
  transactionId: string;
  sourceName: string;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  uri: string;
  type: string;
  topType: string;
  topUri: string;
  /** When the transaction wrote (epoch ms). */
  ts: number;
  /** The AAI-EVENT's entity (wrapped in its ancestors), as JSON text. */
  entity: string;
  /** The object's delta (property and relationship changes), as JSON text. */
  delta: string;
}

/** An edge seen from one of its nodes, with the node at the other end. */
export interface Neighbour {
  /** The node the edge was read from. */
  uri: string;
  label: string;
  /** True when the edge goes out of `uri`. */
  outgoing: boolean;
  otherUri: string;
  otherType: string;
  otherProps: Props;
}

/** A property test: the property has one of the values (typed like the property). */
export interface Where {
  prop: string;
  values: Scalar[];
}

/** Where a find starts: one node by URI, or every node of a type (under a URI prefix, or anywhere). */
export type FindStart = { uri: string } | { type: string; prefix?: string; where: readonly Where[] };

export type FindStep =
  /** The children of each node so far: the one whose URI is the parent's plus `suffix`, or (with `prefix`) every child of the type under it. */
  | { kind: 'child'; type: string; suffix: string; where: readonly Where[] }
  | { kind: 'children'; type: string; prefix: string; where: readonly Where[] }
  /** The nodes of the type joined to each node so far by any edge. */
  | { kind: 'related'; type: string; where: readonly Where[] };

/** A GET's set of result nodes: a start, steps from it, in URI order, a page of it, and its size. */
export interface FindQuery {
  start: FindStart;
  steps: readonly FindStep[];
  skip: number;
  limit: number;
  /** Count every node the find reaches (a page that shows its total); else the count is not run. */
  count?: boolean;
}

/** The database cannot be reached (down, restarting, network). Raised by the store; answered 503. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
