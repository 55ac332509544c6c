/**
 * The HTTP server with its connection-level bounds; src/server.ts creates it and is the only one to
 * listen. Request-level bounds (requests in flight, body deadlines, job uploads) are the app's.
 *
 *  - At most `maxConnections` open connections. A new connection over the cap closes the connection
 *    that has been idle (no request in flight) the longest, so idle sockets can never lock new clients
 *    out; only when every connection has a request in flight is the new one closed at once.
 *  - A new connection silent for `headersTimeoutMs` is closed; every request's headers must be
 *    complete within `headersTimeoutMs` of its first byte (Node answers 408 and closes). A
 *    connection idle between requests is closed after `keepAliveTimeoutMs`.
 *  - Lingering close: when a response closes the connection before its request's body has fully
 *    arrived (a 413, a 408, a refusal), the server half-closes after the response and goes on reading
 *    and dropping what the client still sends, for at most `lingerMs`. Closing at once would discard
 *    the unread bytes with a TCP reset, and a client still sending would lose the answer with them.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { Limits } from '../config.js';

export type ConnectionLimits = Pick<Limits, 'maxConnections' | 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'lingerMs'>;

interface Connection {
  /** Requests received and not yet answered. */
  busy: number;
  /** The latest request: the one whose response may close the connection. */
  request: IncomingMessage | undefined;
  lingering: boolean;
}

/** How often Node checks header deadlines (its default of 30 s would stretch a 10 s timeout to 40 s). */
const CHECK_INTERVAL_MS = 1000;

export function createBoundedServer(handler: RequestListener, limits: ConnectionLimits): Server {
  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    // Bodies are bounded per route by the app (BODY_TIMEOUT; a job upload's minimum rate), not here.
    requestTimeout: 0,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, limits.headersTimeoutMs),
  });
  const connections = new Map<Socket, Connection>();
  /** Connections without a request in flight, the longest idle first (a Set keeps insertion order). */
  const idle = new Set<Socket>();

  const forget = (socket: Socket): void => {
    connections.delete(socket);
    idle.delete(socket);
  };

  /** Node calls socket.destroySoon() after the last response of a connection. */
  const closeAfterResponse = (socket: Socket, conn: Connection): void => {
    const req = conn.request;
    if (req === undefined || req.complete || limits.lingerMs === 0) {
      Socket.prototype.destroySoon.call(socket);
      return;
    }
    conn.lingering = true;
    socket.end(); // FIN after the response; the reading side stays open
    // What the client still sends is read and dropped (as Node's own req._dump() does).
    req.removeAllListeners('data');
    req.resume();
    const timer = setTimeout(() => socket.destroy(), limits.lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };

  server.on('connection', (socket: Socket) => {
    if (connections.size >= limits.maxConnections) {
      const longestIdle = idle.values().next();
      if (longestIdle.done) {
        socket.destroy();
        return;
      }
      longestIdle.value.destroy();
      forget(longestIdle.value);
    }
    const conn: Connection = { busy: 0, request: undefined, lingering: false };
    connections.set(socket, conn);
    idle.add(socket);
    socket.once('close', () => forget(socket));
    // Until the first request arrives; Node's own timeout handler closes the silent socket.
    socket.setTimeout(limits.headersTimeoutMs);
    socket.destroySoon = () => closeAfterResponse(socket, conn);
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const conn = connections.get(socket);
    if (conn?.lingering) {
      // Pipelined after the response that closes the connection: never answered, only drained.
      req.resume();
      return;
    }
    if (conn) {
      conn.busy++;
      conn.request = req;
      idle.delete(socket);
      socket.setTimeout(0); // a request may take long; Node re-arms the keep-alive timeout after it
      res.once('close', () => {
        conn.busy--;
        if (conn.busy === 0 && connections.has(socket)) idle.add(socket);
      });
    }
    handler(req, res);
  });
  return server;
}
