/**
 * bulkadd / bulkprocess payloads (aai-compat.md §1.2): top-level checks fail the whole request;
 * per-transaction problems (the fill phase, before any database work) fail that transaction alone
 * with one entry. Each transaction holds exactly one of put / delete / patch (A&AI silently runs
 * the first array twice when there are two keys; we answer 400 instead).
 */
import { AaiError } from '../../errors.js';
import { ERROR_ANNOTATION, type EnvelopeSchema } from '../../schema/envelope.js';
import type { Schema } from '../../schema/schema.js';
import { decode, isCanonicallyEncoded, jaxrsEncodePath, splitUri, stripPrefix, tryDecode } from '../../uri/aai-uri.js';
import { prepareOperation, writeTarget, type OpMethod, type PreparedOp, type WriteVerb } from '../operations.js';
import { isObject } from '../../json.js';

export type BulkMethod = 'put' | 'delete' | 'patch';

/** The write each bulk method (or single-transaction action) performs. */
export const VERB_OF: Readonly<Record<BulkMethod, WriteVerb>> = { put: 'PUT', delete: 'DELETE', patch: 'PATCH' };

export interface BulkFlavour {
  /** A&AI's getModule(): "bulk add" or "bulk process". */
  module: string;
  /** Methods allowed, in A&AI's lookup order (put → delete → patch). */
  methods: readonly BulkMethod[];
  /** What A&AI says when a transaction has none of them. */
  missingMethod: string;
}

export const BULK_ADD: BulkFlavour = { module: 'bulk add', methods: ['put'], missingMethod: 'missing put' };
export const BULK_PROCESS: BulkFlavour = { module: 'bulk process', methods: ['put', 'delete', 'patch'], missingMethod: 'missing put delete or patch' };

/** An error with the template variables it is rendered with. */
export interface BulkError {
  error: AaiError;
  vars: string[];
}

export type BulkTransaction =
  | { key: BulkMethod; ops: PreparedOp[]; uris: string[] }
  /** Failed before any database work: reported as one entry. */
  | { key: BulkMethod; failure: { uri: string | null } & BulkError };

export interface BulkPayload {
  transactions: BulkTransaction[];
  operationCount: number;
}

export interface BulkLimits {
  limit: number;
  /** X-OverrideLimit matched the configured secret: no limit and no request validation (as A&AI). */
  override: boolean;
}

function interfaceText(flavour: BulkFlavour): string {
  return `input payload does not follow ${flavour.module} interface`;
}

/** Operations in a transaction object as A&AI's payload limit counts them: each array's length, 1 for anything else. */
export function operationsOf(tx: Readonly<Record<string, unknown>>): number {
  let n = 0;
  for (const v of Object.values(tx)) n += Array.isArray(v) ? v.length : 1;
  return n;
}

/**
 * The envelope: an object whose "transactions" is an array; unless the limit is overridden, a
 * non-empty one of objects. Errors in A&AI's order (src/schema/envelope.ts).
 */
function bulkEnvelope(flavour: BulkFlavour, overridden: boolean): EnvelopeSchema {
  const text = interfaceText(flavour);
  const shape = { code: 'AAI_6111', text } as const;
  const transactions = overridden
    ? { type: 'array' }
    : { type: 'array', minItems: 1, items: { type: 'object' }, [ERROR_ANNOTATION]: { type: shape, minItems: { code: 'AAI_6118', text: 'payload had no objects to operate on' }, '*': shape } };
  return {
    type: 'object',
    required: ['transactions'],
    properties: { transactions },
    [ERROR_ANNOTATION]: { '*': shape, required: { code: 'AAI_6118', text: `${text} - missing "transactions"` } },
  };
}

/** Each flavour's two envelopes, made once (the schema compiles each once). */
const envelopes = new WeakMap<BulkFlavour, { strict: EnvelopeSchema; overridden: EnvelopeSchema }>();

function envelopesOf(flavour: BulkFlavour): { strict: EnvelopeSchema; overridden: EnvelopeSchema } {
  let pair = envelopes.get(flavour);
  if (pair === undefined) {
    pair = { strict: bulkEnvelope(flavour, false), overridden: bulkEnvelope(flavour, true) };
    envelopes.set(flavour, pair);
  }
  return pair;
}

/** Top-level checks, in A&AI's order (the envelope, then the operation limit); returns the transactions array. */
export function checkBulkEnvelope(schema: Schema, body: unknown, flavour: BulkFlavour, limits: BulkLimits): unknown[] {
  const pair = envelopesOf(flavour);
  schema.checkEnvelope(limits.override ? pair.overridden : pair.strict, body);
  const txs = (body as { transactions: Record<string, unknown>[] }).transactions;
  if (limits.override) return txs;
  const limitError = (): AaiError => new AaiError('AAI_6147', `Payload limit of ${limits.limit} reached, please reduce payload.`);
  if (txs.length > limits.limit) throw limitError();
  let count = 0;
  for (const tx of txs) {
    count += operationsOf(tx);
    if (count > limits.limit) throw limitError();
  }
  return txs;
}

function responseKeyOf(tx: unknown): BulkMethod {
  if (isObject(tx)) for (const m of ['put', 'delete', 'patch'] as const) if (m in tx) return m;
  return 'put';
}

/** A&AI's HttpMethod of each bulk method key. */
const HTTP_METHOD: Readonly<Record<BulkMethod, OpMethod>> = { put: 'PUT', delete: 'DELETE', patch: 'MERGE_PATCH' };

/** A relationship URI's path (A&AI: `path.endsWith("/relationship-list/relationship")`). */
const RELATIONSHIP_PATH = /\/relationship-list\/relationship$/;

/**
 * The method a fill-phase failure names (BulkConsumer.bulkProcessor's catch): the failing operation's
 * HttpMethod once A&AI has started building it (PUT_EDGE / DELETE_EDGE for a relationship URI);
 * before that, the transaction's first method key in put, delete, patch order (PUT by default).
 */
function failureMethod(tx: unknown, method: BulkMethod | undefined, op: unknown): OpMethod {
  if (method === undefined || !isObject(op)) return HTTP_METHOD[responseKeyOf(tx)];
  const uri = op['uri'];
  if (typeof uri === 'string' && RELATIONSHIP_PATH.test(splitUri(uri).path)) {
    if (method === 'put') return 'PUT_EDGE';
    if (method === 'delete') return 'DELETE_EDGE';
  }
  return HTTP_METHOD[method];
}

/**
 * A&AI's ValidateEncoding of a bulk operation's URI: its path as JAX-RS's UriBuilder holds it, every
 * segment canonically percent-encoded; else AAI_3008 "uri=<decoded path>".
 */
function checkEncoding(path: string): void {
  if (jaxrsEncodePath(path).split('/').every(isCanonicallyEncoded)) return;
  throw new AaiError('AAI_3008', `uri=${tryDecode(path) ?? path}`);
}

/**
 * Prepare one operation of a bulk transaction. `method` is the transaction's method. Errors are
 * AaiErrors raised before any database work.
 */
export function prepareBulkOperation(schema: Schema, flavour: BulkFlavour, method: BulkMethod, op: unknown): { op: PreparedOp; uri: string } {
  if (!isObject(op)) throw new AaiError('AAI_6111', interfaceText(flavour));
  const rawUri = op['uri'];
  if (typeof rawUri !== 'string' || rawUri === '') throw new AaiError('AAI_6118', 'must include object uri');
  const { path, query } = splitUri(rawUri);
  checkEncoding(path);
  const uri = decode(path, path);
  const target = writeTarget(schema, path, stripPrefix(path));
  const body = op['body'];
  const needsBody = method !== 'delete' || target.relationship;
  if (needsBody && body === undefined) throw new AaiError('AAI_6118', `${interfaceText(flavour)} - missing "body"`);
  if (needsBody && !isObject(body)) throw new AaiError('AAI_6111', interfaceText(flavour));
  return { op: prepareOperation(schema, VERB_OF[method], target, { body, resourceVersion: query.get('resource-version') ?? undefined, errorUri: uri }, patchOfRelationship), uri };
}

/** The bulk APIs' answer to a PATCH of a relationship URI. */
export const patchOfRelationship = (): AaiError => new AaiError('AAI_3000', 'PATCH is not supported on …/relationship-list/relationship URIs; use put or delete');

/**
 * The fill phase of one transaction object. A failure is answered with `consumerVars` ([method, path
 * of the endpoint]) whose method is the one A&AI names (`failureMethod`).
 */
export function prepareBulkTransaction(schema: Schema, flavour: BulkFlavour, tx: unknown, consumerVars: string[]): BulkTransaction {
  const key = responseKeyOf(tx);
  const present = isObject(tx) ? flavour.methods.filter((m) => m in tx) : [];
  const method = present[0];
  const fail = (error: AaiError, uri: string | null = null, op?: unknown): BulkTransaction => ({
    key,
    failure: { uri, error, vars: [failureMethod(tx, op === undefined ? undefined : method, op), ...consumerVars.slice(1)] },
  });
  if (!isObject(tx)) return fail(new AaiError('AAI_6111', interfaceText(flavour)));
  if (method === undefined) {
    return fail(new AaiError('AAI_6118', `${interfaceText(flavour)} - ${flavour.missingMethod}`));
  }
  const extra = Object.keys(tx).filter((k) => k !== method);
  if (extra.length > 0) {
    return fail(
      new AaiError('AAI_6118', `${interfaceText(flavour)} - a transaction holds exactly one of ${flavour.methods.join(', ')}; found ${Object.keys(tx).join(', ')}`),
    );
  }
  const list = tx[method];
  if (!Array.isArray(list)) return fail(new AaiError('AAI_6111', interfaceText(flavour)));
  if (list.length === 0) return fail(new AaiError('AAI_6118', 'payload had no objects to operate on'));
  const ops: PreparedOp[] = [];
  const uris: string[] = [];
  for (const item of list) {
    try {
      const prepared = prepareBulkOperation(schema, flavour, method, item);
      ops.push(prepared.op);
      uris.push(prepared.uri);
    } catch (e) {
      if (!(e instanceof AaiError)) throw e;
      const raw = isObject(item) && typeof item['uri'] === 'string' ? splitUri(item['uri']).path : null;
      return fail(e, raw === null ? null : (tryDecode(raw) ?? raw), item);
    }
  }
  return { key: method, ops, uris };
}

/** Parse a whole bulkadd/bulkprocess request (top-level errors throw). */
export function parseBulkPayload(schema: Schema, flavour: BulkFlavour, body: unknown, limits: BulkLimits, consumerVars: string[]): BulkPayload {
  const txs = checkBulkEnvelope(schema, body, flavour, limits);
  const transactions = txs.map((tx) => prepareBulkTransaction(schema, flavour, tx, consumerVars));
  const operationCount = transactions.reduce((n, t) => n + ('ops' in t ? t.ops.length : 1), 0);
  return { transactions, operationCount };
}
