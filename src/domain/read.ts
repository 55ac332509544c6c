/**
 * GET (aai-compat.md §10): a node's schema properties in OXM order, its `relationship-list`
 * (omitted when empty or with nodes-only), and children down to `depth` (default 0, N or all).
 */
import { AaiError } from '../errors.js';
import { isTreeRule } from '../schema/edge-rules.js';
import type { Schema } from '../schema/schema.js';
import type { TopLevelDef } from '../schema/types.js';
import { parseAaiPath, parseNodePath, type ParsedNodeUri } from '../uri/aai-uri.js';
import type { GraphReader, Neighbour, NodeRecord, Scalar } from './model.js';

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

async function renderAll(schema: Schema, reader: GraphReader, roots: readonly NodeRecord[], opts: ReadOptions): Promise<Json[]> {
  const descendants = opts.depth > 0 && roots.length > 0 ? await reader.descendants(roots.map((r) => r.uri)) : [];
  const rootUris = new Set(roots.map((r) => r.uri));
  // A descendant's root is the ancestor in its own URI chain that was asked for: one parse each.
  const included = descendants.filter((d) => {
    const chain = parseNodePath(schema, d.uri).chain;
    const at = chain.findIndex((ref) => rootUris.has(ref.uri));
    return at >= 0 && chain.length - 1 - at <= opts.depth;
  });
  const neighbours = opts.nodesOnly ? [] : await reader.neighbours([...roots, ...included].map((n) => n.uri));
  const renderer = new Renderer(schema, opts, included, neighbours);
  return roots.map((r) => renderer.render(r, 0));
}

/** GET one node; AAI_6114 when it does not exist. */
export async function readNode(schema: Schema, reader: GraphReader, target: ParsedNodeUri, errorUri: string, opts: ReadOptions): Promise<Json> {
  const [node] = await reader.nodes([target.target.uri]);
  if (!node) throw new AaiError('AAI_6114', `No Node of type ${target.target.type} found at: ${errorUri}`);
  const [body] = await renderAll(schema, reader, [node], opts);
  return body ?? {};
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
export async function readCollection(
  schema: Schema,
  reader: GraphReader,
  entry: TopLevelDef,
  query: Readonly<Record<string, string>>,
  errorUri: string,
  opts: ReadOptions,
): Promise<CollectionPage> {
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
    limit: paged ? size : undefined,
  });
  if (nodes.length === 0) throw new AaiError('AAI_6114', `No Node of type ${entry.type} found at: ${errorUri}`);
  const items = await renderAll(schema, reader, nodes, opts);
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

/**
 * A GET of a node or top-level collection path, as the REST API and batch get answer it: checked
 * now (no database work for a bad request), read by the function returned.
 */
export function planRead(schema: Schema, path: string, query: Readonly<Record<string, string>>, errorUri: string): (reader: GraphReader) => Promise<ReadAnswer> {
  const opts = readOptions(query);
  const parsed = parseAaiPath(schema, path);
  if (parsed.kind === 'collection') return (reader) => readCollection(schema, reader, parsed.entry, query, errorUri, opts);
  if (parsed.relationship) throw new AaiError('AAI_3012');
  if (!schema.type(parsed.target.type).allowDirectRead) throw new AaiError('AAI_3005');
  return async (reader) => ({ body: await readNode(schema, reader, parsed, errorUri, opts) });
}
