/**
 * The change events of one committed write: one per object the write created, updated or deleted,
 * the objects at the other end of a changed relationship included (A&AI's "both sides"), in the
 * order the transaction first changed them. Built in two steps around the store's write: `plan`
 * says what the write must also read (relationships and names that the working set does not hold),
 * `events` renders each event from the working set and what was read, as the outbox stores it.
 *
 * The entity of an event is what a GET of the object at depth 0 answers after the change (before
 * it, for a delete): its properties, resource-version and relationship-list, wrapped in its
 * ancestors up to the top entity (each ancestor with its keys and name properties, as A&AI's
 * URIToObject builds it). Inside one Neo4j transaction (a bulk request's A&AI transactions run in
 * one), an object created and then changed is one CREATE with its final state; one created and
 * deleted again was never visible and has no event.
 */
import { hrtime } from 'node:process';
import { isTreeRule } from '../../schema/edge-rules.js';
import type { Schema } from '../../schema/schema.js';
import { parseNodePath, storedUriChain, type NodeRef } from '../../uri/aai-uri.js';
import { P, type CapturedEvents, type ChangeSet, type EdgeRecord, type EventCapture, type Neighbour, type NodeRecord, type OutboxEvent, type Props, type Scalar } from '../model.js';
import { renderObject, type Json } from '../read.js';
import { compactDelta, derivableDeltas } from './aai-event.js';
import type { WorkingSet, WriteContext } from '../working-set.js';

type Action = OutboxEvent['action'];

interface Change {
  uri: string;
  type: string;
  action: Action;
  /** The properties before the change (UPDATE, DELETE); `partial`: only those of a reference. */
  before?: { props: Props; partial: boolean };
  /** The properties after the change (CREATE, UPDATE); undefined: the write reads them. */
  after?: Props;
  order: number;
}

export interface EventPlan {
  capture: EventCapture;
  /** The outbox rows, once the write has read what `capture` asked for. */
  events(captured: CapturedEvents): OutboxEvent[];
}

const SHARED_AFTER = (cs: ChangeSet, created: boolean): Props => (created ? { ...cs.written, ...cs.created } : cs.written);

/** Every node the change set creates, updates or deletes, with what the working set knows of it. */
function changesOf(ws: WorkingSet, cs: ChangeSet): Change[] {
  const out: Change[] = [];
  const storedProps = (uri: string): { props: Props; partial: boolean } | undefined => {
    const rec = ws.stored(uri);
    return rec ? { props: rec.props, partial: rec.partial === true } : undefined;
  };
  for (const uri of cs.deleteNodes) {
    const rec = ws.stored(uri);
    if (rec) out.push({ uri, type: rec.type, action: 'DELETE', before: { props: rec.props, partial: rec.partial === true }, order: ws.changeOrder(uri) });
  }
  for (const n of cs.createNodes) {
    out.push({ uri: n.uri, type: n.type, action: 'CREATE', after: { ...n.props, ...SHARED_AFTER(cs, true) }, order: ws.changeOrder(n.uri) });
  }
  for (const n of cs.updateNodes) {
    const now = ws.fullProps(n.uri);
    const before = storedProps(n.uri);
    const change: Change = { uri: n.uri, type: n.type, action: 'UPDATE', order: ws.changeOrder(n.uri) };
    if (before) change.before = before;
    if (now) change.after = { ...now, ...SHARED_AFTER(cs, false) };
    out.push(change);
  }
  // A replaced node (deleted, then created again under its URI) reports its delete first.
  const rank = (c: Change): number => (c.action === 'DELETE' ? 0 : 1);
  return out.sort((a, b) => a.order - b.order || rank(a) - rank(b) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}

/** Orders events: rows of one transaction by position; transactions by resource-version, then by this process's clock. */
function eventKey(resourceVersion: string, at: bigint, index: number): string {
  return `${resourceVersion.padStart(16, '0')}.${at.toString().padStart(20, '0')}.${String(index).padStart(6, '0')}`;
}

export function planEvents(schema: Schema, ws: WorkingSet, cs: ChangeSet, ctx: WriteContext): EventPlan | undefined {
  const changes = changesOf(ws, cs);
  if (changes.length === 0) return undefined;
  // Names (ancestors' and relationship ends') from the working set when it holds the node whole.
  const names = new Map<string, Props>();
  const lookups = new Set<string>();
  const needName = (uri: string, type: string): void => {
    if (schema.type(type).nameProps.length === 0 || names.has(uri)) return;
    const now = ws.fullProps(uri);
    const rec = ws.stored(uri);
    const props = now ?? (rec && !rec.partial ? rec.props : undefined);
    if (props) names.set(uri, props);
    else lookups.add(uri);
  };
  // Relationships from the working set when the transaction loaded the object's edges (every
  // created and deleted object, and updated ones whose relationships it changed); else read.
  const edges = new Map<string, EdgeRecord[]>();
  const chains = new Map<string, readonly NodeRef[]>();
  for (const c of changes) {
    const chain = storedUriChain(schema, c.uri) ?? parseNodePath(schema, c.uri).chain;
    chains.set(c.uri, chain);
    for (const a of chain.slice(0, -1)) needName(a.uri, a.type);
    const known = c.action === 'DELETE' ? ws.originalEdgesOf(c.uri) : ws.edgesLoaded(c.uri) ? ws.edgesOf(c.uri) : undefined;
    if (!known) continue;
    const own = known.filter((e) => !isUnder(otherEnd(e, c.uri).uri, c.uri));
    edges.set(`${c.action}\u0000${c.uri}`, own);
    for (const e of own) {
      const other = otherEnd(e, c.uri);
      needName(other.uri, other.type);
    }
  }
  const capture: EventCapture = {
    after: changes.filter((c) => c.action !== 'DELETE' && (c.after === undefined || !edges.has(`${c.action}\u0000${c.uri}`))).map((c) => ({ uri: c.uri, props: c.after === undefined })),
    named: [...lookups],
  };
  const uuids = uuidsOf(ws, cs);
  const changedEdges = relationshipDeltasByNode(schema, cs, uuids);
  const at = hrtime.bigint();
  return {
    capture,
    events(captured) {
      for (const [u, p] of captured.named) names.set(u, p);
      return changes.map((c, i) => {
        const read = c.action === 'DELETE' ? undefined : captured.after.get(c.uri);
        const props = c.action === 'DELETE' ? (c.before?.props ?? {}) : (c.after ?? read?.props ?? {});
        const known = edges.get(`${c.action}\u0000${c.uri}`);
        const neighbours: Neighbour[] = known
          ? known.map((e) => {
              const other = otherEnd(e, c.uri);
              return { uri: c.uri, label: e.label, outgoing: e.out === c.uri, otherUri: other.uri, otherType: other.type, otherProps: names.get(other.uri) ?? {} };
            })
          : (read?.neighbours ?? []);
        const node: NodeRecord = { uri: c.uri, type: c.type, props };
        const chain = chains.get(c.uri) ?? [];
        const top = chain[0] ?? { type: c.type, uri: c.uri };
        const object = renderObject(schema, node, neighbours);
        const full = objectDelta(c, props, changedEdges.get(c.uri) ?? []);
        return {
          key: eventKey(ctx.resourceVersion, at, i),
          transactionId: ctx.transactionId,
          sourceName: ctx.sourceOfTruth,
          action: c.action,
          uri: c.uri,
          type: c.type,
          topType: top.type,
          topUri: top.uri,
          ts: ctx.now,
          entity: JSON.stringify(wrapInAncestors(schema, chain, object, names)),
          // Only what the entity and the event's own fields do not already say (aai-event.ts expands it).
          delta: JSON.stringify(compactDelta(full, derivableDeltas(c.action, object, { uri: c.uri, type: c.type, ts: ctx.now, sourceName: ctx.sourceOfTruth, transactionId: ctx.transactionId }))),
        };
      });
    },
  };
}

const isUnder = (uri: string, root: string): boolean => uri.startsWith(`${root}/`);

/** The end of an edge that is not `uri`. */
function otherEnd(e: EdgeRecord, uri: string): { uri: string; type: string } {
  return e.out === uri ? { uri: e.in, type: e.inType } : { uri: e.out, type: e.outType };
}

/**
 * The object inside its ancestors, up to the top entity: each ancestor with its keys (from the URI)
 * and its name properties, holding only the path down to the object (A&AI's EntityConverter).
 */
export function wrapInAncestors(schema: Schema, chain: readonly NodeRef[], entity: Json, ancestorProps: ReadonlyMap<string, Props>): Json {
  let inner = entity;
  for (let i = chain.length - 2; i >= 0; i--) {
    const ref = chain[i];
    const child = chain[i + 1];
    if (!ref || !child) break;
    const def = schema.type(ref.type);
    const outer: Json = {};
    for (const k of def.keys) outer[k] = ref.keys[k] ?? '';
    const props = ancestorProps.get(ref.uri) ?? {};
    for (const p of def.nameProps) if (props[p] !== undefined && !(p in outer)) outer[p] = props[p];
    const slot = def.children.find((c) => c.type === child.type && child.uri.startsWith(`${ref.uri}/${c.path.join('/')}/`));
    if (!slot) break; // a bug: the URI parsed, so its containment is in the schema
    outer[slot.attribute] = slot.wrapper ? { [slot.element]: [inner] } : [inner];
    inner = outer;
  }
  return inner;
}

/** aai-uuid of every node the change set names, for relationship deltas. */
function uuidsOf(ws: WorkingSet, cs: ChangeSet): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of cs.createNodes) {
    const uuid = n.props[P.uuid];
    if (typeof uuid === 'string') out.set(n.uri, uuid);
  }
  const ends = new Set<string>();
  for (const e of [...cs.createEdges, ...cs.deleteEdges]) ends.add(e.out).add(e.in);
  for (const u of ends) {
    if (out.has(u)) continue;
    const rec = ws.stored(u);
    const uuid = rec?.props[P.uuid];
    if (typeof uuid === 'string') out.set(u, uuid);
  }
  return out;
}

function isContainment(schema: Schema, e: EdgeRecord): boolean {
  const rule = schema.edgeRules.forStored(e.outType, e.inType, e.label);
  return rule !== undefined && isTreeRule(rule);
}

const same = (a: Scalar | undefined, b: Scalar | undefined): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

/** Properties that identify the object: A&AI's delta lists them as STATIC on an update. */
const STATIC_PROPS = [P.uri, P.nodeType, P.uuid];

/**
 * A&AI's ObjectDelta (util/delta): each property with its action, value and old value, and each
 * relationship this write created or deleted at the object. A reference's old bookkeeping values
 * (last-mod time, source and transaction of an object only touched by a relationship change) are
 * not loaded: only its old resource-version is given.
 */
function objectDelta(c: Change, after: Props, relationships: Json[]): { p: Json; r: Json[] } {
  const deltas: Json = {};
  const before = c.before?.props ?? {};
  if (c.action === 'CREATE') {
    for (const [k, v] of Object.entries(after)) deltas[k] = { action: 'CREATE', value: v };
  } else if (c.action === 'DELETE') {
    for (const [k, v] of Object.entries(before)) deltas[k] = { action: 'DELETE', value: v, 'old-value': v };
  } else {
    for (const k of STATIC_PROPS) {
      const v = after[k] ?? before[k];
      if (v !== undefined) deltas[k] = { action: 'STATIC', value: v };
    }
    for (const [k, v] of Object.entries(after)) {
      if (STATIC_PROPS.includes(k as (typeof STATIC_PROPS)[number]) || same(before[k], v)) continue;
      if (before[k] === undefined && c.before?.partial && k !== P.resourceVersion) deltas[k] = { action: 'UPDATE', value: v };
      else deltas[k] = before[k] === undefined ? { action: 'CREATE', value: v } : { action: 'UPDATE', value: v, 'old-value': before[k] };
    }
    if (!c.before?.partial) for (const [k, v] of Object.entries(before)) if (after[k] === undefined) deltas[k] = { action: 'DELETE', value: null, 'old-value': v };
  }
  return { p: deltas, r: relationships };
}

/**
 * The relationship deltas of the write, by the URI of each end: the relationships it created or
 * deleted, as the relationship-list shows them (containment, parent and children, is in the URIs).
 */
function relationshipDeltasByNode(schema: Schema, cs: ChangeSet, uuids: ReadonlyMap<string, string>): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  const add = (action: Action, e: EdgeRecord): void => {
    if (isContainment(schema, e)) return;
    const delta: Json = { action, 'in-v-uuid': uuids.get(e.in) ?? null, 'out-v-uuid': uuids.get(e.out) ?? null, 'in-v-uri': e.in, 'out-v-uri': e.out, label: e.label, props: {} };
    for (const u of [e.out, e.in]) {
      const list = out.get(u);
      if (list) list.push(delta);
      else out.set(u, [delta]);
    }
  };
  for (const e of cs.deleteEdges) add('DELETE', e);
  for (const e of cs.createEdges) add('CREATE', e);
  return out;
}
