/**
 * The one error catalogue: A&AI's error.properties (generated into schema/v15/errors.json)
 * plus the rendering rules of A&AI's ErrorLogHelper (aai-compat.md §2.1).
 *
 * The domain throws `new AaiError('AAI_6114', 'No Node of type pnf found at: …')`; the HTTP layer and
 * the bulk executors render it with the request's method and path as template variables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './neo4j-server/project-root.js';
import type { ErrorCatalogueFile, ErrorDef } from './schema/types.js';

const catalogue = JSON.parse(readFileSync(join(projectRoot(), 'schema', 'v15', 'errors.json'), 'utf8')) as ErrorCatalogueFile;

export function errorDef(code: string): ErrorDef {
  const def = catalogue[code];
  if (!def) throw new Error(`unknown A&AI error code ${code}`);
  return def;
}

export interface AaiErrorOptions {
  /** Template variables added after [method, path] (e.g. AAI_6129's target type and target URI). */
  extraVars?: readonly string[];
  /** HTTP status when it differs from the catalogue's (e.g. 503 for an unreachable database). */
  status?: number;
}

/**
 * An A&AI error. `detail` is the exception message appended to the catalogue text
 * ("Node Not Found:<detail>").
 */
export class AaiError extends Error {
  readonly def: ErrorDef;
  readonly extraVars: readonly string[];
  readonly status: number;
  constructor(
    readonly code: string,
    readonly detail?: string,
    opts: AaiErrorOptions = {},
  ) {
    super(detail === undefined ? code : `${code}: ${detail}`);
    this.name = 'AaiError';
    this.def = errorDef(code);
    this.extraVars = opts.extraVars ?? [];
    this.status = opts.status ?? this.def.httpStatus;
  }
}

/** "<catalogue text>" or "<catalogue text>:<detail>", the msg variable of an error body. */
export function errorMessage(err: AaiError): string {
  return err.detail === undefined ? err.def.message : `${err.def.message}:${err.detail}`;
}

export interface ServiceException {
  messageId: string;
  text: string;
  variables: string[];
}

export type AaiErrorBody =
  | { requestError: { serviceException: ServiceException } }
  | { requestError: { policyException: ServiceException } };

function placeholderCount(text: string): number {
  return (text.match(/%/g) ?? []).length;
}

/** ErrorLogHelper.getErrorCodeString, e.g. ERR.5.4.6114 or 4.0.4009. */
export function errorCodeString(def: ErrorDef): string {
  const base = `${def.disposition}.${def.category}.${def.errorCode}`;
  return def.disposition === '5' ? `ERR.${base}` : base;
}

/**
 * Render an A&AI error body. `templateVars` are the caller's variables: [method, path] at the
 * consumer level, [method, uri, ...extraVars] for operations; pass [] for header errors.
 */
export function renderError(err: AaiError, templateVars: readonly string[]): AaiErrorBody {
  const own = err.def;
  const rest = errorDef(`AAI_${own.restErrorCode}`);
  const n = placeholderCount(rest.message);
  const vars = [...templateVars, ...err.extraVars];
  while (vars.length < n) vars.push('null');
  vars.splice(n, 0, errorMessage(err), errorCodeString(own));
  const prefix = own.category === '1' ? 'POL' : 'SVC';
  const exception: ServiceException = {
    messageId: `${prefix}${own.restErrorCode}`,
    text: `${rest.message} (msg=%${n + 1}) (ec=%${n + 2})`,
    variables: vars,
  };
  return prefix === 'POL'
    ? { requestError: { policyException: exception } }
    : { requestError: { serviceException: exception } };
}

/** The serviceException/policyException of a rendered body. */
export function exceptionOf(body: AaiErrorBody): ServiceException {
  return 'serviceException' in body.requestError
    ? body.requestError.serviceException
    : body.requestError.policyException;
}

export function isAaiError(e: unknown): e is AaiError {
  return e instanceof AaiError;
}
