/**
 * What a bulk operation came to, as data: its status and, when it failed, its error (code, message
 * detail and the variables of its A&AI body). The domain and the job store keep these; one renderer
 * at the HTTP edge (src/http/bulk-render.ts) turns them into A&AI's bodies.
 */
import type { AaiCode, AaiError } from '../../errors.js';
import type { BulkMethod } from './bulk-payload.js';

/** An error as data: enough to render its A&AI body. */
export interface OpError {
  code: AaiCode;
  /** The message detail ("<catalogue text>:<detail>"). */
  detail?: string;
  /** The body's template variables: [method, uri, …the error's own]. */
  vars: string[];
}

export interface OpOutcome {
  /** The operation's URI as the response shows it. */
  uri: string | null;
  status: number;
  error?: OpError;
}

/** One A&AI transaction of a bulk request or job: its method key and every operation's outcome. */
export interface TxResult {
  key: BulkMethod;
  /** Every operation succeeded (the transaction's changes are, or would be, committed). */
  ok: boolean;
  entries: OpOutcome[];
}

/** `err` as data, with the caller's template variables before its own. */
export function opError(err: AaiError, vars: readonly string[]): OpError {
  return { code: err.code, ...(err.detail === undefined ? {} : { detail: err.detail }), vars: [...vars, ...err.extraVars] };
}
