/**
 * Request-level bounds: requests in flight, how long a body may take to arrive, and the close of a
 * connection answered before its body arrived. Connection-level bounds are in connection-limits.ts.
 */
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream';
import type { Next } from 'koa';
import { AaiError } from '../errors.js';
import type { AppContext } from './context.js';

/** Seconds a client is asked to wait after a 503 for too many requests in flight. */
const BUSY_RETRY_AFTER_S = 1;

function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** A request whose body has not fully arrived (it may still be arriving, or never will). */
function bodyUnfinished(req: IncomingMessage): boolean {
  return hasBody(req) && !req.complete;
}

function timedOut(detail: string): AaiError {
  return new AaiError('AAI_7406', detail, { variant: 'timeout' });
}

/**
 * Outermost: an answer given before the request's body has fully arrived (a 413, a 408, a refusal)
 * closes the connection, which the server does with a lingering close (connection-limits.ts): the
 * rest of the body is never parsed as a next request, and the client can read the answer.
 */
export async function closeUnfinishedRequests(ctx: AppContext, next: Next): Promise<void> {
  try {
    await next();
  } finally {
    if (bodyUnfinished(ctx.req) && !ctx.headerSent) ctx.set('Connection', 'close');
  }
}

/** At most `max` requests are handled at once; beyond that 503 AAI_9202 with Retry-After. */
export function inFlightLimit(max: number) {
  let inFlight = 0;
  return async function limitInFlight(ctx: AppContext, next: Next): Promise<void> {
    if (inFlight >= max) {
      ctx.set('Retry-After', String(BUSY_RETRY_AFTER_S));
      throw new AaiError('AAI_9202', `the service is handling its limit of ${max} requests; retry after ${BUSY_RETRY_AFTER_S} s`, { variant: 'busy' });

    }
    inFlight++;
    // Until the response is sent (a streamed one outlives the middleware) or the connection is gone.
    ctx.res.once('close', () => inFlight--);
    await next();
  };
}

/**
 * A request's body must have arrived within `timeoutMs` of its headers (408 AAI_7406). The body's
 * reader (koa-body) is failed with the 408 as a stream error, so the answer can still be written and
 * the rest drained by the lingering close; a request whose body nobody reads answers by itself, or,
 * if its handler is still busy with something else, loses its connection. `skip`: routes that bound
 * their bodies themselves (job uploads).
 */
export function bodyDeadline(timeoutMs: number, skip: (ctx: AppContext) => boolean) {
  return async function bodyWithinDeadline(ctx: AppContext, next: Next): Promise<void> {
    const req = ctx.req;
    if (!bodyUnfinished(req) || skip(ctx)) return next();
    const timer = setTimeout(() => {
      if (req.complete) return;
      if (req.listenerCount('error') > 0) req.emit('error', timedOut(`the request body did not arrive within ${timeoutMs} ms`));
      else req.socket.destroy();
    }, timeoutMs);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * A request body streamed to a consumer that stores it as it comes (job uploads): the client must
 * deliver at least `minBytes` in every `windowMs` spent waiting for it, else AAI_7406 (408). Time the
 * consumer spends on what already arrived does not count against the client. Stopping early (a
 * refusal, an error) leaves the request stream alive and paused, for the lingering close: it is
 * never destroyed here, since destroying it would reset the connection before the answer is read.
 */
export async function* rateBoundedBody(req: IncomingMessage, minBytes: number, windowMs: number): AsyncGenerator<Buffer> {
  let wake: (() => void) | undefined;
  let ended = false;
  let failure: Error | undefined;
  const onReadable = (): void => wake?.();
  req.on('readable', onReadable);
  const stopWatching = finished(req, { writable: false }, (err) => {
    if (err) failure = err;
    else ended = true;
    wake?.();
  });
  let windowBytes = 0;
  let waitedMs = 0;
  try {
    for (;;) {
      const chunk = req.read() as Buffer | null;
      if (chunk !== null) {
        windowBytes += chunk.length;
        if (windowBytes >= minBytes) {
          windowBytes = 0;
          waitedMs = 0;
        }
        yield chunk;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      const started = Date.now();
      const late = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), windowMs - waitedMs);
        wake = () => {
          clearTimeout(timer);
          resolve(false);
        };
      });
      wake = undefined;
      waitedMs += Date.now() - started;
      if (late) throw timedOut(`fewer than ${minBytes} bytes of the job input arrived in ${windowMs} ms`);
    }
  } finally {
    req.off('readable', onReadable);
    stopWatching();
  }
}
