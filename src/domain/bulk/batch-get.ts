/**
 * Batch get (in the spirit of A10 AXAPI batch-get): many GETs in one call, all read in one Neo4j
 * read transaction. Each item is answered on its own: the GET body, or its error (the A&AI error
 * object with its `http-status`, rendered in src/http/bulk-render.ts); one bad item never fails the others.
 *
 *   POST /aai/v15/bulk/get  {"batch-get-list":[{"uri":"/network/pnfs/pnf/p1?depth=1"}, …]}
 *   → 200 {"batch-get-list":[{"uri":"/network/pnfs/pnf/p1?depth=1","resp":{…}}, …]}
 */
import { AaiError } from '../../errors.js';
import { opError, type OpError } from './outcome.js';
import { ERROR_ANNOTATION, type EnvelopeSchema } from '../../schema/envelope.js';
import type { Schema } from '../../schema/schema.js';
import { decode, splitUri, stripPrefix } from '../../uri/aai-uri.js';
import { isObject } from '../../json.js';
import type { GraphStorePort } from '../ports.js';
import { planRead, ReadBudget, runReads, type Json, type ReadPlan } from '../read.js';

export const BATCH_GET_LIST = 'batch-get-list';

const INTERFACE = 'input payload does not follow batch get interface';

/** The envelope: an object with a non-empty batch-get-list array (its items are answered one by one). */
const BATCH_GET_ENVELOPE: EnvelopeSchema = {
  type: 'object',
  required: [BATCH_GET_LIST],
  properties: {
    [BATCH_GET_LIST]: {
      type: 'array',
      minItems: 1,
      [ERROR_ANNOTATION]: { type: { code: 'AAI_6111', text: INTERFACE }, minItems: { code: 'AAI_6118', text: 'payload had no objects to operate on' } },
    },
  },
  [ERROR_ANNOTATION]: { type: { code: 'AAI_6111', text: INTERFACE }, required: { code: 'AAI_6118', text: `${INTERFACE} - missing "${BATCH_GET_LIST}"` } },
};

/** Top-level checks: the envelope, then the limit (none when overridden). */
export function checkBatchGet(schema: Schema, body: unknown, limit: number | undefined): unknown[] {
  schema.checkEnvelope(BATCH_GET_ENVELOPE, body);
  const list = (body as Record<typeof BATCH_GET_LIST, unknown[]>)[BATCH_GET_LIST];
  if (limit !== undefined && list.length > limit) throw new AaiError('AAI_6147', `Batch get limit of ${limit} reached, please reduce payload.`);
  return list;
}

/** One item's answer: its GET body, or its error (rendered with its http-status at the HTTP edge). */
export type BatchGetItem = { uri: string | null; body: Json } | { uri: string | null; status: number; error: OpError };

function itemError(e: AaiError, uri: string | null): BatchGetItem {
  return { uri, status: e.status, error: opError(e, ['GET', uri === null ? '' : splitUri(uri).path]) };
}

/** An item checked: its read plan, or the error that answers it without reading. */
function planItem(schema: Schema, item: unknown): { uri: string | null; plan: ReadPlan } | { uri: string | null; error: AaiError } {
  const uri = isObject(item) && typeof item['uri'] === 'string' && item['uri'] !== '' ? item['uri'] : null;
  try {
    if (uri === null) throw new AaiError('AAI_6118', 'must include object uri');
    const { path, query } = splitUri(uri);
    const errorUri = decode(stripPrefix(path), path);
    const params: Record<string, string[]> = {};
    for (const [k, v] of query) (params[k] ??= []).push(v);
    return { uri, plan: planRead(schema, path, params, errorUri) };
  } catch (e) {
    if (!(e instanceof AaiError)) throw e;
    return { uri, error: e };
  }
}

/**
 * Every item's GET body, or its A&AI error object with http-status, in request order. All items are
 * read in one read transaction within one budget (READ_MAX_OBJECTS covers the whole batch: past it
 * the batch is answered AAI_3303 as a whole); items with the same options are read together.
 */
export async function runBatchGet(store: GraphStorePort, schema: Schema, list: readonly unknown[], maxObjects: number): Promise<BatchGetItem[]> {
  const items = list.map((item) => planItem(schema, item));
  const planned = items.flatMap((it) => ('plan' in it ? [it.plan] : []));
  const results = await store.read((reader) => runReads(schema, reader, planned, new ReadBudget(maxObjects)));
  let next = 0;
  return items.map((it) => {
    if ('error' in it) return itemError(it.error, it.uri);
    const result = results[next++];
    if (!result) throw new Error('no read result');
    return 'error' in result ? itemError(result.error, it.uri) : { uri: it.uri, body: result.answer.body };
  });
}
