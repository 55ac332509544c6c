/**
 * `PUT /aai/v15/query?format=…` (aai-traversal QueryConsumer): a stored query run from start URIs,
 * `{"start": "<uri>" | ["<uri>", …], "query": "query/<name>?<param>=<value>&…"}`. Checked in A&AI's
 * order before any database work, run as one Cypher read, answered in A&AI's query formats.
 *
 * - `depth` over 1 (digits only): 403 AAI_3303 (QueryConsumer.checkQueryParams); the format: as the
 *   DSL's (no default: graphson is not answered, AAI_6120).
 * - The query's name is the path segment after `query` (`query/closed-loop`, `/query/closed-loop`);
 *   its parameters are the `query` string's own query parameters (URITools.getQueryMap), never the
 *   request's: those are the format's (`depth`, `nodesOnly`, `as-tree`).
 * - Missing required parameters: 400 AAI_3013 `[a, b]`; parameters the query does not take: 400
 *   AAI_3022 `[x]`; a `query` naming no stored query: 400 AAI_3014 naming the `query` string. These
 *   three have only that variable (A&AI builds their bodies without the request's method and path).
 * - Each start URI is read as a REST GET path reads it (a node, a container, the nodes API, a filter
 *   in its query string: `nodes/service-instances/service-instance?service-instance-id=x`); no start
 *   node at all: 400 AAI_6148 (GenericQueryProcessor's "no vertices").
 * - Errors of the query itself name `GET` and the request path, as QueryConsumer's do.
 */
import { AaiError } from '../../errors.js';
import { tryDecode } from '../../uri/aai-uri.js';
import type { Schema } from '../../schema/schema.js';
import { formatResults, parseFormat, type FormatName, type Json } from '../formats.js';
import type { GraphReader } from '../ports.js';
import { formatDepsOf, planRead, type QueryValues, type ReadBudget } from '../read.js';
import type { DslPlan, PlanFind, PlanPath, PlanStart, PlanVertex } from './dsl-plan.js';
import { QueryPlanner, queryStepsOf, storedQueryParams } from './stored-queries.js';

export interface QueryRequest {
  plan: DslPlan;
  /** The start alone (no tests, every start node a result): whether A&AI found any start vertex. */
  startOnly: DslPlan;
  format: FormatName;
  params: Readonly<Record<string, string>>;
}

/** A query string's parameters, decoded (the first value of each, as GenericQueryProcessor binds them). */
function queryMap(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    const key = safeDecode(k);
    if (!out.has(key)) out.set(key, safeDecode(v));
  }
  return out;
}

function safeDecode(s: string): string {
  return tryDecode(s) ?? s;
}

function split(uri: string): { path: string; query: string } {
  const q = uri.indexOf('?');
  return q < 0 ? { path: uri, query: '' } : { path: uri.slice(0, q), query: uri.slice(q + 1) };
}

/** The body's members as A&AI's Gson reads them (a string, or for `start` an array of them). */
function bodyOf(body: unknown): { start: string[]; query: string | undefined } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AaiError('AAI_6111', 'the body must be a JSON object: {"start": …, "query": "query/<name>"}');
  const { start, query } = body as Record<string, unknown>;
  const asText = (v: unknown, what: string): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new AaiError('AAI_6111', `${what} must be a string`);
  };
  const starts = start === undefined || start === null ? [] : Array.isArray(start) ? start.map((s) => asText(s, 'each start')) : [asText(start, 'start')];
  return { start: starts, query: query === undefined || query === null ? undefined : asText(query, 'query') };
}

/** The stored query's name: the path segment after `query` (QueryConsumer.getCustomQueryConfig). */
function queryName(path: string): string | undefined {
  const parts = path.split('/');
  const at = parts.indexOf('query');
  return at < 0 ? undefined : parts[at + 1];
}

/** A start URI as URIParser reads it: `…/<plural>/<type>` with no keys is the plural, its query the filter. */
function startFind(schema: Schema, uri: string): { find: PlanFind['find']; type: string } {
  const { path, query } = split(uri);
  let p = path.startsWith('/') ? path : `/${path}`;
  const segs = p.replace(/\/+$/, '').split('/');
  const last = segs[segs.length - 1] ?? '';
  const plural = schema.plurals.get(segs[segs.length - 2] ?? '');
  if (plural !== undefined && plural.type === last) p = segs.slice(0, -1).join('/');
  const values: Record<string, string[]> = {};
  for (const [k, v] of queryMap(query)) values[k] = [v];
  const plan = planRead(schema, p, values as QueryValues, p);
  return { find: { start: plan.find.start, steps: plan.find.steps }, type: plan.result.type };
}

/** The start of the plan: each start URI's nodes (a union of them when several). */
function startOf(finds: readonly { find: PlanFind['find']; type: string }[], vertex: PlanVertex): PlanStart {
  const [only] = finds;
  if (finds.length === 1 && only) return { kind: 'find', find: only.find, vertex: { ...vertex, type: only.type } };
  const branches: PlanPath[] = finds.map((f) => ({ start: { kind: 'find', find: f.find, vertex: { ...vertex, type: f.type, output: false } }, steps: [] }));
  return { kind: 'union', branches, output: vertex.output };
}

/** A stored-query request checked (AaiError for anything A&AI refuses). */
export function planQueryRequest(schema: Schema, body: unknown, params: Readonly<Record<string, string>>): QueryRequest {
  const depth = params['depth'];
  if (depth !== undefined && /^\d+$/.test(depth) && Number(depth) > 1) throw new AaiError('AAI_3303');
  const format = parseFormat(params['format'] ?? 'graphson');
  const { start, query } = bodyOf(body);
  const queryUri = query ?? '';
  const { path, query: queryString } = split(queryUri);
  const name = queryName(path);
  const def = name === undefined ? undefined : storedQueryParams(name);
  // A&AI runs a `gremlin` member (or nothing) when there is no `query`; this service runs only stored queries.
  if (def === undefined || name === undefined) throw new AaiError('AAI_3014', undefined, { vars: [queryUri] });
  const values = queryMap(queryString);
  const missing = def.required.filter((r) => !values.has(r));
  if (missing.length > 0) throw new AaiError('AAI_3013', undefined, { vars: [`[${missing.join(', ')}]`] });
  const extra = [...values.keys()].filter((k) => !def.required.includes(k) && !def.optional.includes(k));
  if (extra.length > 0) throw new AaiError('AAI_3022', undefined, { vars: [`[${extra.join(', ')}]`] });
  if (start.length === 0) throw new AaiError('AAI_6148');
  const bound = Object.fromEntries(values);
  const stored = queryStepsOf(schema, name, bound);
  if (stored === undefined) throw new AaiError('AAI_3014', undefined, { vars: [queryUri] });
  const finds = start.map((s) => startFind(schema, s));
  const vertex: PlanVertex = { type: stored.start, tests: [], wheres: [], output: false };
  const { steps } = new QueryPlanner(schema, bound).steps({ vertex }, stored.steps, false);
  const plan: DslPlan = { path: { start: startOf(finds, vertex), steps }, limit: undefined, selects: {} };
  const startOnly: DslPlan = { path: { start: startOf(finds, { type: stored.start, tests: [], wheres: [], output: true }), steps: [] }, limit: 1, selects: {} };
  return { plan, startOnly, format, params };
}

/** The answer of a checked stored-query request, read through `reader` within `budget` (AAI_3303 past it). */
export async function runQuery(schema: Schema, reader: GraphReader, req: QueryRequest, budget: ReadBudget): Promise<Json> {
  const nodes = await reader.traverse(req.plan, budget.ask);
  budget.take(nodes.length);
  if (nodes.length === 0 && (await reader.traverse(req.startOnly, 1)).length === 0) throw new AaiError('AAI_6148');
  return formatResults(req.format, nodes, req.params, formatDepsOf(schema, reader, budget));
}
