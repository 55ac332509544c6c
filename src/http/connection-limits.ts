/**
 * The HTTP or HTTPS server with its connection-level bounds; src/server.ts creates it and is the
 * only one to listen. Request-level bounds (requests in flight, body deadlines, job uploads) are the
 * app's.
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
 *
 * With TLS (README "TLS") the same bounds hold per TCP connection: the cap counts connections from
 * their first byte, a connection still in its handshake is idle (the first to go at the cap), the
 * handshake must end within `headersTimeoutMs`, and the timeouts and the lingering close then apply
 * to the TLS socket that carries the requests. TLS 1.2 at least; client certificates are not asked
 * for (`none`), asked for and optional (`request`: the app sees `authorized` false on the request's
 * TLSSocket without a valid one), or required to chain to the CA (`require`: refused in the handshake).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Limits, TlsConfig } from '../config.js';

/** What an HTTPS server needs: the PEM contents of TLS_CERT, TLS_KEY and TLS_CA (checked at start-up), and TLS_CLIENT_CERT. */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca: Buffer | undefined;
  clientCert: TlsConfig['clientCert'];
}

export type BoundedServer = Server | HttpsServer;

export type ConnectionLimits = Pick<Limits, 'maxConnections' | 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'lingerMs'>;

interface Connection {
  /** The TCP connection: what the cap counts. */
  tcp: Socket;
  /** The socket requests arrive on: `tcp`, or over TLS its TLSSocket once the handshake is done. */
  socket: Socket;
  /** Requests received and not yet answered. */
  busy: number;
  /** The latest request: the one whose response may close the connection. */
  request: IncomingMessage | undefined;
  lingering: boolean;
}

/** How often Node checks header deadlines (its default of 30 s would stretch a 10 s timeout to 40 s). */
const CHECK_INTERVAL_MS = 1000;

/** A TCP connection's addresses, which its TLSSocket reports too: how a handshake's end is matched to its connection. */
const addressesOf = (s: Socket): string => `${s.remoteAddress ?? ''} ${s.remotePort ?? ''} ${s.localAddress ?? ''} ${s.localPort ?? ''}`;

export function createBoundedServer(handler: RequestListener, limits: ConnectionLimits, tls?: TlsMaterial): BoundedServer {
  const httpOptions = {
    headersTimeout: limits.headersTimeoutMs,
    // Bodies are bounded per route by the app (BODY_TIMEOUT; a job upload's minimum rate), not here.
    requestTimeout: 0,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, limits.headersTimeoutMs),
  };
  const server: BoundedServer =
    tls === undefined
      ? createServer(httpOptions)
      : createHttpsServer({
          ...httpOptions,
          cert: tls.cert,
          key: tls.key,
          ...(tls.ca === undefined ? {} : { ca: tls.ca }),
          minVersion: 'TLSv1.2',
          requestCert: tls.clientCert !== 'none',
          // `request`: a client without a valid certificate is served; the app reads socket.authorized.
          rejectUnauthorized: tls.clientCert === 'require',
          handshakeTimeout: limits.headersTimeoutMs,
        });
  /** Open connections, by their TCP socket. */
  const connections = new Map<Socket, Connection>();
  /** Connections without a request in flight, the longest idle first (a Set keeps insertion order). */
  const idle = new Set<Connection>();
  /** The connection of each socket that carries requests. */
  const carried = new WeakMap<Socket, Connection>();
  /** Over TLS: connections still in their handshake, by their addresses. */
  const handshaking = new Map<string, Connection>();

  const forget = (conn: Connection): void => {
    connections.delete(conn.tcp);
    idle.delete(conn);
  };

  /** Node calls socket.destroySoon() after the last response of a connection. */
  const closeAfterResponse = (socket: Socket, conn: Connection): void => {
    const req = conn.request;
    if (req === undefined || req.complete || limits.lingerMs === 0) {
      Socket.prototype.destroySoon.call(socket);
      return;
    }
    conn.lingering = true;
    socket.end(); // FIN (over TLS, close_notify and FIN) after the response; the reading side stays open
    // What the client still sends is read and dropped (as Node's own req._dump() does).
    req.removeAllListeners('data');
    req.resume();
    const timer = setTimeout(() => socket.destroy(), limits.lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };

  /** The socket that will carry the connection's requests is ready (at once over HTTP; after the handshake over TLS). */
  const carry = (socket: Socket, conn: Connection): void => {
    conn.socket = socket;
    carried.set(socket, conn);
    // Until the first request arrives; Node's own timeout handler closes the silent socket.
    socket.setTimeout(limits.headersTimeoutMs);
    socket.destroySoon = () => closeAfterResponse(socket, conn);
  };

  server.on('connection', (tcp: Socket) => {
    if (connections.size >= limits.maxConnections) {
      const longestIdle = idle.values().next();
      if (longestIdle.done) {
        tcp.destroy();
        return;
      }
      longestIdle.value.socket.destroy();
      forget(longestIdle.value);
    }
    const conn: Connection = { tcp, socket: tcp, busy: 0, request: undefined, lingering: false };
    connections.set(tcp, conn);
    idle.add(conn);
    if (tls === undefined) {
      tcp.once('close', () => forget(conn));
      carry(tcp, conn);
      return;
    }
    // The handshake is bounded by handshakeTimeout; a connection in it counts, and is idle.
    const addresses = addressesOf(tcp);
    handshaking.set(addresses, conn);
    tcp.once('close', () => {
      forget(conn);
      if (handshaking.get(addresses) === conn) handshaking.delete(addresses);
    });
  });

  if (tls !== undefined) {
    server.on('secureConnection', (socket: TLSSocket) => {
      const addresses = addressesOf(socket);
      const conn = handshaking.get(addresses);
      handshaking.delete(addresses);
      if (conn === undefined) {
        // Its TCP connection is already closed (or was never counted): nothing to serve.
        socket.destroy();
        return;
      }
      carry(socket, conn);
    });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const conn = carried.get(req.socket);
    if (conn?.lingering) {
      // Pipelined after the response that closes the connection: never answered, only drained.
      req.resume();
      return;
    }
    if (conn) {
      conn.busy++;
      conn.request = req;
      idle.delete(conn);
      conn.socket.setTimeout(0); // a request may take long; Node re-arms the keep-alive timeout after it
      res.once('close', () => {
        conn.busy--;
        if (conn.busy === 0 && connections.has(conn.tcp)) idle.add(conn);
      });
    }
    handler(req, res);
  });
  return server;
}
