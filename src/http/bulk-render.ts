/**
 * The one renderer of bulk outcomes: A&AI's bodies for bulkadd and bulkprocess (and job results,
 * which are bulkadd's response elements), single-transaction and batch get, from the outcomes the
 * domain returns as data. Changing how a failed operation is reported is a change to this file.
 *
 *   bulkadd / bulkprocess (aai-compat.md §2.2): {"transaction":[{"put":[{"uri","body":{"<status>":
 *   null | "<A&AI error body as a JSON string>"}}]}]} — singular "transaction".
 */
import type { BatchGetItem } from '../domain/bulk/batch-get.js';
import type { OpError, TxResult } from '../domain/bulk/outcome.js';
import type { SingleTransactionResult } from '../domain/bulk/single-transaction.js';
import type { StoredResult } from '../domain/jobs/jobs.js';
import { AaiError, errorCodeString, errorDef, errorMessage, renderError } from '../errors.js';
import { isObject, type Json } from '../json.js';
import { entryUri } from '../uri/aai-uri.js';

/** An error kept as data, rendered with its own variables (they already hold the method and URI). */
function body(e: OpError): Json {
  return renderError({ code: e.code, detail: e.detail }, e.vars);
}

export interface BulkResponseEntry {
  uri: string | null;
  body: Record<string, string | null>;
}

export type BulkResponseTransaction = Partial<Record<'put' | 'delete' | 'patch', BulkResponseEntry[]>>;

/** One transaction's element of a bulkadd/bulkprocess response (and of a job's results). */
export function renderTransaction(r: TxResult): BulkResponseTransaction {
  return { [r.key]: r.entries.map((e) => ({ uri: e.uri, body: { [String(e.status)]: e.error ? JSON.stringify(body(e.error)) : null } })) };
}

export function renderBulkResponse(results: readonly TxResult[]): { transaction: BulkResponseTransaction[] } {
  return { transaction: results.map(renderTransaction) };
}

/**
 * A job's stored result as its element of the results, with its position in the input (`index`).
 * A failed transaction keeps its outcome as data; a successful one its key and statuses, its URIs
 * coming from the stored input. Results stored before outcomes were kept as data hold the rendered
 * element itself, and results stored without a key take it from the input: both still render.
 */
export function renderJobResult(r: StoredResult): Json {
  if (r.result !== null) {
    const stored = JSON.parse(r.result) as unknown;
    const element = isObject(stored) && 'entries' in stored ? renderTransaction(stored as unknown as TxResult) : stored;
    return { ...(element as Json), index: r.seq };
  }
  const tx = JSON.parse(r.payload ?? 'null') as Json | null;
  const key = r.key ?? (['put', 'delete', 'patch'] as const).find((k) => tx !== null && Array.isArray(tx[k])) ?? 'put';
  const ops = (Array.isArray(tx?.[key]) ? tx[key] : []) as { uri?: unknown }[];
  const statuses = r.statuses ?? [];
  return {
    [key]: ops.map((op, i) => ({ uri: typeof op.uri === 'string' ? entryUri(op.uri) : null, body: { [String(statuses[i] ?? 200)]: null } })),
    index: r.seq,
  };
}

/** Batch get: each item's GET body, or its A&AI error object with its http-status. */
export function renderBatchGet(items: readonly BatchGetItem[]): { 'batch-get-list': Json[] } {
  return {
    'batch-get-list': items.map((it) => ({ uri: it.uri, resp: 'error' in it ? { ...body(it.error), 'http-status': it.status } : it.body })),
  };
}

export interface OperationResponse {
  action: string;
  uri: string;
  'response-status-code': number;
  'response-body': null;
}

/**
 * bulk/single-transaction (aai-compat.md §2.3): 201 with every operation's status; or the first
 * failing operation's status with A&AI's "Operation i with action (…) on uri (…) failed …" body,
 * thrown for the error middleware to render with the endpoint's variables.
 */
export function renderSingleTransaction(r: SingleTransactionResult): { status: number; body: { 'operation-responses': OperationResponse[] } } {
  if (r.ok) {
    return {
      status: 201,
      body: { 'operation-responses': r.operations.map((op, i) => ({ action: op.action, uri: op.uri, 'response-status-code': r.statuses[i] ?? 200, 'response-body': null })) },
    };
  }
  // The fields by meaning, not by position in the rendered variables: A&AI reads them by position,
  // which shifts them for errors whose REST text has fewer placeholders (AAI_6110, AAI_9109).
  const { index, method, errorUri, status, error } = r.failure;
  const own = error.vars.slice(2); // after [method, uri]: the error's own variables
  const msgParts = [...own, errorMessage({ code: error.code, detail: error.detail })].join(': ');
  const msg = `Operation ${index} with action (${method}) on uri (${errorUri}) failed with status code (${status}), error code (${errorCodeString(errorDef(error.code))}) and msg (${msgParts})`;
  throw new AaiError('AAI_3000', msg, { variant: 'failedOperation', cause: { status } });
}
