/**
 * Where the Neo4j server comes from: one code path for `npm start` (scripts/neo4j/start.ts), the
 * tests (test/global-setup.ts), the benchmark and `npm run neo4j`. Tooling only: the service itself
 * never provisions anything, it needs NEO4J_URI.
 *   1. NEO4J_URI set                → that server.
 *   2. a Docker engine answers      → testcontainers (tests) or the compose service (start), neo4j:5.26.
 *   3. Java 17+ and Maven (or jars) → the real Community server from Maven Central, on a free port.
 *   4. none of these                → a ProvisionError explaining what to install or set.
 * A server started here is stopped by `stop()`, and never outlives this process (see watchdog.sh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Neo4jConfig } from '../../src/config.js';
import { projectRoot } from '../../src/project-root.js';
import { waitForBolt } from '../../src/store/driver.js';
import { describeExit, ensureNeo4jJars, libDir, mavenAvailable, ProvisionError, startLocalServer } from './local-server.js';
import { findJava, javaRequirement, localNeo4jVersion } from './versions.js';

export { ProvisionError } from './local-server.js';

export type Purpose = 'service' | 'test';

export interface ProvisionOptions {
  /** Aborted (npm start got SIGTERM/SIGINT while Neo4j was starting): stop what was started, throw. */
  signal?: AbortSignal;
}

/**
 * Home (configuration, store, logs) of the local server that `npm start` and `npm run neo4j` keep
 * between runs: NEO4J_LOCAL_HOME, else .neo4j/service. The tests use throwaway stores instead.
 */
export function serviceHome(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const given = env['NEO4J_LOCAL_HOME']?.trim();
  return given ? resolve(given) : join(projectRoot(), '.neo4j', 'service');
}

export interface Neo4jTarget {
  uri: string;
  username: string;
  password: string;
  database: string;
  source: 'env' | 'docker' | 'local';
  /** The JVM pid when the server is a local one started here. */
  pid?: number;
  /** Persistent or throwaway home of a local server. */
  home?: string;
  stop(): Promise<void>;
}

export const DOCKER_IMAGE = 'neo4j:5.26';
/** Password of the compose service (docker-compose.yml) and of test containers. */
const DOCKER_PASSWORD = 'inventory-dev-password';

export function dockerEngineAnswers(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() !== '';
}

const nothingAvailable = (version: string): string => `No Neo4j server is available, and none can be provisioned on this machine.
Do one of these, then run the command again:
  - set NEO4J_URI (with NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) to an existing Neo4j server
    of a supported version (see the README);
  - start a Docker engine (the project then runs the pinned image ${DOCKER_IMAGE});
  - install ${javaRequirement(version)} and Apache Maven 3.8+: the project then resolves the real Neo4j
    Community ${version} server from Maven Central into .neo4j/ and runs it on 127.0.0.1.`;

async function viaCompose(cfg: Neo4jConfig, log: (m: string) => void): Promise<Neo4jTarget> {
  const compose = join(projectRoot(), 'docker-compose.yml');
  log(`Starting the Neo4j compose service (${DOCKER_IMAGE})...`);
  const up = spawnSync('docker', ['compose', '-f', compose, 'up', '-d', '--wait', 'neo4j'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (up.status !== 0) throw new ProvisionError(`docker compose could not start neo4j:\n${up.stderr}`);
  // The compose file publishes Bolt on NEO4J_BOLT_PORT (default 7687).
  const target = { uri: `bolt://127.0.0.1:${process.env['NEO4J_BOLT_PORT'] ?? '7687'}`, username: 'neo4j', password: DOCKER_PASSWORD, database: cfg.database };
  await waitForBolt(target, cfg.connectTimeoutMs);
  return {
    ...target,
    source: 'docker',
    stop: () => {
      spawnSync('docker', ['compose', '-f', compose, 'stop', 'neo4j'], { stdio: 'ignore' });
      return Promise.resolve();
    },
  };
}

async function viaTestcontainers(cfg: Neo4jConfig, log: (m: string) => void): Promise<Neo4jTarget> {
  log(`Starting a ${DOCKER_IMAGE} test container...`);
  // Imported lazily: testcontainers is a devDependency, used only for tests on machines with Docker.
  const { Neo4jContainer } = await import('@testcontainers/neo4j');
  const container = await new Neo4jContainer(DOCKER_IMAGE).withPassword(DOCKER_PASSWORD).start();
  return {
    uri: container.getBoltUri(),
    username: container.getUsername(),
    password: container.getPassword(),
    database: cfg.database,
    source: 'docker',
    stop: async () => {
      await container.stop();
    },
  };
}

/** NEO4J_LOCAL_PORT: the Bolt port of the service's local server (npm start, npm run neo4j); default a free one. */
function fixedPort(): { port?: number } {
  const raw = process.env['NEO4J_LOCAL_PORT'];
  if (raw === undefined || raw === '') return {};
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ProvisionError(`NEO4J_LOCAL_PORT=${JSON.stringify(raw)}: expected a port number from 1 to 65535`);
  return { port };
}

async function viaLocalServer(cfg: Neo4jConfig, purpose: Purpose, log: (m: string) => void, opts: ProvisionOptions): Promise<Neo4jTarget> {
  // The service's server keeps its store, and runs in a process group of its own: npm start stops
  // it after the service, also on a terminal's Ctrl-C.
  const service = purpose === 'service' ? { home: serviceHome(), ownProcessGroup: true, ...fixedPort() } : {};
  const server = await startLocalServer({ ...service, log });
  log(`Started Neo4j ${server.version} (pid ${server.pid}) on ${server.uri}, store ${server.home}`);
  const target = { uri: server.uri, username: 'neo4j', password: '', database: cfg.database };
  try {
    await waitForBolt(target, Math.max(cfg.connectTimeoutMs, 60_000), () => {
      if (opts.signal?.aborted) return 'interrupted';
      return server.exitCode() === null ? undefined : describeExit(server);
    });
  } catch (e) {
    await server.stop();
    throw new ProvisionError(`The local Neo4j server did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { ...target, source: 'local', pid: server.pid, home: server.home, stop: server.stop };
}

export function localServerPossible(version: string): boolean {
  if (findJava(version).java === null) return false;
  return existsSync(join(libDir(version), '.complete')) || mavenAvailable();
}

export async function provisionNeo4j(cfg: Neo4jConfig, purpose: Purpose, log: (m: string) => void, opts: ProvisionOptions = {}): Promise<Neo4jTarget> {
  if (cfg.uri !== undefined) {
    return { uri: cfg.uri, username: cfg.username, password: cfg.password, database: cfg.database, source: 'env', stop: () => Promise.resolve() };
  }
  if (dockerEngineAnswers()) {
    return purpose === 'test' ? viaTestcontainers(cfg, log) : viaCompose(cfg, log);
  }
  const version = localNeo4jVersion();
  if (localServerPossible(version)) return viaLocalServer(cfg, purpose, log, opts);
  throw new ProvisionError(nothingAvailable(version));
}

/** Resolve the jars ahead of time (CI warms its cache with it). */
export function prefetchLocalServer(log: (m: string) => void): void {
  ensureNeo4jJars(log, localNeo4jVersion());
}
