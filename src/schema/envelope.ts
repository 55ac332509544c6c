/**
 * Request envelopes (the bulk, single-transaction and batch-get bodies around the operations) as
 * JSON Schemas, compiled by the schema's one Ajv instance and answered with A&AI's own errors.
 *
 * Each subschema names the A&AI error of each of its keywords in an `x-aai-error` annotation
 * (`"*"` for any keyword of it, or of a subschema below it that names none). Ajv stops at the first
 * failing keyword (allErrors is off), and it checks `type` first, then `required`, then the
 * properties, then an array's size, then its items — A&AI's order of checks for these bodies — so
 * the first failure is the error A&AI answers.
 */
import type { ErrorObject } from 'ajv';
import { AaiError, type AaiCode } from '../errors.js';

export const ERROR_ANNOTATION = 'x-aai-error';

export interface EnvelopeError {
  code: AaiCode;
  text: string;
}

/** A JSON Schema whose subschemas may carry `x-aai-error`: keyword (or "*") → the error. */
export type EnvelopeSchema = { [ERROR_ANNOTATION]?: Readonly<Record<string, EnvelopeError>> } & Readonly<Record<string, unknown>>;

function child(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) return node[Number(segment)];
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
}

function annotation(node: unknown): Readonly<Record<string, EnvelopeError>> | undefined {
  const a = child(node, ERROR_ANNOTATION);
  return typeof a === 'object' && a !== null ? (a as Record<string, EnvelopeError>) : undefined;
}

/**
 * The A&AI error for Ajv's first error: the failing keyword's entry in its subschema's annotation,
 * else the nearest `"*"` on the way up to the root.
 */
export function envelopeError(envelope: EnvelopeSchema, error: ErrorObject | undefined): AaiError {
  const segments = (error?.schemaPath ?? '#').replace(/^#\/?/, '').split('/').filter((s) => s !== '').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const keyword = segments.pop() ?? '';
  const nodes: unknown[] = [envelope];
  for (const s of segments) nodes.push(child(nodes[nodes.length - 1], s));
  const own = annotation(nodes[nodes.length - 1])?.[keyword];
  const found = own ?? nodes.reverse().map((n) => annotation(n)?.['*']).find((e) => e !== undefined);
  if (found === undefined) throw new Error(`envelope schema has no x-aai-error for ${error?.schemaPath ?? '(no error)'}`);
  return new AaiError(found.code, found.text);
}
