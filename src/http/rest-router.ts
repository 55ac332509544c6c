/**
 * The A&AI REST API for every node type under /aai/v15 (and /aai/latest):
 * GET (depth, nodes-only, collections with filters and paging), PUT, PATCH (merge-patch), DELETE,
 * and PUT/DELETE on …/relationship-list/relationship. Error bodies use A&AI's template variables
 * [method, path relative to the version].
 */
import type { Config } from '../config.js';
import { prepareOperation, writeTarget, type OpMethod, type PreparedOp, type WriteVerb } from '../domain/operations.js';
import { planRead, runRead, type ReadPlan } from '../domain/read.js';
import { RELATED_TO } from '../uri/read-path.js';
import { executeTransaction } from '../domain/transaction.js';
import type { GraphStorePort } from '../domain/ports.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { tryDecode } from '../uri/aai-uri.js';
import { checkContentType, CONSUMES, isEmptyBody, requestBody, sentNoBody } from './body.js';
import { permitted, type AuthSetup } from './auth.js';
import { queryValues, type Access, type AppContext } from './context.js';
import { consumerVars } from './error-middleware.js';
import { methodNotAllowed, type Method, type Route } from './routes.js';
import { checkUriEncoding } from './uri-encoding.js';

export interface RestDeps {
  schema: Schema;
  store: GraphStorePort;
  config: Config;
  auth: AuthSetup;
}

/** The path after /aai/{version} (the route checked the version). */
const AFTER_VERSION = /^\/aai\/[^/]+(\/.*)?$/;

function safeDecode(path: string): string {
  return tryDecode(path) ?? path;
}

/** Run `work`; an A&AI error it raises answers with `vars` ([method, uri] as A&AI's REST API names them) unless it names its own. */
async function withVars<T>(vars: readonly string[], work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw e instanceof AaiError ? e.withVars(vars) : e;
  }
}

/** A relationship endpoint's path (A&AI's `{uri: .+}/relationship-list/relationship`). */
const RELATIONSHIP_PATH = /\/relationship-list\/relationship$/;

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

/** The GET checks A&AI makes in its database work (HttpEntry: setDepth, Format.getFormat), whose errors name the path after the version. */
const IN_DATABASE_WORK: ReadonlySet<string> = new Set(['AAI_4016', 'AAI_4017', 'AAI_6120']);

/** The REST API's routes: every node type's URIs under /aai/{version}. */
export function restRoutes(deps: RestDeps): Route[] {
  const { schema, store, config } = deps;

  async function get(ctx: AppContext, path: string, errorUri: string): Promise<void> {
    // A&AI's order (ResourcesService.getLegacy): the URI's encoding, the path and its filters (errors
    // name ['GET', 'v15/…']); then in the database work (HttpEntry) depth and format, and what the
    // read finds (errors name ['GET', the path after the version]).
    // GET …/relationship-list/relationship matches no GET endpoint (ResourcesController answers 405: AAI_3012).
    if (RELATIONSHIP_PATH.test(path)) throw methodNotAllowed();
    let plan: ReadPlan;
    try {
      checkUriEncoding(ctx);
      plan = planRead(schema, path, queryValues(ctx), errorUri);
    } catch (e) {
      throw e instanceof AaiError ? e.withVars(IN_DATABASE_WORK.has(e.code) ? ['GET', errorUri] : consumerVars(ctx, 'GET')) : e;
    }
    const answer = await withVars(['GET', errorUri], () => store.read((reader) => runRead(schema, reader, plan, config.budget.readObjects)));
    if (answer.total !== undefined) ctx.set('total-results', String(answer.total));
    if (answer.pages !== undefined) ctx.set('total-pages', String(answer.pages));
    ctx.body = answer.body;
  }

  async function write(ctx: AppContext, method: string, path: string, errorUri: string): Promise<void> {
    // A&AI's order (ResourcesController, ResourcesService): Jersey matches the method, then the
    // Content-Type; the endpoint checks the URI's encoding, a relationship DELETE's empty body, the
    // URI, the body; then the database work (HttpEntry.process).
    const verb = method === 'PUT' || method === 'DELETE' || method === 'PATCH' ? method : undefined;
    const relationship = RELATIONSHIP_PATH.test(path);
    if (verb === undefined || (verb === 'PATCH' && relationship)) throw methodNotAllowed();
    if (verb === 'PATCH') checkContentType(ctx, CONSUMES.mergePatch);
    else if (verb === 'PUT' || relationship) checkContentType(ctx, CONSUMES.json);
    // Errors before the database work name the endpoint's method and the request's path relative
    // to /aai (consumerExceptionResponseGenerator): ['PUT' | 'MERGE_PATCH' | 'DELETE', 'v15/network/…'].
    const consumer = consumerVars(ctx, verb === 'PATCH' ? 'MERGE_PATCH' : verb);
    const prepared = await withVars(consumer, () => {
      checkUriEncoding(ctx);
      // ResourcesService.validateURI: no write through a related-to path.
      if (path.includes(`/${RELATED_TO}/`)) throw new AaiError('AAI_3010');
      if (verb === 'DELETE' && relationship && sentNoBody(ctx)) throw new AaiError('AAI_3102', 'You must supply a relationship');
      const target = writeTarget(schema, path);
      // A node DELETE ignores its body; a PUT or PATCH without one is `{}` (ResourcesService.handleWrites).
      const sent = verb === 'DELETE' && !relationship ? undefined : requestBody(ctx, config.input.maxJsonDepth);
      const body = verb !== 'DELETE' && isEmptyBody(sent) ? {} : sent;
      // The database work names the operation's URI as the endpoint's path parameter: for a
      // relationship, the node's (HttpEntry: request.getUri().getPath()).
      const dbUri = relationship ? errorUri.replace(RELATIONSHIP_PATH, '') : errorUri;
      const rv = ctx.query['resource-version'];
      const write = { body, resourceVersion: Array.isArray(rv) ? rv[0] : rv, errorUri: dbUri };
      return { op: prepareOperation(schema, verb, target, write, methodNotAllowed), dbUri };
    });
    // From here on, errors name A&AI's HttpMethod of the operation (PUT_EDGE, MERGE_PATCH…).
    const vars = [OP_METHOD[verb][relationship ? 1 : 0], prepared.dbUri];
    return withVars(vars, () => writeOperation(ctx, prepared.op));
  }

  async function writeOperation(ctx: AppContext, op: PreparedOp): Promise<void> {
    const outcome = await executeTransaction(store, schema, [op], {
      sourceOfTruth: ctx.state.fromAppId,
      transactionId: ctx.state.transactionId,
      impliedDeleteWhitelist: config.impliedDeleteWhitelist,
      allowBypass: permitted(ctx, deps.auth, 'bypass-resource-version'),
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
    if (method === 'GET' || method === 'HEAD') return get(ctx, path, errorUri);
    if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') return write(ctx, method, path, errorUri);
    throw methodNotAllowed();
  }

  // One handler for every method on a node or collection URI: it reads the method (and
  // X-HTTP-Method-Override) itself; the table says which methods read and which write.
  const path = '/aai/:version{/*path}';
  const route = (method: Method, access: Access, summary: string): Route => ({
    name: `rest.${method === '*' ? 'other' : method.toLowerCase()}`,
    method,
    path,
    access,
    summary,
    // Described as a path per node type (src/http/openapi/node-paths.ts).
    ...(method === '*' ? {} : { doc: 'rest' as const }),
    handle: rest,
  });
  return [
    route('GET', 'read', 'read a node, a container at any depth, the nodes API, related-to or a relationship-list (depth, nodes-only, filters, paging, format)'),
    route('PUT', 'write', 'create or replace a node, or put one relationship (…/relationship-list/relationship)'),
    route('PATCH', 'write', 'merge-patch a node (application/merge-patch+json)'),
    route('DELETE', 'write', 'delete a node and its subtree (resource-version), or one relationship'),
    route('POST', 'write', 'PATCH by X-HTTP-Method-Override: PATCH (any other POST: AAI_3012)'),
    route('*', 'read', 'any other method: AAI_3012'),
  ];
}
