/**
 * Issue 13 "Bounded under abuse", connection level: the connection cap, header and keep-alive
 * timeouts, and the cap on requests in flight, against the real service process on real sockets.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, uid } from '../helpers/neo4j.js';
import { httpJson, startServiceProcess, type ServiceProcess } from '../helpers/service.js';
import { drip, openRaw, parseResponse, portOf, requestHead, waitFor, within, type RawConnection } from '../helpers/raw-http.js';

const AAI = { 'X-FromAppId': 'bounds-test', 'X-TransactionId': 'bounds-tx' };

/** Caps: 1,000 connections, 2 requests in flight; timeouts long enough not to be what closes anything. */
let capped: ServiceProcess;
/** Short timeouts: 1 s for headers (and a silent new connection), 1 s idle between requests. */
let quick: ServiceProcess;

beforeAll(async () => {
  [capped, quick] = await Promise.all([
    startServiceProcess({ JOB_WORKER: 'false', MAX_CONNECTIONS: '1000', MAX_REQUESTS_IN_FLIGHT: '2', HEADERS_TIMEOUT: '60s', KEEP_ALIVE_TIMEOUT: '60s' }),
    startServiceProcess({ JOB_WORKER: 'false', HEADERS_TIMEOUT: '1s', KEEP_ALIVE_TIMEOUT: '1s' }),
  ]);
});

afterAll(async () => {
  await Promise.all([capped?.kill('SIGTERM'), quick?.kill('SIGTERM')]);
});

async function jobsWith(transactionIds: string[]): Promise<number> {
  const rows = await cypher<{ n: number }>('MATCH (j:AaiBulkJob) WHERE j.transactionId IN $ids RETURN count(j) AS n', { ids: transactionIds });
  return rows[0]?.n ?? -1;
}

describe('MAX_CONNECTIONS', () => {
  it('when 4,000 idle connections are open, then a new client is answered at once and the server holds at most 1,000', async () => {
    const port = portOf(capped.url);
    const sockets: Socket[] = [];
    let closed = 0;
    try {
      // 4,000 connections that never send a byte, opened 200 at a time (the listen backlog is 511).
      for (let batch = 0; batch < 20; batch++) {
        const opened = await Promise.all(
          Array.from({ length: 200 }, () =>
            openRaw(port).then(
              (c) => c,
              () => undefined, // refused outright: counted with the closed ones
            ),
          ),
        );
        for (const c of opened) {
          if (c === undefined) {
            closed++;
            continue;
          }
          sockets.push(c.socket);
          void c.closed.then(() => closed++);
        }
      }
      const started = Date.now();
      const echo = await within(httpJson('GET', `${capped.url}/aai/util/echo`), 3000, 'the echo of a new client');
      expect(echo.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
      // The server closed the longest-idle connections to stay within its cap (the echo's took one more).
      await waitFor('the server to close all but 1,000 of the idle connections', async () => closed, (n) => n >= 3000, 20_000);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});

describe('MAX_REQUESTS_IN_FLIGHT', () => {
  it('when 2 requests are in flight, then the next gets 503 AAI_9202 with Retry-After, and is served once they end', async () => {
    const port = portOf(capped.url);
    const held: RawConnection[] = [];
    const txids = [uid('inflight'), uid('inflight')];
    try {
      // Two job uploads that have begun and go on: both in flight once their jobs exist.
      for (const txid of txids) {
        const c = await openRaw(port);
        c.socket.write(requestHead('POST', '/aai/v15/bulk/jobs', { ...AAI, 'X-TransactionId': txid, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }) + '1\r\n{\r\n');
        held.push(c);
      }
      await waitFor('both uploads to be receiving', () => jobsWith(txids), (n) => n === 2);
      const busy = await httpJson('GET', `${capped.url}/aai/util/echo`);
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect(busy.body).toEqual({
        requestError: {
          serviceException: {
            messageId: 'SVC3002',
            text: 'Error writing output performing %1 on %2 (msg=%3) (ec=%4)',
            variables: ['GET', 'util/echo', 'Unable to start a thread:the service is handling its limit of 2 requests; retry after 1 s', 'ERR.5.4.9202'],
          },
        },
      });
      for (const c of held) c.socket.destroy();
      const served = await waitFor('the echo to be served again', () => httpJson('GET', `${capped.url}/aai/util/echo`), (r) => r.status !== 503);
      expect(served.status).toBe(200);
      await waitFor('the aborted uploads to be removed', () => jobsWith(txids), (n) => n === 0);
    } finally {
      for (const c of held) c.socket.destroy();
    }
  });
});

describe('HEADERS_TIMEOUT and KEEP_ALIVE_TIMEOUT', () => {
  it('closes connections that send nothing after HEADERS_TIMEOUT, and idle keep-alive connections after KEEP_ALIVE_TIMEOUT', async () => {
    const port = portOf(quick.url);
    const silent: RawConnection[] = [];
    const kept: RawConnection[] = [];
    try {
      const opened = Date.now();
      for (let i = 0; i < 20; i++) silent.push(await openRaw(port));
      // Keep-alive connections: one request answered, then nothing.
      for (let i = 0; i < 5; i++) {
        const c = await openRaw(port);
        c.socket.write(requestHead('GET', '/aai/util/echo', AAI));
        kept.push(c);
      }
      const answered = await Promise.all(
        kept.map((c) => waitFor('the echo answer', async () => parseResponse(c.text()), (r) => r !== undefined).then((r) => ({ status: r?.status, at: Date.now() }))),
      );
      expect(answered.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);

      const silentClosed = await within(Promise.all(silent.map((c) => c.closed)), 10_000, 'the close of every silent connection');
      for (const c of silentClosed) expect(c.at - opened).toBeGreaterThanOrEqual(950);
      const keptClosed = await within(Promise.all(kept.map((c) => c.closed)), 10_000, 'the close of every idle keep-alive connection');
      keptClosed.forEach((c, i) => expect(c.at - (answered[i]?.at ?? 0)).toBeGreaterThanOrEqual(900));
    } finally {
      for (const c of [...silent, ...kept]) c.socket.destroy();
    }
  });

  it('answers 408 and closes when request headers trickle in for longer than HEADERS_TIMEOUT', async () => {
    const c = await openRaw(portOf(quick.url));
    c.socket.write('GET /aai/util/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-FromAppId: bounds-test\r\n');
    const stop = drip(c.socket, 'X', 100); // one byte of a header every 100 ms, never its end
    try {
      const { text } = await within(c.closed, 10_000, 'the close of the trickling connection');
      expect(parseResponse(text)?.status).toBe(408);
    } finally {
      stop();
      c.socket.destroy();
    }
  });
});
