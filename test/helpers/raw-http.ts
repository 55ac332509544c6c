/**
 * HTTP/1.1 over raw sockets, for connection-level tests: idle and slow clients, clients that keep
 * sending after the answer, and clients that read only once they have written everything.
 */
import { connect, type Socket } from 'node:net';
import { until } from './wait.js';

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** A request line and headers (with Host), ready to write. */
export function requestHead(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('')}\r\n`;
}

/** `promise`, or a failure naming `what` once `ms` have passed. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `until` with the connection tests' shorter default bound. */
export function waitFor<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  return until(what, probe, ok, timeoutMs);
}

export interface RawConnection {
  socket: Socket;
  /** What arrived so far (once reading). */
  text(): string;
  /** Resolves when the connection has closed, whichever side closed it. */
  closed: Promise<{ text: string; at: number }>;
  /** Start taking in what arrived (for a connection opened with `reading: false`). */
  startReading(): void;
}

/**
 * A connected raw socket. With `reading: false` the client reads nothing until startReading(): what
 * the server sends waits in the client's buffers, as with a client that writes its whole request
 * before it looks at the answer.
 */
export function openRaw(port: number, reading = true): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('error', () => undefined); // a reset shows as 'close'; the test judges what arrived
  const closed = new Promise<{ text: string; at: number }>((resolve) => socket.once('close', () => resolve({ text: received, at: Date.now() })));
  const startReading = (): void => {
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
    });
    socket.resume();
  };
  if (reading) startReading();
  else socket.pause();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, text: () => received, closed, startReading }));
    socket.once('close', () => reject(new Error('connection closed before it was established')));
  });
}

/** Writes `total` bytes of filler as a chunked body (then its end), as fast as the server takes them. */
export async function writeChunked(socket: Socket, total: number, chunkBytes = 64 * 1024): Promise<void> {
  const chunk = Buffer.alloc(chunkBytes, 'a');
  for (let sent = 0; sent < total && !socket.destroyed; sent += chunkBytes) {
    socket.write(`${chunkBytes.toString(16)}\r\n`);
    socket.write(chunk);
    if (!socket.write('\r\n')) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    }
  }
  socket.write('0\r\n\r\n');
}

/** Writes `piece` every `everyMs` until stopped or closed: a slow client. */
export function drip(socket: Socket, piece: string, everyMs: number): () => void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write(piece);
  }, everyMs);
  return () => clearInterval(timer);
}

export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** The first HTTP response in `text` (its body by Content-Length), or undefined if none is complete. */
export function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = text.slice(end + 4, end + 4 + length);
  if (body.length < length) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}
