/**
 * One A&AI transaction = one run over a working set inside one Neo4j write transaction:
 *   1. plan: every node, parent, subtree and edge set the operations touch, loaded (and
 *      write-locked) in one pipelined round trip;
 *   2. apply every operation in order in memory (each reports its own status; a failed one is
 *      undone and the others still run, as A&AI's HttpEntry.process does);
 *   3. only if all succeeded: write the net change with a few batched statements.
 * A failed transaction therefore writes nothing; the caller rolls the Neo4j transaction back.
 */
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { parentOf } from '../uri/aai-uri.js';
import type { ApplyContext } from './apply-context.js';
import { applyDelete } from './apply-delete.js';
import { planEvents } from './events/change-events.js';
import { applyPatch, applyPut } from './apply-put.js';
import { deleteEdge, putEdge } from './apply-relationships.js';
import type { LoadRequest } from './model.js';
import type { GraphStorePort, GraphTx } from './ports.js';
import type { NodeInput, PreparedOp } from './operations.js';
import { chooseRule, multiplicityVertices, type RelationshipInput, type RelationshipSource } from './relationships.js';
import { WorkingSet } from './working-set.js';

export interface OpOutcome {
  /** HTTP status of the operation: 200/201/204 or the error's status. */
  status: number;
  error?: AaiError;
}

export interface TxOutcome {
  ok: boolean;
  results: OpOutcome[];
  /** The transaction changed something in the database (written, pending commit). */
  wrote: boolean;
}

export interface TxContext {
  sourceOfTruth: string;
  transactionId: string;
  impliedDeleteWhitelist: Readonly<Record<string, readonly string[]>>;
  /** Objects one A&AI transaction may write, nested children of PUT bodies included (WRITE_MAX_OBJECTS). */
  maxObjects: number;
  /** A&AI's bypass resource-version deletes whatever the stored one is (AUTH_BYPASS_RESOURCE_VERSION, for admins); else it is a version like any other. */
  allowBypass?: boolean;
}

/** The objects an input writes: itself and every nested child, at any depth. */
function inputObjects(input: NodeInput): number {
  let n = 1;
  for (const c of input.children ?? []) for (const item of c.items) n += inputObjects(item);
  return n;
}

/** The objects a transaction's operations write (a PUT counts its nested children too). */
export function objectsOf(ops: readonly PreparedOp[]): number {
  return ops.reduce((sum, op) => sum + (op.method === 'PUT' ? inputObjects(op.input) : 1), 0);
}

/** A transaction over the write budget: every operation answers AAI_6147, nothing is loaded or written. */
function overBudget(ops: readonly PreparedOp[], max: number): TxOutcome | undefined {
  const n = objectsOf(ops);
  if (n <= max) return undefined;
  const error = new AaiError('AAI_6147', `the transaction would write ${n} objects, more than the limit of ${max} (WRITE_MAX_OBJECTS), nested children included`);
  return { ok: false, results: ops.map(() => ({ status: error.status, error })), wrote: false };
}

/**
 * With change events, a relationship's far end is loaded whole, with its edges: the write touches
 * it, and its event (its properties and relationship-list) is then rendered from the working set,
 * with no read after the write.
 */
function relationshipNeeds(
  schema: Schema,
  owner: { type: string; uri: string },
  rels: readonly RelationshipInput[],
  req: LoadRequest,
  source: RelationshipSource = 'body',
  events = false,
): void {
  for (const rel of rels) {
    if (rel.target instanceof AaiError) continue;
    if (events) {
      req.nodes.push(rel.target.uri);
      req.edgesOf.push(rel.target.uri);
    } else req.refs.push(rel.target.uri);
    try {
      const { rule, edge } = chooseRule(schema, owner, rel.target, rel.label, source);
      for (const u of multiplicityVertices(rule, edge)) if (u !== owner.uri) req.edgesOf.push(u);
    } catch (e) {
      if (!(e instanceof AaiError)) throw e; // reported when the operation runs
    }
  }
}

function inputNeeds(schema: Schema, input: NodeInput, req: LoadRequest, events: boolean): void {
  if (input.relationships !== undefined) relationshipNeeds(schema, input, input.relationships, req, 'body', events);
  for (const c of input.children ?? []) for (const item of c.items) inputNeeds(schema, item, req, events);
}

/** Everything the operations will look at, for one load before any of them runs (`events`: what their change events need too). */
export function planLoads(schema: Schema, ops: readonly PreparedOp[], events = false): LoadRequest {
  const req: LoadRequest = { nodes: [], refs: [], subtrees: [], edgesOf: [], subtreeEdgesOf: [] };
  for (const op of ops) {
    const uri = op.target.target.uri;
    const owner = { type: op.target.target.type, uri };
    switch (op.method) {
      case 'PUT': {
        req.nodes.push(uri);
        const parent = parentOf(op.target);
        if (parent) req.refs.push(parent.uri);
        if (op.input.children) {
          req.subtrees.push(uri);
          req.subtreeEdgesOf.push(uri);
        } else if (op.input.relationships !== undefined) req.edgesOf.push(uri);
        inputNeeds(schema, op.input, req, events);
        break;
      }
      case 'MERGE_PATCH':
        req.nodes.push(uri);
        if (op.relationships !== undefined) {
          req.edgesOf.push(uri);
          relationshipNeeds(schema, owner, op.relationships, req, 'body', events);
        }
        break;
      case 'DELETE':
        req.subtrees.push(uri);
        req.subtreeEdgesOf.push(uri);
        break;
      case 'PUT_EDGE':
      case 'DELETE_EDGE':
        req.nodes.push(uri);
        req.edgesOf.push(uri);
        relationshipNeeds(schema, owner, [op.relationship], req, 'endpoint', events);
        break;
    }
  }
  return req;
}

async function applyOp(ctx: ApplyContext, op: PreparedOp): Promise<number> {
  const { uri, type } = op.target.target;
  switch (op.method) {
    case 'PUT':
      return applyPut(ctx, op.target, op.errorUri, op.input);
    case 'MERGE_PATCH':
      return applyPatch(ctx, uri, type, op.errorUri, op.patch, op.relationships);
    case 'DELETE':
      return applyDelete(ctx, uri, type, op.errorUri, op.resourceVersion);
    case 'PUT_EDGE':
      return putEdge(ctx, uri, type, op.errorUri, op.relationship);
    case 'DELETE_EDGE':
      return deleteEdge(ctx, uri, type, op.errorUri, op.relationship);
  }
}

/**
 * Run a group of A&AI transactions inside one open Neo4j write transaction: one load for all of
 * them, then each transaction in order over a shared working set — a failed one is undone
 * entirely (its operations still report their own statuses), a successful one stays and later
 * ones see it — then one write of the net change. Committing or rolling back is the caller's.
 */
export async function runTransactionGroup(
  schema: Schema,
  tx: GraphTx,
  groups: readonly (readonly PreparedOp[])[],
  tc: TxContext,
): Promise<TxOutcome[]> {
  // A transaction over the write budget fails before anything is loaded for it.
  const refused = groups.map((ops) => overBudget(ops, tc.maxObjects));
  const ws = new WorkingSet(tx);
  await ws.ensure(planLoads(schema, groups.filter((_, i) => refused[i] === undefined).flat(), tx.recordsEvents));
  const ctx: ApplyContext = { schema, ws, fromAppId: tc.sourceOfTruth, impliedDeleteWhitelist: tc.impliedDeleteWhitelist, allowBypass: tc.allowBypass === true };
  const outcomes: TxOutcome[] = [];
  for (const [i, ops] of groups.entries()) {
    const over = refused[i];
    if (over) {
      outcomes.push(over);
      continue;
    }
    const start = ws.mark();
    const results: OpOutcome[] = [];
    for (const op of ops) {
      const mark = ws.mark();
      try {
        results.push({ status: await applyOp(ctx, op) });
      } catch (e) {
        if (!(e instanceof AaiError)) throw e;
        ws.rollbackTo(mark);
        results.push({ status: e.status, error: e });
      }
    }
    const ok = results.every((r) => r.error === undefined);
    if (!ok) ws.rollbackTo(start);
    outcomes.push({ ok, results, wrote: ok && ws.mark() > start });
  }
  if (ws.hasChanges()) {
    const now = Date.now();
    const resourceVersion = String(Math.max(now, ws.maxWrittenRv() + 1));
    const wctx = { now, resourceVersion, sourceOfTruth: tc.sourceOfTruth, transactionId: tc.transactionId };
    const cs = ws.changeSet(wctx);
    // The change events, in the same transaction: rendered from the working set and written by the
    // write statement itself; when they need what only the graph holds, read by that statement and
    // recorded by a second one.
    const events = tx.recordsEvents ? planEvents(schema, ws, cs, wctx) : undefined;
    if (events && events.capture.after.length === 0 && events.capture.named.length === 0) {
      await tx.write(cs, undefined, events.events({ after: new Map(), named: new Map() }));
    } else {
      const captured = await tx.write(cs, events?.capture);
      if (events && captured) await tx.recordEvents(events.events(captured));
    }
  }
  return outcomes;
}

/** One A&AI transaction inside an open Neo4j write transaction (a group of one). */
export async function runTransaction(schema: Schema, tx: GraphTx, ops: readonly PreparedOp[], tc: TxContext): Promise<TxOutcome> {
  const [outcome] = await runTransactionGroup(schema, tx, [ops], tc);
  if (!outcome) throw new Error('no outcome');
  return outcome;
}

export interface ExecuteOptions extends TxContext {
  /** Do everything, writes included, then roll back. */
  dryRun: boolean;
}

/** One A&AI transaction as one Neo4j write transaction: committed only if every operation succeeded. */
export function executeTransaction(store: GraphStorePort, schema: Schema, ops: readonly PreparedOp[], opts: ExecuteOptions): Promise<TxOutcome> {
  return store.write(async (tx) => {
    const outcome = await runTransaction(schema, tx, ops, opts);
    return { value: outcome, commit: outcome.ok && outcome.wrote && !opts.dryRun };
  });
}
