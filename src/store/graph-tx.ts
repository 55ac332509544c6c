/**
 * GraphTx over an open Neo4j transaction: loads take the write lock on every node they return
 * before reading it (Neo4j is read-committed: lock, then read), and writes are a handful of
 * UNWIND statements per transaction, sent pipelined. Node labels are dynamic (`$(…)`, Neo4j 5.26);
 * relationship types are static text, one CREATE per type, because a dynamic type in CREATE takes the
 * first row's type for every row on Neo4j 5.26.0 (test/integration/server-compat.test.ts). Both only
 * ever come from the schema's allow-list.
 */
import { int, type Integer } from 'neo4j-driver';
import { edgeKey, P, type CapturedEvents, type ChangeSet, type EventCapture, type Neighbour, type OutboxEvent, type EdgeRecord, type LoadRequest, type LoadResult, type NodeRecord, type Props } from '../domain/model.js';
import type { GraphTx } from '../domain/ports.js';
import type { Schema } from '../schema/schema.js';
import { byPrefix, byUri, quote, toNode, TYPE, URI } from './cypher.js';
import type { StatementRunner } from './driver.js';
import { EVENT_LABEL, NODE_LABEL, PENDING_EVENT_LABEL } from './migrations.js';
import { outboxRecords } from './event-store.js';

// Taking the node's write lock before reading it (Neo4j is read-committed): setting a property takes
// the exclusive lock before comparing values, so re-setting aai-node-type locks without changing
// anything. Not aai-uri: on Neo4j 2026.x, re-setting a uniquely indexed property and then deleting
// the node makes a node created later in the same transaction with that aai-uri fail the uniqueness
// constraint (delete and re-create of one URI in one transaction; server-compat.test.ts).
const LOCK = `SET n.${TYPE} = n.${TYPE}`;

// A transaction sends one load statement and one write statement (every Bolt message and every
// result has a fixed cost on both sides), as CALL subqueries; lookups by URI seek the index (cypher.ts).
const EDGE_ROW = `[n.${URI}, n.${TYPE}, type(e), startNode(e) = n, m.${URI}, m.${TYPE}, elementId(e)]`;

const LOAD_PARTS = {
  // Every node, full or reference, in one sorted list (one lock order); references come back as
  // [id, uri, type, resource-version] lists, not property maps (decoding maps is most of a load's
  // cost). Every row carries the node's element id, used by the write to find it again (below).
  nodes: `CALL { UNWIND $rows AS r ${byUri('n', 'r.u')} ${LOCK}
    RETURN collect(CASE WHEN r.full THEN [elementId(n), properties(n)] ELSE [elementId(n), n.${URI}, n.${TYPE}, n.\`resource-version\`, n.\`aai-uuid\`] END) AS nodes }`,
  descendants: `CALL { UNWIND $prefixes AS pre ${byPrefix('n', 'pre')} ${LOCK} RETURN collect([elementId(n), properties(n)]) AS descendants }`,
  edges: `CALL { UNWIND $edgeUris AS u ${byUri('n', 'u')} MATCH (n)-[e]-(m:${NODE_LABEL}) RETURN collect(${EDGE_ROW}) AS edges }`,
  descendantEdges: `CALL { UNWIND $edgePrefixes AS pre ${byPrefix('n', 'pre')} MATCH (n)-[e]-(m:${NODE_LABEL}) RETURN collect(${EDGE_ROW}) AS descendantEdges }`,
} as const;

// The write finds every node once, up front, into one list `ns`, and each part refers to nodes by
// their position in it: nodes this transaction loaded (and so locked) by element id — a record
// lookup, not an index seek — and any other by aai-uri; nodes it creates are appended, so an edge
// to a node created in the same statement needs no lookup at all. If a node is not found, the
// positions would be wrong: the statement then stops before writing anything and returns no row.
const FIND_PARTS = {
  known: `CALL { UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id RETURN collect(n) AS known }`,
  sought: `CALL { UNWIND $uris AS u ${byUri('n', 'u')} RETURN collect(n) AS sought }`,
} as const;

const WRITE_PARTS = {
  // By the element ids the load read them with: a seek whatever the statistics say (a MATCH, and
  // then a pattern comprehension, between the two bound nodes were planned as a scan of every
  // relationship: on 2026.x, and on any version while the graph has few relationships).
  deletedEdges: `CALL (ns) { UNWIND $deleteEdges AS id MATCH ()-[e]->() WHERE elementId(e) = id DELETE e RETURN count(*) AS deletedEdges }`,
  deletedNodes: `CALL (ns) { UNWIND $deleteNodes AS i WITH ns[i] AS n DETACH DELETE n RETURN count(*) AS deletedNodes }`,
  createdNodes: `CALL (ns) { UNWIND $createNodes AS r CREATE (n:${NODE_LABEL}:$(r.type)) SET n = r.props, n.${TYPE} = r.type, n += $created RETURN collect(n) AS created }`,
  updatedNodes: `CALL (nodes) { UNWIND $updateNodes AS r WITH r, nodes[r.n] AS n SET n += r.props, n += $written RETURN count(*) AS updatedNodes }`,
  // One CALL per relationship type (the type as text; see above), `$createEdges[i]` the pairs of the
  // i-th type in `labels` order; composeWrite replaces this placeholder.
  createdEdges: '',
} as const;

/** A relationship type as Cypher text: backtick-quoted (the schema's labels contain dots). */
const relType = (label: string): string => `\`${label.replaceAll('`', '``')}\``;

function createdEdgesParts(labels: readonly string[]): string[] {
  return labels.map(
    (label, i) =>
      `CALL (nodes) { UNWIND $createEdges[${i}] AS r WITH nodes[r[0]] AS a, nodes[r[1]] AS b CREATE (a)-[:${relType(label)}]->(b) RETURN count(*) AS createdEdges${i} }`,
  );
}

/**
 * What the change events need that the transaction does not hold (src/domain/events/change-events.ts),
 * read by the write statement itself after the writes: an updated node's relationships when the
 * transaction did not load its edges (with its properties when it holds only a reference), and the
 * name properties of nodes known only by reference. Like a GET's relationship-list, edges to the
 * node's own descendants are left out; the other end comes with its name properties only (`names`:
 * every type's, in one projection).
 */
const EVENT_EDGES = (names: string): string =>
  `[(n)-[e]-(m:${NODE_LABEL}) WHERE NOT m.${URI} STARTS WITH n.${URI} + '/' | [type(e), startNode(e) = n, m.${URI}, m.${TYPE}, m{${names}}]]`;

const CAPTURE_PARTS = {
  eventsAfter: (names: string) =>
    `CALL (nodes) { UNWIND $eventsAfter AS r WITH r, nodes[r.n] AS n RETURN collect([r.i, CASE WHEN r.props THEN properties(n) END, ${EVENT_EDGES(names)}]) AS eventsAfter }`,
  eventNames: (names: string) => `CALL { UNWIND $eventNames AS u ${byUri('a', 'u')} RETURN collect([u, a{${names}}]) AS eventNames }`,
} as const;

/** The outbox records of a transaction whose events needed nothing read: written by the write statement itself. */
const OUTBOX_PART = `CALL { UNWIND $outbox AS o CREATE (r:${EVENT_LABEL}:${PENDING_EVENT_LABEL}) SET r = o RETURN count(*) AS outbox }`;
type CapturePart = keyof typeof CAPTURE_PARTS;

type LoadPart = keyof typeof LOAD_PARTS;
type FindPart = keyof typeof FIND_PARTS;
type WritePart = keyof typeof WRITE_PARTS;

/**
 * The statement for the parts a transaction needs: empty parts are left out (each part costs Neo4j
 * something even with nothing to do). One text per combination, so the plan cache holds at most
 * 15 load statements, and a write statement per combination of parts and of the relationship types
 * created (in practice a handful: a request's edges are of one or two types).
 */
function compose<K extends string>(parts: Readonly<Record<K, string>>, used: readonly K[]): string {
  return `${used.map((k) => parts[k]).join('\n')}\nRETURN ${used.join(', ')}`;
}

/**
 * The find parts, `ns`, then the write parts in order; updates and new edges also see new nodes.
 * `labels`: the relationship types created, in the order of `$createEdges` (empty unless createdEdges is used).
 * `capture`: the change events' reads (`names`: the projection of name properties), before and after the writes.
 */
function composeWrite(find: readonly FindPart[], used: readonly WritePart[], labels: readonly string[], capture: readonly CapturePart[] = [], names = '', outbox = false): string {
  const lines: string[] = find.map((k) => FIND_PARTS[k]);
  lines.push(`WITH ${find.length > 0 ? find.join(' + ') : '[]'} AS ns WHERE size(ns) = $found`);
  const seesNewNodes = (k: WritePart): boolean => k === 'updatedNodes' || k === 'createdEdges';
  const text = (k: WritePart): string[] => (k === 'createdEdges' ? createdEdgesParts(labels) : [WRITE_PARTS[k]]);
  lines.push(...used.filter((k) => !seesNewNodes(k)).flatMap(text));
  const after = used.filter(seesNewNodes);
  if (after.length > 0 || capture.includes('eventsAfter')) {
    lines.push(`WITH *, ns${used.includes('createdNodes') ? ' + created' : ''} AS nodes`, ...after.flatMap(text));
  }
  if (capture.includes('eventsAfter')) lines.push(CAPTURE_PARTS.eventsAfter(names));
  if (capture.includes('eventNames')) lines.push(CAPTURE_PARTS.eventNames(names));
  if (outbox) lines.push(OUTBOX_PART);
  const returned = (k: WritePart): string => {
    if (k === 'createdNodes') return 'size(created) AS createdNodes';
    if (k === 'createdEdges') return `${labels.map((_, i) => `createdEdges${i}`).join(' + ')} AS createdEdges`;
    return k;
  };
  return `${lines.join('\n')}\nRETURN ${[...used.map(returned), ...capture, ...(outbox ? ['outbox'] : [])].join(', ')}`;
}

export const Q = {
  load: (used: readonly LoadPart[]): string => compose(LOAD_PARTS, used),
  write: (find: readonly FindPart[], used: readonly WritePart[], labels: readonly string[] = [], capture: readonly CapturePart[] = [], names = '', outbox = false): string =>
    composeWrite(find, used, labels, capture, names, outbox),
  /** The outbox: a transaction's change events, pending until the sequencer numbers them (event-store.ts). */
  recordEvents: `UNWIND $outbox AS o CREATE (r:${EVENT_LABEL}:${PENDING_EVENT_LABEL}) SET r = o`,
  /** Every part, for plan checks (edges of two types). */
  allLoad: compose(LOAD_PARTS, Object.keys(LOAD_PARTS) as LoadPart[]),
  allWrite: composeWrite(
    Object.keys(FIND_PARTS) as FindPart[],
    Object.keys(WRITE_PARTS) as WritePart[],
    ['org.onap.relationships.inventory.BelongsTo', 'tosca.relationships.network.LinksTo'],
    Object.keys(CAPTURE_PARTS) as CapturePart[],
    '.`vserver-name`, .`tenant-name`',
    true,
  ),
};

/** The store's write was not what the plan said (a bug, or the graph changed under a lock). */
export class WriteMismatchError extends Error {
  override name = 'WriteMismatchError';
}

/** A reference row [uri, type, resource-version, aai-uuid] (after the element id). */
function toRef(row: readonly unknown[]): NodeRecord {
  const [uri, type, rv, uuid] = row.map((v) => (v === null || v === undefined ? undefined : String(v)));
  const props: Props = { 'aai-uri': uri ?? '', 'aai-node-type': type ?? '' };
  if (rv !== undefined) props['resource-version'] = rv;
  if (uuid !== undefined) props['aai-uuid'] = uuid;
  return { uri: uri ?? '', type: type ?? '', props, partial: true };
}

/** An edge row [uri, type, label, outgoing, other uri, other type] as a stored edge (out → in). */
function toEdge(row: readonly unknown[]): EdgeRecord {
  const self = { uri: String(row[0]), type: String(row[1]) };
  const other = { uri: String(row[4]), type: String(row[5]) };
  const [out, inn] = row[3] === true ? [self, other] : [other, self];
  return { out: out.uri, in: inn.uri, label: String(row[2]), outType: out.type, inType: inn.type };
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** A node's properties without aai-node-type (set from the row's type). */
function withoutType(props: Props): Props {
  const { [P.nodeType]: _type, ...rest } = props;
  return rest;
}

/** Bookkeeping properties that are whole numbers (epoch milliseconds). */
const INTEGER_BOOKKEEPING: ReadonlySet<string> = new Set([P.createdTs, P.lastModTs]);

/**
 * Properties as Neo4j should store them: whole-number properties (the schema's integer properties
 * of `type`, and the timestamps) as Neo4j integers. The driver sends every JS number as a float,
 * so `10` would be stored as 10.0 (reads give back the same JS number either way; Cypher's type,
 * ordering and indexes would not).
 */
function stored(schema: Schema, type: string | undefined, props: Props): Record<string, unknown> {
  const defs = type === undefined ? {} : schema.type(type).properties;
  const whole = (k: string): boolean => defs[k]?.type === 'integer' || INTEGER_BOOKKEEPING.has(k);
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, typeof v === 'number' && whole(k) ? int(v) : v]));
}

/**
 * Where each node of a change set sits in the write statement's list `ns` (then `nodes`): first the
 * nodes found by element id, then those found by aai-uri, then the nodes the write creates. List
 * indices must be Neo4j integers.
 */
function nodePositions(cs: ChangeSet, known: ReadonlyMap<string, string>) {
  const createdAt = new Map(cs.createNodes.map((n, i) => [n.uri, i]));
  const existing = new Set<string>([...cs.deleteNodes, ...cs.updateNodes.map((n) => n.uri)]);
  for (const e of cs.createEdges) for (const u of [e.out, e.in]) if (!createdAt.has(u)) existing.add(u);
  const ids: string[] = [];
  const uris: string[] = [];
  const byId: string[] = [];
  for (const u of existing) {
    const id = known.get(u);
    if (id === undefined) uris.push(u);
    else {
      ids.push(id);
      byId.push(u);
    }
  }
  const at = new Map<string, Integer>();
  byId.forEach((u, i) => at.set(u, int(i)));
  uris.forEach((u, i) => at.set(u, int(ids.length + i)));
  const found = ids.length + uris.length;
  const before = (u: string): Integer => {
    const i = at.get(u);
    if (i === undefined) throw new Error(`${u} has no place in the write`); // a bug: every end is collected above
    return i;
  };
  /** The node after the deletes and creates: the new one if the write creates it. */
  const after = (u: string): Integer => {
    const c = createdAt.get(u);
    return c === undefined ? before(u) : int(found + c);
  };
  return { ids, uris, found, before, after };
}

/** A map projection's properties without those the node does not have (a projection gives them as null). */
function present(map: unknown): Props {
  return Object.fromEntries(Object.entries((map ?? {}) as Record<string, Props[string] | null>).filter((e): e is [string, Props[string]] => e[1] !== null));
}

const nameProjections = new WeakMap<Schema, string>();
function computeNames(schema: Schema): string {
  const names = new Set<string>();
  for (const type of schema.nodeTypes.keys()) for (const p of schema.type(type).nameProps) names.add(p);
  const text = [...names].sort().map((p) => `.${quote(p)}`).join(', ');
  nameProjections.set(schema, text);
  return text;
}

export class Neo4jGraphTx implements GraphTx {
  /** Element ids of the nodes this transaction loaded and locked, by aai-uri. */
  private readonly ids = new Map<string, string>();
  /** Element ids of the edges it loaded, by edgeKey (more than one only in a corrupt graph). */
  private readonly edgeIds = new Map<string, string[]>();

  constructor(
    private readonly tx: StatementRunner,
    private readonly schema: Schema,
    /** The service keeps an outbox of change events (EVENTS_ENABLED). */
    readonly recordsEvents = false,
    /** Told when the transaction recorded events (the store wakes the sequencer after the commit). */
    private readonly recorded: () => void = () => undefined,
  ) {}

  async load(req: LoadRequest): Promise<LoadResult> {
    // A subtree is its root (exact) plus the prefix `root/`; the edges of a subtree likewise.
    // Lock order is sorted to limit deadlocks.
    const full = new Set([...req.nodes, ...req.subtrees]);
    const params = {
      rows: sorted([...new Set([...full, ...req.refs])]).map((u) => ({ u, full: full.has(u) })),
      prefixes: sorted(req.subtrees.map((r) => `${r}/`)),
      edgeUris: [...new Set([...req.edgesOf, ...req.subtreeEdgesOf])],
      edgePrefixes: req.subtreeEdgesOf.map((r) => `${r}/`),
    };
    const used: LoadPart[] = [];
    if (params.rows.length > 0) used.push('nodes');
    if (params.prefixes.length > 0) used.push('descendants');
    if (params.edgeUris.length > 0) used.push('edges');
    if (params.edgePrefixes.length > 0) used.push('descendantEdges');
    const out: LoadResult = { nodes: [], edges: [] };
    if (used.length === 0) return out;
    const res = await this.tx.run(Q.load(used), params);
    const row = res.records[0];
    if (!row) return out;
    for (const key of ['nodes', 'descendants'] as const) {
      if (!used.includes(key)) continue;
      for (const r of row.get(key) as [string, ...unknown[]][]) {
        const node = r.length === 2 ? toNode(r[1] as Props) : toRef(r.slice(1));
        this.ids.set(node.uri, r[0]);
        out.nodes.push(node);
      }
    }
    const seen = new Set<string>();
    for (const key of ['edges', 'descendantEdges'] as const) {
      if (!used.includes(key)) continue;
      for (const r of row.get(key) as unknown[][]) {
        const e = toEdge(r);
        const k = edgeKey(e);
        const id = String(r[6]);
        const ids = this.edgeIds.get(k) ?? [];
        if (!ids.includes(id)) this.edgeIds.set(k, [...ids, id]);
        if (!seen.has(k)) {
          seen.add(k);
          out.edges.push(e);
        }
      }
    }
    return out;
  }

  /** The element ids of an edge to delete: the transaction loaded every edge it deletes. */
  private edgeIdsOf(e: EdgeRecord): string[] {
    const ids = this.edgeIds.get(edgeKey(e));
    if (ids === undefined) throw new Error(`edge ${e.out} -[${e.label}]-> ${e.in} to delete was not loaded`);
    return ids;
  }

  private checkAllowed(cs: ChangeSet): void {
    for (const n of cs.createNodes) if (!this.schema.nodeTypes.has(n.type)) throw new Error(`node type ${n.type} is not in the schema`);
    for (const e of cs.createEdges) if (!this.schema.edgeRules.labels.has(e.label)) throw new Error(`edge label ${e.label} is not in the schema`);
  }

  async write(cs: ChangeSet, capture?: EventCapture, events?: readonly OutboxEvent[]): Promise<CapturedEvents | undefined> {
    this.checkAllowed(cs);
    const at = nodePositions(cs, this.ids);
    const parts: Record<WritePart, { param: string; rows: unknown[] }> = {
      deletedEdges: { param: 'deleteEdges', rows: cs.deleteEdges.flatMap((e) => this.edgeIdsOf(e)) },
      deletedNodes: { param: 'deleteNodes', rows: cs.deleteNodes.map(at.before) },
      createdNodes: { param: 'createNodes', rows: cs.createNodes.map((n) => ({ type: n.type, props: stored(this.schema, n.type, withoutType(n.props)) })) },
      updatedNodes: { param: 'updateNodes', rows: cs.updateNodes.map((n) => ({ n: at.after(n.uri), props: stored(this.schema, n.type, n.props) })) },
      createdEdges: { param: 'createEdges', rows: cs.createEdges }, // sent grouped by label (below)
    };
    // Edges to create travel grouped by label (sorted, so one set of labels is one statement text).
    const byLabel = new Map<string, Integer[][]>();
    for (const e of cs.createEdges) {
      let rows = byLabel.get(e.label);
      if (!rows) byLabel.set(e.label, (rows = []));
      rows.push([at.after(e.out), at.after(e.in)]);
    }
    const used = (Object.keys(parts) as WritePart[]).filter((k) => parts[k].rows.length > 0);
    if (used.length === 0) return capture ? { after: new Map(), named: new Map() } : undefined;
    const find: FindPart[] = [];
    if (at.ids.length > 0) find.push('known');
    if (at.uris.length > 0) find.push('sought');
    const params: Record<string, unknown> = { ids: at.ids, uris: at.uris, found: at.found };
    for (const k of used) params[parts[k].param] = parts[k].rows;
    const labels = [...byLabel.keys()].sort();
    if (used.includes('createdEdges')) params['createEdges'] = labels.map((label) => byLabel.get(label));
    if (used.includes('updatedNodes')) params['written'] = stored(this.schema, undefined, cs.written);
    if (used.includes('createdNodes')) params['created'] = stored(this.schema, undefined, { ...cs.written, ...cs.created });
    const captureParts: CapturePart[] = [];
    if (capture) {
      if (capture.after.length > 0) captureParts.push('eventsAfter');
      if (capture.named.length > 0) captureParts.push('eventNames');
      params['eventsAfter'] = capture.after.map((r, i) => ({ i: int(i), n: at.after(r.uri), props: r.props }));
      params['eventNames'] = capture.named;
    }
    const outbox = events !== undefined && events.length > 0;
    if (outbox) params['outbox'] = outboxRecords(events);
    const res = await this.tx.run(Q.write(find, used, labels, captureParts, captureParts.length > 0 ? this.nameProjection() : '', outbox), params);
    const row = res.records[0];
    if (!row) throw new WriteMismatchError(`${at.found} nodes to find, not all found`);
    for (const key of used) {
      const got = Number(row.get(key));
      if (got !== parts[key].rows.length) throw new WriteMismatchError(`${key}: ${got} of ${parts[key].rows.length}`);
    }
    for (const u of cs.deleteNodes) this.ids.delete(u);
    for (const e of cs.deleteEdges) this.edgeIds.delete(edgeKey(e));
    if (outbox) this.recorded();
    if (!capture) return undefined;
    const out: CapturedEvents = { after: new Map(), named: new Map() };
    const neighbours = (uri: string, rows: unknown[][]): Neighbour[] =>
      rows.map((e) => ({ uri, label: String(e[0]), outgoing: e[1] === true, otherUri: String(e[2]), otherType: String(e[3]), otherProps: present(e[4]) }));
    if (captureParts.includes('eventsAfter')) {
      for (const [i, props, edges] of row.get('eventsAfter') as [unknown, Props | null, unknown[][]][]) {
        const uri = capture.after[Number(i)]?.uri ?? '';
        out.after.set(uri, { ...(props ? { props } : {}), neighbours: neighbours(uri, edges) });
      }
    }
    if (captureParts.includes('eventNames')) for (const [u, p] of row.get('eventNames') as [string, unknown][]) out.named.set(u, present(p));
    return out;
  }

  /** Every type's name properties, as one map projection (`.a, .b`): the relationship-list's related-to-property. */
  private nameProjection(): string {
    return nameProjections.get(this.schema) ?? computeNames(this.schema);
  }

  async recordEvents(events: readonly OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.tx.run(Q.recordEvents, { outbox: outboxRecords(events) });
    this.recorded();
  }
}
