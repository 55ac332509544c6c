/**
 * Answers that never change while the service runs (the API description, the docs' files): a
 * strong ETag from their bytes, and 304 when the client's If-None-Match holds it.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from './context.js';

/** A strong ETag of the bytes (a SHA-256 prefix). */
export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Sets the validators and the status: true when the client's copy is current (304, no body to send). */
export function notModified(ctx: AppContext, etag: string, cacheControl: string): boolean {
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', cacheControl);
  ctx.status = 200;
  if (!ctx.fresh) return false;
  ctx.status = 304;
  return true;
}
