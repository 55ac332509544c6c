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

/** A connection problem that waiting cannot fix, or the wait's end: one sentence for the operator. */
export class BoltConnectError extends Error {
  override name = 'BoltConnectError';
  constructor(
    readonly kind: 'refused' | 'unresolved' | 'unreachable' | 'credentials' | 'database' | 'timeout' | 'other',
    message: string,
  ) {
    super(message);
  }
}

export interface WaitOptions {
  /** Also check that this database exists and answers (a missing one fails at once). */
  database?: string;
  /**
   * How long a refused connection, an unknown host name or an unreachable network is retried before
   * failing (default: the whole `timeoutMs`, for a server being started by the caller). The service
   * passes a few seconds: a server that is starting accepts Bolt connections long before it is
   * ready, so nothing listening at the address means a wrong NEO4J_URI or a server that is down.
   */
  unreachableGraceMs?: number;
}

/** The useful part of a driver error: its cause, without the driver's boilerplate about encryption defaults. */
function cause(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return /Caused by: (.*)$/s.exec(msg)?.[1]?.trim() ?? msg;
}

/** What a failed connection attempt means, as one sentence. */
function classify(e: unknown, opts: DriverOptions, database: string | undefined): BoltConnectError {
  const code = (e as { code?: unknown }).code;
  const why = cause(e);
  const at = `Neo4j at ${opts.uri}`;
  if (code === 'Neo.ClientError.Security.Unauthorized' || code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
    return new BoltConnectError('credentials', `${at} refused the credentials of user '${opts.username}': check NEO4J_USERNAME and NEO4J_PASSWORD.`);
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new BoltConnectError('database', `${at} has no database named '${database ?? ''}': check NEO4J_DATABASE.`);
  }
  if (/ECONNREFUSED/.test(why)) return new BoltConnectError('refused', `${at} refused the connection: nothing listens there (is NEO4J_URI right, and is Neo4j running?).`);
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME/.test(why)) return new BoltConnectError('unresolved', `${at} cannot be reached: its host name does not resolve (check NEO4J_URI).`);
  if (/EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL/.test(why)) return new BoltConnectError('unreachable', `${at} cannot be reached: no route to its host (check NEO4J_URI).`);
  return new BoltConnectError('other', `${at} did not answer: ${why}`);
}

/**
 * Wait until the server answers Bolt (and, with `database`, that database answers), up to
 * `timeoutMs`. `abort()` lets a caller stop early (e.g. the JVM it started has exited). Wrong
 * credentials or a missing database fail at once; nothing listening at the address, after
 * `unreachableGraceMs`; anything else (a server that accepts but is not ready) is waited for.
 * Throws BoltConnectError, whose message is one sentence.
 */
export async function waitForBolt(
  opts: DriverOptions,
  timeoutMs: number,
  abort: () => string | undefined = () => undefined,
  more: WaitOptions = {},
): Promise<void> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let last: BoltConnectError | undefined;
  for (;;) {
    const reason = abort();
    if (reason !== undefined) throw new Error(reason);
    const driver = createDriver(opts);
    try {
      await driver.verifyConnectivity();
      if (more.database !== undefined) {
        const session = driver.session({ database: more.database, defaultAccessMode: 'READ' });
        try {
          await session.run('RETURN 1');
        } finally {
          await session.close().catch(() => undefined);
        }
      }
      return;
    } catch (e) {
      last = classify(e, opts, more.database);
    } finally {
      await driver.close();
    }
    if (last.kind === 'credentials' || last.kind === 'database') throw last;
    const unreachable = last.kind === 'refused' || last.kind === 'unresolved' || last.kind === 'unreachable';
    if (unreachable && more.unreachableGraceMs !== undefined && Date.now() - started >= more.unreachableGraceMs) throw last;
    if (Date.now() > deadline) {
      throw unreachable ? last : new BoltConnectError('timeout', `Neo4j at ${opts.uri} did not become ready within ${Math.round(timeoutMs / 1000)} s (NEO4J_CONNECT_TIMEOUT_MS): ${last.message}`);
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
