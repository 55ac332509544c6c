/**
 * The diff of a declarative sync: the desired state of a scope (src/domain/sync/sync-input.ts)
 * against what the store holds, read page by page (sync-scope.ts).
 *
 *  - An object desired and stored is `update`d when a PUT of its desired body would change a
 *    property, or when its relationships differ; else `unchanged`.
 *  - An object desired and not stored is a `create`; its parent must be desired too, or stored.
 *  - An object stored in the scope and not desired is a `delete` only with prune, only when its
 *    source-of-truth is the caller's, and only when deleting it (its subtree and its delete-other-v
 *    neighbours: A&AI's cascade) deletes nothing else than such objects. Else it is a `skip`, with
 *    the reason. The ancestors of desired objects and the targets of desired relationships are
 *    never deleted.
 *  - Relationships: a desired object with a relationship-list has exactly the relationships that
 *    it, or any other desired object, lists (both ends of a relationship may list it, as an export
 *    does). A desired object without a relationship-list keeps its own, as a PUT without one does.
 *
 * The base token is a hash of the scope and of every stored object in it (URI, resource-version,
 * relationships): any write in the scope since the diff changes it.
 */
import { createHash } from 'node:crypto';
import { AaiError } from '../../errors.js';
import { actsFrom, isTreeRule } from '../../schema/edge-rules.js';
import type { Schema } from '../../schema/schema.js';
import { BOOKKEEPING, edgeKey, P, type EdgeRecord, type Neighbour, type Scalar } from '../model.js';
import type { GraphStorePort } from '../ports.js';
import { chooseRule } from '../relationships.js';
import type { DesiredObject, SyncInput, SyncScope } from './sync-input.js';
import { scopePages } from './sync-scope.js';

export type SyncAction = 'create' | 'update' | 'delete' | 'skip' | 'unchanged';

export interface PropertyChange {
  old?: Scalar;
  new?: Scalar;
}

/** A relationship as the diff shows it: the other end. */
export interface RelatedRef {
  'related-to': string;
  'related-link': string;
  'relationship-label': string;
}

export interface SyncChange {
  action: SyncAction;
  uri: string;
  type: string;
  'resource-version'?: string;
  /** The object's source-of-truth (deletes and skips). */
  owner?: string;
  reason?: string;
  properties?: Record<string, PropertyChange>;
  relationships?: { added?: RelatedRef[]; removed?: RelatedRef[] };
}

export interface SyncSummary {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
  skip: number;
  'relationships-added': number;
  'relationships-removed': number;
}

/** An edge the apply adds or removes, from the desired end that owns the change. */
export interface EdgeChange {
  /** The end whose …/relationship-list/relationship endpoint is used. */
  at: string;
  other: { uri: string; type: string };
  label: string;
}

/** What an apply does, in its order (src/domain/sync/sync-plan.ts). */
export interface SyncPlan {
  updates: { uri: string; type: string; rv: string; object: DesiredObject }[];
  /** Parents first; each with the new relationships whose other end exists by then (in its PUT's relationship-list). */
  creates: { object: DesiredObject; relationships: EdgeChange[] }[];
  edgeRemovals: EdgeChange[];
  edgeAdds: EdgeChange[];
  /** Children before their parents. */
  deletes: { uri: string; rv: string }[];
}

export interface SyncDiff {
  base: string;
  scope: SyncScope;
  summary: SyncSummary;
  /** In URI order; unchanged objects only when asked for. */
  changes: SyncChange[];
  plan: SyncPlan;
}

export interface DiffOptions {
  prune: boolean;
  /** List unchanged objects among the changes (they are always counted). */
  listUnchanged: boolean;
  /** Scope page size (tests use small pages to cross page boundaries). */
  pageSize?: number;
}

const LINK_PREFIX = '/aai/v15';

/** A stored object of the scope that is not desired. */
interface Extra {
  uri: string;
  type: string;
  rv: string;
  owner: string;
}

interface StoredEnd {
  type: string;
  rv: string;
  /** Its cousin edges (relationships), by edge key. */
  edges: Map<string, EdgeRecord>;
}

function sameValue(a: Scalar | undefined, b: Scalar | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

function isRelationship(schema: Schema, e: EdgeRecord): boolean {
  const rule = schema.edgeRules.forStored(e.outType, e.inType, e.label);
  return rule !== undefined && !isTreeRule(rule) && !rule.isPrivate;
}

function edgeOf(uri: string, type: string, n: Neighbour): EdgeRecord {
  return n.outgoing
    ? { out: uri, in: n.otherUri, label: n.label, outType: type, inType: n.otherType }
    : { out: n.otherUri, in: uri, label: n.label, outType: n.otherType, inType: type };
}

/** The other end of an edge seen from `uri`, as the diff shows it. */
function relatedRef(e: EdgeRecord, uri: string): RelatedRef {
  const [otherUri, otherType] = e.out === uri ? [e.in, e.inType] : [e.out, e.outType];
  return { 'related-to': otherType, 'related-link': `${LINK_PREFIX}${otherUri}`, 'relationship-label': e.label };
}

const uriOrder = (a: { uri: string }, b: { uri: string }): number => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);

function parentUri(uri: string, byUri: { has(uri: string): boolean }): string | undefined {
  // A parent's URI is a prefix of its child's ending at a '/': try each, longest first.
  for (let i = uri.lastIndexOf('/'); i > 0; i = uri.lastIndexOf('/', i - 1)) {
    const p = uri.slice(0, i);
    if (byUri.has(p)) return p;
  }
  return undefined;
}

/** The desired relationships, by edge key, each with the desired object that lists it first. */
function desiredEdges(schema: Schema, objects: ReadonlyMap<string, DesiredObject>): Map<string, { edge: EdgeRecord; at: string }> {
  const out = new Map<string, { edge: EdgeRecord; at: string }>();
  for (const o of objects.values()) {
    for (const rel of o.relationships ?? []) {
      try {
        if (rel.target instanceof AaiError) throw rel.target;
        const { edge } = chooseRule(schema, o, rel.target, rel.label);
        const key = edgeKey(edge);
        if (!out.has(key)) out.set(key, { edge, at: o.uri });
      } catch (e) {
        if (e instanceof AaiError) throw e.withDetail(`${o.uri}: ${e.detail ?? e.def.message}`);
        throw e;
      }
    }
  }
  return out;
}

/** The diff of the desired state against the store (nothing is written). */
export async function computeDiff(store: GraphStorePort, schema: Schema, input: SyncInput, opts: DiffOptions): Promise<SyncDiff> {
  const { scope, objects } = input;
  const wanted = desiredEdges(schema, objects);
  // One digest per stored object, combined in URI order at the end: pages may come in any order.
  const digests: string[] = [];
  const stored = new Map<string, StoredEnd>();
  const extras: Extra[] = [];
  const changes: SyncChange[] = [];
  const plan: SyncPlan = { updates: [], creates: [], edgeRemovals: [], edgeAdds: [], deletes: [] };
  let unchanged = 0;

  for await (const page of scopePages(store, schema, scope, { otherProps: false, pageSize: opts.pageSize })) {
    for (const { node, edges } of page) {
      const rv = String(node.props[P.resourceVersion] ?? '');
      const cousins = edges.map((n) => edgeOf(node.uri, node.type, n)).filter((e) => isRelationship(schema, e));
      digests.push(createHash('sha256').update(`${node.uri}\u0000${rv}\u0000${cousins.map(edgeKey).sort().join('\u0001')}`).digest('base64url'));
      const want = objects.get(node.uri);
      if (!want) {
        extras.push({ uri: node.uri, type: node.type, rv, owner: String(node.props[P.sourceOfTruth] ?? '') });
        continue;
      }
      stored.set(node.uri, { type: node.type, rv, edges: new Map(cousins.map((e) => [edgeKey(e), e])) });
      const properties: Record<string, PropertyChange> = {};
      for (const [k, v] of Object.entries(want.props)) if (!sameValue(v, node.props[k])) properties[k] = node.props[k] === undefined ? { new: v } : { old: node.props[k], new: v };
      for (const [k, v] of Object.entries(node.props)) {
        if (BOOKKEEPING.has(k) || k === P.resourceVersion || k in want.props) continue;
        properties[k] = { old: v };
      }
      if (Object.keys(properties).length > 0) {
        changes.push({ action: 'update', uri: node.uri, type: node.type, 'resource-version': rv, properties });
        plan.updates.push({ uri: node.uri, type: node.type, rv, object: want });
      }
    }
  }

  // Creates: every desired object not stored, parents before children (URI order).
  const creates = [...objects.values()].filter((o) => !stored.has(o.uri)).sort(uriOrder);
  const extraByUri = new Map(extras.map((x) => [x.uri, x]));
  const missingParents = creates.filter((o) => o.parent && !objects.has(o.parent.uri) && !extraByUri.has(o.parent.uri) && !stored.has(o.parent.uri));
  const outside = new Set(
    await lookup(
      store,
      missingParents.map((o) => o.parent?.uri ?? ''),
    ),
  );
  for (const o of missingParents) {
    if (o.parent && !outside.has(o.parent.uri)) throw new AaiError('AAI_6114', `No parent Node of type ${o.parent.type} for ${o.uri}`);
  }
  for (const o of creates) {
    const properties: Record<string, PropertyChange> = {};
    for (const [k, v] of Object.entries(o.props)) properties[k] = { new: v };
    changes.push({ action: 'create', uri: o.uri, type: o.type, properties });
    plan.creates.push({ object: o, relationships: [] });
  }

  // Relationships: the desired ones not stored are added; a managed object's stored ones not desired are removed.
  const exists = (key: string, e: EdgeRecord): boolean => (stored.get(e.out)?.edges.has(key) ?? false) || (stored.get(e.in)?.edges.has(key) ?? false);
  const targets = new Set<string>();
  const added: { edge: EdgeRecord; at: string }[] = [];
  for (const [key, w] of wanted) {
    for (const end of [w.edge.out, w.edge.in]) if (!objects.has(end)) targets.add(end);
    if (!exists(key, w.edge)) added.push(w);
  }
  const unknownTargets = [...targets].filter((t) => !extraByUri.has(t));
  const found = new Set(await lookup(store, unknownTargets));
  for (const t of unknownTargets) {
    if (!found.has(t)) {
      const w = [...wanted.values()].find((x) => x.edge.out === t || x.edge.in === t);
      const type = w ? (w.edge.out === t ? w.edge.outType : w.edge.inType) : '';
      throw new AaiError('AAI_6129', `Node of type ${type}. Could not find object at: ${t} (a relationship of ${w?.at ?? ''})`, { extraVars: [type, t] });
    }
  }
  const removed = new Map<string, { edge: EdgeRecord; at: string }>();
  for (const [uri, s] of stored) {
    if (objects.get(uri)?.relationships === undefined) continue;
    for (const [key, e] of s.edges) if (!wanted.has(key) && !removed.has(key)) removed.set(key, { edge: e, at: uri });
  }

  // Prune: what is stored and not desired.
  const keep = new Map<string, string>();
  for (const o of objects.values()) for (let p = o.parent?.uri; p !== undefined; p = parentUri(p, extraByUri)) if (extraByUri.has(p)) keep.set(p, 'it holds desired objects');
  for (const t of targets) if (extraByUri.has(t)) keep.set(t, 'a desired object relates to it');
  const candidates = new Set<string>();
  for (const x of extras) {
    if (!opts.prune) keep.set(x.uri, 'not in the desired state (prune not requested)');
    else if (x.owner !== scope.owner) keep.set(x.uri, `owned by ${x.owner === '' ? 'no source of truth' : x.owner}`);
    if (!keep.has(x.uri)) candidates.add(x.uri);
  }
  if (candidates.size > 0) for (const [uri, reason] of await blockedDeletes(store, schema, candidates)) keep.set(uri, reason);
  for (const x of extras) {
    const reason = keep.get(x.uri);
    if (reason === undefined) {
      changes.push({ action: 'delete', uri: x.uri, type: x.type, 'resource-version': x.rv, owner: x.owner });
      plan.deletes.push({ uri: x.uri, rv: x.rv });
    } else changes.push({ action: 'skip', uri: x.uri, type: x.type, owner: x.owner, reason });
  }
  plan.deletes.sort((a, b) => -uriOrder(a, b));
  const deleted = new Set(plan.deletes.map((d) => d.uri));

  // Relationship changes on the objects the diff shows (and in the plan, unless a delete removes them).
  const byUri = new Map<string, SyncChange>();
  for (const c of changes) byUri.set(c.uri, c);
  const note = (e: EdgeRecord, kind: 'added' | 'removed'): void => {
    for (const end of [e.out, e.in]) {
      if (!objects.has(end)) continue;
      let c = byUri.get(end);
      if (!c) {
        const s = stored.get(end);
        const o = objects.get(end);
        c = { action: 'update', uri: end, type: o?.type ?? '', 'resource-version': s?.rv ?? '' };
        byUri.set(end, c);
        changes.push(c);
      }
      c.relationships ??= {};
      (c.relationships[kind] ??= []).push(relatedRef(e, end));
    }
  };
  for (const r of removed.values()) {
    if (deleted.has(r.edge.out) || deleted.has(r.edge.in)) continue;
    note(r.edge, 'removed');
    plan.edgeRemovals.push(edgeChange(r.edge, r.at));
  }
  // A new relationship of a created object goes in the PUT of whichever end is created last (the
  // other exists by then); only one between two stored objects needs its own operation.
  const createdAt = new Map(plan.creates.map((c, i) => [c.object.uri, i]));
  for (const a of added) {
    note(a.edge, 'added');
    const [i, j] = [createdAt.get(a.edge.out) ?? -1, createdAt.get(a.edge.in) ?? -1];
    if (i < 0 && j < 0) plan.edgeAdds.push(edgeChange(a.edge, a.at));
    else plan.creates[Math.max(i, j)]?.relationships.push(edgeChange(a.edge, i > j ? a.edge.out : a.edge.in));
  }
  for (const uri of stored.keys()) {
    if (byUri.has(uri)) continue;
    unchanged++;
    if (opts.listUnchanged) changes.push({ action: 'unchanged', uri, type: stored.get(uri)?.type ?? '' });
  }
  changes.sort(uriOrder);
  const count = (a: SyncAction): number => changes.filter((c) => c.action === a).length;
  return {
    base: baseToken(scope, digests),
    scope,
    summary: {
      create: count('create'),
      update: count('update'),
      delete: count('delete'),
      unchanged,
      skip: count('skip'),
      'relationships-added': added.length,
      'relationships-removed': plan.edgeRemovals.length,
    },
    changes,
    plan,
  };
}

/** The scope and its stored objects' digests, in a fixed order, as one token. */
function baseToken(scope: SyncScope, digests: string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(scope));
  for (const d of digests.sort()) hash.update(d);
  return hash.digest('base64url').slice(0, 32);
}

function edgeChange(e: EdgeRecord, at: string): EdgeChange {
  return e.out === at ? { at, other: { uri: e.in, type: e.inType }, label: e.label } : { at, other: { uri: e.out, type: e.outType }, label: e.label };
}

/** Which of the URIs are stored (read in batches). */
async function lookup(store: GraphStorePort, uris: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < uris.length; i += 1000) {
    const batch = uris.slice(i, i + 1000);
    out.push(...(await store.read((r) => r.nodes(batch))).map((n) => n.uri));
  }
  return out;
}

/** How many nodes one cascade read may bring (the delete of one subtree: far more than a write may touch). */
const CASCADE_LIMIT = 1_000_000;

/**
 * The candidates whose delete would delete something that is not a candidate, each with the reason:
 * A&AI's cascade (the subtree, and delete-other-v neighbours, transitively), read level by level.
 * A candidate is blocked when its cascade reaches a node that is not a candidate.
 */
async function blockedDeletes(store: GraphStorePort, schema: Schema, candidates: ReadonlySet<string>): Promise<Map<string, string>> {
  /** Each node of the cascades, with the nodes whose delete reaches it (its parent, delete-other-v sources). */
  const reachedFrom = new Map<string, Set<string>>();
  const info = new Map<string, { type: string; owner: string }>();
  const reach = (to: string, from: string | undefined): void => {
    let s = reachedFrom.get(to);
    if (!s) reachedFrom.set(to, (s = new Set()));
    if (from !== undefined) s.add(from);
  };
  let level = [...candidates].filter((c) => parentUri(c, candidates) === undefined);
  for (const c of level) reach(c, undefined);
  while (level.length > 0) {
    const next = new Set<string>();
    for (let i = 0; i < level.length; i += 500) {
      const batch = level.slice(i, i + 500);
      const { nodes, edges } = await store.read(async (r) => {
        const roots = await r.nodes(batch);
        const below = await r.descendants(batch, CASCADE_LIMIT);
        const all = [...roots, ...below];
        return { nodes: all, edges: await r.edges(all.map((n) => n.uri), CASCADE_LIMIT) };
      });
      const known = new Map(nodes.map((n) => [n.uri, n]));
      for (const n of nodes) {
        info.set(n.uri, { type: n.type, owner: String(n.props[P.sourceOfTruth] ?? '') });
        const parent = parentUri(n.uri, known);
        if (!batch.includes(n.uri)) reach(n.uri, parent);
      }
      for (const e of edges) {
        const own = known.get(e.uri)?.type ?? '';
        const rule = e.outgoing ? schema.edgeRules.forStored(own, e.otherType, e.label) : schema.edgeRules.forStored(e.otherType, own, e.label);
        if (!rule || !actsFrom(rule, 'deleteOtherV', e.outgoing)) continue;
        if (!reachedFrom.has(e.otherUri)) next.add(e.otherUri);
        reach(e.otherUri, e.uri);
      }
    }
    level = [...next];
  }
  // Walk back from every node that is not a candidate: whatever reaches it is blocked.
  const blocked = new Map<string, string>();
  const queue: [string, string][] = [];
  for (const uri of reachedFrom.keys()) {
    if (candidates.has(uri)) continue;
    const i = info.get(uri);
    queue.push([uri, `deleting it would delete ${uri}${i ? ` (${i.type}, owned by ${i.owner === '' ? 'no source of truth' : i.owner}, not to be deleted)` : ''}`]);
  }
  while (queue.length > 0) {
    const [uri, reason] = queue.pop() ?? ['', ''];
    for (const from of reachedFrom.get(uri) ?? []) {
      if (blocked.has(from) || !candidates.has(from)) continue;
      blocked.set(from, reason);
      queue.push([from, reason]);
    }
  }
  return blocked;
}
