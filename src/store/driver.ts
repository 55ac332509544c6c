/**
 * The one place that creates neo4j-driver instances. Integers come back as JS numbers
 * (A&AI integers fit in 2^53) and the database is always named.
 */
import neo4j, { type Driver, type Result } from 'neo4j-driver';
import { coalesceBoltWrites } from './bolt-writes.js';

export interface DriverOptions {
  uri: string;
  username: string;
  password: string;
  maxPoolSize?: number;
  /** How long a transaction waits for a pooled connection before 503 (NEO4J_ACQUISITION_TIMEOUT). */
  acquisitionTimeoutMs?: number;
}

export function createDriver(opts: DriverOptions): Driver {
  coalesceBoltWrites();
  // A server with auth disabled (the local one) accepts any basic credentials.
  const auth = neo4j.auth.basic(opts.username, opts.password);
  return neo4j.driver(opts.uri, auth, {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: opts.maxPoolSize ?? 50,
    // Requests wait for a connection while the pool is busy, for a bounded time (then 503).
    connectionAcquisitionTimeout: opts.acquisitionTimeoutMs ?? 10_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: 5_000,
    telemetryDisabled: true,
    userAgent: 'aai-graph-inventory',
  });
}

/**
 * Wait until the server answers Bolt, up to `timeoutMs`. `abort()` lets a caller stop early
 * (e.g. the JVM it started has exited). Throws the last connection error on timeout.
 */
export async function waitForBolt(
  opts: DriverOptions,
  timeoutMs: number,
  abort: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = abort();
    if (reason !== undefined) throw new Error(reason);
    const driver = createDriver(opts);
    try {
      await driver.verifyConnectivity();
      return;
    } catch (e) {
      lastError = e;
    } finally {
      await driver.close();
    }
    if (Date.now() > deadline) {
      const msg = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`Neo4j at ${opts.uri} did not answer within ${Math.round(timeoutMs / 1000)} s: ${msg}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the store's statements need of a transaction (explicit or managed): running one. */
export interface StatementRunner {
  run(query: string, parameters?: Record<string, unknown>): Result;
}

/**
 * Runs `create` (a driver call that creates a Result: `tx.run`, `tx.commit`, `tx.rollback`) without
 * stack frames. The driver formats a stack trace for every Result it creates, to point a later error
 * at its caller; that formatting was about a seventh of the service's CPU in a bulkadd (three
 * Results per request). The store maps every driver error to one of its own, so it never shows that
 * trace. Error.stackTraceLimit is restored before returning, and the driver's work stays
 * asynchronous, so nothing else runs in between.
 */
export function withoutStackTrace<T>(create: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return create();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** `tx` whose statements create their Results without stack frames: how the store hands out every transaction it opens. */
export function quietRunner(tx: StatementRunner): StatementRunner {
  return { run: (query, parameters) => withoutStackTrace(() => tx.run(query, parameters)) };
}
