/**
 * A&AI URIs: `/network/pnfs/pnf/{pnf-name}/p-interfaces/p-interface/{interface-name}`, multi-key
 * segments (`…/cloud-region/{cloud-owner}/{cloud-region-id}`), percent-encoded keys, an optional
 * `/aai/vNN` prefix (any version, as A&AI strips it), and the `/relationship-list/relationship`
 * suffix. Parsing follows the OXM structure (namespace → container → element → keys).
 *
 * Canonical form (stored as `aai-uri`): keys percent-encoded as Spring's UriUtils.encode does
 * (everything but RFC 3986 unreserved characters), integer keys by value (`010` and `-0` are `10`
 * and `0`: A&AI looks nodes up by key value), no prefix, no trailing slash.
 */
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import type { ChildDef, NodeTypeDef, TopLevelDef } from '../schema/types.js';
import { canonicalInteger, isWellFormed } from '../schema/value-limits.js';

export interface NodeRef {
  type: string;
  /** Decoded key values by key property name. */
  keys: Record<string, string>;
  /** Canonical URI of this node. */
  uri: string;
  /** A&AI's Introspector.getURI(): the full URI for top-level nodes, else `/<container>/<element>/<keys>`. */
  relUri: string;
}

export type ParsedUri =
  | { kind: 'node'; chain: NodeRef[]; target: NodeRef; relationship: boolean }
  | { kind: 'collection'; entry: TopLevelDef };

export type ParsedNodeUri = Extract<ParsedUri, { kind: 'node' }>;

/** Percent-encode a key value like Spring's UriUtils.encode(value, UTF-8). */
export function encodeKey(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Spring's UriUtils.decode as A&AI's ValidateEncoding runs it: %XX to bytes, any other character
 * as one byte, the bytes read as UTF-8 (an invalid sequence as U+FFFD); undefined for a '%' not
 * followed by two hex digits.
 */
function springDecode(segment: string): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(segment)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    if (segment[i] === '%') {
      bytes.push(parseInt(segment.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(segment.charCodeAt(i) & 0xff);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/**
 * A&AI's ValidateEncoding.checkEncoding: the text is exactly what encoding its decoded value gives
 * (UriUtils.encode: everything but RFC 3986 unreserved characters, upper-case hex). So `a%3Ab` is,
 * `a:b`, `a%3ab`, `%41` and `a+b` are not.
 */
export function isCanonicallyEncoded(text: string): boolean {
  const decoded = springDecode(text);
  return decoded !== undefined && encodeKey(decoded) === text;
}

/** What JAX-RS's UriBuilder.fromPath leaves as it is in a path: unreserved, sub-delims, ':', '@', '/'. */
const PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/;

/**
 * A path as JAX-RS's UriBuilder.fromPath(path).build() holds it raw: characters a path may not hold
 * percent-encoded as UTF-8 (a '%' not starting an escape as %25), escapes and the rest kept.
 */
export function jaxrsEncodePath(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; ) {
    if (path[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(path.slice(i + 1, i + 3))) {
      out += path.slice(i, i + 3);
      i += 3;
      continue;
    }
    const ch = String.fromCodePoint(path.codePointAt(i) ?? 0);
    i += ch.length;
    if (PATH_CHAR.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const PREFIX = /^\/?[a-z]+\/v\d+(?=\/|$)/;

/** The percent-decoded path, or undefined when it is not valid percent-encoding. */
export function tryDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** Strip scheme/host and the `/aai/vNN` prefix; returns a path starting with '/'. */
export function stripPrefix(path: string): string {
  const noHost = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const stripped = noHost.replace(PREFIX, '');
  return stripped.startsWith('/') ? stripped : `/${stripped}`;
}

/**
 * `text` percent-decoded; AAI_3008 naming `path` (the URI it belongs to) when it is not valid
 * percent-encoding of UTF-8, or decodes to a lone UTF-16 surrogate (which no UTF-8 encodes).
 */
export function decode(text: string, path: string): string {
  const decoded = tryDecode(text);
  if (decoded === undefined || !isWellFormed(decoded)) throw new AaiError('AAI_3008', `uri=${path}`);
  return decoded;
}

function invalid(path: string, segment: string): AaiError {
  return new AaiError('AAI_3001', `${path} not a valid path. ${segment} not valid`);
}

/** A key value as canonical URIs hold it: integer keys by value; AAI_3000 for one that is not an integer that can be stored. */
function canonicalKey(def: NodeTypeDef, key: string, value: string): string {
  if (def.properties[key]?.type !== 'integer') return value;
  const canonical = canonicalInteger(value);
  if ('problem' in canonical) throw new AaiError('AAI_3000', `Invalid key value "${value}" for ${def.name}.${key}: ${canonical.problem}`);
  return canonical.value;
}

function keyValues(schema: Schema, type: string, segs: readonly string[], at: number, path: string): Record<string, string> {
  const def = schema.type(type);
  const keys: Record<string, string> = {};
  for (const [j, k] of def.keys.entries()) {
    const v = segs[at + j];
    if (v === undefined || v === '') throw invalid(path, type);
    keys[k] = canonicalKey(def, k, v);
  }
  return keys;
}

/** The key segment(s) of a node's URI, from key values as written in a URI, a body or relationship-data. */
export function keySegment(schema: Schema, type: string, keys: Readonly<Record<string, string>>): string {
  const def = schema.type(type);
  return def.keys.map((k) => encodeKey(canonicalKey(def, k, keys[k] ?? ''))).join('/');
}

export function topLevelUri(schema: Schema, entry: TopLevelDef, keys: Readonly<Record<string, string>>): string {
  return `/${entry.path.join('/')}/${keySegment(schema, entry.type, keys)}`;
}

export function childRelUri(schema: Schema, child: ChildDef, keys: Readonly<Record<string, string>>): string {
  return `/${child.path.join('/')}/${keySegment(schema, child.type, keys)}`;
}

/**
 * Parse an A&AI path (no query string). Throws AaiError: AAI_3000 for unknown names or a path not
 * starting at a namespace, AAI_3001 for a bad nesting or missing keys, AAI_3008 for bad encoding.
 */
export function parseAaiPath(schema: Schema, rawPath: string): ParsedUri {
  const path = stripPrefix(rawPath);
  const segs = path
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .split('/')
    .map((s) => decode(s, path));
  const ns = segs[0] ?? '';
  if (!schema.namespaces.has(ns)) {
    if (ns === '' || schema.knownSegments.has(ns)) throw new AaiError('AAI_3000', `${path} not a valid path. It does not start from a valid namespace`);
    throw new AaiError('AAI_3000', `Unrecognized AAI object ${ns}`);
  }
  const container = segs[1];
  if (container === undefined) throw invalid(path, ns);
  const entry = schema.topLevelEntry(ns, container);
  if (!entry) {
    if (!schema.knownSegments.has(container)) throw new AaiError('AAI_3000', `Unrecognized AAI object ${container}`);
    throw invalid(path, container);
  }
  if (segs.length === 2) return { kind: 'collection', entry };
  if (segs[2] !== entry.element) {
    const seg = segs[2] ?? '';
    if (!schema.knownSegments.has(seg)) throw new AaiError('AAI_3000', `Unrecognized AAI object ${seg}`);
    throw invalid(path, seg);
  }
  const topKeys = keyValues(schema, entry.type, segs, 3, path);
  const topUri = topLevelUri(schema, entry, topKeys);
  const chain: NodeRef[] = [{ type: entry.type, keys: topKeys, uri: topUri, relUri: topUri }];
  let i = 3 + schema.type(entry.type).keys.length;
  let relationship = false;
  while (i < segs.length) {
    const current = chain[chain.length - 1];
    if (!current) break;
    const seg = segs[i] ?? '';
    if (seg === 'relationship-list' && segs[i + 1] === 'relationship' && i + 2 === segs.length) {
      relationship = true;
      break;
    }
    const child = schema
      .childrenStartingWith(current.type, seg)
      .find((c) => c.path.every((p, j) => segs[i + j] === p));
    if (!child) {
      if (!schema.knownSegments.has(seg)) throw new AaiError('AAI_3000', `Unrecognized AAI object ${seg}`);
      throw invalid(path, seg);
    }
    i += child.path.length;
    const keys = keyValues(schema, child.type, segs, i, path);
    i += schema.type(child.type).keys.length;
    const relUri = childRelUri(schema, child, keys);
    chain.push({ type: child.type, keys, uri: current.uri + relUri, relUri });
  }
  const target = chain[chain.length - 1];
  if (!target) throw invalid(path, ns);
  return { kind: 'node', chain, target, relationship };
}

/**
 * The chain of a stored node's aai-uri: canonical, written by this service, so its segments are
 * split and its keys decoded without parseAaiPath's checks (encoding, integer keys, error
 * messages). For the change events, which name every object a write changed; undefined for a URI
 * that does not follow the schema.
 */
export function storedUriChain(schema: Schema, aaiUri: string): NodeRef[] | undefined {
  const segs = aaiUri.split('/');
  const entry = schema.topLevelEntry(segs[1] ?? '', segs[2] ?? '');
  if (!entry || segs[3] !== entry.element) return undefined;
  const chain: NodeRef[] = [];
  let type = entry.type;
  let i = 4;
  let start = -1; // where the child's own part begins (-1: a top-level node, whose relUri is its URI)
  for (;;) {
    const def = schema.type(type);
    const keys: Record<string, string> = {};
    for (const k of def.keys) {
      const v = segs[i++];
      if (v === undefined) return undefined;
      keys[k] = decodeURIComponent(v);
    }
    const uri = segs.slice(0, i).join('/');
    chain.push({ type, keys, uri, relUri: start < 0 ? uri : `/${segs.slice(start, i).join('/')}` });
    if (i >= segs.length) return chain;
    const seg = segs[i] ?? '';
    const child = schema.childrenStartingWith(type, seg).find((c) => c.path.every((p, j) => segs[i + j] === p));
    if (!child) return undefined;
    start = i;
    i += child.path.length;
    type = child.type;
  }
}

/** Parse and require a node URI (not a collection). */
export function parseNodePath(schema: Schema, rawPath: string): ParsedNodeUri {
  const parsed = parseAaiPath(schema, rawPath);
  if (parsed.kind !== 'node') throw invalid(stripPrefix(rawPath), parsed.entry.container);
  return parsed;
}

/** Canonical URI of the parent of a node URI, or undefined for a top-level node. */
export function parentOf(parsed: ParsedNodeUri): NodeRef | undefined {
  return parsed.chain.length > 1 ? parsed.chain[parsed.chain.length - 2] : undefined;
}

/** Split an operation URI into its path (as given) and query parameters. */
export function splitUri(uri: string): { path: string; query: URLSearchParams } {
  const q = uri.indexOf('?');
  const hash = uri.indexOf('#');
  const end = hash >= 0 ? hash : uri.length;
  return q >= 0 && q < end ? { path: uri.slice(0, q), query: new URLSearchParams(uri.slice(q + 1, end)) } : { path: uri.slice(0, end), query: new URLSearchParams() };
}

/** The uri of a response entry: the operation URI's path, percent-decoded, without its query. */
export function entryUri(rawUri: string): string {
  const { path } = splitUri(rawUri);
  return tryDecode(path) ?? path;
}
