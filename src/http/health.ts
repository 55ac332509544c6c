/**
 * Probes for orchestrators (README "Health"), public (no credentials):
 * - GET /aai/util/live: liveness, 200 whenever the process serves HTTP; no database call.
 * - GET /aai/util/ready: readiness, 200 when Neo4j answers (the service listens only once its
 *   start-up migrations are done), else 503 with A&AI's AAI_5105 body; bounded by READY_TIMEOUT_MS
 *   whatever Neo4j does (while Neo4j is unreachable the store fails fast: store/connectivity.ts).
 */
import { StoreUnavailableError } from '../domain/model.js';
import type { AppContext } from './context.js';
import { unsupportedMethod, type Route } from './routes.js';
import { jsonContent, ref } from './api-schemas.js';

/** The longest a readiness answer takes. */
export const READY_TIMEOUT_MS = 1_000;


export interface Pingable {
  /** Resolves when the database answers; throws StoreUnavailableError otherwise. */
  ping(): Promise<void>;
}

/** `ping()`, or StoreUnavailableError after `ms`. */
export function boundedPing(health: Pingable, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ping = health.ping();
  ping.catch(() => undefined); // a late failure after the timeout is no unhandled rejection
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`Neo4j did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([ping, late]).finally(() => clearTimeout(timer));
}

export function healthRoutes(health: Pingable, timeoutMs = READY_TIMEOUT_MS): Route[] {
  const live = (ctx: AppContext): Promise<void> => {
    ctx.status = 200;
    ctx.body = { status: 'live' };
    return Promise.resolve();
  };
  const ready = async (ctx: AppContext): Promise<void> => {
    await boundedPing(health, timeoutMs);
    ctx.status = 200;
    ctx.body = { status: 'ready' };
  };
  return [
    { name: 'util.live', method: 'GET', path: '/aai/util/live', access: 'read', summary: 'liveness: 200 while the process serves HTTP (no database call)', doc: { tags: ['health'], responses: { '200': { description: 'live', content: jsonContent(ref('probe'), { status: 'live' }) } } }, handle: live },
    { name: 'util.live.other', method: '*', path: '/aai/util/live', access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
    { name: 'util.ready', method: 'GET', path: '/aai/util/ready', access: 'read', summary: 'readiness: 200 while Neo4j answers, else 503 AAI_5105, within 1 s', doc: { tags: ['health'], responses: { '200': { description: 'ready', content: jsonContent(ref('probe'), { status: 'ready' }) } } }, handle: ready },
    { name: 'util.ready.other', method: '*', path: '/aai/util/ready', access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
  ];
}
