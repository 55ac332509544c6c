/**
 * Issue 16 "Secure by default": HTTPS served directly (TLS_CERT, TLS_KEY), with A&AI's two-way TLS
 * (TLS_CA, TLS_CLIENT_CERT), against the real service process on real sockets. A CA, a server
 * certificate, a client certificate and a stranger's certificate are made at test time with
 * `selfsigned` (no openssl binary needed) in a temporary directory removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/neo4j/local-server.js';
import { projectRoot } from '../../src/project-root.js';
import { serviceEnv } from '../helpers/service.js';
import { alive } from '../helpers/processes.js';
import { openRaw, waitFor, within } from '../helpers/raw-http.js';
import { until } from '../helpers/wait.js';

const AAI = { 'X-FromAppId': 'tls-test', 'X-TransactionId': 'tls-tx' };

interface Pems {
  cert: string;
  key: string;
}

interface Service {
  port: number;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

let dir: string;
let files: Record<'ca' | 'cert' | 'key' | 'otherKey', string>;
let ca: Pems;
let server: Pems;
let client: Pems;
let stranger: Pems;
const started: Service[] = [];
/** MAX_CONNECTIONS of the `request` service. */
const CAP = 50;
/** HEADERS_TIMEOUT of the `require` service. */
const HEADERS_TIMEOUT_MS = 3000;
/** TLS_CLIENT_CERT=request and =require. */
let requesting: Service;
let requiring: Service;

/** EC P-256 keys: quick to make. The CA signs the server's and the client's certificates. */
async function makeCertificates(): Promise<void> {
  const opts = { keyType: 'ec', algorithm: 'sha256' } as const;
  const caPems = await generate([{ name: 'commonName', value: 'aai-test-ca' }], {
    ...opts,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  ca = { cert: caPems.cert, key: caPems.private };
  const signed = async (cn: string, usage: 'serverAuth' | 'clientAuth', sans: { type: 2 | 7; value?: string; ip?: string }[]): Promise<Pems> => {
    const p = await generate([{ name: 'commonName', value: cn }], {
      ...opts,
      ca,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', [usage]: true },
        ...(sans.length > 0 ? [{ name: 'subjectAltName' as const, altNames: sans }] : []),
      ],
    });
    return { cert: p.cert, key: p.private };
  };
  server = await signed('localhost', 'serverAuth', [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
  ]);
  client = await signed('aai-client', 'clientAuth', []);
  // Self-signed: chains to nothing the service trusts.
  const s = await generate([{ name: 'commonName', value: 'stranger' }], { ...opts, extensions: [{ name: 'extKeyUsage', clientAuth: true }] });
  stranger = { cert: s.cert, key: s.private };
}

/** The service as a process with these settings; its stdout and stderr are kept. */
function spawnService(port: number, env: Record<string, string>): Service {
  const root = projectRoot();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'server.ts')], {
    cwd: root,
    env: serviceEnv({ PORT: String(port), JOB_WORKER: 'false', LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const service = { port, child, stdout: () => out, stderr: () => err, exited };
  started.push(service);
  return service;
}

interface Answer {
  status: number;
  body: string;
  peer: TLSSocket;
}

/** GET over HTTPS trusting only the test CA, with this client certificate or none. */
function httpsGet(port: number, path: string, identity?: Pems): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, method: 'GET', headers: AAI, agent: false, ca: ca.cert, ...(identity ? { cert: identity.cert, key: identity.key } : {}) },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, peer: res.socket as TLSSocket }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Handshake {
  /** Who ended the connection: the server, or the client after `keepMs`. */
  endedBy: 'server' | 'client';
  /** Bytes the server sent over the connection once it was secured. */
  received: number;
}

/**
 * A TLS connection that sends nothing, held until the server ends it or `keepMs` have passed.
 * A refused client certificate makes the server end it: in the handshake with an alert (no
 * certificate: OpenSSL's own check), or right at the handshake's end (a certificate that does not
 * chain to TLS_CA: Node's check), before any request is read.
 */
function handshake(port: number, identity: Pems | undefined, maxVersion: 'TLSv1.2' | 'TLSv1.3', keepMs: number): Promise<Handshake> {
  return new Promise((resolve) => {
    let received = 0;
    let endedBy: Handshake['endedBy'] = 'server';
    const socket = connect({ host: '127.0.0.1', port, ca: ca.cert, maxVersion, ...(identity ? { cert: identity.cert, key: identity.key } : {}) });
    const timer = setTimeout(() => {
      endedBy = 'client';
      socket.destroy();
    }, keepMs);
    socket.on('data', (d: Buffer) => (received += d.length));
    socket.on('error', () => undefined); // the alert, or a reset: how the server ended it does not matter
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ endedBy, received });
    });
  });
}

/** Start a service and wait until it answers its echo over HTTPS (with the client certificate, for `require`). */
async function startTls(env: Record<string, string>): Promise<Service> {
  const service = spawnService(await freePort(), env);
  await until(
    'the service to answer over HTTPS',
    async () => {
      if (service.child.exitCode !== null) throw new Error(`the service exited with ${service.child.exitCode}: ${service.stderr()}`);
      return httpsGet(service.port, '/aai/util/echo', client).then(
        (a) => a.status,
        () => 0,
      );
    },
    (status) => status === 200,
  );
  return service;
}

beforeAll(async () => {
  await makeCertificates();
  dir = mkdtempSync(join(tmpdir(), 'aai-tls-'));
  files = { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), otherKey: join(dir, 'other-key.pem') };
  writeFileSync(files.ca, ca.cert);
  writeFileSync(files.cert, server.cert);
  writeFileSync(files.key, server.key, { mode: 0o600 });
  writeFileSync(files.otherKey, stranger.key, { mode: 0o600 });
  const tls = { TLS_CERT: files.cert, TLS_KEY: files.key, TLS_CA: files.ca };
  [requesting, requiring] = await Promise.all([
    // With a user named like the client certificate's CN: the certificate authenticates as that user (README "Security").
    startTls({ ...tls, TLS_CLIENT_CERT: 'request', MAX_CONNECTIONS: String(CAP), AUTH_USERS: 'aai-client:not-used:read' }),
    startTls({ ...tls, TLS_CLIENT_CERT: 'require', HEADERS_TIMEOUT: `${HEADERS_TIMEOUT_MS}ms` }),
  ]);
});

afterAll(async () => {
  for (const s of started) if (s.child.exitCode === null && s.child.pid !== undefined && alive(s.child.pid)) s.child.kill('SIGTERM');
  await Promise.all(started.map((s) => within(s.exited, 15_000, 'the service to stop').catch(() => s.child.kill('SIGKILL'))));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS', () => {
  it('when TLS_CERT and TLS_KEY are set, then the echo answers over HTTPS with that certificate, and the log says https://', async () => {
    const answer = await httpsGet(requesting.port, '/aai/util/echo');
    expect(answer.status).toBe(200);
    expect(answer.peer.getPeerCertificate().fingerprint256).toBe(new X509Certificate(server.cert).fingerprint256);
    expect(['TLSv1.2', 'TLSv1.3']).toContain(answer.peer.getProtocol());
    const listening = requesting
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"msg":"listening"'))
      .map((l) => JSON.parse(l) as { url: string });
    expect(listening.map((l) => l.url)).toEqual([`https://127.0.0.1:${requesting.port}`]);
  });

  it('when a client speaks plain HTTP to the TLS port, then it gets no answer', async () => {
    const plain = new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: requesting.port, path: '/aai/util/echo', headers: AAI, agent: false }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    await expect(within(plain, 10_000, 'the plain HTTP request to fail')).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('when a client offers only TLS 1.1, then the handshake is refused (TLS 1.2 at least)', async () => {
    const handshake = new Promise<void>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: requesting.port, ca: ca.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, () => {
        socket.destroy();
        resolve();
      });
      socket.on('error', reject);
    });
    // The server's alert: the client itself would take TLS 1.1 here.
    await expect(within(handshake, 10_000, 'the TLS 1.1 handshake')).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });
});

describe('MAX_CONNECTIONS over TLS', () => {
  it('when 4 × MAX_CONNECTIONS connections never begin their handshake, then a new client is answered at once and the server holds at most the cap', async () => {
    const opened = await Promise.all(Array.from({ length: 4 * CAP }, () => openRaw(requesting.port).catch(() => undefined)));
    let closed = opened.filter((c) => c === undefined).length;
    for (const c of opened) void c?.closed.then(() => closed++);
    try {
      const started = Date.now();
      const echo = await within(httpsGet(requesting.port, '/aai/util/echo'), 3000, 'the echo of a new client');
      expect(echo.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
      // Connections in their handshake are idle: the longest-idle went first, to keep within the cap.
      await waitFor('the server to close all but MAX_CONNECTIONS of the silent connections', async () => closed, (n) => n >= 3 * CAP, 20_000);
    } finally {
      for (const c of opened) c?.socket.destroy();
    }
  });
});

describe('HEADERS_TIMEOUT over TLS', () => {
  it('when a connection never begins its handshake, then it is closed after HEADERS_TIMEOUT', async () => {
    const c = await openRaw(requiring.port);
    const opened = Date.now();
    try {
      const { at } = await within(c.closed, HEADERS_TIMEOUT_MS + 10_000, 'the server to close the silent connection');
      expect(at - opened).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    } finally {
      c.socket.destroy();
    }
  });
});

describe('TLS_CLIENT_CERT', () => {
  // A refusal ends the connection at once; a connection still open after this has been let in.
  const KEEP_MS = 5000;
  const REFUSED: Handshake = { endedBy: 'server', received: 0 };

  it.each(['TLSv1.2', 'TLSv1.3'] as const)('=require: when a client presents no certificate, then the %s handshake is refused', async (version) => {
    expect(await handshake(requiring.port, undefined, version, KEEP_MS)).toEqual(REFUSED);
  });

  it.each(['TLSv1.2', 'TLSv1.3'] as const)('=require: when a client presents a certificate that does not chain to TLS_CA, then the %s connection is refused', async (version) => {
    expect(await handshake(requiring.port, stranger, version, KEEP_MS)).toEqual(REFUSED);
  });

  it('=require: when a client without a certificate that chains to TLS_CA sends a request, then it gets no answer', async () => {
    await expect(within(httpsGet(requiring.port, '/aai/util/echo'), 10_000, 'the request without a certificate')).rejects.toThrow();
    await expect(within(httpsGet(requiring.port, '/aai/util/echo', stranger), 10_000, 'the request with a stranger certificate')).rejects.toThrow();
  });

  it('=require: when a client presents a certificate signed by TLS_CA, then its connection stays open, and 200', async () => {
    // The contrast to the refusals: nothing ends this connection but the client.
    expect(await handshake(requiring.port, client, 'TLSv1.3', 1000)).toEqual({ endedBy: 'client', received: 0 });
    const answer = await httpsGet(requiring.port, '/aai/util/echo', client);
    expect(answer.status).toBe(200);
    expect(answer.peer.getPeerCertificate().fingerprint256).toBe(new X509Certificate(server.cert).fingerprint256);
  });

  it('=request with users: a certificate signed by TLS_CA authenticates as the user its CN names; none, or a stranger, is 401', async () => {
    const path = `/aai/v15/network/pnfs/pnf/${'tls-'}${process.pid}-absent`;
    expect((await httpsGet(requesting.port, path, client)).status).toBe(404);
    expect((await httpsGet(requesting.port, path)).status).toBe(401);
    expect((await httpsGet(requesting.port, path, stranger)).status).toBe(401);
  });

  it.each([
    ['no certificate', undefined],
    ['a certificate signed by TLS_CA', 'client'],
    ['a certificate that does not chain to TLS_CA', 'stranger'],
  ] as const)('=request: when a client presents %s, then 200', async (_, who) => {
    const answer = await httpsGet(requesting.port, '/aai/util/echo', who === undefined ? undefined : who === 'client' ? client : stranger);
    expect(answer.status).toBe(200);
  });
});

describe('start-up refusals', () => {
  /** Start the service with these settings; it must exit 1 within 15 s with one sentence on stderr. */
  async function refused(env: Record<string, string>): Promise<string> {
    const service = spawnService(await freePort(), env);
    const code = await within(service.exited, 15_000, 'the service to exit');
    expect(code).toBe(1);
    const stderr = service.stderr().trim();
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(service.stdout()).not.toContain('"msg":"listening"');
    return stderr;
  }

  it('when TLS_CERT names a missing file, then exit 1 with one sentence', async () => {
    const missing = join(dir, 'missing.pem');
    expect(await refused({ TLS_CERT: missing, TLS_KEY: files.key })).toBe(`Cannot read TLS_CERT=${missing}: there is no such file.`);
  });

  it('when TLS_KEY is not the key of TLS_CERT, then exit 1 with one sentence', async () => {
    expect(await refused({ TLS_CERT: files.cert, TLS_KEY: files.otherKey })).toBe(`TLS_KEY=${files.otherKey} is not the private key of the certificate in TLS_CERT=${files.cert}.`);
  });

  it('when TLS_CERT is set without TLS_KEY, then exit 1 naming the problem', async () => {
    expect(await refused({ TLS_CERT: files.cert })).toBe('Invalid configuration:\n  - TLS_CERT and TLS_KEY go together: set both (HTTPS) or neither (HTTP)');
  });

  it('when TLS_CERT holds no certificate, then exit 1 with one sentence', async () => {
    expect(await refused({ TLS_CERT: files.key, TLS_KEY: files.key })).toBe(`TLS_CERT=${files.key} holds no PEM certificate.`);
  });
});
