/**
 * The node types of the generated schema (schema/v15/node-types.json, from A&AI's OXM) as the API
 * description's component schemas, named as in A&AI's Swagger: a definition per node type (`pnf`),
 * one per container (`pnfs`: {"pnf": [...]}), `relationship-list`, `relationship`,
 * `relationship-data`, `related-to-property`, and `zzzz-patch-<type>` for a PATCH body (the simple
 * properties, none required). Each node type's description lists the edge rules' allowed
 * relationships, so the document also says what a relationship-list may hold.
 */
import type { Schema } from '../../schema/schema.js';
import type { NodeTypeDef, PropertyDef } from '../../schema/types.js';
import { ref, type JsonSchema } from '../api-schemas.js';

/** The JSON Schema of a simple property (A&AI's Swagger: string, boolean, integer int64, or a list of strings). */
function propertySchema(p: PropertyDef, def: NodeTypeDef): JsonSchema {
  const base: Record<string, unknown> =
    p.type === 'boolean' ? { type: 'boolean' } : p.type === 'integer' ? { type: 'integer', format: 'int64' } : p.type === 'string-list' ? { type: 'array', items: { type: 'string' } } : { type: 'string' };
  const notes: string[] = [];
  if (def.keys.includes(p.name)) notes.push('key');
  if (p.name === 'resource-version') notes.push('set by the service on every write; send it back to update or delete (optimistic concurrency)');
  if (def.indexedProps.includes(p.name)) notes.push('indexed: a filter on a collection GET');
  if (notes.length > 0) base['description'] = notes.join('; ');
  const dflt = def.defaults[p.name];
  if (dflt !== undefined) base['default'] = dflt;
  return base;
}

/** "<other type> (<label>, <direction>)" for every edge rule naming the type, sorted. */
function allowedRelationships(schema: Schema, type: string): string[] {
  const out = new Set<string>();
  for (const r of schema.edgeRules.rules) {
    if (r.isPrivate) continue;
    if (r.from === type) out.add(`${r.to} (${r.label}, ${r.direction === 'OUT' ? 'out' : 'in'})`);
    if (r.to === type && r.from !== type) out.add(`${r.from} (${r.label}, ${r.direction === 'OUT' ? 'in' : 'out'})`);
  }
  return [...out].sort();
}

function nodeDefinition(schema: Schema, def: NodeTypeDef, wrapperName: (attr: string) => string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const attr of def.attributeOrder) {
    const p = def.properties[attr];
    if (p) {
      properties[attr] = propertySchema(p, def);
      continue;
    }
    if (attr === 'relationship-list') {
      properties[attr] = ref('relationship-list');
      continue;
    }
    const child = def.children.find((c) => c.attribute === attr);
    if (!child) continue;
    properties[attr] = child.wrapper ? ref(wrapperName(attr)) : { type: 'array', items: ref(child.type) };
  }
  const required = def.required.filter((r) => def.properties[r] !== undefined && def.defaults[r] === undefined);
  const related = allowedRelationships(schema, def.name);
  const uri = schema.topLevelOf(def.name) ? `/${schema.topLevelOf(def.name)?.path.join('/') ?? ''}/{${def.keys.join('}/{')}}` : undefined;
  const description = [
    `A&AI ${def.name}${def.keys.length > 0 ? ` (keys: ${def.keys.join(', ')})` : ''}${uri ? `, at ${uri}` : ''}.`,
    def.parents.length > 0 ? `Contained in: ${def.parents.join(', ')}.` : '',
    related.length > 0 ? `Relationships the edge rules allow: ${related.join('; ')}.` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  return { type: 'object', description, ...(required.length > 0 ? { required } : {}), additionalProperties: false, properties };
}

function patchDefinition(def: NodeTypeDef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const p of Object.values(def.properties)) properties[p.name] = propertySchema(p, def);
  return { type: 'object', description: `A merge patch of a ${def.name}: the properties to change (null removes one)`, additionalProperties: false, properties };
}

const RELATIONSHIP_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  'relationship-list': { type: 'object', additionalProperties: false, properties: { relationship: { type: 'array', items: ref('relationship') } } },
  relationship: {
    type: 'object',
    description: 'An edge to another object, named by related-link (its URI) or by related-to and its keys in relationship-data; the label is the edge rule\'s (the default rule when absent)',
    additionalProperties: false,
    properties: {
      'related-to': { type: 'string', description: 'The other object\'s node type' },
      'relationship-label': { type: 'string' },
      'related-link': { type: 'string', description: 'The other object\'s URI' },
      'relationship-data': { type: 'array', items: ref('relationship-data') },
      'related-to-property': { type: 'array', items: ref('related-to-property') },
    },
  },
  'relationship-data': {
    type: 'object',
    required: ['relationship-key', 'relationship-value'],
    additionalProperties: false,
    properties: { 'relationship-key': { type: 'string', examples: ['pnf.pnf-name'] }, 'relationship-value': { type: 'string' } },
  },
  'related-to-property': { type: 'object', additionalProperties: false, properties: { 'property-key': { type: 'string' }, 'property-value': { type: 'string' } } },
};

/** The plural container definitions: top-level containers and wrapped child containers, name → element and node type. */
export function containers(schema: Schema): Map<string, { element: string; type: string }> {
  const out = new Map<string, { element: string; type: string }>();
  for (const [name, p] of schema.plurals) out.set(name, { element: p.element, type: p.type });
  return out;
}

/** Every node-type component schema, by name. */
export function nodeSchemas(schema: Schema): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { ...RELATIONSHIP_SCHEMAS };
  const plural = containers(schema);
  for (const [name, { element, type }] of plural) {
    out[name] = { type: 'object', additionalProperties: false, properties: { [element]: { type: 'array', items: ref(type) } } };
  }
  for (const def of [...schema.nodeTypes.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (out[def.name] !== undefined) throw new Error(`node type ${def.name} clashes with another definition`);
    out[def.name] = nodeDefinition(schema, def, (attr) => attr);
    out[`zzzz-patch-${def.name}`] = patchDefinition(def);
  }
  return out;
}
