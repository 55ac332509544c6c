/**
 * Renders every failure as an A&AI error body. Known errors keep their status; anything unexpected
 * is logged with its stack and answered with a generic AAI_4000 body — no stack, driver message or
 * Cypher ever reaches a client.
 */
import type { Next } from 'koa';
import { AaiError, renderError } from '../errors.js';
import type { Logger } from '../logger.js';
import { StoreUnavailableError } from '../domain/model.js';
import type { AppContext } from './context.js';

/** [method, path relative to /aai without a leading slash], e.g. ['PUT', 'v15/bulkadd']. */
export function consumerVars(ctx: AppContext): string[] {
  return [ctx.method, ctx.path.replace(/^\/aai\/?/, '')];
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
      ctx.status = err.status;
      ctx.type = 'application/json';
      ctx.body = renderError(err, err.vars ?? consumerVars(ctx));
    }
  };
}
