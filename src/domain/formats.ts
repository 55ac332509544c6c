/**
 * A&AI's `format=` output (aai-core serialization/queryformats): the body A&AI answers, for a GET with
 * `format`, over the GET's result nodes.
 *
 * - Format.getFormat: the format name, else AAI_6120 "Unsupported format query parameter X in request.".
 * - FormatFactory + QueryParamInjector: every format but count reads `depth` (Java's `new Integer`:
 *   "all" or "" fail with AAI_4017 "issue with query params"), `nodesOnly` (not `nodes-only`: true
 *   only for "true", any case) and `as-tree`; the builders default depth to 1, simple to 0.
 * - Formatter.output: `{"results":[one object per node]}`; count sums the nodes per node type into one
 *   object; with `as-tree=true` (any case) every format but count answers its first object alone.
 *
 * Per format (keys in the order A&AI's Gson writes them):
 *   count             {"<node-type>": n, …}, keys in A&AI's ConcurrentHashMap order (javaHashOrder)
 *   pathed            {"resource-type", "resource-link": base + uri}                  (PathedURL)
 *   id                {"resource-type", "resource-link": base + "/resources/id/" + id} (IdURL, UrlBuilder.id)
 *   resource          {"<node-type>": the GET body at depth (default 1), nodesOnly, skip-related-to}
 *   resource_and_url  {"url": base + uri, "<node-type>": the same body}               (Resource)
 *   raw               {"id", "node-type", "url", "properties": every stored property, "related-to"}
 *   simple            raw, with "properties" = the GET body at depth (default 0), nodes only, and
 *                     "related-to" without private edges                             (SimpleFormat)
 * A node's id (A&AI's vertex id) is its aai-uuid. "related-to" (omitted with nodesOnly) lists every
 * edge of the node, parent/child edges included: incoming edges first, then outgoing ones (RawFormat
 * reads Direction.IN, then OUT), each {"id", "relationship-label", "node-type", "url"}.
 */
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import type { Neighbour, NodeRecord, Scalar } from './model.js';

export type Json = Record<string, unknown>;

/** The formats we answer (A&AI's queryformats/Format.java names). */
export const FORMATS = ['count', 'pathed', 'id', 'resource', 'resource_and_url', 'raw', 'simple'] as const;
export type FormatName = (typeof FORMATS)[number];

/** A&AI's other formats (Format.java): refused with AAI_6120 naming the format and the ones we answer. */
export const UNSUPPORTED_FORMATS: readonly string[] = ['graphson', 'pathed_resourceversion', 'console', 'resource_with_sot', 'state', 'lifecycle', 'changes', 'aggregate', 'tree'];

/**
 * The query parameters read only by formats (beside `depth` and `skip-related-to`, which a plain GET
 * reads too): a collection GET must not take them for property filters.
 */
export const FORMAT_PARAMS: readonly string[] = ['format', 'nodesOnly', 'as-tree'];

/**
 * A&AI's Format.getFormat: a known name (case-sensitive, as Java's Enum.valueOf), else AAI_6120
 * (400, "Bad Parameter Passed") with A&AI's message; a format A&AI has and this service does not
 * answer gets the same error, its detail naming the formats answered.
 */
export function parseFormat(value: string): FormatName {
  const known = FORMATS.find((f) => f === value);
  if (known !== undefined) return known;
  const message = `Unsupported format query parameter ${value} in request.`;
  if (UNSUPPORTED_FORMATS.includes(value)) throw new AaiError('AAI_6120', `${message} This service answers format=${FORMATS.join(', ')}.`);
  throw new AaiError('AAI_6120', message);
}

export interface FormatDeps {
  schema: Schema;
  /** A&AI's URL prefix, e.g. "/aai/v15" (resource-link = prefix + node.uri). */
  base: string;
  /**
   * The nodes' resource bodies exactly as a plain GET renders them, with the given depth / nodes-only,
   * in the nodes' order. `skipRelatedTo` (always given): omit related-to-property (A&AI's rule for
   * formats: skip unless the parameter is absent or exactly "false").
   */
  render(nodes: readonly NodeRecord[], opts: { depth: number; nodesOnly: boolean; skipRelatedTo?: boolean }): Promise<Json[]>;
  /**
   * Every edge of the nodes to other nodes (tree and cousin: their parent's and their children's
   * edges too), both directions: needed by raw and simple.
   */
  edges(nodes: readonly NodeRecord[]): Promise<Neighbour[]>;
}

/** The cap on a rendered depth: read.ts's MAX_DEPTH (depth=all). */
const MAX_RENDER_DEPTH = 10_000;

/** What QueryParamInjector sets on a format's builder, and what Formatter.output reads. */
interface FormatParams {
  depth: number | undefined;
  nodesOnly: boolean;
  /** Resource.Builder.isSkipRelatedTo. */
  skipRelatedTo: boolean;
  asTree: boolean;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Java's `Boolean(String)`: true only for "true", in any case. */
const javaBoolean = (value: string | undefined): boolean => value !== undefined && /^true$/i.test(value);

function formatParams(params: Readonly<Record<string, string>>): FormatParams {
  const depthValue = params['depth'];
  let depth: number | undefined;
  if (depthValue !== undefined) {
    // QueryParamInjector: `new Integer(value)`; a NumberFormatException is AAI_4017.
    const n = /^[+-]?\d+$/.test(depthValue) ? Number(depthValue) : NaN;
    if (!(n >= INT_MIN && n <= INT_MAX)) throw new AaiError('AAI_4017', 'issue with query params');
    depth = n;
  }
  const skip = params['skip-related-to'];
  return {
    depth,
    nodesOnly: javaBoolean(params['nodesOnly']),
    skipRelatedTo: skip !== undefined && skip !== 'false',
    asTree: javaBoolean(params['as-tree']),
  };
}

/**
 * The body A&AI answers for `format` over the result nodes (never empty: the caller answers 404 for no
 * nodes). params are the request's query parameters (first values): depth, nodesOnly, etc.
 */
export async function formatResults(format: FormatName, nodes: readonly NodeRecord[], params: Readonly<Record<string, string>>, deps: FormatDeps): Promise<Json> {
  // Count reads no parameter (it has no builder to inject into, and its Formatter has no params).
  if (format === 'count') return { results: [countByType(nodes)] };
  const p = formatParams(params);
  const results = await formatEach(format, nodes, p, deps);
  // Formatter.output: with as-tree=true, the first object alone when it is not empty.
  const first = results[0];
  if (p.asTree && first !== undefined && Object.keys(first).length > 0) return first;
  return { results };
}

async function formatEach(format: Exclude<FormatName, 'count'>, nodes: readonly NodeRecord[], p: FormatParams, deps: FormatDeps): Promise<Json[]> {
  const url = (uri: string): string => `${deps.base}${uri}`;
  switch (format) {
    case 'pathed':
      return nodes.map((n) => ({ 'resource-type': n.type, 'resource-link': url(n.uri) }));
    case 'id':
      return nodes.map((n) => {
        const id = idOf(n.props);
        // A result-data with a null link is marshalled without it.
        return id === null ? { 'resource-type': n.type } : { 'resource-type': n.type, 'resource-link': `${deps.base}/resources/id/${id}` };
      });
    case 'resource':
    case 'resource_and_url': {
      const bodies = await bodiesOf(nodes, p.depth ?? 1, p.nodesOnly, p.skipRelatedTo, deps);
      return nodes.map((n, i) => {
        const out: Json = format === 'resource_and_url' ? { url: url(n.uri) } : {};
        out[n.type] = bodies[i] ?? {};
        return out;
      });
    }
    case 'raw':
    case 'simple': {
      const simple = format === 'simple';
      const properties = simple ? await bodiesOf(nodes, p.depth ?? 0, true, p.skipRelatedTo, deps) : nodes.map((n) => rawProperties(deps.schema, n));
      const related = p.nodesOnly ? undefined : relatedTo(deps, nodes, await deps.edges(nodes), simple);
      return nodes.map((n, i) => {
        const out: Json = { id: idOf(n.props), 'node-type': n.type, url: url(n.uri), properties: properties[i] ?? {} };
        if (related) out['related-to'] = related.get(n.uri) ?? [];
        return out;
      });
    }
  }
}

/** DBSerializer.dbToObject: a negative depth leaves the object empty. */
async function bodiesOf(nodes: readonly NodeRecord[], depth: number, nodesOnly: boolean, skipRelatedTo: boolean, deps: FormatDeps): Promise<Json[]> {
  if (depth < 0) return nodes.map(() => ({}));
  return deps.render(nodes, { depth: Math.min(depth, MAX_RENDER_DEPTH), nodesOnly, skipRelatedTo });
}

/** A node's id in the id, raw and simple formats: its aai-uuid (Gson writes a missing one as null). */
function idOf(props: Readonly<Record<string, Scalar>>): string | null {
  const id = props['aai-uuid'];
  return id === undefined ? null : String(id);
}

/**
 * RawFormat.createPropertiesObject: every property stored on the node, bookkeeping included
 * (aai-node-type, aai-uri, aai-uuid, resource-version, timestamps, source-of-truth…), under the names
 * it is stored with. A&AI keeps a string list as one vertex property per element, each written over
 * the last: the list's last element, as a string. Order (A&AI's is JanusGraph's storage order): the
 * type's properties in OXM order, then the others by name.
 */
function rawProperties(schema: Schema, node: NodeRecord): Json {
  const own = Object.keys(schema.type(node.type).properties);
  const ownSet = new Set(own);
  const rest = Object.keys(node.props)
    .filter((k) => !ownSet.has(k))
    .sort();
  const out: Json = {};
  for (const key of [...own, ...rest]) {
    const v = node.props[key];
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      const last = v[v.length - 1];
      if (last !== undefined) out[key] = last;
    } else {
      out[key] = v;
    }
  }
  return out;
}

/**
 * Each node's "related-to": incoming edges, then outgoing ones, each group by the other node's URI and
 * the label (A&AI's order within a direction is JanusGraph's). Simple leaves out private edges.
 */
function relatedTo(deps: FormatDeps, nodes: readonly NodeRecord[], edges: readonly Neighbour[], simple: boolean): Map<string, Json[]> {
  const types = new Map(nodes.map((n) => [n.uri, n.type]));
  const byNode = new Map<string, Neighbour[]>();
  for (const e of edges) {
    const type = types.get(e.uri);
    if (type === undefined) continue;
    if (simple) {
      const [outType, inType] = e.outgoing ? [type, e.otherType] : [e.otherType, type];
      if (deps.schema.edgeRules.forStored(outType, inType, e.label)?.isPrivate === true) continue;
    }
    const list = byNode.get(e.uri) ?? [];
    list.push(e);
    byNode.set(e.uri, list);
  }
  const order = (a: Neighbour, b: Neighbour): number =>
    Number(a.outgoing) - Number(b.outgoing) || compare(a.otherUri, b.otherUri) || compare(a.label, b.label);
  const out = new Map<string, Json[]>();
  for (const [uri, list] of byNode) {
    out.set(
      uri,
      list.sort(order).map((e) => ({ id: idOf(e.otherProps), 'relationship-label': e.label, 'node-type': e.otherType, url: `${deps.base}${e.otherUri}` })),
    );
  }
  return out;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Count.formatObject: the nodes per node type, in one object, keys in A&AI's order. */
function countByType(nodes: readonly NodeRecord[]): Json {
  const types = nodes.map((n) => n.type);
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  const out: Json = {};
  for (const t of javaHashOrder(types)) out[t] = counts.get(t);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Count collects into a java.util.concurrent.ConcurrentHashMap (Collectors.toConcurrentMap, one
// `merge` per node, sequentially) and writes its keys in the map's iteration order: by bin, and within
// a bin in list order. That order depends on the keys' String.hashCode, the table size (16, doubled
// when the count reaches 3/4 of it) and how `transfer` splits a bin on a resize (the run at the bin's
// tail kept in order, the nodes before it prepended), and, for a bin of 9 or more keys, on
// treeification (a table under 64 grows instead; a tree bin prepends new keys). This simulates
// OpenJDK's ConcurrentHashMap (the same from Java 8 to 25) for those steps.

const TREEIFY_THRESHOLD = 8;
const UNTREEIFY_THRESHOLD = 6;
const MIN_TREEIFY_CAPACITY = 64;

interface Entry {
  key: string;
  hash: number;
}
interface Bin {
  tree: boolean;
  entries: Entry[];
}

/** Java's String.hashCode (over UTF-16 code units), spread as ConcurrentHashMap.spread does. */
function spreadHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/** The distinct keys in the iteration order of a ConcurrentHashMap into which `keys` were merged in order. */
export function javaHashOrder(keys: readonly string[]): string[] {
  let n = 16;
  let sizeCtl = n - (n >>> 2);
  let table: (Bin | undefined)[] = new Array<Bin | undefined>(n);
  let count = 0;

  const transfer = (): void => {
    const next = new Array<Bin | undefined>(n * 2);
    for (let i = 0; i < n; i++) {
      const bin = table[i];
      if (bin === undefined) continue;
      let lo: Entry[];
      let hi: Entry[];
      if (bin.tree) {
        lo = bin.entries.filter((e) => (e.hash & n) === 0);
        hi = bin.entries.filter((e) => (e.hash & n) !== 0);
        if (lo.length > 0) next[i] = { tree: lo.length > UNTREEIFY_THRESHOLD, entries: lo };
        if (hi.length > 0) next[i + n] = { tree: hi.length > UNTREEIFY_THRESHOLD, entries: hi };
        continue;
      }
      const entries = bin.entries;
      let runBit = (entries[0]?.hash ?? 0) & n;
      let lastRun = 0;
      for (let k = 1; k < entries.length; k++) {
        const b = (entries[k]?.hash ?? 0) & n;
        if (b !== runBit) {
          runBit = b;
          lastRun = k;
        }
      }
      lo = runBit === 0 ? entries.slice(lastRun) : [];
      hi = runBit === 0 ? [] : entries.slice(lastRun);
      for (let k = 0; k < lastRun; k++) {
        const e = entries[k] as Entry;
        if ((e.hash & n) === 0) lo.unshift(e);
        else hi.unshift(e);
      }
      if (lo.length > 0) next[i] = { tree: false, entries: lo };
      if (hi.length > 0) next[i + n] = { tree: false, entries: hi };
    }
    sizeCtl = (n << 1) - (n >>> 1);
    n *= 2;
    table = next;
  };

  const tryPresize = (size: number): void => {
    let c = 1;
    while (c < size + (size >>> 1) + 1) c *= 2;
    while (c > sizeCtl) transfer();
  };

  for (const key of keys) {
    const hash = spreadHash(key);
    const i = (n - 1) & hash;
    const bin = table[i];
    let added = false;
    let binCount = 0;
    if (bin === undefined) {
      table[i] = { tree: false, entries: [{ key, hash }] };
      added = true;
    } else if (bin.tree) {
      if (!bin.entries.some((e) => e.key === key)) {
        bin.entries.unshift({ key, hash });
        added = true;
      }
    } else {
      const at = bin.entries.findIndex((e) => e.key === key);
      if (at >= 0) binCount = at + 1;
      else {
        binCount = bin.entries.length;
        bin.entries.push({ key, hash });
        added = true;
      }
      if (binCount >= TREEIFY_THRESHOLD) {
        if (n < MIN_TREEIFY_CAPACITY) tryPresize(n << 1);
        else bin.tree = true;
      }
    }
    if (added) {
      count++;
      while (count >= sizeCtl) transfer();
    }
  }
  return table.flatMap((bin) => (bin === undefined ? [] : bin.entries.map((e) => e.key)));
}
