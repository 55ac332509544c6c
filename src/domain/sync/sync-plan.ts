/**
 * A sync's apply as bulkprocess transactions, one A&AI transaction per object or relationship (so
 * one failure — a concurrent change, a prevent-delete edge — fails that object alone), in an order
 * where each step finds what it needs:
 *   1. updates: PUT of the desired body with the resource-version the diff read (a change since
 *      fails it with A&AI's 412), without relationship-list or children, which stay as they are;
 *   2. creates, parents before children (URI order), each with the new relationships whose other
 *      end exists by then (stored, or created earlier in the plan) in its relationship-list;
 *   3. relationship removals, then additions between stored objects (…/relationship-list/relationship);
 *   4. deletes, children before parents, each with the resource-version the diff read.
 * Updates come first because a relationship change gives both ends a new resource-version.
 */
import type { Schema } from '../../schema/schema.js';
import { P } from '../model.js';
import type { EdgeChange, SyncPlan } from './sync-diff.js';
import type { DesiredObject } from './sync-input.js';

type Json = Record<string, unknown>;

/** The desired object as a PUT body: its properties in the schema's order (no relationships, no children). */
export function bodyOf(schema: Schema, o: DesiredObject, rv?: string): Json {
  const def = schema.type(o.type);
  const out: Json = {};
  for (const attr of def.attributeOrder) {
    if (attr === P.resourceVersion) continue;
    const v = attr in def.properties ? o.props[attr] : undefined;
    if (v !== undefined) out[attr] = v;
  }
  if (rv !== undefined) out[P.resourceVersion] = rv;
  return out;
}

function relationshipBody(e: EdgeChange): Json {
  return { 'related-to': e.other.type, 'related-link': `/aai/v15${e.other.uri}`, 'relationship-label': e.label };
}

function relationshipOp(e: EdgeChange): Json {
  return { uri: `${e.at}/relationship-list/relationship`, body: relationshipBody(e) };
}

/** The plan's transactions, in order. */
export function* planTransactions(schema: Schema, plan: SyncPlan): Generator<Json> {
  for (const u of plan.updates) yield { put: [{ uri: u.uri, body: bodyOf(schema, u.object, u.rv) }] };
  for (const c of plan.creates) {
    const body = bodyOf(schema, c.object);
    if (c.relationships.length > 0) body['relationship-list'] = { relationship: c.relationships.map(relationshipBody) };
    yield { put: [{ uri: c.object.uri, body }] };
  }
  for (const e of plan.edgeRemovals) yield { delete: [relationshipOp(e)] };
  for (const e of plan.edgeAdds) yield { put: [relationshipOp(e)] };
  for (const d of plan.deletes) yield { delete: [{ uri: `${d.uri}?resource-version=${encodeURIComponent(d.rv)}` }] };
}

export function planSize(plan: SyncPlan): number {
  return plan.updates.length + plan.creates.length + plan.edgeRemovals.length + plan.edgeAdds.length + plan.deletes.length;
}
