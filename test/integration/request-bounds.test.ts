/**
 * Issue 13 "Bounded under abuse", request level: body deadlines of synchronous requests, the minimum
 * transfer rate of job uploads, and the lingering close that lets a client still sending read the
 * answer. The real service process on real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, uid } from '../helpers/neo4j.js';
import { startServiceProcess, type ServiceProcess } from '../helpers/service.js';
import { drip, openRaw, parseResponse, portOf, requestHead, waitFor, within, writeChunked } from '../helpers/raw-http.js';

let service: ServiceProcess;
let port: number;

beforeAll(async () => {
  service = await startServiceProcess({
    JOB_WORKER: 'false',
    BODY_TIMEOUT: '1s',
    BULK_BODY_LIMIT: '64kb',
    JOB_MAX_BYTES: '1mb',
    JOB_UPLOAD_MIN_BYTES: '1kb',
    JOB_UPLOAD_WINDOW: '2s',
  });
  port = portOf(service.url);
});

afterAll(async () => {
  await service?.kill('SIGTERM');
});

function aai(transactionId: string): Record<string, string> {
  return { 'X-FromAppId': 'bounds-test', 'X-TransactionId': transactionId };
}

/** What Neo4j holds of the jobs submitted with this X-TransactionId: job nodes and input transactions. */
async function stored(transactionId: string): Promise<{ jobs: number; txs: number }> {
  const rows = await cypher<{ jobs: number; txs: number }>(
    `OPTIONAL MATCH (j:AaiBulkJob {transactionId: $txid})
     OPTIONAL MATCH (t:AaiBulkJobTx) WHERE t.jobId = j.id
     RETURN count(DISTINCT j) AS jobs, count(t) AS txs`,
    { txid: transactionId },
  );
  return rows[0] ?? { jobs: -1, txs: -1 };
}

function timedOutBody(detail: string, method: string, path: string): unknown {
  return {
    requestError: {
      serviceException: {
        messageId: 'SVC7406',
        text: 'Request Timed Out (msg=%1) (ec=%2)',
        variables: [`Request Timed Out:${detail}`, 'ERR.5.4.7406', method, path],
      },
    },
  };
}

describe('BODY_TIMEOUT', () => {
  it('when a synchronous body trickles in for longer than BODY_TIMEOUT, then 408 AAI_7406 and the connection closes', async () => {
    const c = await openRaw(port);
    const started = Date.now();
    c.socket.write(requestHead('PUT', '/aai/v15/bulkadd', { ...aai(uid('drip')), 'Content-Type': 'application/json', 'Content-Length': 1000 }) + '{"transactions":[');
    const stop = drip(c.socket, ' ', 100);
    try {
      const { text, at } = await within(c.closed, 10_000, 'the answer to the trickling body');
      const res = parseResponse(text);
      expect(res?.status).toBe(408);
      expect(res?.headers['connection']).toBe('close');
      expect(JSON.parse(res?.body ?? '')).toEqual(timedOutBody('the request body did not arrive within 1000 ms', 'PUT', 'v15/bulkadd'));
      expect(at - started).toBeGreaterThanOrEqual(1000);
    } finally {
      stop();
      c.socket.destroy();
    }
  });
});

describe('JOB_UPLOAD_MIN_BYTES per JOB_UPLOAD_WINDOW', () => {
  it('when a job upload slows below the minimum rate, then 408 AAI_7406 and nothing of it is stored', async () => {
    const txid = uid('slowjob');
    const p = uid('slowjob');
    const c = await openRaw(port);
    // 1,000 transactions at once (one stored batch), then a byte every 200 ms: 5 bytes/s, under 1 kB per 2 s.
    const lines = Array.from({ length: 1000 }, (_, i) => `${JSON.stringify({ put: [{ uri: `/network/pnfs/pnf/${p}-${i}`, body: { 'pnf-name': `${p}-${i}` } }] })}\n`).join('');
    c.socket.write(requestHead('POST', '/aai/v15/bulk/jobs', { ...aai(txid), 'Content-Type': 'application/x-ndjson', 'Transfer-Encoding': 'chunked' }));
    c.socket.write(`${Buffer.byteLength(lines).toString(16)}\r\n${lines}\r\n`);
    const stop = drip(c.socket, '1\r\n \r\n', 200);
    try {
      const during = await waitFor('the first batch of the upload to be stored', () => stored(txid), (s) => s.txs >= 1000);
      expect(during.jobs).toBe(1);
      const { text } = await within(c.closed, 10_000, 'the answer to the slow upload');
      const res = parseResponse(text);
      expect(res?.status).toBe(408);
      expect(JSON.parse(res?.body ?? '')).toEqual(timedOutBody('fewer than 1024 bytes of the job input arrived in 2000 ms', 'POST', 'v15/bulk/jobs'));
      expect(await stored(txid)).toEqual({ jobs: 0, txs: 0 });
    } finally {
      stop();
      c.socket.destroy();
    }
  });
});

describe('lingering close', () => {
  it.each([
    ['PUT', '/aai/v15/bulkadd', 'application/json', 'Request body is larger than the limit of 65536 bytes'],
    ['POST', '/aai/v15/bulk/jobs', 'application/x-ndjson', 'Job input is larger than the limit of 1048576 bytes'],
  ])('when a client keeps sending an oversized body to %s %s and reads only afterwards, then it reads the 413', async (method, path, type, detail) => {
    const txid = uid('oversized');
    const c = await openRaw(port, false);
    try {
      c.socket.write(requestHead(method, path, { ...aai(txid), 'Content-Type': type, 'Transfer-Encoding': 'chunked' }));
      await within(writeChunked(c.socket, 32 * 1024 * 1024), 15_000, 'writing the whole 32 MB body');
      c.startReading();
      const { text } = await within(c.closed, 15_000, 'the answer after the whole body was sent');
      const res = parseResponse(text);
      expect(res?.status).toBe(413);
      expect(res?.headers['connection']).toBe('close');
      expect(JSON.parse(res?.body ?? '')).toEqual({
        requestError: {
          serviceException: {
            messageId: 'SVC3000',
            text: 'Invalid input performing %1 on %2 (msg=%3) (ec=%4)',
            variables: [method, path.replace('/aai/', ''), `Payload Limit Reached, reduce payload:${detail}`, 'ERR.5.4.6147'],
          },
        },
      });
      expect(await stored(txid)).toEqual({ jobs: 0, txs: 0 });
    } finally {
      c.socket.destroy();
    }
  });
});
