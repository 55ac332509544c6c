/**
 * The REST API's paths, one per place a node type sits in A&AI's containment tree, as A&AI's
 * Swagger lists them (paths relative to /aai/v15, path parameters named by the keys):
 *
 *   /network/pnfs                                        GET a container (filters, paging)
 *   /network/pnfs/pnf/{pnf-name}                         GET, PUT, PATCH, DELETE (and POST as PATCH)
 *   /network/pnfs/pnf/{pnf-name}/relationship-list/relationship   PUT, DELETE one relationship
 *   /network/pnfs/pnf/{pnf-name}/p-interfaces            GET a child container, and so on down
 *   /nodes/pnfs, /nodes/pnf/{pnf-name}                   the nodes API: by type or keys, anywhere
 *
 * The REST routes of the route table (one handler for every node URI) expand to these. A key name
 * that repeats in a path (an l-interface's interface-name under a p-interface's) is named
 * `{<type>-<key>}` the second time (`{l-interface-interface-name}`), since a path's parameters must
 * differ (and tools such as schemathesis take no dots in their names).
 */
import { FORMATS } from '../../domain/formats.js';
import type { Schema } from '../../schema/schema.js';
import type { NodeTypeDef } from '../../schema/types.js';
import { ref, type JsonSchema } from '../api-schemas.js';
import type { ParameterDoc } from '../routes.js';

type ParameterObject = ParameterDoc;

/** An operation before the document adds what every operation has (headers, security, errors). */
export interface NodeOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters: ParameterObject[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }>; headers?: Record<string, { description: string; schema: JsonSchema }> }>;
  /** Error statuses this operation answers besides the ones every operation may. */
  errors: number[];
  /** The route of the table this operation belongs to (rest.get, rest.put…). */
  route: string;
}

export type NodePaths = Record<string, Partial<Record<'get' | 'put' | 'patch' | 'delete' | 'post', NodeOperation>>>;

interface Position {
  type: string;
  /** The node's path template, e.g. /network/pnfs/pnf/{pnf-name}. */
  node: string;
  params: ParameterObject[];
  /** The node types on the way down, each with how often it occurs. */
  ancestors: ReadonlyMap<string, number>;
  tag: string;
}

/** How often one node type may occur on a described path (a recursive containment, described one level deep). */
const MAX_REPEATS = 2;

const camel = (path: string): string =>
  path
    .split('/')
    .filter((s) => s !== '' && !s.startsWith('{'))
    .map((s) => s.split(/[-_.]/).map((w) => (w === '' ? '' : w[0]?.toUpperCase() + w.slice(1))).join(''))
    .join('');

function keySchema(def: NodeTypeDef, key: string): JsonSchema {
  const t = def.properties[key]?.type;
  return t === 'integer' ? { type: 'integer', format: 'int64' } : t === 'boolean' ? { type: 'boolean' } : { type: 'string' };
}

/** The key parameters of a node type, named apart from those already in the path. */
function keyParams(def: NodeTypeDef, taken: readonly ParameterObject[]): ParameterObject[] {
  const names = new Set(taken.map((p) => p.name));
  return def.keys.map((k) => {
    let name = names.has(k) ? `${def.name}-${k}` : k;
    for (let n = 2; names.has(name); n++) name = `${def.name}-${k}-${n}`;
    names.add(name);
    return { name, in: 'path', required: true, schema: keySchema(def, k) };
  });
}

const keyTemplate = (params: readonly ParameterObject[]): string => params.map((p) => `/{${p.name}}`).join('');

/** The read and paging parameters every GET shares, as components.parameters (the document refers to them by name). */
export const SHARED_PARAMETERS: Readonly<Record<string, ParameterObject>> = Object.fromEntries(
  [
  { name: 'depth', in: 'query', description: 'Levels of children to include: a number or "all" (default 1 for a node, 0 for a container)', schema: { type: 'string', examples: ['0', '1', 'all'] } },
  { name: 'nodes-only', in: 'query', description: 'Leave out relationship-lists', schema: { type: 'string', examples: ['true'] } },
  { name: 'format', in: 'query', description: 'Answer {"results":[…]} in this format', schema: { type: 'string', enum: [...FORMATS] } },
  { name: 'skip-related-to', in: 'query', description: 'Leave out related-to-property in relationships', schema: { type: 'string', examples: ['true'] } },
  { name: 'resultIndex', in: 'query', description: 'The page (from 1); with resultSize', schema: { type: 'integer', minimum: 1, maximum: 2147483647 } },
  { name: 'resultSize', in: 'query', description: 'The page size; with resultIndex', schema: { type: 'integer', minimum: 1, maximum: 2147483647 } },
  { name: 'includeTotalCount', in: 'query', description: 'Send total-results and total-pages headers with a page (default true)', schema: { type: 'boolean' } },
  ].map((p): [string, ParameterObject] => [p.name, p as ParameterObject]),
);

const shared = (...names: string[]): ParameterObject[] => names.map((n) => ({ $ref: `#/components/parameters/${n}` }) as unknown as ParameterObject);
const READ_PARAMS = shared('depth', 'nodes-only', 'format', 'skip-related-to');
const PAGE_PARAMS = shared('resultIndex', 'resultSize', 'includeTotalCount');

const PAGE_HEADERS = {
  'total-results': { description: 'Objects in all pages (a paged read)', schema: { type: 'integer' } },
  'total-pages': { description: 'Pages (a paged read)', schema: { type: 'integer' } },
};

/** Filters of a container GET: the element type's indexed properties. */
function filterParams(def: NodeTypeDef, taken: readonly ParameterObject[]): ParameterObject[] {
  const names = new Set(taken.map((p) => p.name));
  return [...new Set([...def.keys, ...def.indexedProps])]
    .filter((p) => !names.has(p) && def.properties[p] !== undefined)
    .map((p) => ({ name: p, in: 'query' as const, schema: keySchema(def, p) }));
}

const json = (schema: JsonSchema): Record<string, { schema: JsonSchema }> => ({ 'application/json': { schema } });

const readAnswer = (type: string): JsonSchema => ({ anyOf: [ref(type), ref('formatted-results')] });

function containerGet(path: string, containerName: string, def: NodeTypeDef, params: ParameterObject[], tag: string): NodeOperation {
  return {
    operationId: `get${camel(path)}`,
    tags: [tag],
    summary: `returns ${containerName}`,
    parameters: [...params, ...READ_PARAMS, ...PAGE_PARAMS, ...filterParams(def, params)],
    responses: { '200': { description: `the ${def.name}s (an empty container: 404)`, content: json(readAnswer(containerName)), headers: PAGE_HEADERS } },
    errors: [404],
    route: 'rest.get',
  };
}

function nodeOperations(schema: Schema, pos: Position, paths: NodePaths): void {
  const def = schema.type(pos.type);
  const id = camel(pos.node);
  const rv: ParameterObject = { name: 'resource-version', in: 'query', description: 'The resource-version the object has now (412 when it has another)', schema: { type: 'string' } };
  const ops: NodePaths[string] = {
    get: {
      operationId: `get${id}`,
      tags: [pos.tag],
      summary: `returns ${def.name}`,
      parameters: [...pos.params, ...READ_PARAMS],
      responses: { '200': { description: `the ${def.name}`, content: json(readAnswer(def.name)) } },
      errors: [404],
      route: 'rest.get',
    },
  };
  if (def.allowDirectWrite) {
    ops.put = {
      operationId: `createOrUpdate${id}`,
      tags: [pos.tag],
      summary: `create or update an existing ${def.name}`,
      description: 'To update an existing object, send the resource-version it has (in the body)',
      parameters: [...pos.params],
      requestBody: { required: true, content: json(ref(def.name)) },
      responses: { '201': { description: 'created' }, '200': { description: 'updated' } },
      errors: [404, 412],
      route: 'rest.put',
    };
    const patch: NodeOperation = {
      operationId: `Update${id}`,
      tags: [pos.tag],
      summary: `update an existing ${def.name} (a JSON merge patch)`,
      parameters: [...pos.params],
      requestBody: { required: true, content: { 'application/merge-patch+json': { schema: ref(`zzzz-patch-${def.name}`) } } },
      responses: { '200': { description: 'updated' } },
      errors: [404, 412],
      route: 'rest.patch',
    };
    ops.patch = patch;
    ops.post = {
      ...patch,
      operationId: `UpdateByOverride${id}`,
      summary: `update an existing ${def.name}: a PATCH sent as POST with X-HTTP-Method-Override: PATCH`,
      parameters: [...pos.params, { name: 'X-HTTP-Method-Override', in: 'header', required: true, schema: { type: 'string', enum: ['PATCH'] } }],
      route: 'rest.post',
    };
    ops.delete = {
      operationId: `delete${id}`,
      tags: [pos.tag],
      summary: `delete an existing ${def.name} and the objects it contains`,
      parameters: [...pos.params, { ...rv, required: true }],
      responses: { '204': { description: 'deleted' } },
      errors: [404, 412],
      route: 'rest.delete',
    };
  }
  paths[pos.node] = ops;
  if (def.hasRelationshipList) {
    const list = `${pos.node}/relationship-list`;
    paths[list] = {
      get: { operationId: `get${camel(list)}`, tags: [pos.tag], summary: `returns ${def.name}'s relationships`, parameters: [...pos.params, ...READ_PARAMS], responses: { '200': { description: 'the relationship-list', content: json(readAnswer('relationship-list')) } }, errors: [404], route: 'rest.get' },
    };
  }
  const related = `${pos.node}/related-to/{related-plural}`;
  paths[related] = {
    get: {
      operationId: `get${camel(pos.node)}RelatedTo`,
      tags: [pos.tag],
      summary: `returns the objects of a type related to ${def.name} (by any edge)`,
      description: 'Further: …/related-to/{plural}/{type}/{keys} names one of them, and other related-to steps may follow',
      parameters: [...pos.params, { $ref: '#/components/parameters/related-plural' } as unknown as ParameterObject, ...READ_PARAMS, ...PAGE_PARAMS],
      responses: { '200': { description: 'the related objects, as a container ({"<type>": [...]})', content: json({ anyOf: [{ type: 'object', additionalProperties: { type: 'array', items: { type: 'object', additionalProperties: true } } }, ref('formatted-results')] }) } },
      errors: [404],
      route: 'rest.get',
    },
  };
  if (def.hasRelationshipList && def.allowDirectWrite) {
    const rel = `${pos.node}/relationship-list/relationship`;
    const relId = camel(rel);
    paths[rel] = {
      put: {
        operationId: `createOrUpdate${relId}`,
        tags: [pos.tag],
        summary: `see node definition for valid relationships`,
        parameters: [...pos.params],
        requestBody: { required: true, content: json(ref('relationship')) },
        responses: { '200': { description: 'the relationship exists' } },
        errors: [404, 412],
        route: 'rest.put',
      },
      delete: {
        operationId: `delete${relId}`,
        tags: [pos.tag],
        summary: `delete an existing relationship`,
        parameters: [...pos.params],
        requestBody: { required: true, content: json(ref('relationship')) },
        responses: { '204': { description: 'deleted' } },
        errors: [404, 412],
        route: 'rest.delete',
      },
    };
  }
  for (const c of def.children) {
    // Containment may recurse (an l-interface holds l-interfaces): described to one level of it.
    const seen = pos.ancestors.get(c.type) ?? 0;
    if (seen >= MAX_REPEATS) continue;
    const childDef = schema.type(c.type);
    const prefix = `${pos.node}/${c.path.join('/')}`;
    if (c.wrapper) {
      const containerPath = `${pos.node}/${c.path[0] ?? ''}`;
      paths[containerPath] = { get: containerGet(containerPath, c.path[0] ?? '', childDef, pos.params, pos.tag) };
    }
    const params = [...pos.params, ...keyParams(childDef, pos.params)];
    nodeOperations(schema, { type: c.type, node: `${prefix}${keyTemplate(params.slice(pos.params.length))}`, params, ancestors: new Map([...pos.ancestors, [c.type, seen + 1]]), tag: pos.tag }, paths);
  }
}

/** The nodes API: every node of a type (by its plural), or one by its keys, wherever it sits. */
function nodesApi(schema: Schema, paths: NodePaths): void {
  for (const [plural, { type }] of schema.plurals) {
    if (paths[`/nodes/${plural}`] !== undefined) continue;
    paths[`/nodes/${plural}`] = { get: { ...containerGet(`/nodes/${plural}`, plural, schema.type(type), [], 'nodes'), summary: `returns every ${type}, wherever it sits` } };
  }
  for (const def of schema.nodeTypes.values()) {
    const params = keyParams(def, []);
    const path = `/nodes/${def.name}${keyTemplate(params)}`;
    paths[path] = {
      get: { operationId: `get${camel(path)}`, tags: ['nodes'], summary: `returns the ${def.name} with these keys, wherever it sits`, parameters: [...params, ...READ_PARAMS], responses: { '200': { description: `the ${def.name}`, content: json(readAnswer(def.name)) } }, errors: [404], route: 'rest.get' },
    };
  }
}

/** The related-to step's parameter: any container name. */
export function relatedPluralParameter(schema: Schema): ParameterObject {
  return { name: 'related-plural', in: 'path', required: true, description: 'A container name (pnfs, p-interfaces, logical-links…)', schema: { type: 'string', enum: [...schema.plurals.keys()].sort() } };
}

/** Every REST path, in the schema's order (top-level entries, each followed by what it contains). */
export function nodePaths(schema: Schema): NodePaths {
  const paths: NodePaths = {};
  const tops = [...schema.nodeTypes.values()].map((d) => schema.topLevelOf(d.name)).filter((t) => t !== undefined);
  for (const top of tops) {
    const def = schema.type(top.type);
    const containerPath = `/${top.namespace}/${top.container}`;
    paths[containerPath] = { get: containerGet(containerPath, top.container, def, [], top.namespace) };
    const params = keyParams(def, []);
    nodeOperations(schema, { type: top.type, node: `/${top.path.join('/')}${keyTemplate(params)}`, params, ancestors: new Map([[top.type, 1]]), tag: top.namespace }, paths);
  }
  nodesApi(schema, paths);
  return paths;
}
