/**
 * What a GET path names, as A&AI's URIParser reads it (aai-core parsers/uri/URIParser.java): a start
 * and a list of steps, each narrowing or following the set of nodes before it.
 *
 *   /network/pnfs/pnf/p1                              one node, by its canonical URI
 *   /network/pnfs                                     every pnf (a top-level container)
 *   /network/pnfs/pnf/p1/p-interfaces                 the pnf's p-interfaces (a child container)
 *   /nodes/vservers, /nodes/vserver/{vserver-id}      every vserver, wherever it sits (by key)
 *   /nodes/tenant/{id}/vservers                       children of the nodes found
 *   …/generic-vnf/v1/related-to/vservers[/vserver/x]  nodes joined by any edge (RestTokens.COUSIN)
 *   …/relationship-list                               the relationship list of the one node named
 *
 * Keys are the values written in the path (decoded); the domain types them. The result is the set
 * the last step leaves: one node (the path ends in keys) or a container (it ends in a plural,
 * rendered as `{"<element>": [...]}`).
 */
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { decode, keySegment, parseAaiPath, stripPrefix } from './aai-uri.js';

export const NODES = 'nodes';
export const RELATED_TO = 'related-to';

export type ReadStart =
  /** One node by canonical URI (every key on the way is known). */
  | { kind: 'node'; uri: string; type: string }
  /** Every node of the type: under a top-level container's prefix, or anywhere (the nodes API). */
  | { kind: 'all'; type: string; prefix?: string };

export type ReadStep =
  /** The children of each node so far, of one child kind (its URI path, e.g. "/p-interfaces/p-interface/"); with keys, the one child by key. */
  | { kind: 'child'; type: string; path: string; keys?: Readonly<Record<string, string>> }
  /** The nodes joined to each node so far by any edge (tree or cousin), of the type. */
  | { kind: 'related'; type: string }
  /** Keep the nodes so far whose keys have these values. */
  | { kind: 'keys'; type: string; keys: Readonly<Record<string, string>> };

export interface ReadPath {
  start: ReadStart;
  steps: ReadStep[];
  /** The node type of the result; whether the path names one node or a container of them (rendered as {element: [...]}). */
  result: { type: string; element: string; container: boolean };
  /** The path ends in /relationship-list (the result's relationship list is asked for). */
  relationshipList: boolean;
  /** The path ends in /relationship-list/relationship (a write target, never a read). */
  relationship: boolean;
  /** The path goes through /related-to/ (A&AI answers writes through it with AAI_3010). */
  relatedTo: boolean;
}

function unrecognised(schema: Schema, path: string, seg: string): AaiError {
  if (!schema.knownSegments.has(seg)) return new AaiError('AAI_3000', `Unrecognized AAI object ${seg}`);
  return new AaiError('AAI_3001', `${path} not a valid path. ${seg} not valid`);
}

function readKeys(schema: Schema, type: string, segs: readonly string[], at: number, path: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [j, k] of schema.type(type).keys.entries()) {
    const v = segs[at + j];
    if (v === undefined || v === '') throw new AaiError('AAI_3001', `${path} not a valid path. ${type} not valid`);
    keys[k] = v;
  }
  return keys;
}

interface Head {
  start: ReadStart;
  steps: ReadStep[];
  type: string;
  element: string;
  container: boolean;
}

/** A resources path (namespace → … → node or top-level container), parsed as the write path parses it. */
function resources(schema: Schema, rawPrefix: string): Head {
  const parsed = parseAaiPath(schema, rawPrefix);
  if (parsed.kind === 'collection') {
    const { entry } = parsed;
    return { start: { kind: 'all', type: entry.type, prefix: `/${entry.path.join('/')}/` }, steps: [], type: entry.type, element: entry.element, container: true };
  }
  const { target } = parsed;
  return { start: { kind: 'node', uri: target.uri, type: target.type }, steps: [], type: target.type, element: target.type, container: false };
}

/**
 * The resources part of a path: a node or top-level container; a path ending in a child container
 * (…/pnf/p1/p-interfaces) is its parent node plus a child step.
 */
function resourcesHead(schema: Schema, raw: readonly string[], segs: readonly string[], stop: number): Head {
  const last = segs[stop - 1];
  if (stop >= 5 && last !== undefined) {
    let parent: Head | undefined;
    try {
      parent = resources(schema, `/${raw.slice(0, stop - 1).join('/')}`);
    } catch (e) {
      if (!(e instanceof AaiError)) throw e;
    }
    const child = parent && !parent.container ? schema.childrenStartingWith(parent.type, last).find((c) => c.wrapper) : undefined;
    if (parent && child) {
      return { start: parent.start, steps: [{ kind: 'child', type: child.type, path: `/${child.path.join('/')}/` }], type: child.type, element: child.element, container: true };
    }
  }
  return resources(schema, `/${raw.slice(0, stop).join('/')}`);
}

/**
 * Parse a GET path (no query string; the /aai/vNN prefix optional). Throws A&AI's AAI_3000/3001
 * for names that are not in the schema or do not nest, AAI_3008 for bad percent-encoding.
 */
export function parseReadPath(schema: Schema, rawPath: string): ReadPath {
  const path = stripPrefix(rawPath);
  const raw = path.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  const segs = raw.map((s) => decode(s, path));
  let relationshipList = false;
  let relationship = false;
  let end = segs.length;
  if (segs[end - 2] === 'relationship-list' && segs[end - 1] === 'relationship') {
    relationship = true;
    end -= 2;
  } else if (segs[end - 1] === 'relationship-list') {
    relationshipList = true;
    end -= 1;
  }
  let head: Head;
  let i: number;
  if (segs[0] === NODES) {
    const name = segs[1] ?? '';
    const plural = schema.plurals.get(name);
    if (plural !== undefined) {
      head = { start: { kind: 'all', type: plural.type }, steps: [], type: plural.type, element: plural.element, container: true };
      i = 2;
    } else if (schema.nodeTypes.has(name)) {
      head = { start: { kind: 'all', type: name }, steps: [{ kind: 'keys', type: name, keys: readKeys(schema, name, segs, 2, path) }], type: name, element: name, container: false };
      i = 2 + schema.type(name).keys.length;
    } else if (name === '') {
      throw new AaiError('AAI_3001', `${path} not a valid path. ${NODES} not valid`);
    } else {
      throw unrecognised(schema, path, name);
    }
  } else {
    // The resources part runs up to the first related-to (or the end).
    const related = segs.indexOf(RELATED_TO);
    const stop = related >= 0 && related < end ? related : end;
    head = resourcesHead(schema, raw, segs, stop);
    i = stop;
  }
  const { start, steps } = head;
  let { type, element, container } = head;
  let relatedTo = false;
  while (i < end) {
    const seg = segs[i] ?? '';
    if (seg === RELATED_TO) {
      relatedTo = true;
      const target = segs[i + 1];
      if (target === undefined || i + 1 >= end) throw new AaiError('AAI_3000', `${path} not a valid path. Cannot end in ${RELATED_TO}`);
      const plural = schema.plurals.get(target);
      if (plural === undefined) throw unrecognised(schema, path, target);
      if (container) throw new AaiError('AAI_3000', `${path} not a valid path. Cannot chain plurals together`);
      steps.push({ kind: 'related', type: plural.type });
      ({ type, element } = plural);
      container = true;
      i += 2;
      continue;
    }
    if (container) {
      // A plural is followed by its element and keys.
      if (seg !== type) throw unrecognised(schema, path, seg);
      steps.push({ kind: 'keys', type, keys: readKeys(schema, type, segs, i + 1, path) });
      element = type;
      container = false;
      i += 1 + schema.type(type).keys.length;
      continue;
    }
    const candidates = schema.childrenStartingWith(type, seg);
    const asContainer = i + 1 === end ? candidates.find((c) => c.wrapper) : undefined;
    if (asContainer) {
      // Ends in a child container (e.g. /nodes/pnf/p1/p-interfaces).
      steps.push({ kind: 'child', type: asContainer.type, path: `/${asContainer.path.join('/')}/` });
      ({ type, element } = asContainer);
      container = true;
      i += 1;
      continue;
    }
    const child = candidates.find((c) => c.path.every((p, j) => segs[i + j] === p));
    if (!child) throw unrecognised(schema, path, seg);
    i += child.path.length;
    steps.push({ kind: 'child', type: child.type, path: `/${child.path.join('/')}/`, keys: readKeys(schema, child.type, segs, i, path) });
    type = child.type;
    element = child.type;
    container = false;
    i += schema.type(child.type).keys.length;
  }
  if ((relationshipList || relationship) && container) throw new AaiError('AAI_3001', `${path} not a valid path. relationship-list not valid`);
  return { start, steps, result: { type, element, container }, relationshipList, relationship, relatedTo };
}

/** The canonical URI of a child named by keys under a parent URI (undefined for a child container). */
export function childUri(schema: Schema, parentUri: string, step: Extract<ReadStep, { kind: 'child' }>): string | undefined {
  return step.keys === undefined ? undefined : `${parentUri}${step.path}${keySegment(schema, step.type, step.keys)}`;
}
