/**
 * Benchmark plumbing: a Neo4j of its own (same provisioning as the tests), the real service as a
 * separate process (so its RSS can be read), an HTTP client with keep-alive, and statistics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { loadConfig } from '../../src/config.js';
import { freePort, watchdogScript } from '../neo4j/local-server.js';
import { projectRoot } from '../../src/project-root.js';
import { SERVICE_NODE_FLAGS } from '../../src/node-flags.js';
import { provisionNeo4j, type Neo4jTarget } from '../neo4j/provision.js';

export async function benchNeo4j(): Promise<Neo4jTarget> {
  const config = loadConfig(process.env);
  return provisionNeo4j(config.neo4j, 'test', (m) => console.error(`[neo4j] ${m}`));
}

export interface Service {
  url: string;
  pid: number;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) / 1024 : NaN;
}

/** The benchmark's user: the service runs with authentication on, and every request sends basic credentials, as real clients do. */
export const BENCH_USER = { name: 'bench', password: 'bench-password' };
export const BENCH_AUTHORIZATION = `Basic ${Buffer.from(`${BENCH_USER.name}:${BENCH_USER.password}`).toString('base64')}`;

export async function startService(neo4j: Neo4jTarget, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Service> {
  const port = await freePort();
  // Under the watchdog: the service stops with the bench, however the bench ends (a signal, a crash).
  const pidFile = join(mkdtempSync(join(tmpdir(), 'aai-bench-service-')), 'pid');
  const child: ChildProcess = spawn('/bin/sh', [watchdogScript(), String(process.pid), pidFile, '', process.execPath, ...SERVICE_NODE_FLAGS, ...nodeArgs, join(projectRoot(), 'dist', 'src', 'server.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: neo4j.username,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: neo4j.database,
      LOG_LEVEL: 'info',
      AUTH_USERS: `${BENCH_USER.name}:${BENCH_USER.password}:admin`,
      // bulkprocess deletes the links with A&AI's bypass resource-version (an admin's, when enabled).
      AUTH_BYPASS_RESOURCE_VERSION: 'true',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      const r = await http('GET', `${url}/aai/util/echo`);
      if (r.status === 200) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // The service's own pid (its memory is measured), as the watchdog wrote it.
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return {
    url,
    pid,
    peakRssMb: () => statusField(pid, 'VmHWM'),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

export function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          'X-FromAppId': 'bench',
          'X-TransactionId': 'bench-tx',
          Accept: 'application/json',
          Authorization: BENCH_AUTHORIZATION,
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - start) / 1e6 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

export interface LoadResult {
  ops: number;
  requests: number;
  seconds: number;
  opsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
  /** Every request's latency, sorted (ms). */
  latencies: number[];
}

/**
 * Send `requests` (each an async function returning its latency and operation count) from
 * `clients` concurrent clients, in order within the queue.
 */
export async function runLoad(requests: readonly (() => Promise<{ ms: number; ops: number; ok: boolean }>)[], clients: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let ops = 0;
  let failures = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        const job = requests[i];
        if (!job) return;
        const r = await job();
        latencies.push(r.ms);
        ops += r.ops;
        if (!r.ok) failures++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  return { ops, requests: requests.length, seconds, opsPerSecond: ops / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures, latencies };
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The middle value (the upper one of two), NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.floor(s.length / 2)] ?? NaN);
}

/** The inventory objects in the store (its AaiNode label's count, from the count store). */
export async function storeObjects(driver: Driver, database: string): Promise<number> {
  const r = await driver.executeQuery('MATCH (n:AaiNode) RETURN count(n) AS n', {}, { database });
  return Number(r.records[0]?.get('n') ?? NaN);
}

/** Runs `main` when the module at `moduleUrl` is the script node was started with; exits 1 on failure. */
export function runWhenInvoked(moduleUrl: string, main: () => Promise<void>): void {
  if (moduleUrl !== pathToFileURL(resolve(process.argv[1] ?? '')).href) return;
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
