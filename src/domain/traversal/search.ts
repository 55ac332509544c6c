/**
 * A&AI's search API (aai-traversal rest/search/SearchProvider, dbgraphmap/SearchGraph), checked
 * here (AaiError, no database work for a bad request) and run over a GraphReader:
 *
 *   nodes-query    ?search-node-type=vserver&filter=vserver-name:EQUALS:v1&edge-filter=pserver:EXISTS:hostname:h1
 *                  every node of the type that passes every filter (EQUALS, DOES-NOT-EQUAL, EXISTS,
 *                  DOES-NOT-EXIST) and every edge filter (an edge to a node of a type, with a
 *                  property value, EXISTS or DOES-NOT-EXIST)
 *   generic-query  ?start-node-type=tenant&key=cloud-region.cloud-owner:o&key=…&include=vserver&depth=2
 *                  the nodes of the included types (or `all`) within `depth` edges (0 to 6) of the
 *                  one node the keys name
 *
 * Both answer the nodes' types and URIs in URI order, counted against the read budget: a
 * nodes-query counts the nodes it answers; a generic query every node it reaches on its way.
 * A&AI's messages are kept; where A&AI fails with a 500 or silently answers nonsense, this
 * refuses with a 400 instead (README "Where this service differs from A&AI on purpose").
 */
import { AaiError } from '../../errors.js';
import type { Schema } from '../../schema/schema.js';
import type { Scalar, Where } from '../model.js';
import type { GraphReader, NodeCondition, NodeRef, NodeSearch, ValueTest } from '../ports.js';
import type { ReadBudget, QueryValues } from '../read.js';
import { resolveRelationship } from '../relationships.js';

const EQUALS = 'EQUALS';
const DOES_NOT_EQUAL = 'DOES-NOT-EQUAL';
const EXISTS = 'EXISTS';
const DOES_NOT_EXIST = 'DOES-NOT-EXIST';

/** The deepest generic query A&AI answers. */
export const MAX_GENERIC_DEPTH = 6;

const first = (query: QueryValues, name: string): string | undefined => query[name]?.[0];

/** Java's String.split(":"): trailing empty pieces are dropped. */
function splitColons(text: string): string[] {
  const pieces = text.split(':');
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

/** A property of `type` named in a filter, typed; AAI_6116 when the type has no such property. */
function valueTest(schema: Schema, type: string, prop: string, value: string, filter: string, query: string): ValueTest {
  const props = schema.type(type).properties;
  const def = Object.hasOwn(props, prop) ? props[prop] : undefined;
  if (def === undefined) throw new AaiError('AAI_6116', `Unrecognized property [${prop}] of ${type} passed to ${query}: [${filter}]`);
  let typed: Scalar = value;
  if (def.type === 'boolean') {
    if (value !== 'true' && value !== 'false') throw new AaiError('AAI_6120', `${prop} takes true or false: [${filter}]`);
    typed = value === 'true';
  } else if (def.type === 'integer') {
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new AaiError('AAI_6120', `${prop} takes an integer: [${filter}]`);
    typed = Number(value);
  }
  return { prop, value: typed, list: def.type === 'string-list' };
}

/** A property name checked against the type (EXISTS / DOES-NOT-EXIST name no value). */
function knownProp(schema: Schema, type: string, prop: string, filter: string): string {
  if (!Object.hasOwn(schema.type(type).properties, prop)) throw new AaiError('AAI_6116', `Unrecognized property [${prop}] of ${type} passed to node query: [${filter}]`);
  return prop;
}

/**
 * One `filter`: `<prop>:EQUALS|DOES-NOT-EQUAL:<value>` or `<prop>:EXISTS|DOES-NOT-EXIST`. The value is
 * everything after the second colon (an IPv6 address keeps its colons; A&AI drops its first character).
 */
function parseFilter(schema: Schema, type: string, filter: string): Where | NodeCondition {
  const pieces = splitColons(filter);
  const [prop = '', filterType = ''] = pieces;
  if (pieces.length < 2) throw new AaiError('AAI_6120', `bad filter passed to node query: [${filter}]`);
  knownProp(schema, type, prop, filter);
  if (filterType === EQUALS || filterType === DOES_NOT_EQUAL) {
    if (pieces.length < 3) throw new AaiError('AAI_6120', `No value passed for filter: [${filter}]`);
    const test = valueTest(schema, type, prop, filter.slice(prop.length + filterType.length + 2), filter, 'node query');
    if (filterType === DOES_NOT_EQUAL) return { kind: 'not-equal', ...test };
    // An equality on a scalar property is a find's test (an index seek when the property has an index).
    return test.list ? { kind: 'equal', ...test } : { prop, values: [test.value] };
  }
  if (filterType === EXISTS) return { kind: 'present', prop };
  if (filterType === DOES_NOT_EXIST) return { kind: 'absent', prop };
  throw new AaiError('AAI_6120', `bad filterType passed: [${filterType}]`);
}

/** The node types an edge can join to `type`: by an edge rule, or as parent and child. */
function joinable(schema: Schema, type: string, other: string): boolean {
  return schema.edgeRules.between(type, other).length > 0 || schema.type(type).parents.includes(other) || schema.type(other).parents.includes(type);
}

/** One `edge-filter`: `<type>:EXISTS|DOES-NOT-EXIST` or `<type>:EXISTS|DOES-NOT-EXIST:<prop>:<value>` (type and kind in any case). */
function parseEdgeFilter(schema: Schema, type: string, filter: string): Extract<NodeCondition, { kind: 'edge' }> {
  const pieces = splitColons(filter);
  if (pieces.length < 2 || pieces.length === 3 || pieces.length > 4) throw new AaiError('AAI_6120', `bad edge-filter passed: [${filter}]`);
  const other = (pieces[0] ?? '').toLowerCase();
  const filterType = (pieces[1] ?? '').toUpperCase();
  if (filterType !== EXISTS && filterType !== DOES_NOT_EXIST) throw new AaiError('AAI_6120', `bad filterType passed: [${filterType}]`);
  if (!schema.nodeTypes.has(other)) throw new AaiError('AAI_6115', `Unrecognized nodeType [${other}] passed to node query.`);
  const test = pieces.length === 4 ? valueTest(schema, other, (pieces[2] ?? '').toLowerCase(), pieces[3] ?? '', filter, 'node query') : undefined;
  // A&AI looks the edge labels up in its rules and fails with a 500 (AAI_5105) when there are none.
  if (!joinable(schema, type, other)) throw new AaiError('AAI_6120', `bad edge-filter passed: [${filter}]: no edge rule joins ${type} and ${other}`);
  return { kind: 'edge', exists: filterType === EXISTS, type: other, ...(test ? { test } : {}) };
}

/** Whether an equality on `prop` finds at most one node of `type`: a unique property, or the single key of a top-level type. */
function identifiesOne(schema: Schema, type: string, prop: string): boolean {
  const def = schema.type(type);
  return def.uniqueProps.includes(prop) || (def.keys.length === 1 && def.keys[0] === prop && schema.topLevelOf(type) !== undefined);
}

/**
 * A nodes-query, checked in A&AI's order: the search type, each filter, each edge filter (A&AI reads
 * only the first edge filter; every one applies here). The find seeks an index: an equality that
 * names one node (of the search type, or of an EXISTS edge filter's type: the search then starts at
 * that neighbour), else an equality on an indexed property of the search type, else an EXISTS edge
 * filter's indexed property value, else it reads the search type's label.
 */
export function planNodesQuery(schema: Schema, query: QueryValues): Pick<NodeSearch, 'find' | 'conditions'> {
  const type = first(query, 'search-node-type');
  if (type === undefined || type.trim() === '') throw new AaiError('AAI_6120', 'null or empty target-node-type passed to the node query');
  if (!schema.nodeTypes.has(type)) throw new AaiError('AAI_6115', `Unrecognized nodeType [${type}] passed to node query.`);
  const where: Where[] = [];
  const conditions: NodeCondition[] = [];
  for (const filter of query['filter'] ?? []) {
    const parsed = parseFilter(schema, type, filter);
    if ('values' in parsed) where.push(parsed);
    else conditions.push(parsed);
  }
  const edges = (query['edge-filter'] ?? []).map((f) => parseEdgeFilter(schema, type, f));
  const indexed = schema.indexedProps(type);
  const candidates = edges.filter((e) => e.exists && e.test !== undefined && !e.test.list && schema.indexedProps(e.type).has(e.test.prop));
  // The most selective start: an equality that names one node of its type (a unique property, or the
  // one key of a top-level type: a pnf-name, not a p-interface's interface-name, which every pnf may
  // repeat); then the search type's own indexed equality; then an edge filter's.
  const seed = where.some((w) => identifiesOne(schema, type, w.prop))
    ? undefined
    : (candidates.find((e) => e.test !== undefined && identifiesOne(schema, e.type, e.test.prop)) ?? (where.some((w) => indexed.has(w.prop)) ? undefined : candidates[0]));
  if (seed?.test === undefined) return { find: { start: { type, where }, steps: [] }, conditions: [...conditions, ...edges] };
  return {
    find: { start: { type: seed.type, where: [{ prop: seed.test.prop, values: [seed.test.value] }] }, steps: [{ kind: 'related', type, where }] },
    conditions: [...conditions, ...edges.filter((e) => e !== seed)],
  };
}

/** The nodes a nodes-query finds, in URI order, within the budget. */
export async function runNodesQuery(reader: GraphReader, plan: Pick<NodeSearch, 'find' | 'conditions'>, budget: ReadBudget): Promise<NodeRef[]> {
  const found = await reader.search({ ...plan, limit: budget.ask });
  budget.take(found.length);
  return found;
}

/** A generic query, checked: where it starts, what it includes, how deep it goes. */
export interface GenericQueryPlan {
  /** The start-node-type as given (for A&AI's messages). */
  type: string;
  /** The key parameters as given (for A&AI's messages). */
  keys: readonly string[];
  /** The start node: by its URI (built from the keys), or (a service-instance by one key) by a property. */
  start: { uri: string } | Pick<NodeSearch, 'find' | 'conditions'>;
  /** The included node types, or every type. */
  include: ReadonlySet<string> | 'all';
  depth: number;
}

/** `depth` as JAX-RS reads an `int` (absent or empty: 0); a negative depth walks no edge, as 0. */
function parseDepth(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^[-+]?\d+$/.test(value) || Math.abs(Number(value)) >= 2 ** 31) throw new AaiError('AAI_3000', `depth must be an integer, not ${JSON.stringify(value)}`);
  const depth = Number(value);
  if (depth > MAX_GENERIC_DEPTH) throw new AaiError('AAI_6120', `The maximum depth supported by the generic query is ${MAX_GENERIC_DEPTH}`);
  return Math.max(0, depth);
}

/** `<type>.<prop>:<value>` split at its first colon; AAI_6120 without a name before it. */
function splitKey(key: string): { name: string; value: string } {
  const colon = key.indexOf(':');
  if (colon <= 0) throw new AaiError('AAI_6120', `Bad key param passed in: [${key}]`);
  return { name: key.slice(0, colon), value: key.slice(colon + 1) };
}

/**
 * A generic query, checked in A&AI's order: the start type, the depth, the keys. The keys name the
 * start node as relationship-data names a relationship's target (every key of its type and of its
 * parents: RelationshipToURI, with its errors); a service-instance named by one key is found by that
 * property instead (A&AI's special case: service-instance-id, or any property such as
 * service-instance-name). Unknown include types are refused (A&AI matches nothing with them).
 */
export function planGenericQuery(schema: Schema, query: QueryValues): GenericQueryPlan {
  const type = first(query, 'start-node-type');
  if (type === undefined) throw new AaiError('AAI_6120', 'null start-node-type passed to the generic query');
  const depth = parseDepth(first(query, 'depth'));
  const includes = query['include'] ?? [];
  for (const t of includes) if (t !== 'all' && !schema.nodeTypes.has(t)) throw new AaiError('AAI_6115', `Unrecognized nodeType [${t}] passed to generic query.`);
  const include = includes.includes('all') ? 'all' : new Set(includes);
  const keys = query['key'] ?? [];
  const parsed = keys.map(splitKey);
  const [only] = parsed;
  if (type.toLowerCase() === 'service-instance' && parsed.length === 1 && only !== undefined) {
    const [, prop] = only.name.split('.');
    if (prop === undefined || prop === '') throw new AaiError('AAI_6120', `Bad key param passed in: [${keys[0] ?? ''}]`);
    const test = valueTest(schema, 'service-instance', prop, only.value, keys[0] ?? '', 'generic query');
    const start = test.list
      ? { find: { start: { type: 'service-instance', where: [] }, steps: [] }, conditions: [{ kind: 'equal' as const, ...test }] }
      : { find: { start: { type: 'service-instance', where: [{ prop, values: [test.value] }] }, steps: [] }, conditions: [] };
    return { type, keys, start, include, depth };
  }
  const data = parsed.map((k) => ({ 'relationship-key': k.name, 'relationship-value': k.value }));
  const { target } = resolveRelationship(schema, { 'related-to': type, 'relationship-data': data });
  if (target instanceof AaiError) throw target;
  return { type, keys, start: { uri: target.uri }, include, depth };
}

/** The one start node, or A&AI's AAI_6114 (none) / AAI_6112 (several). */
async function startNode(reader: GraphReader, plan: GenericQueryPlan, budget: ReadBudget): Promise<NodeRef> {
  const found: NodeRef[] = 'uri' in plan.start ? (await reader.nodes([plan.start.uri])).map((n) => ({ uri: n.uri, type: n.type })) : await reader.search({ ...plan.start, limit: 2 });
  const [node] = found;
  // A&AI's message ("No Node of type %s ".formatted(type, …) uses only the type).
  if (node === undefined) throw new AaiError('AAI_6114', `No Node of type ${plan.type} `);
  if (found.length > 1) throw new AaiError('AAI_6112', `More than one Node found by getUniqueNode for params: [${plan.keys.join(', ')}]\n`);
  budget.take(1);
  return node;
}

/**
 * The nodes a generic query answers, in URI order: the start node when its type is included, and
 * the included nodes within `depth` edges of it (any edge, either direction). The walk goes one level
 * per statement, each node once; every node reached counts against the budget, included or not.
 */
export async function runGenericQuery(reader: GraphReader, plan: GenericQueryPlan, budget: ReadBudget): Promise<NodeRef[]> {
  const start = await startNode(reader, plan, budget);
  const seen = new Map<string, NodeRef>([[start.uri, start]]);
  let frontier = [start.uri];
  for (let level = 0; level < plan.depth && frontier.length > 0; level++) {
    const found = await reader.reach(frontier, [...seen.keys()], budget.ask);
    budget.take(found.length);
    for (const n of found) seen.set(n.uri, n);
    frontier = found.map((n) => n.uri);
  }
  const { include } = plan;
  return [...seen.values()].filter((n) => include === 'all' || include.has(n.type)).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}
