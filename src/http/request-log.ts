import type { Next } from 'koa';
import type { Logger } from '../logger.js';
import type { AppContext } from './context.js';

/** Told of every answered request: its route's name (none when no route matched), status and duration. */
export type RequestObserver = (route: string | undefined, status: number, seconds: number) => void;

/** One JSON log line per request: method, path, route, status, duration, X-TransactionId, X-FromAppId. */
export function requestLog(logger: Logger, observe?: RequestObserver) {
  return async function logRequest(ctx: AppContext, next: Next): Promise<void> {
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - start) / 1e6;
      observe?.(ctx.state.route?.name, ctx.status, durationMs / 1e3);
      logger.info(
        {
          method: ctx.method,
          path: ctx.path,
          route: ctx.state.route?.name,
          status: ctx.status,
          durationMs: Math.round(durationMs * 100) / 100,
          transactionId: ctx.get('X-TransactionId') || undefined,
          fromAppId: ctx.get('X-FromAppId') || undefined,
        },
        'request',
      );
    }
  };
}
