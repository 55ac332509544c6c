/**
 * Batch get (in the spirit of A10 AXAPI batch-get): many GETs in one call, all read in one Neo4j
 * read transaction. Each item is answered on its own: the GET body, or the A&AI error object with
 * its `http-status`; one bad item never fails the others.
 *
 *   POST /aai/v15/bulk/get  {"batch-get-list":[{"uri":"/network/pnfs/pnf/p1?depth=1"}, …]}
 *   → 200 {"batch-get-list":[{"uri":"/network/pnfs/pnf/p1?depth=1","resp":{…}}, …]}
 */
import { AaiError, renderError } from '../../errors.js';
import type { Schema } from '../../schema/schema.js';
import { decode, stripPrefix } from '../../uri/aai-uri.js';
import { isObject } from '../operations.js';
import type { GraphReader, GraphStorePort } from '../model.js';
import { planRead, type Json } from '../read.js';
import { splitUri } from './bulk-payload.js';

export const BATCH_GET_LIST = 'batch-get-list';

/** Top-level checks: an object with a non-empty batch-get-list within the limit. */
export function checkBatchGet(body: unknown, limit: number | undefined): unknown[] {
  const text = 'input payload does not follow batch get interface';
  if (!isObject(body)) throw new AaiError('AAI_6111', text);
  if (!(BATCH_GET_LIST in body)) throw new AaiError('AAI_6118', `${text} - missing "${BATCH_GET_LIST}"`);
  const list = body[BATCH_GET_LIST];
  if (!Array.isArray(list)) throw new AaiError('AAI_6111', text);
  if (list.length === 0) throw new AaiError('AAI_6118', 'payload had no objects to operate on');
  if (limit !== undefined && list.length > limit) throw new AaiError('AAI_6147', `Batch get limit of ${limit} reached, please reduce payload.`);
  return list;
}

async function readOne(schema: Schema, reader: GraphReader, rawUri: string): Promise<Json> {
  const { path, query } = splitUri(rawUri);
  const errorUri = decode(stripPrefix(path), path);
  const params: Record<string, string> = {};
  for (const [k, v] of query) params[k] ??= v; // the first of repeated parameters, as the REST API takes it
  return (await planRead(schema, path, params, errorUri)(reader)).body;
}

export interface BatchGetItem {
  uri: string | null;
  resp: Json;
}

/** One item: its GET body, or its A&AI error object with http-status. */
async function readItem(schema: Schema, reader: GraphReader, item: unknown): Promise<BatchGetItem> {
  const uri = isObject(item) && typeof item['uri'] === 'string' && item['uri'] !== '' ? item['uri'] : null;
  try {
    if (uri === null) throw new AaiError('AAI_6118', 'must include object uri');
    return { uri, resp: await readOne(schema, reader, uri) };
  } catch (e) {
    if (!(e instanceof AaiError)) throw e;
    const path = uri === null ? '' : splitUri(uri).path;
    return { uri, resp: { ...renderError(e, ['GET', path]), 'http-status': e.status } };
  }
}

/** Items read at once: enough to pipeline, bounded for a batch whose limit is raised (BATCH_GET_LIMIT, X-OverrideLimit). */
const READ_AHEAD = 100;

export async function runBatchGet(store: GraphStorePort, schema: Schema, list: readonly unknown[]): Promise<BatchGetItem[]> {
  // The items' reads are started together, up to READ_AHEAD at a time: the driver pipelines their
  // statements in the one read transaction, so a batch costs round trips per level of a read, not per item.
  return store.read(async (reader) => {
    const out: BatchGetItem[] = [];
    for (let i = 0; i < list.length; i += READ_AHEAD) out.push(...(await Promise.all(list.slice(i, i + READ_AHEAD).map((item) => readItem(schema, reader, item)))));
    return out;
  });
}
