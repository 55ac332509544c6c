/**
 * DELETE semantics (aai-compat.md §5.2): resource-version from the query (or A&AI's bypass UUID),
 * cascade to children and to delete-other-v neighbours, refused (AAI_6110) while prevent-delete
 * edges lead outside the cascade.
 */
import { AaiError } from '../errors.js';
import { actsFrom } from '../schema/edge-rules.js';
import type { ApplyContext } from './apply-context.js';
import type { NodeState } from './working-set.js';

/** A&AI's aai.resourceversion.disabled.uuid: accepted for delete whatever the stored value. */
export const RESOURCE_VERSION_BYPASS = '38cf3090-6a0c-4e9d-8142-4332a7352846';

/**
 * Every node that goes when `root` is deleted: its subtree plus delete-other-v neighbours (and
 * theirs). Breadth first, one load per level: the subtrees (with their edges) of every node the
 * level reached.
 */
export async function cascadeOf(ctx: ApplyContext, root: NodeState): Promise<NodeState[]> {
  const result = new Map<string, NodeState>();
  let level = [root.uri];
  while (level.length > 0) {
    await ctx.ws.ensure({ subtrees: level, subtreeEdgesOf: level });
    const next = new Set<string>();
    for (const uri of level) {
      const top = ctx.ws.get(uri);
      if (!top) continue;
      for (const n of [top, ...ctx.ws.descendants(uri)]) {
        if (result.has(n.uri)) continue;
        result.set(n.uri, n);
        for (const e of ctx.ws.edgesOf(n.uri)) {
          const rule = ctx.schema.edgeRules.forStored(e.outType, e.inType, e.label);
          const isOut = e.out === n.uri;
          if (rule && actsFrom(rule, 'deleteOtherV', isOut)) next.add(isOut ? e.in : e.out);
        }
      }
    }
    level = [...next].filter((u) => !result.has(u));
  }
  return [...result.values()];
}

/**
 * Types of the nodes holding a prevent-delete edge to any node of the cascade. As A&AI's
 * verifyPreventDeleteSemantics, every edge counts, also one inside the cascade: a cloud-region
 * with tenants cannot be deleted (tenant → cloud-region carries prevent-delete).
 */
function preventingTypes(ctx: ApplyContext, doomed: readonly NodeState[]): string[] {
  const types = new Set<string>();
  for (const n of doomed) {
    for (const e of ctx.ws.edgesOf(n.uri)) {
      const isOut = e.out === n.uri;
      const rule = ctx.schema.edgeRules.forStored(e.outType, e.inType, e.label);
      if (rule && actsFrom(rule, 'preventDelete', isOut)) types.add(isOut ? e.inType : e.outType);
    }
  }
  return [...types].sort();
}

/** Delete `root` and its cascade, unless prevent-delete edges hold it. */
export async function deleteWithCascade(ctx: ApplyContext, root: NodeState): Promise<void> {
  const doomed = await cascadeOf(ctx, root);
  const blockers = preventingTypes(ctx, doomed);
  if (blockers.length > 0) {
    throw new AaiError(
      'AAI_6110',
      `Object is being reference by additional objects preventing it from being deleted. Please clean up references from the following types [${blockers.join(', ')}]`,
    );
  }
  ctx.ws.deleteNodes(doomed.map((n) => n.uri));
}

export async function applyDelete(ctx: ApplyContext, uri: string, type: string, errorUri: string, resourceVersion: string): Promise<number> {
  const node = ctx.ws.get(uri);
  if (!node) throw new AaiError('AAI_6114', `No Node of type ${type} found at: ${errorUri}`);
  if (!(ctx.allowBypass && resourceVersion === RESOURCE_VERSION_BYPASS)) {
    if (resourceVersion === '') throw new AaiError('AAI_6130', `resource-version not passed for delete of ${type}`);
    if (resourceVersion !== ctx.ws.currentRv(node)) throw new AaiError('AAI_6131', `resource-version MISMATCH for delete of ${type}`);
  }
  await deleteWithCascade(ctx, node);
  return 204;
}
