/**
 * The CLI's HTTP client: node:http/node:https, so that a request body can be a stream whose bytes
 * are counted as they leave (the upload progress bar), a response body a stream that is never held
 * whole (exports, failed results), and TLS verification can be turned off for a self-signed lab
 * certificate (`--insecure`) without another dependency. Every request carries A&AI's required
 * headers: X-FromAppId, and a fresh X-TransactionId.
 *
 * Errors become CliErrors with the exit code scripts rely on: 3 for an error answer (with the A&AI
 * error text), 4 when the service cannot be reached, 130 when the request was interrupted.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { errorAnswerText } from './aai-error.js';
import { CliError, EXIT } from './exit.js';

export interface Connection {
  /** The service's base URL (scheme, host, port, and an optional path prefix of a proxy). */
  url: string;
  user?: string | undefined;
  password?: string | undefined;
  token?: string | undefined;
  appId: string;
  insecure: boolean;
}

export interface RequestOptions {
  query?: Record<string, string | readonly string[] | undefined>;
  headers?: Record<string, string>;
  /** A body: text, or a stream sent as it is read (chunked unless `headers` gives its Content-Length). */
  body?: string | Readable;
  /** Called with the total bytes of a streamed body read so far. */
  onUploaded?: (bytes: number) => void;
  /** Aborts the request (the body stream is destroyed and the request closed). */
  signal?: AbortSignal;
}

export interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  /** The response body, unread: read it (`text()`, or as a stream) or `discard()` it. */
  stream: IncomingMessage;
}

/** Socket errors that mean the service is not there (or not reachable), rather than that it answered. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EADDRNOTAVAIL']);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

export async function readText(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

export class Client {
  private readonly base: URL;

  constructor(readonly connection: Connection) {
    try {
      this.base = new URL(connection.url);
    } catch {
      throw new CliError(`--url ${JSON.stringify(connection.url)} is not a URL`, EXIT.usage);
    }
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new CliError(`--url must be http: or https:, not ${this.base.protocol}`, EXIT.usage);
  }

  /** The URL of a service path (`/aai/v15/…`, as the service's own links give them), under the base URL's path prefix. */
  urlOf(path: string, query: RequestOptions['query'] = {}): URL {
    const u = new URL(this.base.href);
    const [pathname, search] = path.split('?', 2) as [string, string | undefined];
    u.pathname = `${this.base.pathname.replace(/\/+$/, '')}${pathname}`;
    const params = new URLSearchParams(search ?? '');
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      for (const one of typeof v === 'string' ? [v] : v) params.append(k, one);
    }
    u.search = params.toString();
    return u;
  }

  private authorization(): string | undefined {
    const c = this.connection;
    if (c.token !== undefined && c.token !== '') return `Bearer ${c.token}`;
    if (c.user !== undefined && c.user !== '') return `Basic ${Buffer.from(`${c.user}:${c.password ?? ''}`).toString('base64')}`;
    return undefined;
  }

  /** Sends a request and resolves with the answer, whatever its status (see `ok` for one that must succeed). */
  send(method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
    const url = this.urlOf(path, opts.query);
    const auth = this.authorization();
    const headers: OutgoingHttpHeaders = {
      Accept: 'application/json',
      'X-FromAppId': this.connection.appId,
      'X-TransactionId': randomUUID(),
      ...(auth ? { Authorization: auth } : {}),
      ...(typeof opts.body === 'string' ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(opts.body) } : {}),
      ...opts.headers,
    };
    const https = url.protocol === 'https:';
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const fail = (e: CliError): void => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      const req = (https ? httpsRequest : httpRequest)(url, { method, headers, ...(https && this.connection.insecure ? { rejectUnauthorized: false } : {}) }, (res) => {
        if (settled) {
          res.resume();
          return;
        }
        settled = true;
        // The service answered before reading the whole body (an error, typically): stop sending it.
        if (typeof opts.body === 'object') {
          opts.body.unpipe(req);
          opts.body.destroy();
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (opts.signal?.aborted) return fail(new CliError('interrupted', EXIT.interrupted));
        const code = e.code ?? '';
        if (CONNECT_CODES.has(code)) return fail(new CliError(`cannot connect to ${this.base.origin}: ${code}${e.message && !e.message.includes(code) ? ` (${e.message})` : ''}`, EXIT.connect));
        if (TLS_CODES.test(code) || TLS_CODES.test(e.message)) return fail(new CliError(`cannot connect to ${this.base.origin}: TLS: ${e.message} (--insecure accepts a self-signed certificate)`, EXIT.connect));
        fail(new CliError(`request to ${this.base.origin} failed: ${e.message}`, EXIT.connect));
      });
      opts.signal?.addEventListener('abort', () => {
        if (typeof opts.body === 'object') opts.body.destroy();
        req.destroy();
        fail(new CliError('interrupted', EXIT.interrupted));
      });
      const body = opts.body;
      if (body === undefined) req.end();
      else if (typeof body === 'string') req.end(body);
      else {
        let sent = 0;
        body.on('data', (chunk: Buffer | string) => {
          sent += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
          opts.onUploaded?.(sent);
        });
        body.on('error', (e) => {
          req.destroy();
          fail(new CliError(`cannot read the input: ${e.message}`, EXIT.usage));
        });
        body.pipe(req);
      }
    });
  }

  /** Sends a request that must succeed (2xx, or one of `accept`): any other status is a CliError (exit 3) with the A&AI error text. */
  async ok(method: string, path: string, opts: RequestOptions = {}, accept: readonly number[] = []): Promise<Answer> {
    const a = await this.send(method, path, opts);
    if ((a.status >= 200 && a.status < 300) || accept.includes(a.status)) return a;
    throw new CliError(errorAnswerText(a.status, await readText(a.stream)), EXIT.service);
  }

  /** A request whose JSON answer is wanted (2xx, or one of `accept`). */
  async json<T = unknown>(method: string, path: string, opts: RequestOptions = {}, accept: readonly number[] = []): Promise<{ status: number; body: T }> {
    const a = await this.ok(method, path, opts, accept);
    const text = await readText(a.stream);
    try {
      return { status: a.status, body: (text === '' ? null : JSON.parse(text)) as T };
    } catch {
      throw new CliError(`the service answered ${a.status} with a body that is not JSON: ${text.slice(0, 200)}`, EXIT.service);
    }
  }
}
