/**
 * The A&AI REST API for every node type under /aai/v15 (and /aai/latest):
 * GET (depth, nodes-only, collections with filters and paging), PUT, PATCH (merge-patch), DELETE,
 * and PUT/DELETE on …/relationship-list/relationship. Error bodies use A&AI's template variables
 * [method, path relative to the version].
 */
import type { Next } from 'koa';
import type { Config } from '../config.js';
import { prepareOperation, writeTarget, type OpMethod, type WriteVerb } from '../domain/operations.js';
import { planRead, runRead } from '../domain/read.js';
import { executeTransaction } from '../domain/transaction.js';
import type { GraphStorePort } from '../domain/ports.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { tryDecode } from '../uri/aai-uri.js';
import { requestBody } from './body.js';
import type { AppContext } from './context.js';

export interface RestDeps {
  schema: Schema;
  store: GraphStorePort;
  config: Config;
}

const VERSION_PATH = /^\/aai\/([^/]+)(\/.*)?$/;

/** The version segment: v15 or latest; other versions → AAI_3016, malformed → AAI_3017. */
export function checkVersion(ctx: AppContext, version: string): void {
  if (version === 'v15' || version === 'latest') return;
  ctx.state.errorVars = [version];
  throw new AaiError(/^v[1-9]\d*$/.test(version) ? 'AAI_3016' : 'AAI_3017');
}

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

export function restMiddleware(deps: RestDeps) {
  const { schema, store, config } = deps;

  async function get(ctx: AppContext, path: string, errorUri: string): Promise<void> {
    ctx.state.errorVars = ['GET', errorUri];
    const plan = planRead(schema, path, queryOf(ctx), errorUri);
    const answer = await store.read((reader) => runRead(schema, reader, plan, config.budget.readObjects));
    if (answer.total !== undefined) ctx.set('total-results', String(answer.total));
    if (answer.pages !== undefined) ctx.set('total-pages', String(answer.pages));
    ctx.body = answer.body;
  }

  async function write(ctx: AppContext, method: string, path: string, errorUri: string): Promise<void> {
    const body = requestBody(ctx, config.input.maxJsonDepth); // unparseable or too deep: AAI_6111 at the consumer level
    ctx.state.errorVars = [method, errorUri];
    const target = writeTarget(schema, path);
    const verb = method === 'PUT' || method === 'DELETE' || method === 'PATCH' ? method : undefined;
    if (verb === undefined || (verb === 'PATCH' && target.relationship)) throw new AaiError('AAI_3012');
    ctx.state.errorVars = [OP_METHOD[verb][target.relationship ? 1 : 0], errorUri];
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

  return async function rest(ctx: AppContext, next: Next): Promise<void> {
    const m = VERSION_PATH.exec(ctx.path);
    if (!m?.[1]) return next();
    checkVersion(ctx, m[1]);
    const path = m[2] ?? '/';
    const errorUri = safeDecode(path.replace(/^\//, ''));
    const method = methodOf(ctx);
    // HEAD is a GET without a body (Koa drops it).
    if (method === 'GET' || method === 'HEAD') return get(ctx, path, errorUri);
    if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') return write(ctx, method, path, errorUri);
    ctx.state.errorVars = [method, errorUri];
    throw new AaiError('AAI_3012');
  };
}
