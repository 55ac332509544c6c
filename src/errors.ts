/**
 * The one error catalogue: A&AI's error.properties (generated into schema/v15/errors.json), the
 * service's overlay on it (src/error-overlay.ts), and the rendering rules of A&AI's ErrorLogHelper
 * (aai-compat.md §2.1). The README's error table lists every code raised; a unit test checks it.
 *
 * - Codes are typed: `AaiCode` is every catalogue code (schema/v15/error-codes.ts, generated with
 *   errors.json) plus the service's own (`SERVICE_CODES`); any other string fails `tsc`.
 * - Statuses are the catalogue's, or one of the code's named variants (`ERROR_VARIANTS`); there is
 *   no free-form status. A variant the code does not have, a code the service never answers with
 *   its catalogue status raised without a variant, or a `'cause'` variant without its cause, all
 *   fail `tsc`:
 *
 *     new AaiError('AAI_6114', 'No Node of type pnf found at: …')            // 404, the catalogue's
 *     new AaiError('AAI_6147', detail, { variant: 'tooLarge' })              // 413
 *     new AaiError('AAI_3000', detail, { variant: 'failedOperation', cause }) // cause.status
 *
 * The HTTP layer and the bulk executors render an error with the request's method and path as
 * template variables; `status` is the HTTP status to answer with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AaiCatalogueCode } from '../schema/v15/error-codes.js';
import { ERROR_VARIANTS, SERVICE_CODES, type CodeVariants, type ServiceCode, type ServiceCodeDef, type VariantStatus } from './error-overlay.js';
import { projectRoot } from './project-root.js';
import type { ErrorCatalogueFile, ErrorDef } from './schema/types.js';

/** A code the service can raise: A&AI's catalogue and the service's own. */
export type AaiCode = AaiCatalogueCode | ServiceCode;

/** The catalogue with the service's own codes added; a service code may not reuse a catalogue code. */
export function withServiceCodes(catalogue: ErrorCatalogueFile, own: Readonly<Record<string, ServiceCodeDef>>): ErrorCatalogueFile {
  const out: ErrorCatalogueFile = { ...catalogue };
  for (const [code, def] of Object.entries(own)) {
    if (Object.hasOwn(catalogue, code)) throw new Error(`service error code ${code} is already in A&AI's catalogue`);
    out[code] = { code, ...def };
  }
  return out;
}

const catalogue = withServiceCodes(
  JSON.parse(readFileSync(join(projectRoot(), 'schema', 'v15', 'errors.json'), 'utf8')) as ErrorCatalogueFile,
  SERVICE_CODES,
);

function lookup(code: string): ErrorDef {
  const def = Object.hasOwn(catalogue, code) ? catalogue[code] : undefined;
  if (!def) throw new Error(`unknown A&AI error code ${code}`);
  return def;
}

export function errorDef(code: AaiCode): ErrorDef {
  return lookup(code);
}

export function isAaiCode(code: string): code is AaiCode {
  return Object.hasOwn(catalogue, code);
}

// ---------------------------------------------------------------------------------------------
// Variants, at the type level (ERROR_VARIANTS is `as const`, so its names and statuses are types).

type Overlay = typeof ERROR_VARIANTS;
type Variants<C extends AaiCode> = [C] extends [keyof Overlay] ? Overlay[C]['variants'] : Record<never, never>;
/** The variant names of code C (those common to all its codes, when C is a union). */
export type VariantOf<C extends AaiCode> = keyof Variants<C> & string;
type CauseVariantOf<C extends AaiCode> = { [V in VariantOf<C>]: Variants<C>[V] extends 'cause' ? V : never }[VariantOf<C>];
/** Codes never answered with their catalogue status: every raise names a variant. */
type VariantOnlyCode = { [C in keyof Overlay]: Overlay[C] extends { catalogueStatus: false } ? C : never }[keyof Overlay];

interface CommonOptions {
  /** Template variables added after [method, path] (e.g. AAI_6129's target type and target URI). */
  extraVars?: readonly string[];
  /**
   * The template variables that replace the request's [method, path relative to /aai] when the error
   * answers a request (e.g. [] for a header error or an unsupported method, [method, path, version] for
   * a bad version, whose version A&AI gives as null when the segment is malformed).
   */
  vars?: readonly (string | null)[];
}

/** The options of a raise of code C: its catalogue status, or one of its variants. */
export type AaiErrorOptions<C extends AaiCode> = CommonOptions &
  (
    | ([Extract<C, VariantOnlyCode>] extends [never] ? { variant?: never; cause?: never } : never)
    | { variant: Exclude<VariantOf<C>, CauseVariantOf<C>>; cause?: never }
    | { variant: CauseVariantOf<C>; cause: StatusCause }
  );

/**
 * The options argument, required when a variant must be named. A code typed only as `AaiCode` (or a
 * typo, which tsc then reports as such) has nothing to check here; the constructor checks at run time.
 */
type OptionsArg<C extends AaiCode> = AaiCode extends C
  ? [opts?: AaiErrorOptions<C>]
  : [Extract<C, VariantOnlyCode>] extends [never]
    ? [opts?: AaiErrorOptions<C>]
    : [opts: AaiErrorOptions<C>];

/** What a `'cause'` variant takes its status from: the error that caused it (or its outcome). */
export interface StatusCause {
  readonly status: number;
}

/** The options once type-checked, as the constructor sees them. */
interface CheckedOptions extends CommonOptions {
  variant?: string;
  cause?: StatusCause;
}

const variantTable: Readonly<Partial<Record<string, CodeVariants>>> = ERROR_VARIANTS;

function statusOf(code: string, def: ErrorDef, opts: CheckedOptions): number {
  const overlay = variantTable[code];
  const variant = opts.variant;
  if (variant === undefined) {
    if (overlay?.catalogueStatus === false) throw new Error(`${code} is raised only as one of its variants (src/error-overlay.ts)`);
    return def.httpStatus;
  }
  const status = overlay && Object.hasOwn(overlay.variants, variant) ? overlay.variants[variant] : undefined;
  if (status === undefined) throw new Error(`${code} has no variant '${variant}' (src/error-overlay.ts)`);
  if (status !== 'cause') return status;
  if (opts.cause === undefined) throw new Error(`${code} '${variant}' takes its status from a cause, and has none`);
  return opts.cause.status;
}

/** Every status the service may answer `code` with: the catalogue's (unless variant-only), then its variants'. */
export function answeredStatuses(code: AaiCode): VariantStatus[] {
  const overlay = variantTable[code];
  const own = overlay?.catalogueStatus === false ? [] : [errorDef(code).httpStatus];
  return [...own, ...Object.values(overlay?.variants ?? {})];
}

/**
 * An A&AI error. `detail` is the exception message appended to the catalogue text
 * ("Node Not Found:<detail>"); `status` is the HTTP status to answer with.
 */
class AaiErrorImpl extends Error {
  readonly def: ErrorDef;
  readonly extraVars: readonly string[];
  /** The template variables it answers a request with, when not the request's own (CommonOptions.vars). */
  readonly vars: readonly (string | null)[] | undefined;
  /** The variant raised (src/error-overlay.ts), if any. */
  readonly variant: string | undefined;
  readonly status: number;
  readonly #opts: CheckedOptions;
  constructor(
    readonly code: AaiCode,
    readonly detail?: string,
    opts: CheckedOptions = {},
  ) {
    super(detail === undefined ? code : `${code}: ${detail}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AaiError';
    this.def = lookup(code);
    this.extraVars = opts.extraVars ?? [];
    this.vars = opts.vars;
    this.variant = opts.variant;
    this.status = statusOf(code, this.def, opts);
    this.#opts = opts;
  }

  /** The same error (code, variant, status, variables) with another detail. */
  withDetail(detail: string): AaiError {
    return new AaiErrorImpl(this.code, detail, this.#opts);
  }

  /** The same error answering with these template variables (unless it already names its own). */
  withVars(vars: readonly (string | null)[]): AaiError {
    return this.vars === undefined ? new AaiErrorImpl(this.code, this.detail, { ...this.#opts, vars }) : this;
  }
}

/** `AaiError`'s constructor as callers see it: typed by the code (the pattern of lib.d.ts's `ErrorConstructor`). */
export interface AaiErrorConstructor {
  new <C extends AaiCode>(code: C, detail?: string, ...opts: OptionsArg<C>): AaiError;
  readonly prototype: AaiError;
}

export const AaiError: AaiErrorConstructor = AaiErrorImpl;
export type AaiError = AaiErrorImpl;

/** What rendering an error needs: an AaiError, or an error kept as data (a bulk outcome, a stored job result). */
export interface ErrorData {
  readonly code: AaiCode;
  readonly detail?: string | undefined;
  readonly extraVars?: readonly string[];
}

/** "<catalogue text>" or "<catalogue text>:<detail>", the msg variable of an error body. */
export function errorMessage(err: ErrorData): string {
  const def = lookup(err.code);
  return err.detail === undefined ? def.message : `${def.message}:${err.detail}`;
}

export interface ServiceException {
  messageId: string;
  text: string;
  /** Strings; A&AI's Jackson writes a null template variable (a malformed version's) as JSON null. */
  variables: (string | null)[];
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

/** The body's messageId: POL (category 1, a policy exception) or SVC, then the REST error code. */
export function messageId(def: ErrorDef): string {
  return `${def.category === '1' ? 'POL' : 'SVC'}${def.restErrorCode}`;
}

/**
 * Render an A&AI error body. `templateVars` are the caller's variables: [method, path] at the
 * consumer level, [method, uri, ...extraVars] for operations; pass [] for header errors.
 */
export function renderError(err: ErrorData, templateVars: readonly (string | null)[]): AaiErrorBody {
  const own = lookup(err.code);
  const rest = lookup(`AAI_${own.restErrorCode}`);
  const n = placeholderCount(rest.message);
  const vars: (string | null)[] = [...templateVars, ...(err.extraVars ?? [])];
  while (vars.length < n) vars.push('null');
  vars.splice(n, 0, errorMessage(err), errorCodeString(own));
  const exception: ServiceException = {
    messageId: messageId(own),
    text: `${rest.message} (msg=%${n + 1}) (ec=%${n + 2})`,
    variables: vars,
  };
  return own.category === '1'
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
