/**
 * The input of a declarative sync (POST /aai/v15/bulk/sync): a scope and the desired state of every
 * object in it, as A&AI JSON. JSON `{"scope":{…},"objects":[{"uri","body"},…]}` or NDJSON (the
 * scope as the first line, `{"scope":{…}}`, then one object per line), streamed in, each object
 * checked as a PUT of it would be (src/domain/operations.ts: the type's JSON Schema, keys from the
 * URI, defaults) and nested children flattened into objects of their own.
 */
import { AaiError } from '../../errors.js';
import { isObject } from '../../json.js';
import type { Schema } from '../../schema/schema.js';
import { parentOf, parseAaiPath, stripPrefix } from '../../uri/aai-uri.js';
import { jsonArrayMember, ndjsonTransactions, type InputLimits } from '../jobs/job-input.js';
import type { Props } from '../model.js';
import { preparePut, type NodeInput } from '../operations.js';
import type { RelationshipInput } from '../relationships.js';

/** Which objects a sync governs: under (or at) one of `uris`, of one of `types`; an empty list does not restrict. */
export interface SyncScope {
  /** Canonical URIs of the roots (no /aai/v15 prefix), none under another. */
  uris: string[];
  types: string[];
  /** The roots' subtrees ('all'), or the roots alone (0). */
  depth: 'all' | 0;
  /** A&AI's source-of-truth whose objects a prune may delete: the caller's X-FromAppId. */
  owner: string;
}

/** One object of the desired state. */
export interface DesiredObject {
  uri: string;
  type: string;
  /** Its schema properties as a PUT would store them (keys, defaults; no resource-version). */
  props: Props;
  /** Its relationships; undefined when the body had no relationship-list (its relationships are left as they are). */
  relationships: RelationshipInput[] | undefined;
  /** Its parent (a create needs it to exist, or to be desired too). */
  parent: { uri: string; type: string } | undefined;
}

export interface SyncInput {
  scope: SyncScope;
  /** By URI, in input order. */
  objects: Map<string, DesiredObject>;
}

export interface SyncInputLimits extends InputLimits {
  /** Objects in the desired state, nested children included. */
  maxObjects: number;
}

const TEXT = 'input payload does not follow the sync interface';

function scopeError(detail: string): AaiError {
  return new AaiError('AAI_3000', `scope: ${detail}`);
}

function stringList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw scopeError(`${name} must be a list of strings`);
  return value;
}

/** The scope as given, checked: known node types, object URIs, at least one of them; the owner is the caller. */
export function parseScope(schema: Schema, raw: unknown, caller: string): SyncScope {
  if (!isObject(raw)) throw scopeError('must be an object with "uris" and/or "types"');
  for (const k of Object.keys(raw)) if (!['uris', 'types', 'owner', 'depth'].includes(k)) throw scopeError(`unknown member "${k}"`);
  const types = [...new Set(stringList(raw['types'], 'types'))].sort();
  for (const t of types) if (!schema.nodeTypes.has(t)) throw scopeError(`unknown node type ${t}`);
  const uris = [...new Set(stringList(raw['uris'], 'uris').map((u) => {
    const parsed = parseAaiPath(schema, stripPrefix(u));
    // A top-level collection (/network/pnfs): every object in it.
    if (parsed.kind === 'collection') return `/${parsed.entry.path.slice(0, -1).join('/')}`;
    if (parsed.relationship) throw scopeError(`${u} is not the URI of an object or a collection`);
    return parsed.target.uri;
  }))].sort();
  if (uris.length === 0 && types.length === 0) throw scopeError('give "uris" and/or "types" (a sync never governs the whole inventory)');
  const depth = raw['depth'] === undefined || raw['depth'] === 'all' ? 'all' : raw['depth'] === 0 || raw['depth'] === '0' ? 0 : undefined;
  if (depth === undefined) throw scopeError('depth must be "all" or 0');
  if (depth === 0 && uris.some((u) => parseAaiPath(schema, u).kind !== 'node')) throw scopeError('a collection has no depth 0: give the URIs of its objects');
  const owner = raw['owner'];
  if (owner !== undefined && owner !== caller) throw scopeError(`owner must be the caller's X-FromAppId (${caller}): a sync prunes only its caller's objects`);
  // A root under another root adds nothing to a scope of subtrees.
  const roots = depth === 'all' ? uris.filter((u) => !uris.some((r) => r !== u && u.startsWith(`${r}/`))) : uris;
  return { uris: roots, types, depth, owner: caller };
}

/** Whether an object is in the scope. */
export function inScope(scope: SyncScope, uri: string, type: string): boolean {
  if (scope.types.length > 0 && !scope.types.includes(type)) return false;
  if (scope.uris.length === 0) return true;
  return scope.uris.some((r) => uri === r || (scope.depth === 'all' && uri.startsWith(`${r}/`)));
}

/** The object and its nested children, each as a desired object. */
function flatten(input: NodeInput, parent: DesiredObject['parent'], out: DesiredObject[]): void {
  out.push({ uri: input.uri, type: input.type, props: input.props, relationships: input.relationships, parent });
  for (const c of input.children ?? []) for (const item of c.items) flatten(item, { uri: input.uri, type: input.type }, out);
}

/** One `{"uri","body"}` of the input, as desired objects (itself and its nested children). */
export function desiredObjects(schema: Schema, raw: unknown, index: number): DesiredObject[] {
  if (!isObject(raw) || typeof raw['uri'] !== 'string' || !isObject(raw['body'])) {
    throw new AaiError('AAI_6111', `${TEXT} - object ${index} must be {"uri": "…", "body": {…}}`);
  }
  const uri = raw['uri'];
  try {
    const parsed = parseAaiPath(schema, stripPrefix(uri));
    if (parsed.kind !== 'node' || parsed.relationship) throw new AaiError('AAI_3001', `${uri} is not the URI of an object`);
    const op = preparePut(schema, parsed, raw['body'], uri);
    if (op.method !== 'PUT') throw new Error('a PUT prepares as a PUT');
    const out: DesiredObject[] = [];
    const parent = parentOf(parsed);
    flatten(op.input, parent && { uri: parent.uri, type: parent.type }, out);
    return out;
  } catch (e) {
    if (e instanceof AaiError) throw e.withDetail(`object ${index} (${uri}): ${e.detail ?? e.def.message}`);
    throw e;
  }
}

/**
 * Read a sync input: its scope and desired objects, every object in the scope, none twice, at most
 * `limits.maxObjects`.
 */
export async function readSyncInput(schema: Schema, source: AsyncIterable<Buffer | string>, format: 'json' | 'ndjson', limits: SyncInputLimits, caller: string): Promise<SyncInput> {
  let rawScope: unknown;
  let elements: AsyncIterable<unknown>;
  if (format === 'json') {
    elements = jsonArrayMember(source, limits, {
      member: 'objects',
      text: TEXT,
      element: 'object',
      onMember: (key, value) => {
        if (key !== 'scope') throw new AaiError('AAI_6111', `${TEXT} - unknown member "${key}"`);
        rawScope = value;
      },
    });
  } else {
    elements = ndjsonTransactions(source, limits);
  }
  const objects = new Map<string, DesiredObject>();
  let index = 0;
  let first = format === 'ndjson';
  for await (const element of elements) {
    if (first) {
      first = false;
      if (!isObject(element) || !('scope' in element)) throw new AaiError('AAI_6111', `${TEXT} - the first line must be {"scope": {…}}`);
      rawScope = element['scope'];
      continue;
    }
    for (const o of desiredObjects(schema, element, index)) {
      if (objects.has(o.uri)) throw new AaiError('AAI_3000', `object ${index}: ${o.uri} is given twice`);
      if (objects.size >= limits.maxObjects) throw new AaiError('AAI_6147', `the desired state holds more than ${limits.maxObjects} objects (SYNC_MAX_OBJECTS)`, { variant: 'tooLarge' });
      objects.set(o.uri, o);
    }
    index++;
  }
  if (rawScope === undefined) throw new AaiError('AAI_6111', `${TEXT} - missing "scope"`);
  const scope = parseScope(schema, rawScope, caller);
  for (const o of objects.values()) {
    if (!inScope(scope, o.uri, o.type)) throw new AaiError('AAI_3000', `${o.uri} (${o.type}) is outside the scope`);
  }
  return { scope, objects };
}
