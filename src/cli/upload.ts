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
  /**
   * The body again from its first byte, when it can be read again (a file, not stdin): then a 429
   * (the submitter already runs its limit of uploads, or its stored input is full) is retried after
   * the service's Retry-After, up to BUSY_RETRIES times.
   */
  reopen?: (() => Readable) | undefined;
}

const BUSY_RETRIES = 10;
/** The longest Retry-After the CLI waits for on its own (a quota freed only when a job expires can take days). */
const BUSY_MAX_WAIT_S = 60;

/** Retry-After in seconds, when it is a number of seconds within BUSY_MAX_WAIT_S. */
function retryAfter(header: string | string[] | undefined): number | undefined {
  const v = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(v) && v >= 0 && v <= BUSY_MAX_WAIT_S ? v : undefined;
}

export async function upload(client: Client, opts: UploadOptions): Promise<{ status: number; body: unknown }> {
  for (let attempt = 0; ; attempt++) {
    const answer = await uploadOnce(client, attempt === 0 ? opts : { ...opts, body: opts.reopen?.() ?? opts.body });
    const wait = answer.status === 429 && opts.reopen && attempt < BUSY_RETRIES ? retryAfter(answer.retryAfter) : undefined;
    if (wait === undefined) return finish(answer, opts.accept);
    process.stderr.write(`the service is busy (429): ${answer.text === '' ? '' : `${errorAnswerText(429, answer.text)}; `}retrying in ${wait}s\n`);
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
}

function finish(a: { status: number; text: string }, accept: readonly number[] | undefined): { status: number; body: unknown } {
  if (!((a.status >= 200 && a.status < 300) || accept?.includes(a.status))) throw new CliError(errorAnswerText(a.status, a.text), EXIT.service);
  try {
    return { status: a.status, body: a.text === '' ? null : JSON.parse(a.text) };
  } catch {
    throw new CliError(`the service answered ${a.status} with a body that is not JSON: ${a.text.slice(0, 200)}`, EXIT.service);
  }
}

async function uploadOnce(client: Client, opts: UploadOptions): Promise<{ status: number; text: string; retryAfter: string | string[] | undefined }> {
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
    return { status: a.status, text: await readText(a.stream), retryAfter: a.headers['retry-after'] };
  } finally {
    bar.stop();
    unregister();
  }
}
