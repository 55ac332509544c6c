/**
 * Renders every failure as an A&AI error body. Known errors keep their status; anything unexpected
 * is logged with its stack and answered with a generic AAI_4000 body — no stack, driver message or
 * Cypher ever reaches a client. An error answered to an Accept that names no JSON- or
 * XML-compatible type is A&AI's AAI_4014 instead, with the error's status and template variables
 * (ErrorLogHelper.getRESTAPIErrorResponse; src/http/accept.ts) — except AAI_3012, which A&AI renders
 * in its response filter for the response's own media type, whatever the Accept.
 */
import type { Next } from 'koa';
import { AaiError, renderError } from '../errors.js';
import type { Logger } from '../logger.js';
import { StoreUnavailableError } from '../domain/model.js';
import { tryDecode } from '../uri/aai-uri.js';
import { acceptsAaiAnswer } from './accept.js';
import type { AppContext } from './context.js';

/** The version `latest` stands for (A&AI's VersionLatestInterceptor rewrites the request URI before anything else). */
export const LATEST_VERSION = 'v15';

/**
 * A&AI's UriInfo.getPath() of the request: the path relative to /aai, without a leading slash,
 * percent-decoded, with `latest` rewritten to the version it stands for, e.g. 'v15/network/pnfs/pnf/p1'.
 */
export function requestPath(ctx: AppContext): string {
  const rel = ctx.path.replace(/^\/aai\/?/, '').replace(/^latest(?=\/|$)/, LATEST_VERSION);
  return tryDecode(rel) ?? rel;
}

/**
 * The template variables of an error raised outside the database work of a request
 * (RESTAPI.consumerExceptionResponseGenerator): [method, path relative to /aai], e.g. ['PUT', 'v15/bulkadd'].
 */
export function consumerVars(ctx: AppContext, method: string = ctx.method): string[] {
  return [method, requestPath(ctx)];
}

interface HttpLikeError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
}

/** Errors thrown by koa-body / co-body / raw-body for the request body. */
export function bodyErrorToAai(e: unknown, limitBytes: number): AaiError | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const err = e as HttpLikeError;
  const status = typeof err.status === 'number' ? err.status : typeof err.statusCode === 'number' ? err.statusCode : undefined;
  if (status === 413 || err.type === 'entity.too.large') {
    return new AaiError('AAI_6147', `Request body is larger than the limit of ${limitBytes} bytes`, { variant: 'tooLarge' });
  }
  if (status === 415) return new AaiError('AAI_3102', 'Unsupported Content-Type', { variant: 'unsupportedMediaType' });
  if (status === 400 || err.type === 'entity.parse.failed' || e instanceof SyntaxError) return new AaiError('AAI_6111');
  return undefined;
}

export function errorMiddleware(logger: Logger, bodyLimitBytes: number) {
  return async function handleErrors(ctx: AppContext, next: Next): Promise<void> {
    try {
      await next();
    } catch (e) {
      let err: AaiError;
      if (e instanceof AaiError) err = e;
      else if (e instanceof StoreUnavailableError) {
        logger.warn({ err: e.message }, 'database unavailable');
        err = new AaiError('AAI_5105', 'Graph database is unavailable', { variant: 'unavailable' });

      } else {
        const fromBody = bodyErrorToAai(e, bodyLimitBytes);
        if (fromBody) err = fromBody;
        else {
          logger.error({ err: e }, 'unexpected error');
          err = new AaiError('AAI_4000');
        }
      }
      const vars = err.vars ?? consumerVars(ctx);
      ctx.status = err.status;
      ctx.type = 'application/json';
      ctx.body =
        err.code === 'AAI_3012' || acceptsAaiAnswer(ctx.get('Accept'))
          ? renderError(err, vars)
          : renderError({ code: 'AAI_4014' }, [...vars, ...err.extraVars]);
    }
  };
}
