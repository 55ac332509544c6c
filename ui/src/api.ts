/**
 * The console's only way to the inventory: the public A&AI v15 API, with fetch (and XMLHttpRequest
 * for uploads, whose progress fetch cannot report). Every request carries X-FromAppId aai-console,
 * a fresh X-TransactionId, and the signed-in user's credentials (sessionStorage: gone with the tab).
 * fetch sends `credentials: 'omit'`, so a 401 never opens the browser's own password prompt: the
 * console shows its sign-in form instead (main.ts).
 */
export const BASE = '/aai/v15';
export const APP_ID = 'aai-console';

export type Auth = { kind: 'basic'; user: string; password: string } | { kind: 'token'; token: string };

const AUTH_KEY = 'aai-console-auth';

export function currentAuth(): Auth | undefined {
  try {
    const raw = sessionStorage.getItem(AUTH_KEY);
    return raw === null ? undefined : (JSON.parse(raw) as Auth);
  } catch {
    return undefined;
  }
}

export function setAuth(auth: Auth | undefined): void {
  if (auth === undefined) sessionStorage.removeItem(AUTH_KEY);
  else sessionStorage.setItem(AUTH_KEY, JSON.stringify(auth));
}

function authorization(): string | undefined {
  const a = currentAuth();
  if (a === undefined) return undefined;
  if (a.kind === 'token') return `Bearer ${a.token}`;
  const bytes = new TextEncoder().encode(`${a.user}:${a.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** A transaction id per request (crypto.getRandomValues: also on plain HTTP, where randomUUID is missing). */
function transactionId(): string {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return `aai-console-${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

export function requestHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const auth = authorization();
  return { 'X-FromAppId': APP_ID, 'X-TransactionId': transactionId(), Accept: 'application/json', ...(auth ? { Authorization: auth } : {}), ...extra };
}

/** An A&AI error body's message: its text with the variables put in (%1 is the first). */
export function aaiMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const re = (body as { requestError?: Record<string, { messageId?: string; text?: string; variables?: unknown[] }> }).requestError;
  const ex = re?.['serviceException'] ?? re?.['policyException'];
  if (!ex?.text) return undefined;
  const vars = ex.variables ?? [];
  return `${ex.messageId ?? ''} ${ex.text.replace(/%(\d+)/g, (_, n: string) => String(vars[Number(n) - 1] ?? ''))}`.trim();
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(aaiMessage(body) ?? `HTTP ${status}`);
  }
}

/** Asks the page for credentials (main.ts listens). */
function authRequired(): void {
  window.dispatchEvent(new CustomEvent('aai-auth-required'));
}

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A request to the API (path relative to /aai/v15, or absolute from /aai); throws ApiError on 4xx/5xx. */
export async function api<T = unknown>(method: string, path: string, opts: { body?: BodyInit; contentType?: string; signal?: AbortSignal; accept404?: boolean } = {}): Promise<Answer<T>> {
  const url = path.startsWith('/aai/') ? path : `${BASE}${path}`;
  const res = await fetch(url, {
    method,
    headers: requestHeaders(opts.contentType ? { 'Content-Type': opts.contentType } : {}),
    credentials: 'omit',
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    /* not JSON */
  }
  if (res.status === 401) authRequired();
  if (res.status >= 400 && !(opts.accept404 && res.status === 404)) throw new ApiError(res.status, body);
  return { status: res.status, body: body as T, headers: res.headers };
}

export const get = <T = unknown>(path: string, signal?: AbortSignal): Promise<T> => api<T>('GET', path, signal ? { signal } : {}).then((a) => a.body);

/** The media type of an input file: NDJSON by its name, else JSON. */
export function fileType(file: File): string {
  return /\.(ndjson|jsonl)$/i.test(file.name) ? 'application/x-ndjson' : 'application/json';
}

/** POSTs a file with XMLHttpRequest, reporting upload progress (bytes sent, total). */
export function upload(path: string, file: File, onProgress: (sent: number, total: number) => void): Promise<Answer<unknown>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}${path}`);
    for (const [k, v] of Object.entries(requestHeaders({ 'Content-Type': fileType(file) }))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new Error('the upload failed (network error)'));
    xhr.onload = () => {
      let body: unknown = xhr.responseText;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 401) authRequired();
      if (xhr.status >= 400) reject(new ApiError(xhr.status, body));
      else resolve({ status: xhr.status, body, headers: new Headers({ Location: xhr.getResponseHeader('Location') ?? '' }) });
    };
    xhr.send(file);
  });
}

/** A REST path from a resource link: `/aai/v15/network/…` → `/network/…`. */
export function restPath(link: string): string {
  return link.replace(/^\/aai\/(v\d+|latest)(?=\/)/, '');
}

/** Percent-encodes a key as the REST API wants it (everything but unreserved characters, upper-case hex). */
export function encodeKey(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
