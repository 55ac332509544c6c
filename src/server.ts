/**
 * Entry point: validated config → the Neo4j of NEO4J_URI (required: provisioning one is the
 * tooling's job, `npm start` in scripts/neo4j/start.ts) → bounded connect → migrations → app →
 * listen. SIGTERM/SIGINT: stop accepting, finish in-flight requests (bounded), stop the job workers,
 * close the driver.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { setFlagsFromString } from 'node:v8';
import { createApp } from './app.js';
import { Metrics } from './http/metrics.js';
import { createBoundedServer, type BoundedServer, type TlsMaterial } from './http/connection-limits.js';
import { ConfigError, loadConfig, type Config, type TlsConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createDriver, waitForBolt } from './store/driver.js';
import { createGraphStore, type GraphStore } from './store/graph-store.js';
import { createJobStore } from './store/job-store.js';
import { JobWorker } from './domain/jobs/job-worker.js';
import { EventSequencer } from './domain/events/event-service.js';
import { KafkaRelay } from './domain/events/kafka-relay.js';
import { createEventStore } from './store/event-store.js';
import { createKafkaPublisher } from './kafka/publisher.js';
import { runMigrations } from './store/migrations.js';
import { Schema } from './schema/schema.js';
import { AuthSetupError, buildAuth, openBindRefusal, readAuthSources, type AuthSources } from './auth-setup.js';
import { createTokenStore } from './store/token-store.js';
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

/** How long start-up retries an address where nothing listens (a Neo4j restarting this moment) before failing. */
const UNREACHABLE_GRACE_MS = 2_000;

interface Running {
  store?: GraphStore;
  server?: BoundedServer;
  worker?: JobWorker;
  sequencer?: EventSequencer;
  relay?: KafkaRelay;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * TLS_CERT, TLS_KEY and TLS_CA, read and checked at start-up: an unreadable file, one that is not
 * PEM, an encrypted key, or a key that is not the certificate's stops the service with one sentence.
 */
function readTlsFiles(tls: TlsConfig): TlsMaterial {
  const read = (key: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
      fail(`Cannot read ${key}=${file}: ${why}.`);
    }
  };
  /** The certificates of a PEM file, in order; none when it holds no PEM certificate or a broken one. */
  const certificates = (pem: Buffer): X509Certificate[] => {
    const blocks = pem.toString('latin1').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    try {
      return blocks.map((b) => new X509Certificate(b));
    } catch {
      return [];
    }
  };
  const cert = read('TLS_CERT', tls.certFile);
  const key = read('TLS_KEY', tls.keyFile);
  const ca = tls.caFile === undefined ? undefined : read('TLS_CA', tls.caFile);
  const leaf = certificates(cert)[0];
  if (leaf === undefined) fail(`TLS_CERT=${tls.certFile} holds no PEM certificate.`);
  let privateKey: KeyObject | undefined;
  try {
    if (key.includes('PRIVATE KEY-----')) privateKey = createPrivateKey(key);
  } catch {
    /* encrypted, or not a key */
  }
  if (privateKey === undefined) fail(`TLS_KEY=${tls.keyFile} holds no unencrypted PEM private key.`);
  if (!leaf.checkPrivateKey(privateKey)) fail(`TLS_KEY=${tls.keyFile} is not the private key of the certificate in TLS_CERT=${tls.certFile}.`);
  if (ca !== undefined && certificates(ca).length === 0) fail(`TLS_CA=${tls.caFile} holds no PEM certificate.`);
  try {
    createSecureContext({ cert, key, ...(ca === undefined ? {} : { ca }), minVersion: 'TLSv1.2' });
  } catch (e) {
    fail(`TLS_CERT, TLS_KEY and TLS_CA cannot be used: ${e instanceof Error ? e.message : String(e)}.`);
  }
  return { cert, key, ca, clientCert: tls.clientCert };
}

async function closeServer(server: BoundedServer, timeoutMs: number): Promise<void> {
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
  // The relay publishes what it has read and gives its lease up; the sequencer numbers what is pending.
  if (running.relay) await running.relay.stop();
  if (running.sequencer) await running.sequencer.stop();
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
  // HTTPS: its files are checked before anything else starts.
  const tls = config.tls === undefined ? undefined : readTlsFiles(config.tls);
  // Users and roles, and the secure default (open only on loopback), before anything else starts.
  let authSources: AuthSources;
  try {
    authSources = readAuthSources(config.auth);
  } catch (e) {
    if (e instanceof AuthSetupError) fail(e.message);
    throw e;
  }
  const refusal = openBindRefusal(config.auth, authSources, config.host);
  if (refusal !== undefined) fail(refusal);
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
    // Nothing listening at NEO4J_URI fails after a few seconds; a server that accepts but is not
    // ready yet is waited for up to NEO4J_CONNECT_TIMEOUT_MS (README "Configuration").
    await waitForBolt(connection, config.neo4j.connectTimeoutMs, undefined, { database, unreachableGraceMs: Math.min(UNREACHABLE_GRACE_MS, config.neo4j.connectTimeoutMs) });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
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
  // One metrics registry for the store, the job worker and the app (GET /metrics).
  const metrics = new Metrics();
  const eventStore = createEventStore(driver, database);
  const sequencer = config.events.enabled ? new EventSequencer(eventStore, config.events, logger, metrics) : undefined;
  running.store = createGraphStore(driver, database, schema, {
    observer: metrics.store,
    ...(sequencer ? { events: { committed: () => sequencer.poke() } } : {}),
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

  if (sequencer) {
    running.sequencer = sequencer;
    sequencer.start();
    if (config.kafka) {
      running.relay = new KafkaRelay(eventStore, sequencer, createKafkaPublisher(config.kafka), { ...config.kafka, version: schema.version, domain: config.events.domain }, logger, metrics);
      running.relay.start();
    }
  }
  const jobs = createJobStore(driver, database);
  if (config.jobs.worker) {
    running.worker = new JobWorker(running.store, jobs, schema, { ...config.jobs, impliedDeleteWhitelist: config.impliedDeleteWhitelist, maxObjects: config.budget.writeObjects }, logger, metrics);
    running.worker.start();
  }
  const worker = running.worker;
  const tokens = createTokenStore(driver, database);
  const auth = await buildAuth(config.auth, authSources, tokens);
  if (config.auth.mode === 'off') logger.warn('AUTH=off: every request is served without credentials, as an administrator. For a lab only.');
  else if (auth.open) logger.warn({ host: config.host }, 'no users configured: the service is open, and listens on loopback only');
  const app = createApp({
    config,
    logger,
    schema,
    store: running.store,
    jobs,
    auth,
    tokens,
    metrics,
    ...(worker ? { notifyJobs: () => worker.notify() } : {}),
    ...(sequencer ? { events: { store: eventStore, sequencer } } : {}),
  });
  // Connection cap, header and keep-alive timeouts, lingering close; bodies are bounded per route by the app.
  const server = createBoundedServer(app.callback(), config.limits, tls);
  running.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  logger.info({ url: `${tls === undefined ? 'http' : 'https'}://${config.host}:${config.port}`, neo4j: uri, ...(tls === undefined ? {} : { clientCertificates: tls.clientCert }) }, 'listening');
}

main().catch((e: unknown) => {
  process.stderr.write(`Start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
