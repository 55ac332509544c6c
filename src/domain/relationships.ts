/**
 * Relationships (aai-compat.md §6): resolving the target from `related-link` (tried first, any
 * `/aai/vNN` prefix) or `relationship-data`; choosing the edge rule (given label, the single cousin
 * rule, or the default); the stored direction; multiplicity.
 */
import { AaiError } from '../errors.js';
import { isTreeRule, storedEnds } from '../schema/edge-rules.js';
import type { Schema } from '../schema/schema.js';
import type { EdgeRuleDef } from '../schema/types.js';
import { childRelUri, parseNodePath, splitUri, topLevelUri } from '../uri/aai-uri.js';
import type { EdgeRecord } from './model.js';

export interface RelationshipTarget {
  type: string;
  uri: string;
}

export interface RelationshipInput {
  label: string | undefined;
  /** The resolved target, or the error A&AI reports for it when the operation runs. */
  target: RelationshipTarget | AaiError;
}

interface RelationshipBody {
  'related-to'?: unknown;
  'relationship-label'?: unknown;
  'related-link'?: unknown;
  'relationship-data'?: unknown;
}

/** A related-link: its path only, as A&AI reads it (RelationshipToURI: new URI(link).getRawPath()), so a query or fragment is ignored. */
function fromLink(schema: Schema, link: string): RelationshipTarget {
  try {
    const parsed = parseNodePath(schema, splitUri(link).path);
    if (parsed.relationship) throw new Error('relationship suffix');
    return { type: parsed.target.type, uri: parsed.target.uri };
  } catch {
    throw new AaiError('AAI_3000', `related link is invalid: ${link}`);
  }
}

/**
 * The service's own AAI_6146: relationship-data whose types do not make one path down to related-to
 * (A&AI concatenates their URIs anyway and then usually finds no such node).
 */
function unbuildable(relatedTo: string): AaiError {
  return new AaiError('AAI_6146', `cannot build the URI of a ${relatedTo} from the relationship-data`);
}

function fromData(schema: Schema, relatedTo: unknown, data: readonly { 'relationship-key': string; 'relationship-value': string }[]): RelationshipTarget {
  if (typeof relatedTo !== 'string' || relatedTo === '') throw new AaiError('AAI_3000', 'nothing to parse');
  const byType = new Map<string, Record<string, string>>();
  // A&AI's RelationshipToURI.processRelationshipData, datum by datum, with its messages.
  let topLevelType: string | undefined;
  for (const d of data) {
    const key = d['relationship-key'];
    const split = key.split('.');
    while (split.length > 0 && split[split.length - 1] === '') split.pop(); // Java's String.split
    if (split.length !== 2) throw new AaiError('AAI_3000', 'incorrect format for key must be of the form {node-type}.{property-name}');
    const [type = '', prop = ''] = split;
    const def = schema.nodeTypes.get(type);
    if (!def) throw new AaiError('AAI_3000', `invalid object name in map: ${type}`);
    if (!(prop in def.properties)) throw new AaiError('AAI_3000', `invalid property name in map: ${prop}`);
    const values = byType.get(type) ?? {};
    const value = d['relationship-value'];
    if (prop in values) throw new AaiError('AAI_6146', `cannot determine where key/value goes: ${prop}/${value}`);
    values[prop] = value;
    byType.set(type, values);
    if (schema.topLevelOf(type)) {
      if (topLevelType === undefined) topLevelType = type;
      else if (topLevelType !== type) throw new AaiError('AAI_6146', `found two top level nodes of different types: ${topLevelType} and ${type}`);
    }
  }
  if (!schema.nodeTypes.has(relatedTo)) throw new AaiError('AAI_3000', `invalid object name in map: ${relatedTo}`);
  // Walk from related-to up to a top-level type through the types named in the data.
  const chain = [relatedTo];
  for (;;) {
    const current = chain[0] ?? relatedTo;
    const parents = schema.type(current).parents.filter((p) => byType.has(p) && !chain.includes(p));
    if (parents.length > 1) throw unbuildable(relatedTo);
    const parent = parents[0];
    if (parent !== undefined) {
      chain.unshift(parent);
      continue;
    }
    if (!schema.topLevelOf(current)) throw unbuildable(relatedTo);
    break;
  }
  if ([...byType.keys()].some((t) => !chain.includes(t))) throw unbuildable(relatedTo);
  const keysOf = (type: string): Record<string, string> => {
    const values = byType.get(type) ?? {};
    for (const k of schema.type(type).keys) {
      if (values[k] === undefined) throw new AaiError('AAI_3000', `Missing key property: ${type}.${k}`);
    }
    return values;
  };
  const [top, ...rest] = chain;
  const entry = top === undefined ? undefined : schema.topLevelOf(top);
  if (top === undefined || !entry) throw new AaiError('AAI_3000', 'nothing to parse');
  let uri = topLevelUri(schema, entry, keysOf(top));
  let parentType = top;
  for (const type of rest) {
    const child = schema.childDef(parentType, type);
    if (!child) throw unbuildable(relatedTo);
    uri += childRelUri(schema, child, keysOf(type));
    parentType = type;
  }
  return { type: relatedTo, uri };
}

/** Resolve a relationship object (already validated against its JSON Schema). */
export function resolveRelationship(schema: Schema, body: RelationshipBody): RelationshipInput {
  const label = typeof body['relationship-label'] === 'string' && body['relationship-label'] !== '' ? body['relationship-label'] : undefined;
  try {
    const link = body['related-link'];
    if (typeof link === 'string' && link !== '') return { label, target: fromLink(schema, link) };
    const data = Array.isArray(body['relationship-data']) ? (body['relationship-data'] as { 'relationship-key': string; 'relationship-value': string }[]) : [];
    if (data.length > 0) return { label, target: fromData(schema, body['related-to'], data) };
    throw new AaiError('AAI_3000', 'nothing to parse');
  } catch (e) {
    if (e instanceof AaiError) return { label, target: e };
    throw e;
  }
}

export interface ChosenRule {
  rule: EdgeRuleDef;
  /** The edge as it is stored: out → in. */
  edge: EdgeRecord;
}

/**
 * Where a relationship comes from, which decides A&AI's error codes (aai-compat.md §6.2): in a PUT
 * or PATCH body (DBSerializer.processRelationshipList: AAI_6120 / AAI_6145), or on the
 * …/relationship-list/relationship endpoint (EdgeSerializer.addEdge: AAI_6107 for any missing or
 * ambiguous rule).
 */
export type RelationshipSource = 'body' | 'endpoint';

function ruleNotFound(owner: RelationshipTarget, target: RelationshipTarget, label: string | undefined): AaiError {
  const labelPart = label === undefined ? '' : ` label: ${label},`;
  return new AaiError(
    'AAI_6107',
    `org.onap.aai.edges.exceptions.EdgeRuleNotFoundException: No rule found for EdgeRuleQuery with filter params node type: ${owner.type}, node type: ${target.type},${labelPart} type: COUSIN, isPrivate: false.`,
  );
}

/** Choose the edge rule for a relationship between `owner` and `target` and orient the edge. */
export function chooseRule(
  schema: Schema,
  owner: RelationshipTarget,
  target: RelationshipTarget,
  label: string | undefined,
  source: RelationshipSource = 'body',
): ChosenRule {
  const candidates = schema.edgeRules.between(owner.type, target.type).filter((r) => !r.isPrivate);
  const cousins = candidates.filter((r) => !isTreeRule(r) && (label === undefined || r.label === label));
  let rule: EdgeRuleDef | undefined;
  if (label !== undefined) rule = cousins.find((r) => r.from === owner.type) ?? cousins[0];
  else rule = cousins.length === 1 ? cousins[0] : cousins.find((r) => r.isDefault);
  if (!rule) {
    if (source === 'endpoint') throw ruleNotFound(owner, target, label);
    const labelled = label === undefined ? candidates : candidates.filter((r) => r.label === label);
    if (labelled.some(isTreeRule) || (label === undefined && cousins.length > 1)) throw new AaiError('AAI_6145');
    const withLabel = label === undefined ? '' : ` with label ${label}`;
    throw new AaiError('AAI_6120', `No EdgeRule found for passed nodeTypes: ${owner.type}, ${target.type}${withLabel}.`);
  }
  const { outType } = storedEnds(rule);
  // The owner is the rule's `from` end when both ends have the same type.
  const ownerIsOut = owner.type === target.type ? rule.from === owner.type && rule.direction === 'OUT' : outType === owner.type;
  const out = ownerIsOut ? owner : target;
  const inn = ownerIsOut ? target : owner;
  return { rule, edge: { out: out.uri, in: inn.uri, label: rule.label, outType: out.type, inType: inn.type } };
}

/** URIs whose edges must be known to check this rule's multiplicity for `edge`. */
export function multiplicityVertices(rule: EdgeRuleDef, edge: EdgeRecord): string[] {
  switch (rule.multiplicity) {
    case 'MANY2ONE':
      return [edge.out];
    case 'ONE2MANY':
      return [edge.in];
    case 'ONE2ONE':
      return [edge.out, edge.in];
    case 'MANY2MANY':
      return [];
  }
}

/** AAI_6140 when adding `edge` would break the rule's multiplicity, given the current edges. */
export function checkMultiplicity(rule: EdgeRuleDef, edge: EdgeRecord, edgesOf: (uri: string) => readonly EdgeRecord[]): void {
  const violated = (uri: string, isOut: boolean): boolean =>
    edgesOf(uri).some((e) =>
      isOut
        ? e.out === uri && e.label === edge.label && e.inType === edge.inType && e.in !== edge.in
        : e.in === uri && e.label === edge.label && e.outType === edge.outType && e.out !== edge.out,
    );
  const outSide = rule.multiplicity === 'MANY2ONE' || rule.multiplicity === 'ONE2ONE';
  const inSide = rule.multiplicity === 'ONE2MANY' || rule.multiplicity === 'ONE2ONE';
  if ((outSide && violated(edge.out, true)) || (inSide && violated(edge.in, false))) {
    throw new AaiError('AAI_6140', `multiplicity rule violated: only one edge can exist with label: ${edge.label} between ${rule.from} and ${rule.to}`);
  }
}
