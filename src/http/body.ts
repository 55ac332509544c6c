/**
 * JSON request bodies (koa-body): application/json and application/merge-patch+json, bounded by
 * the configured size limit (413), a missing Content-Type read as JSON, other types refused (415).
 * Parse errors become AAI_6111 in the error middleware.
 */
import type { Next } from 'koa';
import { HttpMethodEnum, koaBody } from 'koa-body';
import { AaiError } from '../errors.js';
import type { AppContext } from './context.js';

const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/json-patch+json', 'application/*+json'];

export function jsonBody(limitBytes: number) {
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
    const hasBody = ctx.request.length > 0 || ctx.get('Transfer-Encoding') !== '';
    if (hasBody && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) {
      if (ctx.get('Content-Type') === '') ctx.request.headers['content-type'] = 'application/json';
      else if (!ctx.is(JSON_TYPES)) {
        throw new AaiError('AAI_3102', `Content-Type ${ctx.get('Content-Type')} is not supported; send application/json`, { status: 415 });
      }
    }
    await parse(ctx, next);
  };
}

/** The parsed body, or undefined when none was sent. */
export function requestBody(ctx: AppContext): unknown {
  return (ctx.request as { body?: unknown }).body;
}
