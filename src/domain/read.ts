/**
 * GET (aai-compat.md §10): a node's schema properties in OXM order, its `relationship-list`
 * (omitted when empty or with nodes-only), and children down to `depth` (default 0, N or all).
 */
import { AaiError } from '../errors.js';
import { isTreeRule } from '../schema/edge-rules.js';
import type { Schema } from '../schema/schema.js';
import { parseNodePath, storedUriChain } from '../uri/aai-uri.js';
import { childUri, parseReadPath, type ReadPath } from '../uri/read-path.js';
import { FORMAT_PARAMS, formatResults, parseFormat, type FormatDeps, type FormatName } from './formats.js';
import type { FindQuery, FindStart, FindStep, Neighbour, NodeRecord, Scalar, Where } from './model.js';
import type { GraphReader } from './ports.js';

export type Json = Record<string, unknown>;

export interface ReadOptions {
  /** Levels of children to include; Infinity for depth=all. */
  depth: number;
  nodesOnly: boolean;
  skipRelatedTo: boolean;
}

export const MAX_DEPTH = 10_000;

/** `depth` query value: absent → 0, a number, or "all"; anything else is AAI_4016. */
export function parseDepth(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (value === 'all') return MAX_DEPTH;
  if (!/^\d+$/.test(value)) throw new AaiError('AAI_4016');
  return Math.min(Number(value), MAX_DEPTH);
}

/**
 * What one read may return: nodes and relationships together, counted as they are read (each
 * statement asks Neo4j for one row more than is left, so an oversized read stops in the database,
 * not after loading everything). A batch get shares one budget across its items.
 */
export class ReadBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  /** Rows a statement may ask for: what is left, plus one to see that there is more. */
  get ask(): number {
    return Math.max(0, this.limit - this.used) + 1;
  }

  /** Count `n` objects read; AAI_3303 once more than the limit have been. */
  take(n: number): void {
    this.used += n;
    if (this.used > this.limit) {
      throw new AaiError('AAI_3303', `the read would return more than ${this.limit} objects (READ_MAX_OBJECTS): ask for less depth, filter, or page with resultIndex and resultSize`);
    }
  }
}

/** A stored node's chain (its aai-uri is canonical: read without parseNodePath's checks, which remain the fallback). */
const chainOf = (schema: Schema, uri: string) => storedUriChain(schema, uri) ?? parseNodePath(schema, uri).chain;

class Renderer {
  private readonly children = new Map<string, NodeRecord[]>();
  private readonly neighbours = new Map<string, Neighbour[]>();

  constructor(
    private readonly schema: Schema,
    private readonly opts: ReadOptions,
    descendants: readonly NodeRecord[],
    neighbours: readonly Neighbour[],
  ) {
    for (const d of descendants) {
      const parsed = { chain: chainOf(this.schema, d.uri) };
      const parent = parsed.chain[parsed.chain.length - 2];
      if (!parent) continue;
      const list = this.children.get(parent.uri) ?? [];
      list.push(d);
      this.children.set(parent.uri, list);
    }
    for (const n of neighbours) {
      const list = this.neighbours.get(n.uri) ?? [];
      list.push(n);
      this.neighbours.set(n.uri, list);
    }
  }

  private isRelationship(node: NodeRecord, n: Neighbour): boolean {
    const [outType, inType] = n.outgoing ? [node.type, n.otherType] : [n.otherType, node.type];
    const rule = this.schema.edgeRules.forStored(outType, inType, n.label);
    return rule !== undefined && !isTreeRule(rule) && !rule.isPrivate;
  }

  private relationship(n: Neighbour): Json {
    const chain = chainOf(this.schema, n.otherUri);
    const rel: Json = {
      'related-to': n.otherType,
      'relationship-label': n.label,
      'related-link': `/aai/${this.schema.version}${n.otherUri}`,
      'relationship-data': chain.flatMap((ref) =>
        this.schema.type(ref.type).keys.map((k) => ({ 'relationship-key': `${ref.type}.${k}`, 'relationship-value': ref.keys[k] ?? '' })),
      ),
    };
    if (!this.opts.skipRelatedTo) {
      const props = this.schema
        .type(n.otherType)
        .nameProps.filter((p) => n.otherProps[p] !== undefined)
        .map((p) => ({ 'property-key': `${n.otherType}.${p}`, 'property-value': String(n.otherProps[p]) }));
      if (props.length > 0) rel['related-to-property'] = props;
    }
    return rel;
  }

  render(node: NodeRecord, level: number): Json {
    const def = this.schema.type(node.type);
    const out: Json = {};
    for (const attr of def.attributeOrder) {
      if (attr in def.properties) {
        const v: Scalar | undefined = node.props[attr];
        if (v !== undefined) out[attr] = v;
      } else if (attr === 'relationship-list') {
        if (this.opts.nodesOnly) continue;
        const rels = (this.neighbours.get(node.uri) ?? [])
          .filter((n) => this.isRelationship(node, n))
          .map((n) => this.relationship(n))
          .sort((a, b) => `${String(a['related-link'])} ${String(a['relationship-label'])}`.localeCompare(`${String(b['related-link'])} ${String(b['relationship-label'])}`));
        if (rels.length > 0) out['relationship-list'] = { relationship: rels };
      } else if (level < this.opts.depth) {
        const child = def.children.find((c) => c.attribute === attr);
        if (!child) continue;
        const prefix = `${node.uri}/${child.path.join('/')}/`;
        const kids = (this.children.get(node.uri) ?? []).filter((k) => k.type === child.type && k.uri.startsWith(prefix));
        if (kids.length === 0) continue;
        const items = kids.map((k) => this.render(k, level + 1));
        out[attr] = child.wrapper ? { [child.element]: items } : items;
      }
    }
    return out;
  }
}

/** One object as a GET at depth 0 answers it: its properties and its relationship-list, from its neighbours. */
export function renderObject(schema: Schema, node: NodeRecord, neighbours: readonly Neighbour[]): Json {
  return new Renderer(schema, { depth: 0, nodesOnly: false, skipRelatedTo: false }, [], neighbours).render(node, 0);
}

const byUri = (a: NodeRecord, b: NodeRecord): number => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);

/**
 * The roots' descendants down to `depth`, within the budget: whole subtrees in one statement for
 * depth=all, else one statement per level (depth=1 reads the children, never the subtree).
 */
async function readDescendants(schema: Schema, reader: GraphReader, roots: readonly NodeRecord[], depth: number, budget: ReadBudget): Promise<NodeRecord[]> {
  if (depth <= 0 || roots.length === 0) return [];
  if (depth >= MAX_DEPTH) {
    // One root may lie under another (two items of a batch): each node once.
    const all = [...new Map((await reader.descendants(roots.map((r) => r.uri), budget.ask)).map((n) => [n.uri, n])).values()];
    budget.take(all.length);
    return all.sort(byUri);
  }
  const out: NodeRecord[] = [];
  const seen = new Set<string>();
  let level: readonly NodeRecord[] = roots;
  for (let d = 1; d <= depth && level.length > 0; d++) {
    const parents = new Set(level.map((n) => n.uri));
    // An edge may also join a node to a deeper descendant: keep the direct children only, each
    // once (one root may lie under another, in a batch: it is then also its parent's child).
    const kids = (await reader.children([...parents], budget.ask)).filter((k) => {
      const chain = chainOf(schema, k.uri);
      if (seen.has(k.uri) || !parents.has(chain[chain.length - 2]?.uri ?? '')) return false;
      seen.add(k.uri);
      return true;
    });
    budget.take(kids.length);
    out.push(...kids);
    level = kids;
  }
  return out.sort(byUri);
}

/** The roots' bodies; `rootsCounted` when the caller already took the roots from the budget. */
async function renderAll(schema: Schema, reader: GraphReader, roots: readonly NodeRecord[], opts: ReadOptions, budget: ReadBudget, rootsCounted = false): Promise<Json[]> {
  if (!rootsCounted) budget.take(roots.length);
  const included = await readDescendants(schema, reader, roots, opts.depth, budget);
  let neighbours: Neighbour[] = [];
  if (!opts.nodesOnly) {
    neighbours = await reader.neighbours([...roots, ...included].map((n) => n.uri), budget.ask);
    budget.take(neighbours.length);
  }
  const renderer = new Renderer(schema, opts, included, neighbours);
  return roots.map((r) => renderer.render(r, 0));
}

/** Query parameters that are options, never property filters (A&AI's removeNonFilterableParams). */
const RESERVED_PARAMS = new Set(['depth', 'nodes-only', 'resultIndex', 'resultSize', 'includeTotalCount', 'skip-related-to', 'cleanup', ...FORMAT_PARAMS]);

/** A GET's query string: every value of each parameter, in order. */
export type QueryValues = Readonly<Record<string, readonly string[]>>;

const first = (query: QueryValues, name: string): string | undefined => query[name]?.[0];

function typedValue(schema: Schema, type: string, name: string, value: string): Scalar {
  const prop = schema.type(type).properties[name];
  if (!prop) throw new AaiError('AAI_3000', `${name} is not a property of ${type}`);
  if (prop.type === 'boolean') {
    if (value !== 'true' && value !== 'false') throw new AaiError('AAI_3000', `${name} must be true or false`);
    return value === 'true';
  }
  if (prop.type === 'integer') {
    if (!/^-?\d+$/.test(value)) throw new AaiError('AAI_4018', `${name}=${value}`);
    return Number(value);
  }
  return value;
}

/** Key values from a path, typed like the properties (integer keys compare as integers). */
function keyTests(schema: Schema, type: string, keys: Readonly<Record<string, string>>): Where[] {
  return Object.entries(keys).map(([prop, value]) => ({ prop, values: [typedValue(schema, type, prop, value)] }));
}

/** The property filters of a container GET (every parameter that is not an option; repeated ones match any of their values). */
function filterTests(schema: Schema, type: string, query: QueryValues): Where[] {
  return Object.entries(query)
    .filter(([k]) => !RESERVED_PARAMS.has(k))
    .map(([prop, values]) => ({ prop, values: values.map((v) => typedValue(schema, type, prop, v)) }));
}

const INT32 = 2 ** 31;

/** An integer query parameter as JAX-RS reads an `int` (A&AI declares resultIndex/resultSize so); absent → undefined. */
function int32(query: QueryValues, name: string): number | undefined {
  const value = first(query, name);
  if (value === undefined) return undefined;
  if (!/^[-+]?\d+$/.test(value) || Math.abs(Number(value)) >= INT32) throw new AaiError('AAI_3000', `${name} must be an integer, not ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * A&AI's paging (ResourcesController / ResourcesService.hasValidPaginationParams): resultIndex is a
 * 1-based page number, resultSize the page size; only both, each at least 1, page the result (one
 * alone, or resultIndex=0, read everything). includeTotalCount (default true; only "true" is true,
 * as JAX-RS reads a boolean) adds the total-results and total-pages headers to a paged answer.
 */
export interface Paging {
  page: number;
  size: number;
  includeTotalCount: boolean;
}

function pagingOf(query: QueryValues): Paging | undefined {
  const index = int32(query, 'resultIndex');
  const size = int32(query, 'resultSize');
  if (index === undefined || size === undefined || index < 1 || size < 1) return undefined;
  const total = first(query, 'includeTotalCount');
  return { page: index - 1, size, includeTotalCount: total === undefined || total.toLowerCase() === 'true' };
}

/** The read options of a GET's query string: depth, nodes-only, skip-related-to. */
function readOptions(query: QueryValues): ReadOptions {
  const nodesOnly = first(query, 'nodes-only');
  return {
    depth: parseDepth(first(query, 'depth')),
    nodesOnly: nodesOnly !== undefined && nodesOnly !== 'false',
    skipRelatedTo: first(query, 'skip-related-to') === 'true',
  };
}

/** What a GET answers: the body, and for a paged read its total and page count. */
export interface ReadAnswer {
  body: Json;
  total?: number;
  pages?: number | undefined;
}

/** A GET, checked: what to find, and how to answer it. */
export interface ReadPlan {
  /** The whole path names one node by URI, with nothing else asked: read with others of its kind. */
  uri: string | undefined;
  find: FindQuery;
  result: ReadPath['result'];
  relationshipList: boolean;
  format: FormatName | undefined;
  paging: Paging | undefined;
  params: Readonly<Record<string, string>>;
  errorUri: string;
  opts: ReadOptions;
}

/** A read path's find query: keys and filters as typed property tests on the steps they narrow. */
function findOf(schema: Schema, path: ReadPath, query: QueryValues): Pick<FindQuery, 'start' | 'steps'> {
  const filters = path.result.container ? filterTests(schema, path.result.type, query) : [];
  let start: FindStart = path.start.kind === 'node' ? { uri: path.start.uri } : { type: path.start.type, ...(path.start.prefix === undefined ? {} : { prefix: path.start.prefix }), where: [] };
  const steps: FindStep[] = [];
  /** Add tests to the last step (or the start). */
  const narrow = (where: readonly Where[]): void => {
    const last = steps[steps.length - 1];
    if (last) steps[steps.length - 1] = { ...last, where: [...last.where, ...where] };
    else if (!('uri' in start)) start = { ...start, where: [...start.where, ...where] };
    else if (where.length > 0) throw new Error('a test on a node found by URI');
  };
  for (const step of path.steps) {
    if (step.kind === 'keys') narrow(keyTests(schema, step.type, step.keys));
    else if (step.kind === 'related') steps.push({ kind: 'related', type: step.type, where: [] });
    else if (step.keys === undefined) steps.push({ kind: 'children', type: step.type, prefix: step.path, where: [] });
    else steps.push({ kind: 'child', type: step.type, suffix: childUri(schema, '', step) ?? '', where: [] });
  }
  narrow(filters);
  return { start, steps };
}

/**
 * A GET of any read path (a node, a container, a child container, the nodes API, related-to, a
 * relationship list), as the REST API and batch get answer it: checked now (AaiError, no database
 * work for a bad request), read by runReads.
 */
export function planRead(schema: Schema, rawPath: string, query: QueryValues, errorUri: string): ReadPlan {
  // A&AI's order: the paging parameters (JAX-RS), the path and its filters (URIParser), then depth
  // and format (HttpEntry).
  const paging = pagingOf(query);
  const path = parseReadPath(schema, rawPath);
  if (path.relationship) throw new AaiError('AAI_3012');
  if (!path.result.container && !schema.type(path.result.type).allowDirectRead && path.steps.length === 0) throw new AaiError('AAI_3005');
  const { start, steps } = findOf(schema, path, query);
  const opts = readOptions(query);
  const formatValue = first(query, 'format');
  const format = formatValue === undefined ? undefined : parseFormat(formatValue);
  const simple = 'uri' in start && steps.length === 0 && format === undefined && paging === undefined && !path.relationshipList;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v[0] !== undefined) params[k] = v[0];
  return {
    uri: simple && 'uri' in start ? start.uri : undefined,
    find: { start, steps, skip: paging ? paging.page * paging.size : 0, limit: 0 },
    result: path.result,
    relationshipList: path.relationshipList,
    format,
    paging,
    params,
    errorUri,
    opts,
  };
}

/** One read's answer, or the error that answers it alone (e.g. AAI_6114 for a missing node). */
export type ReadResult = { answer: ReadAnswer } | { error: AaiError };

function notFound(plan: ReadPlan): AaiError {
  return new AaiError('AAI_6114', `No Node of type ${plan.result.type} found at: ${plan.errorUri}`);
}

/** The nodes a plan finds (a page of them), within the budget. */
async function findNodes(reader: GraphReader, plan: ReadPlan, budget: ReadBudget): Promise<{ nodes: NodeRecord[]; total: number | undefined }> {
  const limit = plan.paging ? Math.min(plan.paging.size, budget.ask) : budget.ask;
  // Only a page with includeTotalCount shows its total (the total-results header).
  const found = await reader.find({ ...plan.find, limit, count: plan.paging?.includeTotalCount === true });
  budget.take(found.nodes.length);
  return found;
}

/** The answer of a plan over the nodes it found (A&AI's HttpEntry GET and GET_RELATIONSHIP). */
async function answerOf(schema: Schema, reader: GraphReader, plan: ReadPlan, nodes: readonly NodeRecord[], total: number | undefined, budget: ReadBudget): Promise<ReadAnswer> {
  if (nodes.length === 0) throw notFound(plan);
  const paged = plan.paging?.includeTotalCount && total !== undefined ? { total, pages: Math.ceil(total / plan.paging.size) } : {};
  if (plan.format !== undefined) {
    const deps: FormatDeps = {
      schema,
      base: `/aai/${schema.version}`,
      render: (list, o) => renderAll(schema, reader, list, { ...plan.opts, ...o }, budget, true),
      edges: async (list) => {
        const edges = await reader.edges(list.map((n) => n.uri), budget.ask);
        budget.take(edges.length);
        return edges;
      },
    };
    return { body: await formatResults(plan.format, nodes, plan.params, deps), ...paged };
  }
  if (plan.relationshipList) {
    if (nodes.length > 1) throw new AaiError('AAI_6148', plan.errorUri);
    const [body] = await renderAll(schema, reader, nodes, { ...plan.opts, depth: 0, nodesOnly: false }, budget, true);
    const list = body?.['relationship-list'];
    if (list === undefined) throw new AaiError('AAI_6149', `No relationship found of type ${plan.result.type} at the given URI: ${plan.errorUri}`);
    return { body: list as Json, ...paged };
  }
  const rendered = await renderAll(schema, reader, nodes, plan.opts, budget, true);
  if (plan.result.container) return { body: { [plan.result.element]: rendered }, ...paged };
  if (rendered.length > 1) throw new AaiError('AAI_6136', `query object mismatch: this object cannot hold multiple items.${plan.result.type}`);
  return { body: rendered[0] ?? {}, ...paged };
}

/**
 * Reads in one read transaction within one budget (a REST GET: one plan; a batch get: its items).
 * Plain node reads with the same options are read together: one statement finds all their nodes,
 * one per level their children, one their relationships. A budget overrun fails them all (AAI_3303).
 */
export async function runReads(schema: Schema, reader: GraphReader, plans: readonly ReadPlan[], budget: ReadBudget): Promise<ReadResult[]> {
  const results: ReadResult[] = new Array<ReadResult>(plans.length);
  const groups = new Map<string, number[]>();
  for (const [i, plan] of plans.entries()) {
    if (plan.uri === undefined) continue;
    const key = JSON.stringify(plan.opts);
    const group = groups.get(key) ?? [];
    group.push(i);
    groups.set(key, group);
  }
  for (const members of groups.values()) {
    const nodePlans = members.map((i) => plans[i] as ReadPlan & { uri: string });
    const found = new Map((await reader.nodes([...new Set(nodePlans.map((p) => p.uri))])).map((n) => [n.uri, n]));
    const roots = [...found.values()];
    const opts = nodePlans[0]?.opts ?? readOptions({});
    const bodies = new Map(roots.map((r, k) => [r.uri, k]));
    const rendered = await renderAll(schema, reader, roots, opts, budget);
    for (const [k, i] of members.entries()) {
      const plan = nodePlans[k] as ReadPlan & { uri: string };
      const at = bodies.get(plan.uri);
      results[i] = at === undefined ? { error: notFound(plan) } : { answer: { body: rendered[at] ?? {} } };
    }
  }
  for (const [i, plan] of plans.entries()) {
    if (plan.uri !== undefined) continue;
    try {
      const { nodes, total } = await findNodes(reader, plan, budget);
      results[i] = { answer: await answerOf(schema, reader, plan, nodes, total, budget) };
    } catch (e) {
      if (!(e instanceof AaiError) || e.code === 'AAI_3303') throw e;
      results[i] = { error: e };
    }
  }
  return results;
}

/**
 * What A&AI's query formats need to render nodes found some other way (the DSL), read through
 * `reader` within `budget` (the nodes themselves already counted).
 */
export function formatDepsOf(schema: Schema, reader: GraphReader, budget: ReadBudget): FormatDeps {
  return {
    schema,
    base: `/aai/${schema.version}`,
    render: (list, o) => renderAll(schema, reader, list, { depth: o.depth, nodesOnly: o.nodesOnly, skipRelatedTo: o.skipRelatedTo ?? false }, budget, true),
    edges: async (list) => {
      const edges = await reader.edges(list.map((n) => n.uri), budget.ask);
      budget.take(edges.length);
      return edges;
    },
  };
}

/** One GET within its own budget: its answer, or its error thrown. */
export async function runRead(schema: Schema, reader: GraphReader, plan: ReadPlan, maxObjects: number): Promise<ReadAnswer> {
  const [result] = await runReads(schema, reader, [plan], new ReadBudget(maxObjects));
  if (!result) throw new Error('no read result');
  if ('error' in result) throw result.error;
  return result.answer;
}
