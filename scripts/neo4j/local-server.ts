/**
 * The real Neo4j Community server without Docker: jars resolved by Maven from Maven Central into
 * `.neo4j/lib-<version>` (git-ignored, reused), started with Java on a free 127.0.0.1 port under a
 * watchdog (scripts/neo4j/watchdog.sh) so the JVM never outlives the process that started it.
 * Tooling only (npm start, npm run neo4j, the tests, the benchmark): the service never imports it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root.js';
import { judgeServer } from '../../src/store/server-version.js';
import { findJava, javaRequirement, localNeo4jVersion, ProvisionError } from './versions.js';

export { ProvisionError };

export interface LocalServer {
  version: string;
  uri: string;
  port: number;
  home: string;
  /** The JVM's pid. */
  pid: number;
  /** Exit code when the JVM has exited, else null. */
  exitCode(): number | null;
  stop(): Promise<void>;
}

function commandWorks(cmd: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The watchdog that keeps a child (the JVM, or the service under npm start) from outliving its owner. */
export function watchdogScript(): string {
  return join(projectRoot(), 'scripts', 'neo4j', 'watchdog.sh');
}

/**
 * How a JVM run under the watchdog stops: SIGTERM (a clean shutdown), then SIGKILL to the JVM
 * (`jvmPid`) and the watchdog after `timeoutMs`, then `cleanup`; at most once, however often it is
 * called. If this process exits without calling it, the JVM is asked to shut down at once (the
 * watchdog would notice within half a second anyway).
 */
export function stopperOf(child: ChildProcess, exited: Promise<unknown>, running: () => boolean, jvmPid: () => number, timeoutMs: number, cleanup: () => void): () => Promise<void> {
  const onExit = (): void => {
    if (running()) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      if (running()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          const pid = jvmPid();
          if (pid) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }
          child.kill('SIGKILL');
        }, timeoutMs);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    })();
    return stopping;
  };
}

export function mavenAvailable(): boolean {
  return commandWorks('mvn', ['-v']).ok;
}

export function libDir(version: string, root = projectRoot()): string {
  return join(root, '.neo4j', `lib-${version}`);
}

function libComplete(dir: string): boolean {
  return existsSync(join(dir, '.complete')) && readdirSync(dir).some((f) => /^neo4j-\d.*\.jar$/.test(f));
}

/** Resolve the server's jars with Maven once; later calls reuse the folder. */
export function ensureNeo4jJars(log: (msg: string) => void, version: string, root = projectRoot()): string {
  const dir = libDir(version, root);
  if (libComplete(dir)) return dir;
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  log(`Resolving Neo4j ${version} from Maven Central into ${dir} (first run only)...`);
  const pom = join(root, 'scripts', 'neo4j', 'pom.xml');
  const r = spawnSync('mvn', ['-B', '-q', '-f', pom, 'package', `-Dneo4j.version=${version}`, `-Dneo4j.lib=${staging}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20 * 60_000,
  });
  if (r.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new ProvisionError(`Maven could not resolve org.neo4j:neo4j:${version}:\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trim());
  }
  writeFileSync(join(staging, '.complete'), `${version}\n`);
  if (libComplete(dir)) {
    rmSync(staging, { recursive: true, force: true }); // another process won the race
  } else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Megabytes of a JVM size such as 512m or 1g. */
function megabytes(size: string): number {
  const m = /^(\d+)([mg])$/i.exec(size);
  if (!m?.[1]) throw new ProvisionError(`heap size ${size}: expected e.g. 512m or 1g`);
  return Number(m[1]) * (m[2]?.toLowerCase() === 'g' ? 1024 : 1);
}

/**
 * On stop, Neo4j's Bolt server waits out a Netty quiet period of 5 s per connector: 10 s of the
 * 10.5 s a stop took (5.26.0, 5.26.30 and 2026.08.1 alike), 0.5 s without it. That was most of
 * `npm start`'s shutdown, and of every test run's. The setting is internal, and an unknown setting
 * keeps Neo4j from starting (strict validation): it is set only on the releases the project tests
 * (2026.08.1 reads it under this, its 5.x name, too).
 */
function quickStop(version: string): string[] {
  const tested = judgeServer({ version, edition: 'community' }, false).ok;
  return tested ? ['internal.dbms.bolt.netty_server_shutdown_quiet_period=0'] : [];
}

function writeConf(home: string, version: string, port: number, pageCache: string, heap: string, auth: boolean): void {
  const heapMb = megabytes(heap);
  const conf = [
    // A transaction that needs more memory fails alone (the service answers it with a 4xx) instead
    // of taking the heap, and with it every other request, down.
    `db.memory.transaction.max=${Math.floor(heapMb * 0.4)}m`,
    `db.memory.transaction.total.max=${Math.floor(heapMb * 0.7)}m`,
    'server.default_listen_address=127.0.0.1',
    'server.default_advertised_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${port}`,
    `server.bolt.advertised_address=127.0.0.1:${port}`,
    'server.http.enabled=false',
    'server.https.enabled=false',
    `dbms.security.auth_enabled=${auth}`,
    `server.memory.pagecache.size=${pageCache}`,
    'dbms.usage_report.enabled=false',
    'db.tx_log.preallocate=false',
    'db.tx_log.rotation.retention_policy=2 files',
    'server.logs.gc.enabled=false',
    ...quickStop(version),
    '',
  ].join('\n');
  writeFileSync(join(home, 'conf', 'neo4j.conf'), conf);
}

const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
  '-Dlog4j2.disable.jmx=true',
];

/** The Community server's main class: renamed with the calendar releases (2025.01 on). */
function entryPoint(version: string): string {
  return version.startsWith('5.') ? 'org.neo4j.server.CommunityEntryPoint' : 'org.neo4j.server.Neo4jCommunity';
}

export interface StartOptions {
  /** The Neo4j release (default: NEO4J_VERSION or the project's default). */
  version?: string;
  /** Persistent home (kept between runs) or undefined for a throwaway store removed at stop. */
  home?: string;
  /** Fixed port (to restart a stopped server on the same address); default: a free one. */
  port?: number;
  heap?: string;
  pageCache?: string;
  /** Require credentials (user neo4j, initial password neo4j); default: none (any basic credentials pass). */
  auth?: boolean;
  log?: (msg: string) => void;
  /**
   * Run the watchdog and the JVM in a process group of their own, so that a terminal's Ctrl-C
   * reaches only the process that started them, which then stops them in its own order (npm start:
   * the service first, then Neo4j). Default: the caller's group.
   */
  ownProcessGroup?: boolean;
}

/** The pid of a running JVM whose pid file is in `home` and whose command line names `home`, if any. */
function storeOwner(home: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(home, 'run', 'java.pid'), 'utf8').trim());
    if (!(pid > 0)) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--home-dir=${home}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Start a Neo4j server. Resolves once the JVM is spawned; poll Bolt for readiness. */
export async function startLocalServer(opts: StartOptions = {}): Promise<LocalServer> {
  const log = opts.log ?? (() => undefined);
  const version = opts.version ?? localNeo4jVersion();
  const { java, seen } = findJava(version);
  if (java === null) {
    throw new ProvisionError(`Neo4j ${version} needs ${javaRequirement(version)}; found ${seen.length > 0 ? seen.map((m) => `Java ${m}`).join(', ') : 'no Java'} (JAVA_HOME, PATH, /usr/lib/jvm).`);
  }
  const lib = ensureNeo4jJars(log, version);
  const throwaway = opts.home === undefined;
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'aai-neo4j-'));
  for (const d of ['conf', 'data', 'logs', 'run', 'plugins', 'import']) mkdirSync(join(home, d), { recursive: true });
  // Another instance's JVM on this store (a second `npm start` in the same checkout): say so, and
  // leave its configuration and pid file alone.
  const owner = storeOwner(home);
  if (owner !== undefined) {
    throw new ProvisionError(`Another Neo4j (pid ${owner}) already uses the store in ${home}, probably another \`npm start\` in this checkout: stop it, or set NEO4J_LOCAL_HOME to another folder.`);
  }
  const port = opts.port ?? (await freePort());
  const heap = opts.heap ?? '1g';
  writeConf(home, version, port, opts.pageCache ?? '256m', heap, opts.auth === true);
  const pidFile = join(home, 'run', 'java.pid');
  rmSync(pidFile, { force: true });
  const consoleLog = join(home, 'logs', 'console.log');
  const out = openSync(consoleLog, 'a');
  const watchdog = watchdogScript();
  const javaArgs = [
    java.bin,
    '-Xms256m',
    `-Xmx${heap}`,
    ...JVM_FLAGS,
    '-cp',
    `${join(home, 'plugins')}/*:${join(home, 'conf')}/*:${lib}/*`,
    entryPoint(version),
    `--home-dir=${home}`,
    `--config-dir=${join(home, 'conf')}`,
    '--console-mode',
  ];
  const child = spawn('/bin/sh', [watchdog, String(process.pid), pidFile, throwaway ? home : '', ...javaArgs], {
    stdio: ['ignore', out, out],
    detached: opts.ownProcessGroup === true,
  });
  closeSync(out);
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : 1);
      resolve();
    });
  });
  // The JVM's pid, written by the watchdog right after it forks java.
  let pid = 0;
  for (let i = 0; i < 200 && pid === 0 && exitCode === null; i++) {
    if (existsSync(pidFile)) pid = Number(readFileSync(pidFile, 'utf8').trim()) || 0;
    if (pid === 0) await new Promise((r) => setTimeout(r, 25));
  }
  const stop = stopperOf(child, exited, () => exitCode === null, () => pid, 60_000, () => {
    if (throwaway) rmSync(home, { recursive: true, force: true });
  });

  return {
    version,
    uri: `bolt://127.0.0.1:${port}`,
    port,
    home,
    pid,
    exitCode: () => exitCode,
    stop,
  };
}

/** What a failed start looks like, for error messages. */
export function describeExit(server: LocalServer): string {
  const code = server.exitCode();
  const reasons: Record<number, string> = {
    1: 'the web server failed',
    2: 'the database failed to start (is another Neo4j using this store? see the log)',
    3: 'invalid configuration or not enough memory',
  };
  let tail = '';
  try {
    const log = readFileSync(join(server.home, 'logs', 'console.log'), 'utf8');
    // The store is locked by another JVM: one sentence instead of Java's trace.
    if (/store_lock|FileLockException/.test(log.split('\n').slice(-200).join('\n'))) {
      return `another Neo4j already uses the store in ${server.home} (another \`npm start\` in this checkout?): stop it, or set NEO4J_LOCAL_HOME to another folder.`;
    }
    tail = log.split('\n').slice(-15).join('\n');
  } catch {
    /* no log */
  }
  return `Neo4j exited with code ${code ?? '?'}${code !== null && reasons[code] ? ` (${reasons[code]})` : ''}.\n${tail}`;
}
