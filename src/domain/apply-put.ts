/**
 * PUT and PATCH semantics (aai-compat.md §5, §6.4, §6.5, §7): create (201) or full replace (200)
 * under A&AI's resource-version rules; parent must exist; `relationship-list` present → replace;
 * child containers present → children created/updated, absent ones implicitly deleted (whitelist).
 */
import { AaiError } from '../errors.js';
import type { ParsedNodeUri } from '../uri/aai-uri.js';
import { parentOf } from '../uri/aai-uri.js';
import type { ApplyContext } from './apply-context.js';
import { deleteWithCascade } from './apply-delete.js';
import { replaceRelationships } from './apply-relationships.js';
import { BOOKKEEPING, P, type Props, type Scalar } from './model.js';
import type { ChildInput, NodeInput } from './operations.js';
import type { RelationshipInput } from './relationships.js';
import type { NodeState } from './working-set.js';

function checkRv(ctx: ApplyContext, existing: NodeState | null, input: NodeInput): void {
  if (!existing) {
    if (input.resourceVersion !== '') throw new AaiError('AAI_6135', `resource-version passed for create of ${input.relUri}`);
    return;
  }
  if (input.resourceVersion === '') throw new AaiError('AAI_6130', `resource-version not passed for update of ${input.relUri}`);
  if (input.resourceVersion !== ctx.ws.currentRv(existing)) throw new AaiError('AAI_6131', `resource-version MISMATCH for update of ${input.relUri}`);
}

function createUnder(ctx: ApplyContext, input: NodeInput, parent: NodeState | undefined): NodeState {
  const node = ctx.ws.createNode(input.uri, input.type, { ...input.props });
  if (parent) {
    const pe = ctx.schema.edgeRules.parentEdge(input.type, parent.type);
    ctx.ws.addEdge(
      pe.childIsOut
        ? { out: node.uri, in: parent.uri, label: pe.label, outType: node.type, inType: parent.type }
        : { out: parent.uri, in: node.uri, label: pe.label, outType: parent.type, inType: node.type },
    );
  }
  return node;
}

function whitelisted(ctx: ApplyContext, parentType: string): boolean {
  const allowed = ctx.impliedDeleteWhitelist[ctx.fromAppId.toLowerCase()] ?? [];
  return allowed.includes('*') || allowed.includes(parentType);
}

/** Children of `parent` held in the container `c`. */
function childrenIn(ctx: ApplyContext, parent: NodeState, c: ChildInput): NodeState[] {
  const prefix = `${parent.uri}/${c.def.path.join('/')}/`;
  const keyCount = ctx.schema.type(c.def.type).keys.length;
  return ctx.ws.descendants(parent.uri).filter((d) => d.uri.startsWith(prefix) && d.uri.slice(prefix.length).split('/').length === keyCount);
}

async function applyChildren(ctx: ApplyContext, parent: NodeState, containers: readonly ChildInput[]): Promise<void> {
  for (const c of containers) {
    const requested = new Set(c.items.map((i) => i.uri));
    const implied = childrenIn(ctx, parent, c).filter((n) => !requested.has(n.uri));
    if (implied.length > 0 && !whitelisted(ctx, parent.type)) throw new AaiError('AAI_9109');
    for (const n of implied) {
      const still = ctx.ws.get(n.uri);
      if (still) await deleteWithCascade(ctx, still);
    }
    for (const item of c.items) await writeNode(ctx, item, parent);
  }
}

/** Create or replace one node from its input, then its relationships and children. */
async function writeNode(ctx: ApplyContext, input: NodeInput, parent: NodeState | undefined): Promise<NodeState> {
  const existing = ctx.ws.get(input.uri);
  checkRv(ctx, existing, input);
  let node = existing ? ctx.ws.updateNode(existing, input.props) : createUnder(ctx, input, parent);
  if (input.relationships !== undefined) await replaceRelationships(ctx, node, input.relationships);
  if (input.children) await applyChildren(ctx, node, input.children);
  node = ctx.ws.get(input.uri) ?? node;
  return node;
}

export async function applyPut(ctx: ApplyContext, target: ParsedNodeUri, errorUri: string, input: NodeInput): Promise<number> {
  const existing = ctx.ws.get(input.uri);
  let parent: NodeState | undefined;
  if (!existing) {
    checkRv(ctx, existing, input);
    const p = parentOf(target);
    if (p) {
      parent = ctx.ws.get(p.uri) ?? undefined;
      if (!parent) throw new AaiError('AAI_6114', `No parent Node of type ${p.type} for ${errorUri}`);
    }
  }
  await writeNode(ctx, input, parent);
  return existing ? 200 : 201;
}

function schemaProps(n: NodeState): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(n.props)) if (!BOOKKEEPING.has(k) && k !== P.resourceVersion) out[k] = v;
  return out;
}

export async function applyPatch(
  ctx: ApplyContext,
  uri: string,
  type: string,
  errorUri: string,
  patch: Readonly<Record<string, Scalar | null>>,
  relationships: RelationshipInput[] | undefined,
): Promise<number> {
  const existing = ctx.ws.get(uri);
  if (!existing) throw new AaiError('AAI_6114', `No Node of type ${type} found at: ${errorUri}`);
  const merged: Record<string, Scalar | null> = { ...schemaProps(existing), ...patch };
  const props: Props = {};
  for (const [k, v] of Object.entries(merged)) if (v !== null) props[k] = v;
  const node = ctx.ws.updateNode(existing, props);
  if (relationships !== undefined) await replaceRelationships(ctx, node, relationships);
  return 200;
}
