/**
 * Answers that never change while the service runs (the API description, the docs' and the
 * console's files): a strong ETag from their bytes, and 304 when the client's If-None-Match holds it.
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

/** A file as answered: its bytes (and gzipped, when that is worth it), media type and strong ETag. */
export interface CachedFile {
  body: Buffer;
  gzipped?: Buffer | undefined;
  type: string;
  etag: string;
}

/**
 * Answers the file with its validators: gzipped when it has a gzipped form and the client takes it
 * (that representation with an ETag of its own), 304 when the client's If-None-Match holds the ETag.
 */
export function sendFile(ctx: AppContext, file: CachedFile, cacheControl: string): void {
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (file.gzipped !== undefined) ctx.vary('Accept-Encoding');
  const gzip = file.gzipped !== undefined && ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
  const etag = gzip ? `${file.etag.slice(0, -1)}-gz"` : file.etag;
  if (notModified(ctx, etag, cacheControl)) return;
  ctx.type = file.type;
  if (gzip && file.gzipped) {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = file.gzipped;
  } else {
    ctx.body = file.body;
  }
}
