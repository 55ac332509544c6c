/**
 * The API description: an OpenAPI 3.1 document built from the route table and the generated schema,
 * never written by hand. Each route of the table is an operation, described by its `doc` (bodies,
 * answers), its path parameters and its query checks; the REST API's one route is a path per place
 * a node type sits (node-paths.ts), with A&AI's definition names (node-schemas.ts). What every
 * operation shares — A&AI's request headers, the security schemes, A&AI's error body for each
 * error status — comes from where the route sits (open-paths.ts), not from each route.
 *
 * Paths are relative to the server /aai/v15, as in A&AI's Swagger; the few routes outside it
 * (/aai/util/…, /metrics) carry their own path-level `servers`.
 */
import type { Schema } from '../../schema/schema.js';
import { API_SCHEMAS, ref, type JsonSchema } from '../api-schemas.js';
import type { ParameterDoc, ResponseDoc, Route, RouteDoc } from '../routes.js';
import { nodePaths, relatedPluralParameter, SHARED_PARAMETERS, type NodeOperation } from './node-paths.js';
import { nodeSchemas } from './node-schemas.js';

export interface DescribeOptions {
  /** The service's version (package.json). */
  version: string;
  /** Whether a GET (or other method) of the concrete path is answered without credentials. */
  isPublic: (method: string, path: string) => boolean;
  /** Whether requests to the concrete path go without A&AI's X-FromAppId / X-TransactionId. */
  skipsAaiHeaders: (path: string) => boolean;
}

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const BASE = '/aai/v15';

/** What each error status means here; every error answer is A&AI's error body. */
const ERROR_STATUSES: Readonly<Record<number, string>> = {
  400: 'A&AI error: the request is invalid (headers, URI, query, body), or a method the path does not take (AAI_3012)',
  401: 'No credentials, or credentials not accepted (AAI_3302)',
  403: 'The principal may not call this (AAI_3300)',
  404: 'Not found (AAI_6114, AAI_3001)',
  406: 'The Accept header names nothing this answers (AAI_4014)',
  408: 'The request body arrived too slowly (AAI_7406)',
  409: 'Conflict: the job has finished (AAI_3000)',
  410: 'Gone: the change feed no longer holds the events after this cursor (AAI_3040): resynchronise',
  412: 'A resource-version precondition failed (AAI_6127, AAI_6130…)',
  413: 'The body is larger than its limit (AAI_6147)',
  415: 'A Content-Type this endpoint does not take (AAI_3102)',
  429: 'The submitter has its limit of uploads in progress or stored (AAI_6147); see Retry-After',
  503: 'Neo4j is unavailable, or the service is at its limit of requests in flight: retry (AAI_5105, AAI_9202, AAI_6134)',
};

/** Statuses every route may answer: bad headers or query, authentication, authorisation, Accept, unavailable. */
const COMMON_ERRORS = [400, 401, 403, 406, 503];
/** Statuses of a route that reads a body. */
const BODY_ERRORS = [408, 413, 415];

/** A route's path as the description writes it, and the server it is relative to. */
function placeOf(path: string): { server: string; path: string; concrete: string } {
  const concrete = path.replace('/aai/:version', BASE);
  const template = (p: string): string => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  if (concrete === BASE || concrete.startsWith(`${BASE}/`)) return { server: BASE, path: template(concrete.slice(BASE.length)) || '/', concrete };
  if (concrete.startsWith('/aai/')) return { server: '/aai', path: template(concrete.slice('/aai'.length)), concrete };
  return { server: '/', path: template(concrete), concrete };
}

const operationIdOf = (name: string): string => name.replace(/[.-]([a-z])/g, (_, c: string) => c.toUpperCase());

function headerRefs(): JsonSchema[] {
  return [{ $ref: '#/components/parameters/X-FromAppId' }, { $ref: '#/components/parameters/X-TransactionId' }];
}

function errorResponses(statuses: Iterable<number>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const s of [...new Set(statuses)].sort()) out[String(s)] = { $ref: `#/components/responses/error-${s}` };
  return out;
}

function responsesOf(responses: Readonly<Record<string, ResponseDoc>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(responses).map(([status, r]) => [status, { ...r }]));
}

interface Operation {
  operationId: string;
  tags: readonly string[];
  summary: string;
  description?: string;
  parameters: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
}

function finish(
  method: string,
  place: { concrete: string },
  base: { operationId: string; tags: readonly string[]; summary: string; description?: string | undefined; parameters: readonly (ParameterDoc | JsonSchema)[]; body?: RouteDoc['body']; responses: Record<string, unknown>; errors: readonly number[] },
  opts: DescribeOptions,
): Operation {
  const isPublic = opts.isPublic(method.toUpperCase(), place.concrete);
  const headers = opts.skipsAaiHeaders(place.concrete) ? [] : headerRefs();
  const errors = [...(isPublic ? COMMON_ERRORS.filter((s) => s !== 401 && s !== 403) : COMMON_ERRORS), ...(base.body ? BODY_ERRORS : []), ...base.errors];
  return {
    operationId: base.operationId,
    tags: base.tags,
    summary: base.summary,
    ...(base.description ? { description: base.description } : {}),
    parameters: [...base.parameters, ...headers],
    ...(base.body ? { requestBody: base.body } : {}),
    responses: { ...base.responses, ...errorResponses(errors) },
    ...(isPublic ? { security: [] } : {}),
  };
}

function routeOperation(route: Route, doc: RouteDoc, place: { path: string; concrete: string }, opts: DescribeOptions): Operation {
  const described = new Set((doc.parameters ?? []).map((p) => `${p.in} ${p.name}`));
  const pathParams: ParameterDoc[] = [...place.path.matchAll(/\{([^}]+)\}/g)]
    .map((m): ParameterDoc => ({ name: m[1] ?? '', in: 'path', required: true, schema: { type: 'string' } }))
    .filter((p) => !described.has(`path ${p.name}`));
  const queryParams: ParameterDoc[] = Object.entries(route.query ?? {}).map(([name, q]) => ({ name, in: 'query', ...(q.description ? { description: q.description } : {}), schema: q.schema }));
  return finish(route.method, place, {
    operationId: operationIdOf(route.name),
    tags: doc.tags,
    summary: route.summary,
    description: doc.description,
    parameters: [...pathParams, ...queryParams, ...(doc.parameters ?? [])],
    ...(doc.body ? { body: doc.body } : {}),
    responses: responsesOf(doc.responses),
    errors: doc.errors ?? [],
  }, opts);
}

function nodeOperation(op: NodeOperation, method: string, path: string, opts: DescribeOptions): Operation {
  return finish(method, { concrete: `${BASE}${path}` }, {
    operationId: op.operationId,
    tags: op.tags,
    summary: op.summary,
    description: op.description,
    parameters: op.parameters,
    ...(op.requestBody ? { body: op.requestBody } : {}),
    responses: op.responses,
    errors: op.errors,
  }, opts);
}

const TAGS: readonly { name: string; description: string }[] = [
  { name: 'bulk', description: 'A&AI\'s bulk family: bulkadd, bulkprocess, single-transaction, batch get (each with ?dry-run=true)' },
  { name: 'jobs', description: 'Durable bulk jobs: submit JSON or NDJSON transactions, follow progress, read or stream results, cancel' },
  { name: 'nodes', description: 'The nodes API: objects by type or keys, wherever they sit' },
  { name: 'search', description: 'A&AI\'s search API: nodes-query and generic-query' },
  { name: 'traversal', description: 'A&AI\'s traversal: the DSL and stored queries' },
  { name: 'sync', description: 'Declarative sync: the desired state of a scope diffed against the inventory, applied as a job; and the export a sync takes back' },
  { name: 'events', description: 'The change feed: every committed change as an AAI-EVENT, from a cursor (and on Kafka when KAFKA_BROKERS is set)' },
  { name: 'health', description: 'A&AI\'s echo, liveness and readiness' },
  { name: 'tokens', description: 'API tokens (admins)' },
  { name: 'metrics', description: 'Prometheus metrics' },
  { name: 'api', description: 'This description and its browsable docs' },
  { name: 'console', description: 'The web console\'s files (a client of this API)' },
];

/** The whole document. */
export function apiDocument(routes: readonly Route[], schema: Schema, opts: DescribeOptions): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = nodeSchemas(schema);
  for (const [name, s] of Object.entries(API_SCHEMAS)) {
    if (schemas[name] !== undefined) throw new Error(`API schema ${name} clashes with a node type's definition`);
    schemas[name] = s;
  }
  const paths: Record<string, Record<string, unknown>> = {};
  const servers = new Map<string, string>();
  const add = (server: string, path: string, method: string, op: Operation): void => {
    const known = servers.get(path);
    if (known !== undefined && known !== server) throw new Error(`${path} is under both ${known} and ${server}`);
    servers.set(path, server);
    const item = (paths[path] ??= server === BASE ? {} : { servers: [{ url: server }] });
    if (item[method] !== undefined) throw new Error(`${method.toUpperCase()} ${path} is described twice`);
    item[method] = op;
  };

  const restRoutes = new Set(routes.filter((r) => r.doc === 'rest').map((r) => r.name));
  let restDone = false;
  for (const route of routes) {
    if (route.method === '*' || route.doc === undefined) continue;
    if (route.doc === 'rest') {
      if (restDone) continue;
      restDone = true;
      for (const [path, ops] of Object.entries(nodePaths(schema))) {
        for (const [method, op] of Object.entries(ops)) if (restRoutes.has(op.route)) add(BASE, path, method, nodeOperation(op, method, path, opts));
      }
      continue;
    }
    const place = placeOf(route.path);
    add(place.server, place.path, route.method.toLowerCase(), routeOperation(route, route.doc, place, opts));
  }

  const ids = new Set<string>();
  for (const item of Object.values(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'servers') continue;
      const id = (op as Operation).operationId;
      if (ids.has(id)) throw new Error(`operationId ${id} is used twice`);
      ids.add(id);
    }
  }

  const namespaces = [...schema.namespaces].filter((n) => Object.values(paths).some((item) => Object.values(item).some((op) => (op as Operation).tags?.includes(n))));
  return {
    openapi: '3.1.0',
    info: {
      title: 'A&AI graph inventory API',
      version: opts.version,
      summary: 'ONAP A&AI v15-compatible inventory on Neo4j',
      description: [
        'The A&AI v15 REST API (the node types of A&AI\'s OXM, with A&AI\'s paths and definition names), A&AI\'s bulk family, batch get and durable jobs.',
        'Every /aai request names its source (X-FromAppId) and carries a transaction id (X-TransactionId); errors are A&AI\'s error body.',
        'Authenticate with HTTP basic, a bearer API token, or a client certificate.',
      ].join(' '),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: BASE }],
    tags: [...TAGS, ...namespaces.map((n) => ({ name: n, description: `A&AI's ${n} objects` }))],
    security: [{ basic: [] }, { bearer: [] }, { 'client-certificate': [] }],
    paths,
    components: {
      schemas,
      parameters: {
        ...SHARED_PARAMETERS,
        'related-plural': relatedPluralParameter(schema),
        'X-FromAppId': { name: 'X-FromAppId', in: 'header', required: true, description: 'The calling application (stored as each written object\'s source-of-truth)', schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[!-~]+$' } },
        'X-TransactionId': { name: 'X-TransactionId', in: 'header', required: true, description: 'The request\'s transaction id (stored on each written object)', schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[!-~]+$' } },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_STATUSES).map(([status, description]) => [`error-${status}`, { description, content: { 'application/json': { schema: ref('aai-error') } } }]),
      ),
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic', description: 'A configured user (AUTH_USERS, AUTH_USERS_FILE)' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (aai_<id>_<secret>) from POST /aai/util/tokens' },
        'client-certificate': { type: 'mutualTLS', description: 'A client certificate that chains to TLS_CA, mapped to a user by its CN or DN' },
      },
    },
  };
}
