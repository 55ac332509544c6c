/**
 * createApp(deps) builds the Koa application and never listens (src/server.ts does).
 * Middleware order: close of unfinished requests → request log → error rendering → requests in
 * flight → authentication → A&AI header checks → body deadline → JSON body → the route table (routeTable, mounted
 * on one @koa/router) → A&AI's 404 for anything else.
 */
import Koa from 'koa';
import type { Config } from './config.js';
import { AaiError } from './errors.js';
import { jsonBody } from './http/body.js';
import { authenticate, authorizer, permitted, type AuthSetup } from './http/auth.js';
import { bulkRoutes } from './http/bulk-router.js';
import { tokenRoutes } from './http/token-router.js';
import type { TokenStorePort } from './domain/auth/authenticator.js';
import type { AppState } from './http/context.js';
import { errorMiddleware } from './http/error-middleware.js';
import { checkHeaders } from './http/headers-middleware.js';
import { isJobSubmission, jobRoutes, ownerOf } from './http/jobs-router.js';
import { isSyncSubmission, syncRoutes } from './http/sync-router.js';
import { bodyDeadline, closeUnfinishedRequests, inFlightLimit } from './http/request-bounds.js';
import type { JobStorePort } from './domain/ports.js';
import { requestLog } from './http/request-log.js';
import { asScrape, isScrape, Metrics, metricsRoutes } from './http/metrics.js';
import { skipsAaiHeaders } from './http/open-paths.js';
import { docsRoutes } from './http/docs-viewer.js';
import { uiRoutes } from './http/ui-router.js';
import { openapiRoutes } from './http/openapi-router.js';
import { restRoutes } from './http/rest-router.js';
import { searchRoutes } from './http/search-router.js';
import { eventRoutes, type EventsDeps } from './http/events-router.js';
import { traversalRoutes } from './http/traversal-router.js';
import { mountRoutes, type Route } from './http/routes.js';
import { utilRoutes } from './http/util-router.js';
import type { Logger } from './logger.js';
import type { Schema } from './schema/schema.js';
import type { GraphStore } from './store/graph-store.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  schema: Schema;
  store: GraphStore;
  jobs: JobStorePort;
  /** Who may call what (src/http/auth.ts; built by src/auth-setup.ts). */
  auth: AuthSetup;
  tokens: TokenStorePort;
  /** The change events' outbox and this instance's sequencer (absent: EVENTS_ENABLED=false). */
  events?: EventsDeps['events'];
  /** Wakes this instance's job worker after a submission. */
  notifyJobs?: () => void;
  /**
   * The service's metrics (one prom-client registry, also given to the store and the job worker by
   * src/server.ts); createApp makes its own when absent.
   */
  metrics?: Metrics;
}

/** Every route the service answers, in matching order (src/http/routes.ts). */
export function routeTable(deps: AppDeps): Route[] {
  const table: Route[] = [
    ...utilRoutes(deps.store),
    ...metricsRoutes(deps.metrics ?? new Metrics()),
    ...tokenRoutes(deps.tokens, deps.auth.authenticator, deps.config.input.maxJsonDepth),
    ...jobRoutes({ jobs: deps.jobs, config: deps.config, seesAllJobs: (ctx) => permitted(ctx, deps.auth, 'all-jobs'), ...(deps.notifyJobs ? { notify: deps.notifyJobs } : {}) }),
    // The API description of the whole table, itself included (built on its first request).
    ...openapiRoutes(() => table, deps.schema),
    ...docsRoutes(),
    // The web console's files (dist/ui): it reads everything else through the routes of this table.
    ...uiRoutes(deps.config.ui.dir),
    ...syncRoutes({ store: deps.store, schema: deps.schema, jobs: deps.jobs, config: deps.config, ownerOf, ...(deps.notifyJobs ? { notify: deps.notifyJobs } : {}) }),
    ...eventRoutes({ schema: deps.schema, config: deps.config, events: deps.events }),
    ...searchRoutes(deps),
    ...traversalRoutes(deps),
    ...bulkRoutes(deps),
    ...restRoutes(deps),
  ];
  return table;
}

export function createApp(deps: AppDeps): Koa<AppState> {
  const metrics = deps.metrics ?? new Metrics();
  if (deps.jobs.queueDepth) metrics.setQueueDepth(deps.jobs.queueDepth.bind(deps.jobs));
  deps = { ...deps, metrics };
  const app = new Koa<AppState>();
  app.proxy = false;
  app.silent = true; // errors are rendered and logged by errorMiddleware
  app.use(closeUnfinishedRequests);
  app.use(requestLog(deps.logger, (route, status, seconds) => metrics.request(route, status, seconds)));
  app.use(errorMiddleware(deps.logger, deps.config.bulk.bodyLimitBytes));
  app.use(inFlightLimit(deps.config.limits.maxRequestsInFlight));
  app.use(authenticate(deps.auth, deps.logger));
  // A&AI's header checks, for every request but a metrics scrape, the health probes, the API description and its docs (src/http/metrics.ts, open-paths.ts).
  const aaiHeaders = checkHeaders(deps.config.input.maxHeaderLength);
  app.use((ctx, next) => (isScrape(ctx) || skipsAaiHeaders(ctx.path) ? asScrape(ctx, next) : aaiHeaders(ctx, next)));
  // Job and sync uploads are bounded by their transfer rate instead (jobs-router.ts, sync-router.ts).
  const streamed = (ctx: Parameters<typeof isJobSubmission>[0]): boolean => isJobSubmission(ctx) || isSyncSubmission(ctx);
  app.use(bodyDeadline(deps.config.limits.bodyTimeoutMs, streamed));
  app.use(jsonBody(deps.config.bulk.bodyLimitBytes, streamed));
  const routes = mountRoutes(routeTable(deps), deps.schema, authorizer(deps.auth));
  app.use(routes.routes());
  app.use((ctx) => {
    // Nothing matched: A&AI answers unknown resources with a 404 body of its own.
    throw new AaiError('AAI_3001', `Resource not found: ${ctx.path}`);
  });
  return app;
}
