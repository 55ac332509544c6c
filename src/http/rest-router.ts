/**
 * The A&AI REST API for every node type under /aai/v15 (and /aai/latest):
 * GET (depth, nodes-only, collections with filters and paging), PUT, PATCH (merge-patch), DELETE,
 * and PUT/DELETE on …/relationship-list/relationship. Error bodies use A&AI's template variables
 * [method, path relative to the version].
 */
import type { Config } from '../config.js';
import { prepareOperation, writeTarget, type OpMethod, type WriteVerb } from '../domain/operations.js';
import { planRead, runRead } from '../domain/read.js';
import { executeTransaction } from '../domain/transaction.js';
import type { GraphStorePort } from '../domain/ports.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { tryDecode } from '../uri/aai-uri.js';
import { requestBody } from './body.js';
import type { Access, AppContext } from './context.js';
import type { Method, Route } from './routes.js';

export interface RestDeps {
  schema: Schema;
  store: GraphStorePort;
  config: Config;
}

/** The path after /aai/{version} (the route checked the version). */
const AFTER_VERSION = /^\/aai\/[^/]+(\/.*)?$/;

function safeDecode(path: string): string {
  return tryDecode(path) ?? path;
}

function queryOf(ctx: AppContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.query)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** Run `work`; an A&AI error it raises answers with `vars` ([method, uri] as A&AI's REST API names them) unless it names its own. */
async function withVars<T>(vars: readonly string[], work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw e instanceof AaiError ? e.withVars(vars) : e;
  }
}

/** A&AI's HttpMethod of a write verb, on a node and on a relationship (for error template variables). */
const OP_METHOD: Readonly<Record<WriteVerb, readonly [OpMethod, OpMethod]>> = {
  PUT: ['PUT', 'PUT_EDGE'],
  DELETE: ['DELETE', 'DELETE_EDGE'],
  PATCH: ['MERGE_PATCH', 'MERGE_PATCH'],
};

function methodOf(ctx: AppContext): string {
  const override = ctx.get('X-HTTP-Method-Override').toUpperCase();
  return ctx.method === 'POST' && override === 'PATCH' ? 'PATCH' : ctx.method;
}

/** A status with no content (A&AI answers successful writes with an empty body). */
export function sendEmpty(ctx: AppContext, status: number): void {
  ctx.status = status;
  if (status !== 204) {
    ctx.body = '';
    ctx.remove('Content-Type');
  }
}

/** The REST API's routes: every node type's URIs under /aai/{version}. */
export function restRoutes(deps: RestDeps): Route[] {
  const { schema, store, config } = deps;

  async function get(ctx: AppContext, path: string, errorUri: string): Promise<void> {
    const plan = planRead(schema, path, queryOf(ctx), errorUri);
    const answer = await store.read((reader) => runRead(schema, reader, plan, config.budget.readObjects));
    if (answer.total !== undefined) ctx.set('total-results', String(answer.total));
    if (answer.pages !== undefined) ctx.set('total-pages', String(answer.pages));
    ctx.body = answer.body;
  }

  async function write(ctx: AppContext, method: string, path: string, errorUri: string): Promise<void> {
    const body = requestBody(ctx, config.input.maxJsonDepth); // unparseable or too deep: AAI_6111 at the consumer level
    const target = await withVars([method, errorUri], () => writeTarget(schema, path));
    const verb = method === 'PUT' || method === 'DELETE' || method === 'PATCH' ? method : undefined;
    if (verb === undefined || (verb === 'PATCH' && target.relationship)) throw new AaiError('AAI_3012', undefined, { vars: [method, errorUri] });
    // From here on, errors name A&AI's HttpMethod of the operation (PUT_EDGE, MERGE_PATCH…).
    const vars = [OP_METHOD[verb][target.relationship ? 1 : 0], errorUri];
    return withVars(vars, () => writeOperation(ctx, verb, target, body, errorUri));
  }

  async function writeOperation(ctx: AppContext, verb: WriteVerb, target: ReturnType<typeof writeTarget>, body: unknown, errorUri: string): Promise<void> {
    const rv = ctx.query['resource-version'];
    const write = { body, resourceVersion: Array.isArray(rv) ? rv[0] : rv, errorUri };
    const op = prepareOperation(schema, verb, target, write, () => new AaiError('AAI_3012'));
    const outcome = await executeTransaction(store, schema, [op], {
      sourceOfTruth: ctx.state.fromAppId,
      transactionId: ctx.state.transactionId,
      impliedDeleteWhitelist: config.impliedDeleteWhitelist,
      maxObjects: config.budget.writeObjects,
      dryRun: false,
    });
    const result = outcome.results[0];
    if (result?.error) throw result.error;
    sendEmpty(ctx, result?.status ?? 200);
  }

  async function rest(ctx: AppContext): Promise<void> {
    const path = AFTER_VERSION.exec(ctx.path)?.[1] ?? '/';
    const errorUri = safeDecode(path.replace(/^\//, ''));
    const method = methodOf(ctx);
    // HEAD is a GET without a body (Koa drops it).
    if (method === 'GET' || method === 'HEAD') return withVars(['GET', errorUri], () => get(ctx, path, errorUri));
    if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') return write(ctx, method, path, errorUri);
    throw new AaiError('AAI_3012', undefined, { vars: [method, errorUri] });
  }

  // One handler for every method on a node or collection URI: it reads the method (and
  // X-HTTP-Method-Override) itself; the table says which methods read and which write.
  const path = '/aai/:version{/*path}';
  const route = (method: Method, access: Access, summary: string): Route => ({ name: `rest.${method === '*' ? 'other' : method.toLowerCase()}`, method, path, access, summary, handle: rest });
  return [
    route('GET', 'read', 'read a node (depth, nodes-only) or a top-level collection (filters, paging)'),
    route('PUT', 'write', 'create or replace a node, or put one relationship (…/relationship-list/relationship)'),
    route('PATCH', 'write', 'merge-patch a node (application/merge-patch+json)'),
    route('DELETE', 'write', 'delete a node and its subtree (resource-version), or one relationship'),
    route('POST', 'write', 'PATCH by X-HTTP-Method-Override: PATCH (any other POST: AAI_3012)'),
    route('*', 'read', 'any other method: AAI_3012'),
  ];
}
