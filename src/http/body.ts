/**
 * JSON request bodies (koa-body): application/json and application/merge-patch+json, bounded by
 * the configured size limit (413), a missing Content-Type read as JSON, other types refused (415).
 * Parse errors, bodies whose Content-Encoding does not decode, and JSON nested deeper than
 * MAX_JSON_DEPTH are AAI_6111.
 */
import type { Next } from 'koa';
import { HttpMethodEnum, koaBody } from 'koa-body';
import { nestedDeeperThan } from '../domain/json-checks.js';
import { AaiError } from '../errors.js';
import type { AppContext } from './context.js';
import { bodyErrorToAai } from './error-middleware.js';

const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/json-patch+json', 'application/*+json'];

/** zlib's and brotli's error codes (Z_DATA_ERROR, Z_BUF_ERROR, ERR__ERROR_FORMAT_PADDING_1, …). */
const DECOMPRESSION_ERROR = /^(Z_|ERR__|ERR_BROTLI)/;

/** AAI_6111 for a body that does not decompress as its Content-Encoding says (koa-body lets zlib's error through). */
function undecodable(ctx: AppContext, e: unknown): AaiError | undefined {
  const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
  if (typeof code !== 'string' || !DECOMPRESSION_ERROR.test(code)) return undefined;
  return new AaiError('AAI_6111', `the body does not decode as Content-Encoding ${ctx.get('Content-Encoding')}`);
}

export function jsonBody(limitBytes: number, skip: (ctx: AppContext) => boolean = () => false) {
  const parse = koaBody({
    json: true,
    jsonLimit: limitBytes,
    jsonStrict: false,
    jsonTypes: JSON_TYPES,
    text: false,
    urlencoded: false,
    multipart: false,
    parsedMethods: [HttpMethodEnum.POST, HttpMethodEnum.PUT, HttpMethodEnum.PATCH, HttpMethodEnum.DELETE],
  });
  return async function readJsonBody(ctx: AppContext, next: Next): Promise<void> {
    if (skip(ctx)) return next();
    const hasBody = ctx.request.length > 0 || ctx.get('Transfer-Encoding') !== '';
    if (hasBody && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) {
      if (ctx.get('Content-Type') === '') ctx.request.headers['content-type'] = 'application/json';
      else if (!ctx.is(JSON_TYPES)) {
        throw new AaiError('AAI_3102', `Content-Type ${ctx.get('Content-Type')} is not supported; send application/json`, { variant: 'unsupportedMediaType' });

      }
    }
    let parsed = false;
    try {
      await parse(ctx, async () => {
        parsed = true;
        await next();
      });
    } catch (e) {
      if (parsed) throw e; // from a later middleware
      const aai = bodyErrorToAai(e, limitBytes) ?? undecodable(ctx, e);
      if (!aai || aai.status !== 400) throw aai ?? e;
      // Unparseable JSON: kept for the handler, which answers it in its endpoint's own words.
      ctx.state.bodyError = aai;
      await next();
    }
  };
}

/**
 * The parsed body (undefined when none was sent); throws AAI_6111 when it did not parse, and when it
 * nests deeper than `maxDepth` (checked before anything validates, walks or serialises it).
 */
export function requestBody(ctx: AppContext, maxDepth: number): unknown {
  if (ctx.state.bodyError) throw ctx.state.bodyError;
  const body = (ctx.request as { body?: unknown }).body;
  if (nestedDeeperThan(body, maxDepth)) throw new AaiError('AAI_6111', `the JSON is nested deeper than ${maxDepth} levels`);
  return body;
}

/** The body was sent but did not parse (or decode) as JSON. */
export function bodyDidNotParse(ctx: AppContext): boolean {
  return ctx.state.bodyError !== undefined;
}

/** Whether the request carried no body at all. */
export function bodyIsEmpty(ctx: AppContext): boolean {
  return !ctx.state.bodyError && Number(ctx.get('Content-Length') || 0) === 0 && ctx.get('Transfer-Encoding') === '';
}
