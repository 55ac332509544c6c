/**
 * POST /aai/v15/bulk/single-transaction (aai-compat.md §1.3, §2.3): every operation in one A&AI
 * transaction, all or nothing across the request. All structural problems are reported together;
 * URI and body problems name the operation; a failure in the database phase answers the first
 * failing operation's status with A&AI's "Operation i with action (…) on uri (…) failed …" body.
 */
import { AaiError } from '../../errors.js';
import { opError, type OpError } from './outcome.js';
import { ERROR_ANNOTATION, type EnvelopeSchema } from '../../schema/envelope.js';
import type { Schema } from '../../schema/schema.js';
import { decode, splitUri, type ParsedNodeUri } from '../../uri/aai-uri.js';
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

const SHAPE = { code: 'AAI_6111', text: INTERFACE } as const;
const NO_OBJECTS = { code: 'AAI_6118', text: ' Payload has no objects to operate on' } as const;

/** The envelope: an object whose "operations" is a non-empty array (absent or null: no objects). */
const ENVELOPE: EnvelopeSchema = {
  type: 'object',
  required: ['operations'],
  properties: {
    operations: {
      if: { type: 'array' },
      then: { type: 'array', minItems: 1, [ERROR_ANNOTATION]: { minItems: NO_OBJECTS } },
      else: { not: { type: 'null' }, type: 'null', [ERROR_ANNOTATION]: { not: NO_OBJECTS, type: SHAPE } },
    },
  },
  [ERROR_ANNOTATION]: { type: SHAPE, required: NO_OBJECTS },
};

const stringOrNull = { anyOf: [{ type: 'string' }, { type: 'null' }] };

/** Each operation an object whose action and uri are strings and body an object, where present. */
const OPERATIONS: EnvelopeSchema = {
  type: 'array',
  items: { type: 'object', properties: { action: stringOrNull, uri: stringOrNull, body: { anyOf: [{ type: 'object' }, { type: 'null' }] } } },
  [ERROR_ANNOTATION]: { '*': SHAPE },
};

/**
 * Structural checks, in A&AI's order: the envelope, the operation limit, each operation's shape,
 * then every missing or invalid field of every operation, reported together.
 */
export function checkSingleTransaction(schema: Schema, body: unknown, limit: number | undefined): SingleOperation[] {
  schema.checkEnvelope(ENVELOPE, body);
  const ops = (body as { operations: unknown[] }).operations;
  if (limit !== undefined && ops.length > limit) throw new AaiError('AAI_6147', ` Allowed limit = ${limit}`);
  schema.checkEnvelope(OPERATIONS, ops);
  const errors: string[] = [];
  const out = (ops as { action?: string | null; uri?: string | null; body?: Json | null }[]).map(({ action, uri, body: opBody }, i): SingleOperation => {
    if (typeof action !== 'string' || action === '') errors.push(`Operation ${i} missing 'action'`);
    else if (!ACTIONS.has(action)) errors.push(`Operation ${i} has invalid action '${action}'`);
    if (typeof uri !== 'string' || uri === '') errors.push(`Operation ${i} missing 'uri'`);
    if (!isObject(opBody)) errors.push(`Operation ${i} missing 'body'`);
    return { action: action ?? '', uri: uri ?? '', body: isObject(opBody) ? opBody : {} };
  });
  if (errors.length > 0) throw new AaiError('AAI_6111', `input payload missing required properties. [${errors.join(', ')}]`);
  return out;
}

/** A&AI's getUri: a leading '/' added, the /aai/vNN prefix removed. */
function normalise(uri: string): string {
  const withSlash = uri.startsWith('/') ? uri : `/${uri}`;
  return withSlash.replace(/^\/aai\/v\d+/, '');
}

/** "Error with operation i: <msg>": how A&AI names the operation a preparation error belongs to. */
function inOperation<T>(i: number, work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof AaiError) throw e.withDetail(`Error with operation ${i}: ${e.detail ?? e.def.message}`);
    throw e;
  }
}

/** An operation's URI, parsed (A&AI's populateUriQuery). */
function target(schema: Schema, op: SingleOperation): { target: ParsedNodeUri; query: URLSearchParams; errorUri: string } {
  const { path, query } = splitUri(normalise(op.uri));
  const errorUri = decode(path, path);
  return { target: writeTarget(schema, path), query, errorUri };
}

/**
 * Every operation prepared, in A&AI's order: every URI first (populateUriQuery), then every body
 * (populateIntrospectors), so a URI problem of a later operation is reported before a body problem
 * of an earlier one.
 */
function prepareAll(schema: Schema, ops: readonly SingleOperation[]): PreparedOp[] {
  const targets = ops.map((op, i) => inOperation(i, () => target(schema, op)));
  return ops.map((op, i) =>
    inOperation(i, () => {
      const t = targets[i];
      if (!t) throw new Error('missing target');
      const write = { body: op.body, resourceVersion: t.query.get('resource-version') ?? undefined, errorUri: t.errorUri };
      return prepareOperation(schema, VERB_OF[op.action as BulkMethod], t.target, write, patchOfRelationship);
    }),
  );
}

/** Prepare every operation (throws the first problem) and run them as one transaction. */
export async function runSingleTransaction(
  store: GraphStorePort,
  schema: Schema,
  ops: readonly SingleOperation[],
  opts: ExecuteOptions,
): Promise<SingleTransactionResult> {
  const prepared = prepareAll(schema, ops);
  const outcome = await executeTransaction(store, schema, prepared, opts);
  const failed = outcome.results.findIndex((r) => r.error !== undefined);
  if (failed < 0) return { ok: true, operations: ops, statuses: outcome.results.map((r) => r.status) };
  const result = outcome.results[failed];
  const op = prepared[failed];
  if (!result?.error || !op) throw new Error('inconsistent transaction outcome');
  return { ok: false, failure: { index: failed, method: op.method, errorUri: op.errorUri, status: result.status, error: opError(result.error, [op.method, op.errorUri]) } };
}
