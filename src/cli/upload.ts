/**
 * Posting a streamed body with an upload progress bar (bytes). Ctrl-C during the upload aborts it:
 * the service discards a partial upload, so nothing was submitted.
 */
import type { Readable } from 'node:stream';
import { readText, type Client } from './client.js';
import { errorAnswerText } from './aai-error.js';
import { CliError, EXIT } from './exit.js';
import { onInterrupt } from './interrupt.js';
import { humanBytes, progress, type ProgressMode } from './progress.js';

export interface UploadOptions {
  path: string;
  query: Record<string, string | undefined>;
  contentType: string;
  body: Readable;
  size: number | undefined;
  progress: ProgressMode;
  /** Statuses to hand back to the caller rather than turn into an error (e.g. 412 for sync). */
  accept?: readonly number[];
}

export async function upload(client: Client, opts: UploadOptions): Promise<{ status: number; body: unknown }> {
  const ac = new AbortController();
  const bar = progress(
    opts.progress,
    opts.size === undefined ? 'uploading {done} | {speed}' : 'uploading |{bar}| {percentage}% | {done} of {size} | {speed}',
    (_v, _t, p) => `uploaded ${p['done']}${opts.size === undefined ? '' : ` of ${p['size']}`} (${p['speed']})`,
  );
  const started = Date.now();
  const show = (bytes: number): void => {
    const secs = (Date.now() - started) / 1000;
    bar.update(bytes, opts.size, { done: humanBytes(bytes), size: humanBytes(opts.size ?? 0), speed: secs > 0 ? `${humanBytes(Math.round(bytes / secs))}/s` : '-' });
  };
  const unregister = onInterrupt(() => {
    bar.stop();
    ac.abort();
    process.stderr.write('\nupload interrupted: nothing was submitted\n');
  });
  try {
    if (opts.progress === 'bar') show(0);
    const a = await client.send('POST', opts.path, {
      query: opts.query,
      headers: { 'Content-Type': opts.contentType, ...(opts.size === undefined ? {} : { 'Content-Length': String(opts.size) }) },
      body: opts.body,
      onUploaded: show,
      signal: ac.signal,
    });
    const text = await readText(a.stream);
    if (!((a.status >= 200 && a.status < 300) || opts.accept?.includes(a.status))) throw new CliError(errorAnswerText(a.status, text), EXIT.service);
    try {
      return { status: a.status, body: text === '' ? null : JSON.parse(text) };
    } catch {
      throw new CliError(`the service answered ${a.status} with a body that is not JSON: ${text.slice(0, 200)}`, EXIT.service);
    }
  } finally {
    bar.stop();
    unregister();
  }
}
