import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import type { RelationshipInput, RelationshipTarget } from './relationships.js';
import type { NodeState, WorkingSet } from './working-set.js';

/** What applying operations needs: the schema, the transaction's working set, the caller. */
export interface ApplyContext {
  schema: Schema;
  ws: WorkingSet;
  /** X-FromAppId (resolved source of truth), for the implied-delete whitelist. */
  fromAppId: string;
  impliedDeleteWhitelist: Readonly<Record<string, readonly string[]>>;
  /** Whether A&AI's bypass resource-version is honoured for this request. */
  allowBypass: boolean;
}

/** The relationship's target, or A&AI's error for it (unparseable → its error, missing → AAI_6129). */
export function relationshipTarget(ctx: ApplyContext, rel: RelationshipInput): NodeState {
  const target: RelationshipTarget | AaiError = rel.target;
  if (target instanceof AaiError) throw target;
  const node = ctx.ws.get(target.uri);
  if (!node) {
    throw new AaiError('AAI_6129', `Node of type ${target.type}. Could not find object at: ${target.uri}`, {
      extraVars: [target.type, target.uri],
    });
  }
  return node;
}
