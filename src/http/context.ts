import type { ParameterizedContext } from 'koa';
import type { AaiError } from '../errors.js';

/** Whether a route only reads the inventory (a batch get is a read) or may change it. */
export type Access = 'read' | 'write';

/** What the matched route tells later middleware about itself (src/http/routes.ts). */
export interface RouteInfo {
  name: string;
  access: Access;
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
}

export type AppContext = ParameterizedContext<AppState>;
