/**
 * Operations and their preparation: everything A&AI checks before any database work (its "fill
 * phase" and validateIntrospector): the body against the type's closed JSON Schema, keys injected
 * from the URI (a mismatch is an error), defaults filled in, required properties present.
 * Preparation throws AaiError; a prepared operation is plain data, safe to re-run on retry.
 */
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import type { ChildDef, NodeTypeDef } from '../schema/types.js';
import { childRelUri, parseAaiPath, type ParsedNodeUri } from '../uri/aai-uri.js';
import { unstorableValue } from './json-checks.js';
import { P, type Props, type Scalar } from './model.js';
import { resolveRelationship, type RelationshipInput } from './relationships.js';
import { isObject, type Json } from '../json.js';

/** A&AI's HttpMethod names, used in error template variables. */
export type OpMethod = 'PUT' | 'MERGE_PATCH' | 'DELETE' | 'PUT_EDGE' | 'DELETE_EDGE';

export interface NodeInput {
  type: string;
  uri: string;
  relUri: string;
  /** Schema properties except resource-version: body values, keys from the URI, defaults. */
  props: Props;
  /** From the body; '' when absent. */
  resourceVersion: string;
  /** undefined: relationship-list absent (relationships untouched); else the full replacement. */
  relationships: RelationshipInput[] | undefined;
  /** Child containers present in the body (absent containers leave children untouched). */
  children: ChildInput[] | undefined;
}

export interface ChildInput {
  def: ChildDef;
  items: NodeInput[];
}

interface OpBase {
  target: ParsedNodeUri;
  /** %2 of error bodies: the operation's URI path as the client gave it. */
  errorUri: string;
}

export type PreparedOp =
  | (OpBase & { method: 'PUT'; input: NodeInput })
  | (OpBase & { method: 'MERGE_PATCH'; patch: Record<string, Scalar | null>; relationships: RelationshipInput[] | undefined })
  | (OpBase & { method: 'DELETE'; resourceVersion: string })
  | (OpBase & { method: 'PUT_EDGE' | 'DELETE_EDGE'; relationship: RelationshipInput });


/**
 * The longest canonical URI a write accepts: Neo4j's range index (the aai-uri uniqueness
 * constraint) refuses keys of about 8 kB, so longer URIs get a clear 400 instead.
 */
export const MAX_URI_BYTES = 4096;

function checkUriLength(uri: string): void {
  if (Buffer.byteLength(uri, 'utf8') > MAX_URI_BYTES) throw new AaiError('AAI_3000', `the URI is longer than ${MAX_URI_BYTES} bytes once its keys are encoded`);
}

function checkWritable(schema: Schema, target: ParsedNodeUri): void {
  if (!schema.type(target.target.type).allowDirectWrite) throw new AaiError('AAI_3006');
  checkUriLength(target.target.uri);
}

/** A key's value from the URI (where integer keys are canonical integers: aai-uri.ts), typed like the property. */
function keyFromUri(def: NodeTypeDef, key: string, value: string): Scalar {
  const type = def.properties[key]?.type;
  if (type === 'integer') return Number(value);
  if (type === 'boolean') return value === 'true';
  return value;
}

/** A body value as stored: JSON has a negative zero, A&AI's long does not. */
function storedValue(v: unknown): Scalar {
  return Object.is(v, -0) ? 0 : (v as Scalar);
}

/** InjectKeysFromURI + the "uri and payload keys don't match" check. */
function injectKeys(schema: Schema, target: ParsedNodeUri, body: Json): void {
  const def = schema.type(target.target.type);
  for (const k of def.keys) {
    const fromUri = target.target.keys[k] ?? '';
    const given = body[k];
    if (given === undefined || given === null) body[k] = keyFromUri(def, k, fromUri);
    else if (String(given) !== fromUri) throw new AaiError('AAI_3000', "uri and payload keys don't match");
  }
}

function relationshipsOf(schema: Schema, body: Json): RelationshipInput[] | undefined {
  const list = body['relationship-list'];
  if (list === undefined || list === null) return undefined;
  const rels = isObject(list) && Array.isArray(list['relationship']) ? (list['relationship'] as Json[]) : [];
  return rels.map((r) => resolveRelationship(schema, r));
}

function toNodeInput(schema: Schema, type: string, body: Json, uri: string, relUri: string, problems: string[]): NodeInput {
  const def = schema.type(type);
  const props: Props = {};
  for (const name of Object.keys(def.properties)) {
    const v = body[name];
    if (name === P.resourceVersion || v === undefined || v === null) continue;
    props[name] = storedValue(v);
  }
  for (const [k, d] of Object.entries(def.defaults)) if (props[k] === undefined) props[k] = d;
  for (const r of def.required) if (props[r] === undefined) problems.push(`Missing required property: ${r}`);
  const rv = body[P.resourceVersion];
  let children: ChildInput[] | undefined;
  for (const c of def.children) {
    const container = body[c.attribute];
    if (container === undefined || container === null) continue;
    const items = (c.wrapper ? (isObject(container) ? container[c.element] : undefined) : container) ?? [];
    const inputs: NodeInput[] = [];
    const seen = new Set<string>();
    for (const item of items as Json[]) {
      const childDef = schema.type(c.type);
      const missing = childDef.keys.filter((k) => item[k] === undefined || item[k] === null);
      if (missing.length > 0) {
        for (const k of missing) problems.push(`Missing key property: ${k}`);
        continue;
      }
      const keys = Object.fromEntries(childDef.keys.map((k) => [k, String(item[k])]));
      const childRel = childRelUri(schema, c, keys);
      if (Buffer.byteLength(uri + childRel, 'utf8') > MAX_URI_BYTES) {
        problems.push(`the URI of ${c.type} ${childRel} is longer than ${MAX_URI_BYTES} bytes once its keys are encoded`);
        continue;
      }
      if (seen.has(childRel)) {
        problems.push(`Duplicate ${c.type} with the same key in ${c.attribute}: ${childRel}`);
        continue;
      }
      seen.add(childRel);
      inputs.push(toNodeInput(schema, c.type, item, uri + childRel, childRel, problems));
    }
    (children ??= []).push({ def: c, items: inputs });
  }
  return {
    type,
    uri,
    relUri,
    props,
    resourceVersion: typeof rv === 'string' ? rv : '',
    relationships: relationshipsOf(schema, body),
    children,
  };
}

/** AAI_3000 for a string or number in the body that cannot be stored as sent (lone surrogates, inexact integers). */
function checkStorable(body: Json): void {
  const problem = unstorableValue(body);
  if (problem !== undefined) throw new AaiError('AAI_3000', `object could not be unmarshalled: ${problem}`);
}

/**
 * A boolean or integer property sent as a JSON string, converted as A&AI's MOXy unmarshaller
 * converts it: "true"/"false" (any case) to a boolean, a decimal integer to a number (CCSDK's
 * UpdateRequest sends every value as a string). Anything else is left for validation to refuse.
 * Children are converted too; the body itself is not changed.
 */
function withScalarsConverted(schema: Schema, type: string, body: Json): Json {
  const def = schema.type(type);
  const out: Json = { ...body };
  for (const [name, value] of Object.entries(body)) {
    const prop = def.properties[name];
    if (typeof value === 'string' && prop?.type === 'boolean' && /^(true|false)$/i.test(value)) out[name] = value.toLowerCase() === 'true';
    else if (typeof value === 'string' && prop?.type === 'integer' && /^[-+]?\d{1,15}$/.test(value)) out[name] = Number(value);
    else if (prop === undefined) {
      const child = def.children.find((c) => c.attribute === name);
      if (child === undefined) continue;
      const convert = (items: unknown): unknown => (Array.isArray(items) ? items.map((i) => (isObject(i) ? withScalarsConverted(schema, child.type, i) : i)) : items);
      if (!child.wrapper) out[name] = convert(value);
      else if (isObject(value)) out[name] = { ...value, [child.element]: convert(value[child.element]) };
    }
  }
  return out;
}

function validated(schema: Schema, type: string, body: unknown): Json {
  if (!isObject(body)) throw new AaiError('AAI_3000', `object could not be unmarshalled: the body of a ${type} must be a JSON object`);
  checkStorable(body);
  const json = withScalarsConverted(schema, type, body); // keys are injected at the top level only
  const problem = schema.validateBody(type, json);
  if (problem) throw new AaiError('AAI_3000', problem.message);
  return json;
}

export function preparePut(schema: Schema, target: ParsedNodeUri, body: unknown, errorUri: string): PreparedOp {
  checkWritable(schema, target);
  const type = target.target.type;
  const json = validated(schema, type, body);
  injectKeys(schema, target, json);
  const problems: string[] = [];
  const input = toNodeInput(schema, type, json, target.target.uri, target.target.relUri, problems);
  if (problems.length > 0) throw new AaiError('AAI_3000', problems.join(','));
  return { method: 'PUT', target, errorUri, input };
}

export function preparePatch(schema: Schema, target: ParsedNodeUri, body: unknown, errorUri: string): PreparedOp {
  checkWritable(schema, target);
  const def = schema.type(target.target.type);
  const json = validated(schema, def.name, body);
  for (const c of def.children) {
    if (json[c.attribute] !== undefined) throw new AaiError('AAI_3000', `Maximum allowed depth of this object has been exceeded on: ${c.attribute}`);
  }
  for (const k of def.keys) {
    if (json[k] !== undefined && (json[k] === null || String(json[k]) !== target.target.keys[k])) {
      throw new AaiError('AAI_3000', "uri and payload keys don't match");
    }
  }
  const patch: Record<string, Scalar | null> = {};
  const problems: string[] = [];
  for (const name of Object.keys(def.properties)) {
    if (name === P.resourceVersion || def.keys.includes(name) || !(name in json)) continue;
    const v = json[name];
    if (v === null && def.required.includes(name)) problems.push(`Missing required property: ${name}`);
    patch[name] = v === null ? null : storedValue(v);
  }
  if (problems.length > 0) throw new AaiError('AAI_3000', problems.join(','));
  return { method: 'MERGE_PATCH', target, errorUri, patch, relationships: relationshipsOf(schema, json) };
}

export function prepareDelete(schema: Schema, target: ParsedNodeUri, resourceVersion: string | undefined, errorUri: string): PreparedOp {
  checkWritable(schema, target);
  return { method: 'DELETE', target, errorUri, resourceVersion: resourceVersion ?? '' };
}

export function prepareEdge(schema: Schema, method: 'PUT_EDGE' | 'DELETE_EDGE', target: ParsedNodeUri, body: unknown, errorUri: string): PreparedOp {
  if (!isObject(body)) throw new AaiError('AAI_3000', 'object could not be unmarshalled: a relationship must be a JSON object');
  checkStorable(body);
  const problem = schema.validateRelationship(body);
  if (problem) throw new AaiError('AAI_3000', problem.message);
  return { method, target, errorUri, relationship: resolveRelationship(schema, body) };
}

/** The node (or relationship) a write URI names; AAI_3001 for a collection. `shown` is the path as the error shows it. */
export function writeTarget(schema: Schema, path: string, shown = path): ParsedNodeUri {
  const parsed = parseAaiPath(schema, path);
  if (parsed.kind !== 'node') throw new AaiError('AAI_3001', `${shown} not a valid path. ${parsed.entry.container} not valid`);
  return parsed;
}

export type WriteVerb = 'PUT' | 'PATCH' | 'DELETE';

/**
 * A write as a prepared operation, the same for the REST API and every bulk API: PUT and DELETE on
 * a node or on one of its relationships, PATCH on a node. A PATCH of a relationship is refused with
 * `patchOfRelationship`, since the REST API (AAI_3012) and the bulk APIs (AAI_3000) refuse it
 * differently.
 */
export function prepareOperation(
  schema: Schema,
  verb: WriteVerb,
  target: ParsedNodeUri,
  write: { body: unknown; resourceVersion: string | undefined; errorUri: string },
  patchOfRelationship: () => AaiError,
): PreparedOp {
  const { body, resourceVersion, errorUri } = write;
  switch (verb) {
    case 'PUT':
      return target.relationship ? prepareEdge(schema, 'PUT_EDGE', target, body, errorUri) : preparePut(schema, target, body, errorUri);
    case 'DELETE':
      return target.relationship ? prepareEdge(schema, 'DELETE_EDGE', target, body, errorUri) : prepareDelete(schema, target, resourceVersion, errorUri);
    case 'PATCH':
      if (target.relationship) throw patchOfRelationship();
      return preparePatch(schema, target, body, errorUri);
  }
}
