/**
 * `npm start`: the built service (dist/src/server.js) on a Neo4j, as one foreground command.
 *
 * - NEO4J_URI set: the service runs on that server. Unset: Neo4j is provisioned as for
 *   `npm run neo4j` (Docker's compose service, else the Maven-resolved local server of
 *   NEO4J_VERSION, store in NEO4J_LOCAL_HOME or .neo4j/service), and the service runs with its
 *   NEO4J_* settings.
 * - SIGTERM, SIGINT and SIGHUP are forwarded to the service; once it has exited, the Neo4j started
 *   here is stopped. A signal while Neo4j is starting stops it. The exit code is the service's
 *   (128 + the signal's number when a signal ended the start before the service ran).
 * - Neither the service nor the JVM outlives this process, even after SIGKILL: both run under
 *   scripts/neo4j/watchdog.sh, owned by this process, each in a process group of its own (so a
 *   terminal's Ctrl-C reaches them only through here, and the service stops before its Neo4j).
 *
 * package.json runs it with `exec`, so that npm signals this process and not a shell in between
 * (dash does not forward signals to its child).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { projectRoot } from '../../src/project-root.js';
import { watchdogScript } from './local-server.js';
import { SERVICE_NODE_FLAGS } from '../../src/node-flags.js';
import { provisionNeo4j, ProvisionError, type Neo4jTarget } from './provision.js';

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
type StopSignal = (typeof SIGNALS)[number];

/** How long after the forwarded signal the service may take beyond its own shutdown timeout before it is killed. */
const KILL_GRACE_MS = 15_000;

const signalExit = (signal: StopSignal): number => 128 + constants.signals[signal];

interface RunningService {
  /** Resolves with the service's exit code. */
  exited: Promise<number>;
  forward(signal: StopSignal): void;
}

/** What `npm run build` (npm's prestart) produces, and npm start runs. */
const builtService = (): string => join(projectRoot(), 'dist', 'src', 'server.js');

/** The built service under the watchdog, with the target's connection settings. */
function runService(target: Neo4jTarget, config: Config): RunningService {
  const scratch = mkdtempSync(join(tmpdir(), 'aai-start-'));
  const pidFile = join(scratch, 'service.pid');
  const server = builtService();
  const env = { ...process.env, NEO4J_URI: target.uri, NEO4J_USERNAME: target.username, NEO4J_PASSWORD: target.password, NEO4J_DATABASE: target.database };
  // The watchdog removes `scratch` (and so the pid file) once the service has exited.
  const child = spawn('/bin/sh', [watchdogScript(), String(process.pid), pidFile, scratch, process.execPath, ...SERVICE_NODE_FLAGS, server], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + constants.signals[signal] : 1)));
  });
  let killTimer: NodeJS.Timeout | undefined;
  const forward = (signal: StopSignal): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // The watchdog passes it on to the service as SIGTERM: a graceful shutdown, bounded by SHUTDOWN_TIMEOUT_MS.
    child.kill(signal);
    killTimer ??= setTimeout(() => {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, config.shutdownTimeoutMs + KILL_GRACE_MS);
  };
  void exited.then(() => clearTimeout(killTimer));
  return { exited, forward };
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (!existsSync(builtService())) {
    process.stderr.write(`${builtService()} does not exist: run \`npm run build\` first (\`npm start\` does).\n`);
    return 1;
  }
  const logger: Logger = createLogger(config.logLevel);

  // Until the service runs, a signal aborts the start; from then on it is the service's to handle.
  const starting = new AbortController();
  let stopSignal: StopSignal | undefined;
  const running: { service?: RunningService } = {};
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      stopSignal ??= signal;
      if (running.service) running.service.forward(signal);
      else starting.abort();
    });
  }

  let target: Neo4jTarget;
  try {
    target = await provisionNeo4j(config.neo4j, 'service', (msg) => logger.info(msg), { signal: starting.signal });
  } catch (e) {
    if (stopSignal) return signalExit(stopSignal);
    if (e instanceof ProvisionError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (stopSignal) {
    await target.stop();
    return signalExit(stopSignal);
  }

  running.service = runService(target, config);
  const code = await running.service.exited;
  if (target.source !== 'env') logger.info({ neo4j: target.uri }, 'stopping the Neo4j started for the service');
  await target.stop().catch((e: unknown) => logger.error({ err: e }, 'could not stop Neo4j'));
  return code;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`npm start failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
