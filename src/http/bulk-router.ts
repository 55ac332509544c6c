/**
 * The bulk family: PUT /aai/v15/bulkadd, PUT /aai/v15/bulkprocess (201 whenever the payload
 * passes the top-level checks), plus the routes added by later modules. Every endpoint accepts
 * `?dry-run=true`. X-OverrideLimit is honoured only when BULK_OVERRIDE_SECRET is configured.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import { BULK_ADD, BULK_PROCESS, parseBulkPayload, type BulkFlavour } from '../domain/bulk/bulk-payload.js';
import { runBulk } from '../domain/bulk/bulk-run.js';
import { checkBatchGet, runBatchGet } from '../domain/bulk/batch-get.js';
import { checkSingleTransaction, runSingleTransaction } from '../domain/bulk/single-transaction.js';
import type { GraphStorePort } from '../domain/ports.js';
import { tallyResults, type BulkMetricsPort } from '../domain/metrics-port.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { bodyDidNotParse, bodyIsEmpty, requestBody } from './body.js';
import { renderBatchGet, renderBulkResponse, renderSingleTransaction } from './bulk-render.js';
import { permitted, type AuthSetup } from './auth.js';
import type { AppContext } from './context.js';
import { consumerVars } from './error-middleware.js';
import { unsupportedMethod, type ParameterDoc, type QueryParam, type Route, type RouteDoc } from './routes.js';
import { jsonContent, ref } from './api-schemas.js';
import { BATCH_GET_REQUEST, BULKADD_REQUEST, BULKADD_RESPONSE, SINGLE_TRANSACTION_REQUEST, SINGLE_TRANSACTION_RESPONSE } from './api-examples.js';

export interface BulkDeps {
  schema: Schema;
  store: GraphStorePort;
  config: Config;
  auth: AuthSetup;
  /** Told of the transactions each request applied (not of dry runs). */
  metrics?: BulkMetricsPort;
}

/**
 * The payload limit is lifted: X-OverrideLimit sent by a principal allowed to override it (admins),
 * or equal to the configured secret (A&AI's form; compared in constant time; never when unset).
 */
export function overrideGranted(ctx: AppContext, secret: string | undefined, auth?: AuthSetup): boolean {
  const given = ctx.get('X-OverrideLimit');
  if (given === '') return false;
  if (auth !== undefined && ctx.state.principal?.via !== 'open' && permitted(ctx, auth, 'override-limit')) return true;
  if (secret === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

/** `?dry-run` of the bulk endpoints: true, false, or present without a value (true). */
const DRY_RUN: QueryParam = {
  schema: { type: 'string', enum: ['true', 'false', ''] },
  description: 'Run everything, answer as usual, then roll every transaction back: nothing is stored',
  error: (value) => new AaiError('AAI_3000', `dry-run must be true or false, not ${JSON.stringify(value)}`),
};

/** Whether the request is a dry run (the route checked the parameter). */
function isDryRun(ctx: AppContext): boolean {
  const v = ctx.query['dry-run'];
  const value = Array.isArray(v) ? v[0] : v;
  return value === 'true' || value === '';
}

export type BulkHandler = (ctx: AppContext) => Promise<void>;

function bulkAddProcessHandlers(deps: BulkDeps) {
  const handler =
    (flavour: BulkFlavour, source: 'bulkadd' | 'bulkprocess'): BulkHandler =>
    async (ctx) => {
      const vars = consumerVars(ctx);
      const dryRun = isDryRun(ctx);
      const payload = parseBulkPayload(
        deps.schema,
        flavour,
        requestBody(ctx, deps.config.input.maxJsonDepth),
        { limit: deps.config.bulk.operationLimit, override: overrideGranted(ctx, deps.config.bulk.overrideSecret, deps.auth) },
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
          allowBypass: permitted(ctx, deps.auth, 'bypass-resource-version'),
          maxObjects: deps.config.budget.writeObjects,
        },
        { dryRun },
      );
      if (!dryRun) deps.metrics?.applied(source, tallyResults(results));
      ctx.status = 201;
      ctx.body = renderBulkResponse(results);
    };
  return { bulkadd: handler(BULK_ADD, 'bulkadd'), bulkprocess: handler(BULK_PROCESS, 'bulkprocess') };
}

/** POST /aai/v15/bulk/single-transaction and POST /aai/v15/bulk/get. */
function singleTransactionAndGetHandlers(deps: BulkDeps) {
  return {
    singleTransaction: async (ctx: AppContext): Promise<void> => {
      const dryRun = isDryRun(ctx);
      if (bodyIsEmpty(ctx)) throw new AaiError('AAI_6111', 'input payload does not follow /bulk/single-transaction interface');
      if (bodyDidNotParse(ctx)) throw new AaiError('AAI_6111', 'Input payload does not follow bulk/single-transaction interface');
      const body = requestBody(ctx, deps.config.input.maxJsonDepth);
      const override = overrideGranted(ctx, deps.config.bulk.overrideSecret, deps.auth);
      const ops = checkSingleTransaction(deps.schema, body, override ? undefined : deps.config.bulk.operationLimit);
      const result = await runSingleTransaction(deps.store, deps.schema, ops, {
        sourceOfTruth: ctx.state.fromAppId,
        transactionId: ctx.state.transactionId,
        impliedDeleteWhitelist: deps.config.impliedDeleteWhitelist,
        allowBypass: permitted(ctx, deps.auth, 'bypass-resource-version'),
        maxObjects: deps.config.budget.writeObjects,
        dryRun,
      });
      if (!dryRun) deps.metrics?.applied('single-transaction', { txOk: result.ok ? 1 : 0, txFailed: result.ok ? 0 : 1, opsOk: result.ok ? ops.length : 0, opsFailed: result.ok ? 0 : ops.length });
      const answer = renderSingleTransaction(result);
      ctx.status = answer.status;
      ctx.body = answer.body;
    },
    batchGet: async (ctx: AppContext): Promise<void> => {
      // ?dry-run is accepted (and checked) on every bulk endpoint; a read has nothing to roll back.
      const override = overrideGranted(ctx, deps.config.bulk.overrideSecret, deps.auth);
      const list = checkBatchGet(deps.schema, requestBody(ctx, deps.config.input.maxJsonDepth), override ? undefined : deps.config.bulk.batchGetLimit);
      ctx.status = 200;
      ctx.body = renderBatchGet(await runBatchGet(deps.store, deps.schema, list, deps.config.budget.readObjects));
    },
  };
}

const OVERRIDE: ParameterDoc = {
  name: 'X-OverrideLimit',
  in: 'header',
  description: 'Lifts the operation limit: honoured from an admin, or when equal to BULK_OVERRIDE_SECRET',
  schema: { type: 'string' },
};

const BULK_DOC = (request: string, example?: unknown): RouteDoc => ({
  tags: ['bulk'],
  parameters: [OVERRIDE],
  body: { required: true, content: jsonContent(ref(request), example) },
  responses: { '201': { description: 'Every transaction\'s outcome (201 whenever the payload passes its top-level checks; a failed transaction is reported in the body)', content: jsonContent(ref('bulk-response'), example === undefined ? undefined : BULKADD_RESPONSE) } },
  errors: [412],
});

/** The bulk family's routes; any other method on their paths is A&AI's 400 AAI_3012. */
export function bulkRoutes(deps: BulkDeps): Route[] {
  const { bulkadd, bulkprocess } = bulkAddProcessHandlers(deps);
  const { singleTransaction, batchGet } = singleTransactionAndGetHandlers(deps);
  const at = (endpoint: string): string => `/aai/:version/${endpoint}`;
  const query = { 'dry-run': DRY_RUN };
  const other = (endpoint: string): Route => ({ name: `${endpoint}.other`, method: '*', path: at(endpoint), access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod });
  return [
    { name: 'bulk.add', query, method: 'PUT', path: at('bulkadd'), access: 'write', summary: "A&AI's transactional bulk add (put transactions)", doc: BULK_DOC('bulkadd-request', BULKADD_REQUEST), handle: bulkadd },
    other('bulkadd'),
    { name: 'bulk.process', query, method: 'PUT', path: at('bulkprocess'), access: 'write', summary: 'bulk put, patch and delete transactions', doc: BULK_DOC('bulkprocess-request'), handle: bulkprocess },
    other('bulkprocess'),
    {
      name: 'bulk.single-transaction',
      query,
      method: 'POST',
      path: at('bulk/single-transaction'),
      access: 'write',
      summary: 'every operation in one transaction, all or nothing',
      doc: {
        tags: ['bulk'],
        parameters: [OVERRIDE],
        body: { required: true, content: jsonContent(ref('single-transaction-request'), SINGLE_TRANSACTION_REQUEST) },
        responses: { '201': { description: 'Every operation applied', content: jsonContent(ref('single-transaction-response'), SINGLE_TRANSACTION_RESPONSE) } },
        description: 'When an operation fails, nothing is applied and the answer is that operation\'s status with A&AI\'s error body naming it',
        errors: [404, 412],
      },
      handle: singleTransaction,
    },
    other('bulk/single-transaction'),
    {
      name: 'bulk.get',
      query,
      method: 'POST',
      path: at('bulk/get'),
      access: 'read',
      summary: 'many GETs in one read transaction (batch get)',
      doc: {
        tags: ['bulk'],
        parameters: [OVERRIDE],
        body: { required: true, content: jsonContent(ref('batch-get-request'), BATCH_GET_REQUEST) },
        responses: { '200': { description: 'Each GET\'s answer, or its error with its http-status, in request order', content: jsonContent(ref('batch-get-response')) } },
      },
      handle: batchGet,
    },
    other('bulk/get'),
  ];
}
