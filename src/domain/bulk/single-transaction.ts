/**
 * POST /aai/v15/bulk/single-transaction (aai-compat.md §1.3, §2.3): every operation in one A&AI
 * transaction, all or nothing across the request. All structural problems are reported together;
 * URI and body problems name the operation; a failure in the database phase answers the first
 * failing operation's status with A&AI's "Operation i with action (…) on uri (…) failed …" body.
 */
import { AaiError } from '../../errors.js';
import { opError, type OpError } from './outcome.js';
import type { Schema } from '../../schema/schema.js';
import { decode, splitUri } from '../../uri/aai-uri.js';
import type { GraphStorePort } from '../ports.js';
import { prepareOperation, writeTarget, type PreparedOp } from '../operations.js';
import { isObject } from '../../json.js';
import { executeTransaction, type ExecuteOptions } from '../transaction.js';
import { patchOfRelationship, VERB_OF, type BulkMethod } from './bulk-payload.js';

const ACTIONS: ReadonlySet<string> = new Set(Object.keys(VERB_OF));

type Json = Record<string, unknown>;

export interface SingleOperation {
  action: string;
  /** As sent (echoed in the response). */
  uri: string;
  body: Json;
}

/** All operations' statuses; or the first failing operation, its status and its error (rendered in src/http/bulk-render.ts). */
export type SingleTransactionResult =
  | { ok: true; operations: readonly SingleOperation[]; statuses: number[] }
  | { ok: false; failure: { index: number; method: string; errorUri: string; status: number; error: OpError } };

const INTERFACE = 'Input payload does not follow bulk/single-transaction interface';

/** Structural checks, in A&AI's order (the payload is known to be parsed JSON). */
export function checkSingleTransaction(body: unknown, limit: number | undefined): SingleOperation[] {
  if (!isObject(body)) throw new AaiError('AAI_6111', INTERFACE);
  const ops = body['operations'];
  if (ops !== undefined && ops !== null && !Array.isArray(ops)) throw new AaiError('AAI_6111', INTERFACE);
  if (!Array.isArray(ops) || ops.length === 0) throw new AaiError('AAI_6118', ' Payload has no objects to operate on');
  if (limit !== undefined && ops.length > limit) throw new AaiError('AAI_6147', ` Allowed limit = ${limit}`);
  const errors: string[] = [];
  const out: SingleOperation[] = [];
  ops.forEach((op: unknown, i) => {
    if (!isObject(op)) throw new AaiError('AAI_6111', INTERFACE);
    const { action, uri, body: opBody } = op;
    if (action !== undefined && action !== null && typeof action !== 'string') throw new AaiError('AAI_6111', INTERFACE);
    if (uri !== undefined && uri !== null && typeof uri !== 'string') throw new AaiError('AAI_6111', INTERFACE);
    if (opBody !== undefined && opBody !== null && !isObject(opBody)) throw new AaiError('AAI_6111', INTERFACE);
    if (typeof action !== 'string' || action === '') errors.push(`Operation ${i} missing 'action'`);
    else if (!ACTIONS.has(action)) errors.push(`Operation ${i} has invalid action '${action}'`);
    if (typeof uri !== 'string' || uri === '') errors.push(`Operation ${i} missing 'uri'`);
    if (!isObject(opBody)) errors.push(`Operation ${i} missing 'body'`);
    out.push({ action: typeof action === 'string' ? action : '', uri: typeof uri === 'string' ? uri : '', body: isObject(opBody) ? opBody : {} });
  });
  if (errors.length > 0) throw new AaiError('AAI_6111', `input payload missing required properties. [${errors.join(', ')}]`);
  return out;
}

/** A&AI's getUri: a leading '/' added, the /aai/vNN prefix removed. */
function normalise(uri: string): string {
  const withSlash = uri.startsWith('/') ? uri : `/${uri}`;
  return withSlash.replace(/^\/aai\/v\d+/, '');
}

function prepare(schema: Schema, op: SingleOperation, i: number): PreparedOp {
  try {
    const { path, query } = splitUri(normalise(op.uri));
    const decoded = decode(path, path);
    const target = writeTarget(schema, path);
    return prepareOperation(schema, VERB_OF[op.action as BulkMethod], target, { body: op.body, resourceVersion: query.get('resource-version') ?? undefined, errorUri: decoded }, patchOfRelationship);
  } catch (e) {
    if (e instanceof AaiError) throw e.withDetail(`Error with operation ${i}: ${e.detail ?? e.def.message}`);
    throw e;
  }
}

/** Prepare every operation (throws the first problem) and run them as one transaction. */
export async function runSingleTransaction(
  store: GraphStorePort,
  schema: Schema,
  ops: readonly SingleOperation[],
  opts: ExecuteOptions,
): Promise<SingleTransactionResult> {
  const prepared = ops.map((op, i) => prepare(schema, op, i));
  const outcome = await executeTransaction(store, schema, prepared, opts);
  const failed = outcome.results.findIndex((r) => r.error !== undefined);
  if (failed < 0) return { ok: true, operations: ops, statuses: outcome.results.map((r) => r.status) };
  const result = outcome.results[failed];
  const op = prepared[failed];
  if (!result?.error || !op) throw new Error('inconsistent transaction outcome');
  return { ok: false, failure: { index: failed, method: op.method, errorUri: op.errorUri, status: result.status, error: opError(result.error, [op.method, op.errorUri]) } };
}
