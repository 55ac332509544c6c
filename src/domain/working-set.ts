/**
 * The state of the graph as one transaction sees it: what was loaded from Neo4j (and write-locked),
 * with this transaction's changes laid over it. Operations read and change the working set in
 * order, so later operations see earlier ones; an operation that fails is undone (its partial
 * changes never reach later operations or the database). At the end, `changeSet()` gives the net
 * difference to write.
 */
import { randomUUID } from 'node:crypto';
import { BOOKKEEPING, edgeKey, P, type ChangeSet, type EdgeRecord, type LoadRequest, type NodeRecord, type Props } from './model.js';
import type { GraphTx } from './ports.js';

export interface NodeState {
  readonly uri: string;
  readonly type: string;
  /** Current properties, bookkeeping included (resource-version is stale once touched). */
  readonly props: Props;
  /** Created by this transaction (not the node stored under this URI before it began). */
  readonly fresh: boolean;
  /** Written by this transaction: gets the transaction's resource-version and last-mod data. */
  readonly touched: boolean;
  /** Loaded as a reference (uri, type, resource-version only): it can be touched, not rewritten. */
  readonly partial?: boolean;
}

/** A bug in load planning: an operation asked about something that was never loaded. */
export class NotLoadedError extends Error {
  override name = 'NotLoadedError';
}

type Undo = { kind: 'node'; uri: string; prev: NodeState | null | undefined } | { kind: 'edge'; key: string; prev: EdgeRecord | undefined };

export interface WriteContext {
  now: number;
  resourceVersion: string;
  sourceOfTruth: string;
  transactionId: string;
}

/** Bookkeeping set from ChangeSet.written / ChangeSet.created, never per node. */
const SHARED: ReadonlySet<string> = new Set([P.resourceVersion, P.lastModTs, P.lastModSourceOfTruth, P.lastModTransactionId, P.createdTs, P.sourceOfTruth]);

function sameValue(a: Props[string] | undefined, b: Props[string]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

export class WorkingSet {
  private readonly original = new Map<string, NodeRecord | null>();
  private readonly subtreeRoots = new Set<string>();
  private readonly edgeRoots = new Set<string>();
  private readonly subtreeEdgeRoots = new Set<string>();
  private readonly originalEdges = new Map<string, EdgeRecord>();

  private readonly nodes = new Map<string, NodeState | null>();
  /**
   * Every URI this working set has known (loaded, found absent, created), under each of its proper
   * prefixes ending in '/': `descendants` reads its candidates here instead of scanning every node
   * known (which made a chunk of many PUTs with children quadratic). Never shrinks: a candidate
   * that is gone is dropped by `get`.
   */
  private readonly under = new Map<string, Set<string>>();
  private readonly edges = new Map<string, EdgeRecord>();
  private readonly adjacency = new Map<string, Set<string>>();
  private journal: Undo[] = [];
  /** Where in the journal each node was first changed (the order of the change events). */
  private readonly firstChange = new Map<string, number>();

  constructor(private readonly tx: GraphTx) {}

  // ---- loading ------------------------------------------------------------------------------

  /** Whether `uri` is one of `roots` or under one: a look-up per ancestor, not a pass over the roots (a chunk loads thousands). */
  private covered(roots: ReadonlySet<string>, uri: string): boolean {
    if (roots.size === 0) return false;
    if (roots.has(uri)) return true;
    for (let i = uri.lastIndexOf('/'); i > 0; i = uri.lastIndexOf('/', i - 1)) if (roots.has(uri.slice(0, i))) return true;
    return false;
  }

  private nodeKnown(uri: string): boolean {
    return this.original.has(uri) || this.covered(this.subtreeRoots, uri);
  }

  /** Known with all its properties, or known to be absent. */
  private nodeKnownFully(uri: string): boolean {
    if (this.covered(this.subtreeRoots, uri)) return true;
    const rec = this.original.get(uri);
    return rec === null || (rec !== undefined && !rec.partial);
  }

  /** A loaded node; a full record replaces a partial one, never the other way round. */
  private remember(n: NodeRecord): void {
    const prev = this.original.get(n.uri);
    if (prev && (!prev.partial || n.partial)) return;
    if (!prev) this.index(n.uri);
    this.original.set(n.uri, n);
  }

  private index(uri: string): void {
    for (let i = uri.indexOf('/', 1); i > 0; i = uri.indexOf('/', i + 1)) {
      const prefix = uri.slice(0, i + 1);
      let set = this.under.get(prefix);
      if (!set) this.under.set(prefix, (set = new Set()));
      set.add(uri);
    }
  }

  private originallyAbsent(uri: string): boolean {
    return this.nodeKnown(uri) && (this.original.get(uri) ?? null) === null;
  }

  private edgesKnown(uri: string): boolean {
    return this.edgeRoots.has(uri) || this.covered(this.subtreeEdgeRoots, uri) || this.originallyAbsent(uri);
  }

  /** Load (and lock) whatever of `req` is not known yet: one pipelined round trip, or none. */
  async ensure(req: Partial<LoadRequest>): Promise<void> {
    const nodes = [...new Set(req.nodes ?? [])].filter((u) => !this.nodeKnownFully(u));
    const full = new Set(nodes);
    const todo: LoadRequest = {
      nodes,
      refs: [...new Set(req.refs ?? [])].filter((u) => !full.has(u) && !this.nodeKnown(u)),
      subtrees: [...new Set(req.subtrees ?? [])].filter((u) => !this.covered(this.subtreeRoots, u)),
      edgesOf: [...new Set(req.edgesOf ?? [])].filter((u) => !this.edgesKnown(u)),
      subtreeEdgesOf: [...new Set(req.subtreeEdgesOf ?? [])].filter((u) => !this.covered(this.subtreeEdgeRoots, u)),
    };
    if (todo.nodes.length + todo.refs.length + todo.subtrees.length + todo.edgesOf.length + todo.subtreeEdgesOf.length === 0) return;
    const res = await this.tx.load(todo);
    for (const n of res.nodes) this.remember(n);
    for (const u of [...todo.nodes, ...todo.refs]) {
      if (this.original.has(u)) continue;
      this.original.set(u, null);
      this.index(u);
    }
    for (const u of todo.subtrees) this.subtreeRoots.add(u);
    for (const u of todo.edgesOf) this.edgeRoots.add(u);
    for (const u of todo.subtreeEdgesOf) this.subtreeEdgeRoots.add(u);
    for (const e of res.edges) {
      const key = edgeKey(e);
      if (this.originalEdges.has(key)) continue;
      this.originalEdges.set(key, e);
      // An edge whose end this transaction already deleted (or recreated) is gone with it.
      if (this.survivesOriginal(e.out) && this.survivesOriginal(e.in) && !this.edges.has(key)) this.linkEdge(key, e);
    }
  }

  /** The node stored under `uri` before the transaction is still there (not deleted, not replaced). */
  private survivesOriginal(uri: string): boolean {
    const cur = this.nodes.get(uri);
    return cur === undefined || (cur !== null && !cur.fresh);
  }

  // ---- reading ------------------------------------------------------------------------------

  get(uri: string): NodeState | null {
    const cur = this.nodes.get(uri);
    if (cur !== undefined) return cur;
    if (!this.nodeKnown(uri)) throw new NotLoadedError(`node ${uri} was not loaded`);
    const rec = this.original.get(uri);
    if (!rec) return null;
    return { uri: rec.uri, type: rec.type, props: rec.props, fresh: false, touched: false, ...(rec.partial ? { partial: true } : {}) };
  }

  /** Current descendants of `uri` (all depths), sorted by URI. */
  descendants(uri: string): NodeState[] {
    const prefix = `${uri}/`;
    if (!this.covered(this.subtreeRoots, uri) && !this.originallyAbsent(uri)) throw new NotLoadedError(`subtree ${uri} was not loaded`);
    const out: NodeState[] = [];
    for (const u of this.under.get(prefix) ?? []) {
      const n = this.get(u);
      if (n) out.push(n);
    }
    return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  edgesOf(uri: string): EdgeRecord[] {
    if (!this.edgesKnown(uri)) throw new NotLoadedError(`edges of ${uri} were not loaded`);
    return [...(this.adjacency.get(uri) ?? [])].map((k) => this.edges.get(k)).filter((e): e is EdgeRecord => e !== undefined);
  }

  hasEdge(e: Pick<EdgeRecord, 'out' | 'in' | 'label'>): boolean {
    return this.edges.has(edgeKey(e));
  }

  /**
   * The resource-version a client must send to update this node now; undefined once this
   * transaction has written it (its new value is unknown until commit, so no value matches).
   */
  currentRv(n: NodeState): string | undefined {
    return n.touched ? undefined : String(n.props[P.resourceVersion] ?? '');
  }

  // ---- changing -----------------------------------------------------------------------------

  private setNode(uri: string, next: NodeState | null): void {
    if (!this.firstChange.has(uri)) this.firstChange.set(uri, this.journal.length);
    this.journal.push({ kind: 'node', uri, prev: this.nodes.get(uri) });
    if (!this.nodes.has(uri) && !this.original.has(uri)) this.index(uri);
    this.nodes.set(uri, next);
  }

  private linkEdge(key: string, e: EdgeRecord): void {
    this.edges.set(key, e);
    for (const u of [e.out, e.in]) {
      let s = this.adjacency.get(u);
      if (!s) this.adjacency.set(u, (s = new Set()));
      s.add(key);
    }
  }

  private unlinkEdge(key: string): void {
    const e = this.edges.get(key);
    if (!e) return;
    this.edges.delete(key);
    this.adjacency.get(e.out)?.delete(key);
    this.adjacency.get(e.in)?.delete(key);
  }

  /** Create a node (fresh) under `uri`; the caller checked it is absent. */
  createNode(uri: string, type: string, props: Props): NodeState {
    const n: NodeState = { uri, type, props, fresh: true, touched: true };
    this.setNode(uri, n);
    return n;
  }

  /** Replace an existing node's properties (bookkeeping is kept) and mark it written. */
  updateNode(n: NodeState, schemaProps: Props): NodeState {
    if (n.partial) throw new NotLoadedError(`node ${n.uri} was loaded as a reference only`);
    const kept: Props = {};
    for (const [k, v] of Object.entries(n.props)) if (BOOKKEEPING.has(k) || k === P.resourceVersion) kept[k] = v;
    const next: NodeState = { ...n, props: { ...schemaProps, ...kept }, touched: true };
    this.setNode(n.uri, next);
    return next;
  }

  /** Mark a node written without changing its properties (relationship changes, re-PUT). */
  touch(n: NodeState): NodeState {
    if (n.touched) return n;
    const next: NodeState = { ...n, touched: true };
    this.setNode(n.uri, next);
    return next;
  }

  /** Delete nodes (the caller computed the full cascade), detaching their edges. */
  deleteNodes(uris: readonly string[]): void {
    for (const uri of uris) {
      for (const e of this.edgesOf(uri)) this.removeEdge(e);
      this.setNode(uri, null);
    }
  }

  addEdge(e: EdgeRecord): void {
    const key = edgeKey(e);
    if (this.edges.has(key)) return;
    if (!this.edgesKnown(e.out) && !this.edgesKnown(e.in)) throw new NotLoadedError(`edges of ${e.out} / ${e.in} were not loaded`);
    this.journal.push({ kind: 'edge', key, prev: undefined });
    this.linkEdge(key, e);
  }

  removeEdge(e: EdgeRecord): void {
    const key = edgeKey(e);
    const prev = this.edges.get(key);
    if (!prev) return;
    this.journal.push({ kind: 'edge', key, prev });
    this.unlinkEdge(key);
  }

  mark(): number {
    return this.journal.length;
  }

  /** Undo every change made since `mark`. */
  rollbackTo(mark: number): void {
    while (this.journal.length > mark) {
      const u = this.journal.pop();
      if (!u) break;
      if (u.kind === 'node') {
        if (this.firstChange.get(u.uri) === this.journal.length) this.firstChange.delete(u.uri);
        if (u.prev === undefined) this.nodes.delete(u.uri);
        else this.nodes.set(u.uri, u.prev);
      } else if (u.prev) this.linkEdge(u.key, u.prev);
      else this.unlinkEdge(u.key);
    }
  }

  // ---- writing ------------------------------------------------------------------------------

  /** Largest resource-version among stored nodes this transaction writes or deletes. */
  maxWrittenRv(): number {
    let max = 0;
    for (const [uri, cur] of this.nodes) {
      const rec = this.original.get(uri);
      if (!rec || (cur && !cur.touched && !cur.fresh)) continue;
      const rv = Number(rec.props[P.resourceVersion]);
      if (Number.isFinite(rv) && rv > max) max = rv;
    }
    return max;
  }

  /** The transaction loaded every edge of the node (or knows it has none). */
  edgesLoaded(uri: string): boolean {
    return this.edgesKnown(uri);
  }

  /** The node's edges as stored before the transaction (it loaded them: edgesLoaded). */
  originalEdgesOf(uri: string): EdgeRecord[] {
    if (!this.edgesKnown(uri)) throw new NotLoadedError(`edges of ${uri} were not loaded`);
    return [...this.originalEdges.values()].filter((e) => e.out === uri || e.in === uri);
  }

  /** The order in which the transaction first changed the node (smaller: earlier). */
  changeOrder(uri: string): number {
    return this.firstChange.get(uri) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The node as stored before the transaction (null: absent; undefined: not loaded). */
  stored(uri: string): NodeRecord | null | undefined {
    if (this.original.has(uri)) return this.original.get(uri) ?? null;
    return this.nodeKnown(uri) ? null : undefined;
  }

  /** The node's properties now, when the working set holds all of them (not a reference, loaded). */
  fullProps(uri: string): Props | null | undefined {
    if (!this.nodeKnownFully(uri) && !this.nodes.has(uri)) return undefined;
    const n = this.get(uri);
    if (n === null) return null;
    return n.partial ? undefined : n.props;
  }

  hasChanges(): boolean {
    return this.journal.length > 0;
  }

  changeSet(ctx: WriteContext): ChangeSet {
    const cs: ChangeSet = {
      deleteEdges: [],
      deleteNodes: [],
      createNodes: [],
      updateNodes: [],
      createEdges: [],
      written: {
        [P.resourceVersion]: ctx.resourceVersion,
        [P.lastModTs]: ctx.now,
        [P.lastModSourceOfTruth]: ctx.sourceOfTruth,
        [P.lastModTransactionId]: ctx.transactionId,
      },
      created: { [P.createdTs]: ctx.now, [P.sourceOfTruth]: ctx.sourceOfTruth },
    };
    const replaced = new Set<string>();
    for (const [uri, cur] of this.nodes) {
      const existed = (this.original.get(uri) ?? null) !== null;
      if (existed && (cur === null || cur.fresh)) {
        cs.deleteNodes.push(uri);
        replaced.add(uri);
      }
      if (!cur) continue;
      if (cur.fresh) cs.createNodes.push(this.created(cur));
      else if (cur.touched) cs.updateNodes.push(this.changes(cur));
    }
    for (const [key, e] of this.originalEdges) {
      if (!this.edges.has(key) && !replaced.has(e.out) && !replaced.has(e.in)) cs.deleteEdges.push(e);
    }
    for (const [key, e] of this.edges) {
      if (!this.originalEdges.has(key) || replaced.has(e.out) || replaced.has(e.in)) cs.createEdges.push(e);
    }
    return cs;
  }

  /**
   * An update as the properties that changed, with null for those removed (`SET n += props`).
   * The bookkeeping every write sets (resource-version, last-mod…) is in ChangeSet.written.
   */
  private changes(n: NodeState): NodeRecord {
    // A reference is only ever touched: nothing but the shared bookkeeping changes.
    if (n.partial) return { uri: n.uri, type: n.type, props: {} };
    const before = this.original.get(n.uri)?.props ?? {};
    const delta: Record<string, Props[string] | null> = {};
    for (const [k, v] of Object.entries(n.props)) if (!SHARED.has(k) && !sameValue(before[k], v)) delta[k] = v;
    for (const k of Object.keys(before)) if (!SHARED.has(k) && !(k in n.props)) delta[k] = null;
    return { uri: n.uri, type: n.type, props: delta as Props };
  }

  /** A new node's own properties; ChangeSet.written and ChangeSet.created hold the shared ones. */
  private created(n: NodeState): NodeRecord {
    return { uri: n.uri, type: n.type, props: { ...n.props, [P.uri]: n.uri, [P.nodeType]: n.type, [P.uuid]: randomUUID() } };
  }
}
