/**
 * `PUT /aai/v15/dsl` (aai-traversal DslConsumer, DSL v2): the request checked in A&AI's order —
 * the body, the format, the query's syntax, its outputs, the schema (node types, properties, edge
 * rules, an indexed start), then the `validate` rules — before any database work, then run as one
 * Cypher read (src/store/traversal-cypher.ts) and rendered in A&AI's query formats (formats.ts).
 *
 * Errors, as DslQueryProcessor wraps them: AAI_6153 "DSL Syntax Error while processing the query:
 * …", AAI_6152 "Error while processing the query: org.onap.aai.exceptions.AAIException: No nodes
 * marked for output", AAI_6149 "DSL Error while processing the query :…" (schema and start-node
 * problems), AAI_6151 "DSL Error while processing the query :Validation error …" (loop, node count).
 */
import { AaiError } from '../../errors.js';
import type { Schema } from '../../schema/schema.js';
import { formatResults, parseFormat, type FormatName, type Json } from '../formats.js';
import type { GraphReader } from '../ports.js';
import { formatDepsOf, type ReadBudget } from '../read.js';
import { checkDsl, validationRules } from './dsl-checks.js';
import { DslSyntaxError, parseDsl } from './dsl-parser.js';
import { planDsl, type DslPlan } from './dsl-plan.js';

export interface DslRequest {
  plan: DslPlan;
  format: FormatName;
  /** The request's query parameters (first values): depth, nodesOnly, as-tree… for the format. */
  params: Readonly<Record<string, string>>;
}

/** The query text of the body: A&AI reads `dsl` as a string, and an absent one as "". */
function dslText(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AaiError('AAI_6111', 'the body must be a JSON object: {"dsl": "<query>"}');
  const dsl = (body as Record<string, unknown>)['dsl'];
  if (dsl === undefined || dsl === null) return '';
  if (typeof dsl === 'string') return dsl;
  if (typeof dsl === 'number' || typeof dsl === 'boolean') return String(dsl);
  throw new AaiError('AAI_6111', 'dsl must be a string');
}

/** A DSL request checked (AaiError for anything A&AI refuses, and for a start no index can find). */
export function planDslRequest(schema: Schema, body: unknown, params: Readonly<Record<string, string>>): DslRequest {
  const text = dslText(body);
  // DslConsumer's default format is graphson, which this service does not answer (AAI_6120).
  const format = parseFormat(params['format'] ?? 'graphson');
  let query;
  try {
    query = parseDsl(text);
  } catch (e) {
    if (e instanceof DslSyntaxError) throw new AaiError('AAI_6153', `DSL Syntax Error while processing the query: ${e.message}`);
    throw e;
  }
  const rules = validationRules(params['validate'] ?? 'all');
  // The start-node rule is the plan's (it also needs the filter to be on an indexed property).
  const issues = checkDsl(query, { requireStartFilter: false, ...rules });
  if (issues.some((i) => i.code === 'no-output')) {
    throw new AaiError('AAI_6152', 'Error while processing the query: org.onap.aai.exceptions.AAIException: No nodes marked for output');
  }
  const inWhere = issues.find((i) => i.code === 'output-in-where');
  if (inWhere) throw new AaiError('AAI_6149', `DSL Error while processing the query :${inWhere.message}`);
  const plan = planDsl(schema, query);
  const invalid = issues.find((i) => i.code === 'loop' || i.code === 'node-count');
  if (invalid) throw new AaiError('AAI_6151', `DSL Error while processing the query :${invalid.message}`);
  return { plan, format, params };
}

/** Keep only the selected properties of a formatted result object (A&AI's select filter). */
function selectIn(result: Json, selects: Readonly<Record<string, string[]>>, format: FormatName): Json {
  const pick = (obj: unknown, keys: readonly string[]): Json =>
    Object.fromEntries(Object.entries((obj ?? {}) as Json).filter(([k]) => keys.includes(k)));
  if (format === 'simple' || format === 'raw') {
    const keys = selects[String(result['node-type'])];
    return keys === undefined ? result : { ...result, properties: pick(result['properties'], keys) };
  }
  if (format === 'resource' || format === 'resource_and_url') {
    const out: Json = {};
    for (const [k, v] of Object.entries(result)) {
      const keys = selects[k];
      out[k] = keys === undefined || k === 'url' ? v : pick(v, keys);
    }
    return out;
  }
  return result;
}

/** The answer of a checked DSL request, read through `reader` within `budget` (AAI_3303 past it). */
export async function runDsl(schema: Schema, reader: GraphReader, req: DslRequest, budget: ReadBudget): Promise<Json> {
  const { plan } = req;
  const ask = plan.limit === undefined ? budget.ask : Math.min(plan.limit, budget.ask);
  const nodes = await reader.traverse(plan, ask);
  budget.take(nodes.length);
  const body = await formatResults(req.format, nodes, req.params, formatDepsOf(schema, reader, budget));
  if (Object.keys(plan.selects).length === 0) return body;
  const results = body['results'];
  if (Array.isArray(results)) return { ...body, results: results.map((r) => selectIn(r as Json, plan.selects, req.format)) };
  return selectIn(body, plan.selects, req.format);
}
