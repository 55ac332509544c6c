/**
 * Relationship writes: the replace semantics of a `relationship-list` in a PUT/PATCH body, and the
 * single-edge PUT/DELETE of `…/relationship-list/relationship`. Endpoints whose edges change are
 * touched (new resource-version), as A&AI does.
 */
import { AaiError } from '../errors.js';
import { isTreeRule } from '../schema/edge-rules.js';
import { relationshipTarget, type ApplyContext } from './apply-context.js';
import { edgeKey, type EdgeRecord } from './model.js';
import { checkMultiplicity, chooseRule, type RelationshipInput } from './relationships.js';
import type { NodeState } from './working-set.js';

/** Existing cousin edges of a node (edges with a non-containment, non-private rule). */
export function cousinEdges(ctx: ApplyContext, uri: string): EdgeRecord[] {
  return ctx.ws.edgesOf(uri).filter((e) => {
    const rule = ctx.schema.edgeRules.forStored(e.outType, e.inType, e.label);
    return rule !== undefined && !isTreeRule(rule) && !rule.isPrivate;
  });
}

async function touchUri(ctx: ApplyContext, uri: string): Promise<void> {
  await ctx.ws.ensure({ refs: [uri] });
  const n = ctx.ws.get(uri);
  if (n) ctx.ws.touch(n);
}

/** Replace the node's cousin edges with exactly `rels` (removals first, then creations). */
export async function replaceRelationships(ctx: ApplyContext, owner: NodeState, rels: readonly RelationshipInput[]): Promise<void> {
  // DBSerializer.processRelationshipList reads every relationship first: its target URI, and for one
  // without a label the edge rule between the two node types (AAI_6145 / AAI_6120), before it looks
  // any target up. So a relationship to a type the owner has no rule with is AAI_6120 even when its
  // target does not exist, and even when an earlier relationship's target does not exist either.
  for (const rel of rels) {
    if (rel.target instanceof AaiError) throw rel.target;
    if (rel.label === undefined) chooseRule(ctx.schema, owner, rel.target, undefined);
  }
  const wanted = new Map<string, { edge: EdgeRecord; rule: ReturnType<typeof chooseRule>['rule'] }>();
  for (const rel of rels) {
    const target = relationshipTarget(ctx, rel);
    const chosen = chooseRule(ctx.schema, owner, target, rel.label);
    wanted.set(edgeKey(chosen.edge), chosen);
  }
  for (const e of cousinEdges(ctx, owner.uri)) {
    if (wanted.has(edgeKey(e))) continue;
    ctx.ws.removeEdge(e);
    await touchUri(ctx, e.out === owner.uri ? e.in : e.out);
  }
  for (const { edge, rule } of wanted.values()) {
    if (ctx.ws.hasEdge(edge)) continue;
    checkMultiplicity(rule, edge, (u) => ctx.ws.edgesOf(u));
    ctx.ws.addEdge(edge);
    await touchUri(ctx, edge.out === owner.uri ? edge.in : edge.out);
  }
}

function ownerOf(ctx: ApplyContext, uri: string, type: string, errorUri: string): NodeState {
  const owner = ctx.ws.get(uri);
  if (!owner) throw new AaiError('AAI_6114', `No Node of type ${type} found at: ${errorUri}`);
  return owner;
}

/** PUT …/relationship-list/relationship: add one edge (an identical edge is a no-op). 200. */
export async function putEdge(ctx: ApplyContext, uri: string, type: string, errorUri: string, rel: RelationshipInput): Promise<number> {
  const owner = ownerOf(ctx, uri, type, errorUri);
  const target = relationshipTarget(ctx, rel);
  const { edge, rule } = chooseRule(ctx.schema, owner, target, rel.label, 'endpoint');
  ctx.ws.touch(owner);
  if (!ctx.ws.hasEdge(edge)) {
    checkMultiplicity(rule, edge, (u) => ctx.ws.edgesOf(u));
    ctx.ws.addEdge(edge);
    await touchUri(ctx, target.uri);
  }
  return 200;
}

/** DELETE …/relationship-list/relationship: remove one edge; a missing target or edge is a no-op. 204. */
export async function deleteEdge(ctx: ApplyContext, uri: string, type: string, errorUri: string, rel: RelationshipInput): Promise<number> {
  const owner = ownerOf(ctx, uri, type, errorUri);
  if (rel.target instanceof AaiError) throw rel.target;
  const target = ctx.ws.get(rel.target.uri);
  ctx.ws.touch(owner);
  if (!target) return 204;
  const { edge } = chooseRule(ctx.schema, owner, target, rel.label, 'endpoint');
  const existing = ctx.ws.edgesOf(owner.uri).find((e) => edgeKey(e) === edgeKey(edge));
  if (existing) {
    ctx.ws.removeEdge(existing);
    ctx.ws.touch(target);
  }
  return 204;
}
