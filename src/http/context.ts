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
