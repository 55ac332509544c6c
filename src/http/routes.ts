/**
 * The route table: every route the service answers, declared once — method, path, whether it reads
 * or writes, and its handler — and mounted on one @koa/router. What hangs on routes (authorisation,
 * the API description) reads this table; a request's route is in `ctx.state.route`.
 *
 * Order is A&AI's: the health check; the jobs; the bulk endpoints; then the REST API, whose one
 * path pattern covers every node and collection URI. A path that one group owns answers any other
 * method with AAI_3012 (as A&AI's "Unrecognized AAI function"), never falling through to the REST
 * API; an /aai/{version}/… path checks the version first (AAI_3016 / AAI_3017).
 */
import Router from '@koa/router';
import type { ValidateFunction } from 'ajv';
import { AaiError } from '../errors.js';
import type { Access, AppContext, AppState } from './context.js';

/** `*`: every method the path's other routes do not take (declared after them). */
export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE' | '*';

/** A query parameter: a JSON Schema for its (first) value, and the A&AI error for a value that fails it. */
export interface QueryParam {
  schema: { type: 'string' } & Record<string, unknown>;
  error: (value: string) => AaiError;
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
  /** One line for humans (and the API description). */
  summary: string;
  /** The query parameters the route checks before its handler runs (others are its handler's, or ignored). */
  query?: Readonly<Record<string, QueryParam>>;
  handle: (ctx: AppContext) => Promise<void>;
}

const VERSIONED = /^\/aai\/([^/]+)(?:\/|$)/;

/** The version segment: v15 or latest; other versions → AAI_3016, malformed → AAI_3017. */
function checkVersion(version: string): void {
  if (version === 'v15' || version === 'latest') return;
  throw new AaiError(/^v[1-9]\d*$/.test(version) ? 'AAI_3016' : 'AAI_3017', undefined, { vars: [version] });
}

function versionChecked(ctx: AppContext): void {
  const m = VERSIONED.exec(ctx.path);
  if (m?.[1] !== undefined && m[1] !== 'util') checkVersion(m[1]);
}

/** A `*` route's handler for the bulk and job paths: any other method is A&AI's AAI_3012. */
export function unsupportedMethod(): Promise<void> {
  return Promise.reject(new AaiError('AAI_3012'));
}

/** The first value of each of `names` in the query string. */
function firstValues(ctx: AppContext, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = ctx.query[name];
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[name] = first;
  }
  return out;
}

/** A route's query check: the first failing parameter answers with its own A&AI error. */
function queryCheck(route: Route, compiler: QueryCompiler): (ctx: AppContext) => void {
  const params = route.query;
  if (params === undefined) return () => undefined;
  const names = Object.keys(params);
  const validate = compiler.compileQuery(Object.fromEntries(names.map((n) => [n, params[n]?.schema ?? {}])));
  return (ctx) => {
    const values = firstValues(ctx, names);
    if (validate(values)) return;
    const name = (validate.errors?.[0]?.instancePath ?? '').slice(1).replaceAll('~1', '/').replaceAll('~0', '~');
    const param = params[name];
    throw param ? param.error(values[name] ?? '') : new AaiError('AAI_3000', `invalid query parameter ${name}`);
  };
}

/** One router for the table, in its order; each route checks the version and its query, then runs its handler. */
export function mountRoutes(routes: readonly Route[], compiler: QueryCompiler): Router<AppState> {
  const router = new Router<AppState>();
  for (const route of routes) {
    const checkQuery = queryCheck(route, compiler);
    const handler = async (ctx: AppContext): Promise<void> => {
      ctx.state.route = { name: route.name, access: route.access };
      versionChecked(ctx);
      checkQuery(ctx);
      await route.handle(ctx);
    };
    if (route.method === '*') router.all(route.path, handler);
    else router.register(route.path, [route.method], handler);
  }
  return router;
}
