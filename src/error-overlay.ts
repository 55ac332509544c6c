/**
 * The service's own part of the error catalogue, the one hand-written overlay on A&AI's
 * (schema/v15/errors.json, generated from error.properties):
 *
 * - `ERROR_VARIANTS`: catalogue codes the service also answers with another HTTP status than the
 *   catalogue's, each such status a named variant. A raise names the variant
 *   (`new AaiError('AAI_6147', detail, { variant: 'tooLarge' })`), never a status; a variant the
 *   code does not have fails `tsc`. `catalogueStatus: false`: the service never answers the code
 *   with the catalogue's status, so every raise of it must name a variant (`tsc` again).
 *   A variant's status `'cause'` is the status of the error given as `cause` (required then).
 * - `SERVICE_CODES`: codes of the service's own that A&AI's catalogue does not have (aai-traversal's DSL codes), each
 *   with a whole catalogue entry; `restErrorCode` names the catalogue text its body uses.
 *
 * The README's error table lists every code the service raises with all its statuses; a unit test
 * (test/unit/error-table.test.ts) checks it against the catalogue and this file.
 */
import type { AaiCatalogueCode } from '../schema/v15/error-codes.js';
import type { ErrorDef } from './schema/types.js';

/** A code of the service's own: a catalogue entry without its key. */
export type ServiceCodeDef = Readonly<Omit<ErrorDef, 'code'>>;

/** Service-only codes (keys must not be catalogue codes: checked when the catalogue loads). */
export const SERVICE_CODES = {
  // aai-traversal's own codes for the DSL and stored queries (its error.properties; aai-common's catalogue has none of them).
  /** A stored query given parameters it does not take (QueryConsumer). */
  AAI_3022: { disposition: '5', category: '6', severity: 'WARN', errorCode: '3022', httpStatus: 400, restErrorCode: '3022', message: 'Query payload includes extra/unrecognized parameters %1' },
  /** A DSL query refused by a `validate` rule (loop, node count). */
  AAI_6151: { disposition: '5', category: '4', severity: 'INFO', errorCode: '6151', httpStatus: 400, restErrorCode: '6151', message: 'DSL Validation Error' },
  /** A DSL query that parses but cannot be run (no node marked for output). */
  AAI_6152: { disposition: '5', category: '4', severity: 'INFO', errorCode: '6152', httpStatus: 400, restErrorCode: '6152', message: 'DSL Generic Error' },
  /** A change feed cursor before the retained events (pruned): the consumer must resynchronise. */
  AAI_3040: { disposition: '5', category: '6', severity: 'WARN', errorCode: '3040', httpStatus: 410, restErrorCode: '3040', message: 'The change feed no longer holds the events after this cursor: %1' },
  /** A DSL query that does not parse. */
  AAI_6153: { disposition: '5', category: '4', severity: 'INFO', errorCode: '6153', httpStatus: 400, restErrorCode: '6153', message: 'DSL Syntax Error' },
} as const satisfies Readonly<Record<`AAI_${string}`, ServiceCodeDef>>;

export type ServiceCode = keyof typeof SERVICE_CODES;

/** An HTTP status, or `'cause'`: the status of the error the raise gives as its `cause`. */
export type VariantStatus = number | 'cause';

export interface CodeVariants {
  /** `false`: never answered with the catalogue's status; a raise must name a variant. */
  readonly catalogueStatus?: false;
  readonly variants: Readonly<Record<string, VariantStatus>>;
}

export const ERROR_VARIANTS = {
  AAI_3000: {
    variants: {
      /** DELETE …/jobs/{id} of a job that has already finished. */
      conflict: 409,
      /** bulk/single-transaction: an operation failed; A&AI answers with that operation's status. */
      failedOperation: 'cause',
    },
  },
  AAI_3102: {
    variants: {
      /**
       * A Content-Type the endpoint does not consume (A&AI's Jersey answers 415 before the endpoint
       * runs, without a body of A&AI's). The catalogue's 400 is A&AI's own use of the code: a
       * relationship DELETE without a body.
       */
      unsupportedMediaType: 415,
    },
  },
  AAI_4014: {
    variants: {
      /**
       * An Accept naming no type the endpoint produces, on a request that reaches its endpoint
       * (A&AI's Jersey answers 406, without a body of A&AI's). The catalogue's 400 is ErrorLogHelper's:
       * any error answered to such an Accept becomes AAI_4014, keeping the error's status.
       */
      notAcceptable: 406,
    },
  },
  AAI_5105: {
    catalogueStatus: false,
    variants: {
      /** Neo4j unreachable, its pool exhausted, or its version refused: worth retrying. */
      unavailable: 503,
    },
  },
  AAI_6134: {
    catalogueStatus: false,
    variants: {
      /** Retries exhausted on conflicts, or stopped by NEO4J_TX_TIMEOUT: worth retrying. */
      unavailable: 503,
    },
  },
  AAI_6147: {
    variants: {
      /** A request body or a job's input (or one of its transactions) over its size limit. */
      tooLarge: 413,
      /** A client's concurrent job uploads or stored job input over its quota. */
      clientQuota: 429,
    },
  },
  AAI_7406: {
    catalogueStatus: false,
    variants: {
      /** A request body or job upload arriving too slowly. */
      timeout: 408,
    },
  },
  AAI_9202: {
    catalogueStatus: false,
    variants: {
      /** More than MAX_REQUESTS_IN_FLIGHT requests at once. */
      busy: 503,
    },
  },
} as const satisfies { readonly [C in AaiCatalogueCode | ServiceCode]?: CodeVariants };
