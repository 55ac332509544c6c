/**
 * The route table: every route the service answers, declared once — method, path, whether it reads
 * or writes, and its handler — and mounted on one @koa/router. What hangs on routes (authorisation,
 * the API description) reads this table; a request's route is in `ctx.state.route`.
 *
 * Order is A&AI's: the health check; the jobs; the bulk endpoints; then the REST API, whose one
 * path pattern covers every node and collection URI. A path that one group owns answers any other
 * method with AAI_3012 (as A&AI's "Unrecognized AAI function"), never falling through to the REST
 * API. As in A&AI, a request is checked in this order: the version of an /aai/{version}/… path
 * (VersionInterceptor: AAI_3016 / AAI_3017), the method (Jersey's 405, which A&AI's
 * InvalidResponseStatus answers as AAI_3012), the Accept header (Jersey's 406: AAI_4014), then the
 * route's query parameters and its handler.
 */
import Router from '@koa/router';
import type { ValidateFunction } from 'ajv';
import { AaiError } from '../errors.js';
import { acceptsAaiAnswer } from './accept.js';
import type { JsonSchema } from './api-schemas.js';
import { firstQueryValues, type Access, type AppContext, type AppState } from './context.js';
import { LATEST_VERSION, requestPath } from './error-middleware.js';
import { skipsAaiHeaders } from './open-paths.js';

/** `*`: every method the path's other routes do not take (declared after them). */
export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE' | '*';

/** A query parameter: a JSON Schema for its (first) value, and the A&AI error for a value that fails it. */
export interface QueryParam {
  schema: { type: 'string' } & Record<string, unknown>;
  error: (value: string) => AaiError;
  /** For the API description. */
  description?: string;
}

/** A whole-number parameter: `pattern` says which decimal texts fall within [min, max] (leading zeros allowed). */
export function wholeNumber(name: string, pattern: string, min: number, max: number): QueryParam {
  return { schema: { type: 'string', pattern }, error: () => new AaiError('AAI_3000', `${name} must be an integer from ${min} to ${max}`) };
}

/** A parameter of the API description (OpenAPI's Parameter Object). */
export interface ParameterDoc {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

/** A body of one media type: its schema, and an example (one the tests send or receive). */
export interface MediaDoc {
  schema: JsonSchema;
  example?: unknown;
}

export interface ResponseDoc {
  description: string;
  /** None: an empty body. */
  content?: Readonly<Record<string, MediaDoc>>;
  headers?: Readonly<Record<string, { description: string; schema: JsonSchema }>>;
}

/**
 * What the API description says of a route (src/http/openapi/document.ts). The route's path
 * parameters and query checks are described from the route itself; A&AI's request headers,
 * security and error answers from where the route sits (src/http/open-paths.ts).
 */
export interface RouteDoc {
  tags: readonly string[];
  description?: string;
  /** Further parameters than the route's path parameters and query checks. */
  parameters?: readonly ParameterDoc[];
  body?: { required: boolean; content: Readonly<Record<string, MediaDoc>> };
  /** Success answers, by status. */
  responses: Readonly<Record<string, ResponseDoc>>;
  /** Error statuses the route answers besides those every route may (400, 401, 403, 406, 503). */
  errors?: readonly number[];
}

/** Compiles a route's query parameter schemas (the schema's one Ajv instance). */
export interface QueryCompiler {
  compileQuery(properties: Readonly<Record<string, object>>): ValidateFunction;
}

export interface Route {
  /** A stable name, e.g. "bulk.add", "jobs.results", "rest.get". */
  name: string;
  method: Method;
  /** A path-to-regexp v8 pattern, e.g. "/aai/:version/bulkadd". */
  path: string;
  /** Whether the route only reads the inventory (a batch get is a read) or may change it. */
  access: Access;
  /** Administrative (API tokens): admins only, whatever a policy role allows. */
  adminOnly?: boolean;
  /** One line for humans (and the API description). */
  summary: string;
  /** The query parameters the route checks before its handler runs (others are its handler's, or ignored). */
  query?: Readonly<Record<string, QueryParam>>;
  /**
   * The route in the API description; `'rest'`: the REST API's one route for every node URI,
   * described as a path per node type (src/http/openapi/node-paths.ts). A `*` route has none.
   */
  doc?: RouteDoc | 'rest';
  handle: (ctx: AppContext) => Promise<void>;
}

/** The versions this service answers (A&AI's schema.version.list, for v15 only). */
const VERSIONS: ReadonlySet<string> = new Set([LATEST_VERSION]);

/**
 * A&AI's VersionInterceptor.EXTRACT_VERSION_PATTERN: a version, then at most 2048 characters that
 * are not Java line terminators (`.` of java.util.regex).
 */
const EXTRACT_VERSION = /^(v[1-9][0-9]*)[^\n\r\u0085\u2028\u2029]{0,2048}$/;

/** Paths VersionInterceptor lets through unversioned: the health check, and other A&AI services' APIs. */
const UNVERSIONED = /^(search|util\/echo|util\/live|util\/ready|util\/tokens|tools)/;

/**
 * A&AI's VersionInterceptor on the path relative to /aai (decoded, `latest` already rewritten): a
 * path that does not start with a version (or is longer than the pattern allows) is AAI_3017, with a
 * null version; a version other than v15 is AAI_3016. The template variables are [method, path,
 * version]. `/aai/search/…` and `/aai/tools/…` belong to other A&AI services: not found here.
 */
export function checkVersion(method: string, path: string): void {
  if (UNVERSIONED.test(path)) {
    // The service's own unversioned routes: the health check, and API tokens (README "Security").
    if (path.startsWith('util/echo') || path === 'util/live' || path === 'util/ready' || path === 'util/tokens' || path.startsWith('util/tokens/')) return;
    throw new AaiError('AAI_3001', `Resource not found: /aai/${path}`);
  }
  const version = EXTRACT_VERSION.exec(path)?.[1];
  if (version === undefined) throw new AaiError('AAI_3017', undefined, { vars: [method, path, null] });
  if (!VERSIONS.has(version)) throw new AaiError('AAI_3016', undefined, { vars: [method, path, version] });
  // A&AI's Jersey then matches `{version: v[1-9][0-9]*|latest}` as a whole segment: `v15x/…` is no resource.
  if (!/^v[1-9][0-9]*(\/|$)/.test(path)) throw new AaiError('AAI_3001', `Resource not found: /aai/${path}`);
}

/** The request's method as A&AI's filters see it: POST with `X-HTTP-Method-Override: PATCH` is a PATCH (HttpHeaderInterceptor). */
export function effectiveMethod(ctx: AppContext): string {
  return ctx.method === 'POST' && ctx.get('X-HTTP-Method-Override').toUpperCase() === 'PATCH' ? 'PATCH' : ctx.method;
}

/** Jersey's content negotiation for a request that reached its endpoint: an Accept it cannot answer is 406. */
function checkAccept(ctx: AppContext): void {
  if (!acceptsAaiAnswer(ctx.get('Accept'))) throw new AaiError('AAI_4014', undefined, { variant: 'notAcceptable' });
}

/** A `*` route's handler: any other method is A&AI's AAI_3012, which its response filter renders without template variables. */
export function unsupportedMethod(): Promise<void> {
  return Promise.reject(methodNotAllowed());
}

/** AAI_3012 as A&AI's InvalidResponseStatus answers Jersey's 405: no template variables. */
export function methodNotAllowed(): AaiError {
  return new AaiError('AAI_3012', undefined, { vars: [] });
}


/** A route's query check: the first failing parameter answers with its own A&AI error. */
function queryCheck(route: Route, compiler: QueryCompiler): (ctx: AppContext) => void {
  const params = route.query;
  if (params === undefined) return () => undefined;
  const names = Object.keys(params);
  const validate = compiler.compileQuery(Object.fromEntries(names.map((n) => [n, params[n]?.schema ?? {}])));
  return (ctx) => {
    const values = firstQueryValues(ctx, names);
    if (validate(values)) return;
    const name = (validate.errors?.[0]?.instancePath ?? '').slice(1).replaceAll('~1', '/').replaceAll('~0', '~');
    const param = params[name];
    throw param ? param.error(values[name] ?? '') : new AaiError('AAI_3000', `invalid query parameter ${name}`);
  };
}

/** The route's authorisation (src/http/auth.ts): throws when the request's principal may not call it. */
export type Authorize = (ctx: AppContext, route: Pick<Route, 'access' | 'adminOnly'>, method: string) => void;

/** One router for the table, in its order; each route is authorised, checks the version and its query, then runs its handler. */
export function mountRoutes(routes: readonly Route[], compiler: QueryCompiler, authorize: Authorize = () => undefined): Router<AppState> {
  const router = new Router<AppState>();
  for (const route of routes) {
    const checkQuery = queryCheck(route, compiler);
    const handler = async (ctx: AppContext): Promise<void> => {
      ctx.state.route = { name: route.name, access: route.access, ...(route.adminOnly ? { adminOnly: true } : {}) };
      authorize(ctx, route, effectiveMethod(ctx));
      // Only /aai paths have a version; the service's own others (/metrics) do not.
      if (/^\/aai(\/|$)/.test(ctx.path)) checkVersion(effectiveMethod(ctx), requestPath(ctx));
      // The description (JSON, YAML) and the docs (HTML) answer what they are, whatever the Accept.
      if (route.method !== '*' && !skipsAaiHeaders(ctx.path)) checkAccept(ctx);
      checkQuery(ctx);
      await route.handle(ctx);
    };
    if (route.method === '*') router.all(route.path, handler);
    else router.register(route.path, [route.method], handler);
  }
  return router;
}
