import type { ParameterizedContext } from 'koa';
import type { Principal } from '../domain/auth/policy.js';
import type { AaiError } from '../errors.js';

/** Whether a route only reads the inventory (a batch get is a read) or may change it. */
export type Access = 'read' | 'write';

/** What the matched route tells later middleware about itself (src/http/routes.ts). */
export interface RouteInfo {
  name: string;
  access: Access;
  /** Administrative (API tokens): admins only. */
  adminOnly?: boolean;
}

/** Per-request state set by the middleware. */
export interface AppState {
  /** Resolved source of truth (X-SourceOfTruth, X-ONAP-PartnerName or X-FromAppId). */
  fromAppId: string;
  /** Resolved transaction id (X-ONAP-RequestID, X-RequestID, X-TransactionID, X-ECOMP-RequestID). */
  transactionId: string;
  /** The request body did not parse as JSON (answered by the handler that reads it). */
  bodyError?: AaiError;
  /** The route the request matched (src/http/routes.ts). */
  route?: RouteInfo;
  /** Who is calling (src/http/auth.ts); unset only on the public liveness path. */
  principal?: Principal;
}

export type AppContext = ParameterizedContext<AppState>;

/** Every value of each query parameter, in order (what the domain's reads take: QueryValues). */
export function queryValues(ctx: AppContext): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(ctx.query)) if (v !== undefined) out[k] = Array.isArray(v) ? v : [v];
  return out;
}

/** The first value of each query parameter (of `names`, or of all). */
export function firstQueryValues(ctx: AppContext, names?: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names ?? Object.keys(ctx.query)) {
    const v = ctx.query[name];
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[name] = first;
  }
  return out;
}
