/**
 * The real service for the fuzz run: `node --import tsx src/server.ts` (as test/helpers/service.ts
 * starts it) on a free 127.0.0.1 port, on the given Neo4j, with only the environment given here (a
 * developer's own AUTH_* or PORT settings do not leak in). It runs under scripts/neo4j/watchdog.sh
 * in a process group of its own, as `npm start` runs it: a terminal's Ctrl-C reaches it only through
 * the fuzz script, which stops it before Neo4j, and it never outlives the script, even after SIGKILL.
 * Its log (stdout and stderr) goes to a file, so a server error's stack trace can be read afterwards.
 * Ready once GET /aai/util/ready answers 200 (the service listens only after its migrations).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, watchdogScript } from '../neo4j/local-server.js';
import { SERVICE_NODE_FLAGS } from '../../src/node-flags.js';
import { projectRoot } from '../../src/project-root.js';

export interface FuzzService {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Stops the service (SIGTERM, then SIGKILL after `graceMs`); resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** The service's whole environment but PATH, HOME and PORT. */
  env: Record<string, string>;
  /** Where the service's output goes. */
  logFile: string;
  /** How long start-up may take before the run gives up. */
  startTimeoutMs?: number;
  /** How long a stop may take before the service is killed. */
  graceMs?: number;
  /** Aborted: start-up stops waiting, stops the service and throws. */
  signal?: AbortSignal;
}

export class ServiceError extends Error {}

/** GET `url`: its status, or undefined when nothing answers. */
export function httpStatus(url: string, timeoutMs = 2_000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

function logTail(logFile: string, lines = 20): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

export async function startService(opts: ServiceOptions): Promise<FuzzService> {
  const port = await freePort();
  const root = projectRoot();
  // The watchdog writes the service's pid here and removes the folder once the service has exited.
  const scratch = mkdtempSync(join(tmpdir(), 'aai-fuzz-'));
  const pidFile = join(scratch, 'service.pid');
  const out = openSync(opts.logFile, 'w');
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...opts.env, PORT: String(port) };
  const child = spawn('/bin/sh', [watchdogScript(), String(process.pid), pidFile, scratch, process.execPath, ...SERVICE_NODE_FLAGS, '--import', 'tsx', join(root, 'src', 'server.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!running()) return;
      const servicePid = Number(readFileSafe(pidFile)) || 0;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (servicePid > 0) killQuietly(servicePid, 'SIGKILL');
        child.kill('SIGKILL');
      }, opts.graceMs ?? 20_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, () => running() && opts.signal?.aborted !== true, opts.startTimeoutMs ?? 120_000);
  } catch (e) {
    await stop();
    const why = e instanceof Error ? e.message : String(e);
    throw new ServiceError(`${why}; the end of its log (${opts.logFile}):\n${logTail(opts.logFile)}`);
  }
  return { url, stop };
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Polls the readiness probe until it answers 200; fails when the process exits or the time is up. */
async function waitReady(url: string, running: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await httpStatus(`${url}/aai/util/ready`)) === 200) return;
    if (!running()) throw new Error('The service exited (or was stopped) during start-up');
    if (Date.now() > deadline) throw new Error(`The service was not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
