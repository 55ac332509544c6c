/**
 * Entry point: validated config → the Neo4j of NEO4J_URI (required: provisioning one is the
 * tooling's job, `npm start` in scripts/neo4j/start.ts) → bounded connect → migrations → app →
 * listen. SIGTERM/SIGINT: stop accepting, finish in-flight requests (bounded), stop the job workers,
 * close the driver.
 */
import type { Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { createApp } from './app.js';
import { createBoundedServer } from './http/connection-limits.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createDriver, waitForBolt } from './store/driver.js';
import { createGraphStore, type GraphStore } from './store/graph-store.js';
import { createJobStore } from './store/job-store.js';
import { JobWorker } from './domain/jobs/job-worker.js';
import { runMigrations } from './store/migrations.js';
import { Schema } from './schema/schema.js';
import { judgeServer, readServerInfo } from './store/server-version.js';

/**
 * V8 lets its old generation grow to several times its live size before a full collection: during
 * a large job the service held 30–46 MB live and 100–160 MB of garbage, for a peak RSS over 300 MB.
 * Letting the heap at most double its live size between full collections keeps memory in proportion
 * to what the service holds (218 MB peak for the same job; 177 MB at 50%, but for about 20% more
 * of the service's CPU), with no fixed cap that a large request could run into. A
 * `--heap-growing-percent` given in NODE_OPTIONS or on the command line wins.
 */
const HEAP_GROWING_PERCENT = 100;
const heapFlag = '--heap-growing-percent';
if (![...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((a) => a.startsWith(heapFlag))) {
  setFlagsFromString(`${heapFlag}=${HEAP_GROWING_PERCENT}`);
}

interface Running {
  store?: GraphStore;
  server?: Server;
  worker?: JobWorker;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function closeServer(server: Server, timeoutMs: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function shutdown(running: Running, config: Config, logger: Logger, signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  if (running.server) await closeServer(running.server, config.shutdownTimeoutMs);
  // Running jobs finish their current chunk and hand their leases back to other instances.
  if (running.worker) await running.worker.stop();
  if (running.store) await running.store.close().catch(() => undefined);
  logger.info('stopped');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const running: Running = {};
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    void shutdown(running, config, logger, signal).finally(() => process.exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // A stray rejection is a bug to log, not a reason to take every in-flight request down.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  const { uri, username, password, database } = config.neo4j;
  if (uri === undefined) {
    fail('NEO4J_URI is not set: point it (with NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) at a Neo4j server, or run `npm start`, which provisions one.');
  }
  const connection = { uri, username, password, maxPoolSize: config.neo4j.maxPoolSize, acquisitionTimeoutMs: config.neo4j.acquisitionTimeoutMs };
  try {
    await waitForBolt(connection, config.neo4j.connectTimeoutMs);
  } catch (e) {
    fail(`Cannot connect to Neo4j: ${e instanceof Error ? e.message : String(e)}`);
  }
  const schema = Schema.load();
  const driver = createDriver(connection);
  // Know the server before touching it: refuse one outside the tested range (see server-version.ts).
  const info = await readServerInfo(driver, database);
  const verdict = judgeServer(info, config.neo4j.acceptUntestedVersion);
  if (!verdict.ok) {
    await driver.close();
    fail(verdict.reason);
  }
  logger.info({ neo4jVersion: info.version, neo4jEdition: info.edition }, 'Neo4j server');
  if (verdict.untested) logger.warn({ neo4jVersion: info.version }, 'running on a Neo4j version this service has not been tested on (NEO4J_ACCEPT_UNTESTED_VERSION=true)');
  running.store = createGraphStore(driver, database, schema, {
    retries: config.bulk.txRetries,
    txTimeoutMs: config.neo4j.txTimeoutMs,
    serverCheck: {
      acceptUntested: config.neo4j.acceptUntestedVersion,
      checked: info,
      report: (found, refused) => {
        if (refused === undefined) logger.info({ neo4jVersion: found.version, neo4jEdition: found.edition }, 'Neo4j server after reconnecting');
        else logger.error({ neo4jVersion: found.version }, refused);
      },
    },
  });
  await runMigrations(driver, database, schema);
  if (stopping) return;

  const jobs = createJobStore(driver, database);
  if (config.jobs.worker) {
    running.worker = new JobWorker(running.store, jobs, schema, { ...config.jobs, impliedDeleteWhitelist: config.impliedDeleteWhitelist, maxObjects: config.budget.writeObjects }, logger);
    running.worker.start();
  }
  const worker = running.worker;
  const app = createApp({ config, logger, schema, store: running.store, jobs, ...(worker ? { notifyJobs: () => worker.notify() } : {}) });
  // Connection cap, header and keep-alive timeouts, lingering close; bodies are bounded per route by the app.
  const server = createBoundedServer(app.callback(), config.limits);
  running.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  logger.info({ url: `http://${config.host}:${config.port}`, neo4j: uri }, 'listening');
}

main().catch((e: unknown) => {
  process.stderr.write(`Start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
