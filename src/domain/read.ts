/**
 * GET (aai-compat.md §10): a node's schema properties in OXM order, its `relationship-list`
 * (omitted when empty or with nodes-only), and children down to `depth` (default 0, N or all).
 */
import { AaiError } from '../errors.js';
import { isTreeRule } from '../schema/edge-rules.js';
import type { Schema } from '../schema/schema.js';
import type { TopLevelDef } from '../schema/types.js';
import { parseAaiPath, parseNodePath } from '../uri/aai-uri.js';
import type { Neighbour, NodeRecord, Scalar } from './model.js';
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
      const parsed = parseNodePath(this.schema, d.uri);
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
    const chain = parseNodePath(this.schema, n.otherUri).chain;
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
      const chain = parseNodePath(schema, k.uri).chain;
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

async function renderAll(schema: Schema, reader: GraphReader, roots: readonly NodeRecord[], opts: ReadOptions, budget: ReadBudget): Promise<Json[]> {
  budget.take(roots.length);
  const included = await readDescendants(schema, reader, roots, opts.depth, budget);
  let neighbours: Neighbour[] = [];
  if (!opts.nodesOnly) {
    neighbours = await reader.neighbours([...roots, ...included].map((n) => n.uri), budget.ask);
    budget.take(neighbours.length);
  }
  const renderer = new Renderer(schema, opts, included, neighbours);
  return roots.map((r) => renderer.render(r, 0));
}

export interface CollectionPage {
  body: Json;
  total: number;
  pages: number | undefined;
}

const RESERVED_PARAMS = new Set(['depth', 'nodes-only', 'resultIndex', 'resultSize', 'skip-related-to', 'format', 'cleanup']);

function typedFilter(schema: Schema, type: string, name: string, value: string): Scalar {
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

const MAX_PAGING = 1_000_000_000;

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value) || Number(value) > MAX_PAGING) throw new AaiError('AAI_3000', `${name} must be an integer from 1 to ${MAX_PAGING}`);
  return Number(value);
}

/** GET a top-level container (e.g. /network/pnfs), with property filters and resultIndex/resultSize paging. */
async function readCollection(schema: Schema, reader: GraphReader, plan: CollectionPlan, budget: ReadBudget): Promise<CollectionPage> {
  const { entry, query, errorUri, opts } = plan;
  const filters: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(query)) if (!RESERVED_PARAMS.has(k)) filters[k] = typedFilter(schema, entry.type, k, v);
  const index = positive(query['resultIndex'], 'resultIndex');
  const size = positive(query['resultSize'], 'resultSize');
  const paged = index !== undefined && size !== undefined;
  const { total, nodes } = await reader.collection({
    type: entry.type,
    prefix: `/${entry.path.join('/')}/`,
    filters,
    skip: paged ? (index - 1) * size : 0,
    // An unpaged collection is bounded by the budget, like any read.
    limit: paged ? Math.min(size, budget.ask) : budget.ask,
  });
  if (nodes.length === 0) throw new AaiError('AAI_6114', `No Node of type ${entry.type} found at: ${errorUri}`);
  const items = await renderAll(schema, reader, nodes, opts, budget);
  return { body: { [entry.element]: items }, total, pages: paged ? Math.ceil(total / size) : undefined };
}

/** The read options of a GET's query string: depth, nodes-only, skip-related-to. */
function readOptions(query: Readonly<Record<string, string>>): ReadOptions {
  return {
    depth: parseDepth(query['depth']),
    nodesOnly: query['nodes-only'] !== undefined && query['nodes-only'] !== 'false',
    skipRelatedTo: query['skip-related-to'] === 'true',
  };
}

/** What a GET answers: the body, and for a collection its total and page count. */
export interface ReadAnswer {
  body: Json;
  total?: number;
  pages?: number | undefined;
}

interface NodePlan {
  kind: 'node';
  uri: string;
  type: string;
  errorUri: string;
  opts: ReadOptions;
}

interface CollectionPlan {
  kind: 'collection';
  entry: TopLevelDef;
  query: Readonly<Record<string, string>>;
  errorUri: string;
  opts: ReadOptions;
}

/** A GET, checked: what to read, and how. */
export type ReadPlan = NodePlan | CollectionPlan;

/**
 * A GET of a node or top-level collection path, as the REST API and batch get answer it: checked
 * now (AaiError, no database work for a bad request), read by runReads.
 */
export function planRead(schema: Schema, path: string, query: Readonly<Record<string, string>>, errorUri: string): ReadPlan {
  const opts = readOptions(query);
  const parsed = parseAaiPath(schema, path);
  if (parsed.kind === 'collection') return { kind: 'collection', entry: parsed.entry, query, errorUri, opts };
  if (parsed.relationship) throw new AaiError('AAI_3012');
  if (!schema.type(parsed.target.type).allowDirectRead) throw new AaiError('AAI_3005');
  return { kind: 'node', uri: parsed.target.uri, type: parsed.target.type, errorUri, opts };
}

/** One read's answer, or the error that answers it alone (e.g. AAI_6114 for a missing node). */
export type ReadResult = { answer: ReadAnswer } | { error: AaiError };

/**
 * Reads in one read transaction within one budget (a REST GET: one plan; a batch get: its items).
 * Node reads with the same options are read together: one statement finds all their nodes, one per
 * level their children, one their relationships. A budget overrun fails them all (AAI_3303).
 */
export async function runReads(schema: Schema, reader: GraphReader, plans: readonly ReadPlan[], budget: ReadBudget): Promise<ReadResult[]> {
  const results: ReadResult[] = new Array<ReadResult>(plans.length);
  const groups = new Map<string, number[]>();
  for (const [i, plan] of plans.entries()) {
    if (plan.kind === 'collection') continue;
    const key = JSON.stringify(plan.opts);
    const group = groups.get(key) ?? [];
    group.push(i);
    groups.set(key, group);
  }
  for (const members of groups.values()) {
    const nodePlans = members.map((i) => plans[i] as NodePlan);
    const found = new Map((await reader.nodes([...new Set(nodePlans.map((p) => p.uri))])).map((n) => [n.uri, n]));
    const roots = [...found.values()];
    const opts = nodePlans[0]?.opts ?? readOptions({});
    const bodies = new Map(roots.map((r, k) => [r.uri, k]));
    const rendered = await renderAll(schema, reader, roots, opts, budget);
    for (const [k, i] of members.entries()) {
      const plan = nodePlans[k] as NodePlan;
      const at = bodies.get(plan.uri);
      results[i] = at === undefined ? { error: new AaiError('AAI_6114', `No Node of type ${plan.type} found at: ${plan.errorUri}`) } : { answer: { body: rendered[at] ?? {} } };
    }
  }
  for (const [i, plan] of plans.entries()) {
    if (plan.kind !== 'collection') continue;
    try {
      results[i] = { answer: await readCollection(schema, reader, plan, budget) };
    } catch (e) {
      if (!(e instanceof AaiError) || e.code === 'AAI_3303') throw e;
      results[i] = { error: e };
    }
  }
  return results;
}

/** One GET within its own budget: its answer, or its error thrown. */
export async function runRead(schema: Schema, reader: GraphReader, plan: ReadPlan, maxObjects: number): Promise<ReadAnswer> {
  const [result] = await runReads(schema, reader, [plan], new ReadBudget(maxObjects));
  if (!result) throw new Error('no read result');
  if ('error' in result) throw result.error;
  return result.answer;
}
