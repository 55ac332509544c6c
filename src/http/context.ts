import type { ParameterizedContext } from 'koa';
import type { AaiError } from '../errors.js';

/** Per-request state set by the middleware. */
export interface AppState {
  /** Resolved source of truth (X-SourceOfTruth, X-ONAP-PartnerName or X-FromAppId). */
  fromAppId: string;
  /** Resolved transaction id (X-ONAP-RequestID, X-RequestID, X-TransactionID, X-ECOMP-RequestID). */
  transactionId: string;
  /**
   * Template variables for errors rendered by the error middleware; default
   * [method, path relative to /aai] as A&AI's consumerExceptionResponseGenerator does.
   */
  errorVars?: string[];
  /** The request body did not parse as JSON (answered by the handler that reads it). */
  bodyError?: AaiError;
}

export type AppContext = ParameterizedContext<AppState>;
