/**
 * The bulk family: PUT /aai/v15/bulkadd, PUT /aai/v15/bulkprocess (201 whenever the payload
 * passes the top-level checks), plus the routes added by later modules. Every endpoint accepts
 * `?dry-run=true`. X-OverrideLimit is honoured only when BULK_OVERRIDE_SECRET is configured.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Next } from 'koa';
import type { Config } from '../config.js';
import { BULK_ADD, BULK_PROCESS, parseBulkPayload, type BulkFlavour } from '../domain/bulk/bulk-payload.js';
import { runBulk } from '../domain/bulk/bulk-run.js';
import { checkBatchGet, runBatchGet } from '../domain/bulk/batch-get.js';
import { checkSingleTransaction, runSingleTransaction } from '../domain/bulk/single-transaction.js';
import type { GraphStorePort } from '../domain/ports.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { bodyDidNotParse, bodyIsEmpty, requestBody } from './body.js';
import { renderBatchGet, renderBulkResponse, renderSingleTransaction } from './bulk-render.js';
import type { AppContext } from './context.js';
import { consumerVars } from './error-middleware.js';
import { checkVersion } from './rest-router.js';

export interface BulkDeps {
  schema: Schema;
  store: GraphStorePort;
  config: Config;
}

/** X-OverrideLimit equals the configured secret (compared in constant time); never when unset. */
export function overrideGranted(ctx: AppContext, secret: string | undefined): boolean {
  const given = ctx.get('X-OverrideLimit');
  if (secret === undefined || given === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

export function isDryRun(ctx: AppContext): boolean {
  const v = ctx.query['dry-run'];
  const value = Array.isArray(v) ? v[0] : v;
  if (value === undefined || value === 'false') return false;
  if (value === 'true' || value === '') return true;
  throw new AaiError('AAI_3000', `dry-run must be true or false, not ${JSON.stringify(value)}`);
}

export type BulkHandler = (ctx: AppContext) => Promise<void>;

/** Endpoint name under /aai/{version}/ → allowed HTTP method and handler. */
export type BulkRoutes = Record<string, { method: string; handle: BulkHandler }>;

export function bulkAddProcessRoutes(deps: BulkDeps): BulkRoutes {
  const handler =
    (flavour: BulkFlavour): BulkHandler =>
    async (ctx) => {
      const vars = consumerVars(ctx);
      const dryRun = isDryRun(ctx);
      const payload = parseBulkPayload(
        deps.schema,
        flavour,
        requestBody(ctx, deps.config.input.maxJsonDepth),
        { limit: deps.config.bulk.operationLimit, override: overrideGranted(ctx, deps.config.bulk.overrideSecret) },
        vars,
      );
      const results = await runBulk(
        deps.store,
        deps.schema,
        payload.transactions,
        {
          sourceOfTruth: ctx.state.fromAppId,
          transactionId: ctx.state.transactionId,
          impliedDeleteWhitelist: deps.config.impliedDeleteWhitelist,
          maxObjects: deps.config.budget.writeObjects,
        },
        { dryRun },
      );
      ctx.status = 201;
      ctx.body = renderBulkResponse(results);
    };
  return {
    bulkadd: { method: 'PUT', handle: handler(BULK_ADD) },
    bulkprocess: { method: 'PUT', handle: handler(BULK_PROCESS) },
  };
}

/** POST /aai/v15/bulk/single-transaction and POST /aai/v15/bulk/get. */
export function singleTransactionAndGetRoutes(deps: BulkDeps): BulkRoutes {
  return {
    'bulk/single-transaction': {
      method: 'POST',
      handle: async (ctx) => {
        const dryRun = isDryRun(ctx);
        if (bodyIsEmpty(ctx)) throw new AaiError('AAI_6111', 'input payload does not follow /bulk/single-transaction interface');
        if (bodyDidNotParse(ctx)) throw new AaiError('AAI_6111', 'Input payload does not follow bulk/single-transaction interface');
        const body = requestBody(ctx, deps.config.input.maxJsonDepth);
        const override = overrideGranted(ctx, deps.config.bulk.overrideSecret);
        const ops = checkSingleTransaction(body, override ? undefined : deps.config.bulk.operationLimit);
        const result = await runSingleTransaction(deps.store, deps.schema, ops, {
          sourceOfTruth: ctx.state.fromAppId,
          transactionId: ctx.state.transactionId,
          impliedDeleteWhitelist: deps.config.impliedDeleteWhitelist,
          maxObjects: deps.config.budget.writeObjects,
          dryRun,
        });
        const answer = renderSingleTransaction(result);
        ctx.status = answer.status;
        ctx.body = answer.body;
      },
    },
    'bulk/get': {
      method: 'POST',
      handle: async (ctx) => {
        isDryRun(ctx); // accepted on every bulk endpoint; a read has nothing to roll back
        const override = overrideGranted(ctx, deps.config.bulk.overrideSecret);
        const list = checkBatchGet(requestBody(ctx, deps.config.input.maxJsonDepth), override ? undefined : deps.config.bulk.batchGetLimit);
        ctx.status = 200;
        ctx.body = renderBatchGet(await runBatchGet(deps.store, deps.schema, list, deps.config.budget.readObjects));
      },
    },
  };
}

const BULK_PATH = /^\/aai\/([^/]+)\/(bulkadd|bulkprocess|bulk\/[a-z-]+)\/?$/;

/** Dispatch /aai/{version}/{bulk endpoint}; a wrong method is A&AI's 400 AAI_3012. */
export function bulkMiddleware(routes: BulkRoutes) {
  return async function bulk(ctx: AppContext, next: Next): Promise<void> {
    const m = BULK_PATH.exec(ctx.path);
    const route = m?.[2] === undefined ? undefined : routes[m[2]];
    if (!m?.[1] || !route) return next();
    checkVersion(ctx, m[1]);
    if (ctx.method !== route.method) throw new AaiError('AAI_3012');
    await route.handle(ctx);
  };
}
