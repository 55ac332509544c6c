/**
 * The bulk family: PUT /aai/v15/bulkadd, PUT /aai/v15/bulkprocess (201 whenever the payload
 * passes the top-level checks), plus the routes added by later modules. Every endpoint accepts
 * `?dry-run=true`. X-OverrideLimit is honoured only when BULK_OVERRIDE_SECRET is configured.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Next } from 'koa';
import type { Config } from '../config.js';
import { BULK_ADD, BULK_PROCESS, parseBulkPayload, type BulkFlavour } from '../domain/bulk/bulk-payload.js';
import { bulkResponse } from '../domain/bulk/bulk-response.js';
import { runBulk } from '../domain/bulk/bulk-run.js';
import type { GraphStorePort } from '../domain/model.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { requestBody } from './body.js';
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
        requestBody(ctx),
        { limit: deps.config.bulk.operationLimit, override: overrideGranted(ctx, deps.config.bulk.overrideSecret) },
        vars,
      );
      const results = await runBulk(
        deps.store,
        deps.schema,
        payload.transactions,
        { sourceOfTruth: ctx.state.fromAppId, transactionId: ctx.state.transactionId, impliedDeleteWhitelist: deps.config.impliedDeleteWhitelist },
        { dryRun },
      );
      ctx.status = 201;
      ctx.body = bulkResponse(results);
    };
  return {
    bulkadd: { method: 'PUT', handle: handler(BULK_ADD) },
    bulkprocess: { method: 'PUT', handle: handler(BULK_PROCESS) },
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
