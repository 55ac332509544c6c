/**
 * A request body streamed to the domain instead of parsed whole (a job's input, a sync's desired
 * state): JSON or NDJSON by its Content-Type, refused before it is read when its declared size is
 * over the limit.
 */
import { AaiError } from '../errors.js';
import type { AppContext } from './context.js';

/** The media types of newline-delimited JSON, for input (Content-Type) and answers (Accept). */
export const NDJSON = /application\/(x-)?ndjson|application\/jsonl|application\/x-jsonlines/;

/** The input's format; AAI_3102 (415) for another media type, AAI_6147 (413) for a declared size over `maxBytes`. */
export function streamedInputFormat(ctx: AppContext, maxBytes: number, what: string): 'json' | 'ndjson' {
  const contentType = ctx.get('Content-Type');
  const ndjson = NDJSON.test(contentType);
  if (!ndjson && contentType !== '' && !ctx.is(['application/json', 'application/*+json'])) {
    throw new AaiError('AAI_3102', `Content-Type ${contentType} is not supported; send application/json or application/x-ndjson`, { variant: 'unsupportedMediaType' });
  }
  if (Number(ctx.get('Content-Length') || 0) > maxBytes) throw new AaiError('AAI_6147', `${what} is larger than the limit of ${maxBytes} bytes`, { variant: 'tooLarge' });
  return ndjson ? 'ndjson' : 'json';
}
