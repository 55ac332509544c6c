/**
 * The graph store: the only module family that speaks Cypher. Values always travel as parameters;
 * labels and relationship types come only from the generated schema's allow-list; the database is
 * always named. Write transactions are re-run on deadlocks and uniqueness races (a concurrent
 * creator of the same URI): the re-run sees the winner's node and answers accordingly.
 */
import type { Driver } from 'neo4j-driver';
import type { GraphReader, GraphTx, JobChunkTx } from '../domain/ports.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { StoreUnavailableError } from '../domain/model.js';
import { quietRunner, withoutStackTrace, type StatementRunner } from './driver.js';
import { Connectivity, type ConnectivityOptions } from './connectivity.js';
import { mapDriverError, StoreConflictError, StoreLimitError } from './errors.js';
import { Neo4jGraphReader } from './graph-reader.js';
import { Neo4jGraphTx, WriteMismatchError } from './graph-tx.js';
import { Neo4jJobChunkTx } from './job-store.js';
import { judgeServer, readServerInfo, type ServerInfo } from './server-version.js';

export interface WriteWork<T> {
  value: T;
  /** Commit when true; roll back otherwise (failed transaction, dry run). */
  commit: boolean;
}

export interface GraphStore {
  readonly driver: Driver;
  readonly database: string;
  ping(): Promise<void>;
  /** Run `work` in one Neo4j write transaction, re-running it on conflicts. */
  write<T>(work: (tx: GraphTx) => Promise<WriteWork<T>>): Promise<T>;
  /** The same, with the job bookkeeping of a chunk in the same transaction (the job worker's). */
  writeChunk<T>(work: (tx: GraphTx, jobs: JobChunkTx) => Promise<WriteWork<T>>): Promise<T>;
  /** Run `work` in one Neo4j read transaction. */
  read<T>(work: (reader: GraphReader) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Re-runs of a write transaction after a conflict before giving up (AAI_6134). */
  retries: number;
  /** Every transaction's time limit on the server (NEO4J_TX_TIMEOUT); 0: the server's own. */
  txTimeoutMs?: number;
  /**
   * Read the server's version again after an outage (it may come back upgraded or replaced) and
   * refuse (503) a server outside the tested range until a supported one answers.
   */
  serverCheck?: ServerCheck;
  /** The fail-fast window after a connection failure, and the probe's bound (connectivity.ts). */
  connectivity?: ConnectivityOptions;
  /** Told of re-runs and of transactions opening and closing (the service's metrics, src/http/metrics.ts). */
  observer?: StoreObserver;
  /** Keep the outbox of change events: every write transaction records its events (EVENTS_ENABLED). */
  events?: { committed(): void };
}

export interface StoreObserver {
  /** A write transaction is re-run after a conflict. */
  retried(): void;
  /** A transaction (each holds a pooled connection) opened (+1) or closed (-1). */
  inFlight(access: 'read' | 'write', delta: 1 | -1): void;
}

export interface ServerCheck {
  acceptUntested: boolean;
  /** The accepted range (default: SUPPORTED_NEO4J). */
  range?: { oldest: string; newest: string };
  /** The server as already checked (at start-up): the first use then need not read it again. */
  checked?: ServerInfo;
  /** Told what was found at each check: `refused` is the reason when the server is refused. */
  report(info: ServerInfo, refused: string | undefined): void;
}

/** While a refused server answers, how often it is looked at again. */
const REFUSED_RECHECK_MS = 5_000;

/**
 * Checks the server at the first use (unless already checked) and again after every outage;
 * `ensure()` costs nothing while the server is known good.
 */
function serverGuard(driver: Driver, database: string, check: ServerCheck | undefined) {
  let stale = check?.checked === undefined;
  let refused: { reason: string; at: number } | undefined;
  let running: Promise<void> | undefined;
  const recheck = async (): Promise<void> => {
    if (!check) return;
    let info: ServerInfo;
    try {
      info = await readServerInfo(driver, database);
    } catch (e) {
      const mapped = mapDriverError(e);
      throw mapped instanceof StoreUnavailableError ? mapped : new StoreUnavailableError('Neo4j did not answer');
    }
    stale = false;
    const verdict = judgeServer(info, check.acceptUntested, check.range);
    refused = verdict.ok ? undefined : { reason: verdict.reason, at: Date.now() };
    check.report(info, refused?.reason);
  };
  return {
    async ensure(): Promise<void> {
      if (!check) return;
      if (stale || (refused && Date.now() - refused.at > REFUSED_RECHECK_MS)) {
        running ??= recheck().finally(() => (running = undefined));
        await running;
      }
      if (refused) throw new StoreUnavailableError('Neo4j server version refused');
    },
    /** Called with every error the store raises: an outage makes the next use re-check. */
    noted(e: unknown): unknown {
      if (e instanceof StoreUnavailableError) stale = true;
      return e;
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A bound of Neo4j's that a transaction hit, as the A&AI error its client gets (never retried). */
function limitError(e: StoreLimitError, access: 'read' | 'write', timeoutMs: number | undefined): AaiError {
  const time = `it ran for longer than the transaction time limit (NEO4J_TX_TIMEOUT = ${timeoutMs ?? 0} ms)`;
  if (access === 'read') {
    const why = e.limit === 'memory' ? 'it needs more memory than Neo4j allows a transaction' : time;
    return new AaiError('AAI_3303', `the read was stopped because ${why}`);
  }
  if (e.limit === 'memory') return new AaiError('AAI_6147', 'the transaction needs more memory than Neo4j allows a transaction (db.memory.transaction.max): split it');
  return new AaiError('AAI_6134', `the transaction was stopped because ${time}`, { variant: 'unavailable' });
}

export function createGraphStore(driver: Driver, database: string, schema: Schema, opts: StoreOptions = { retries: 8 }): GraphStore {
  const guard = serverGuard(driver, database, opts.serverCheck);
  /** `RETURN 1` in an auto-commit transaction: no driver retries, so a dead server fails at once. */
  const returnOne = async (): Promise<void> => {
    const session = driver.session({ database, defaultAccessMode: 'READ' });
    try {
      await session.run('RETURN 1 AS ok');
    } finally {
      await session.close().catch(() => undefined);
    }
  };
  // Fail fast while Neo4j is unreachable, probe after a short window, recover by itself (connectivity.ts).
  const connectivity = new Connectivity(returnOne, opts.connectivity);
  const txConfig = opts.txTimeoutMs ? { timeout: opts.txTimeoutMs } : {};
  const observer = opts.observer;

  /** One write transaction over `runner`, re-run on conflicts; `work` gets what its caller needs of it. */
  async function runWrite<T>(work: (runner: StatementRunner, recorded: () => void) => Promise<WriteWork<T>>): Promise<T> {
    await connectivity.gate();
    await guard.ensure();
    for (let attempt = 0; ; attempt++) {
      const session = driver.session({ database, defaultAccessMode: 'WRITE' });
      const tx = session.beginTransaction(txConfig);
      observer?.inFlight('write', 1);
      try {
        const runner = quietRunner(tx);
        let events = false;
        const { value, commit } = await work(runner, () => (events = true));
        await withoutStackTrace(() => (commit ? tx.commit() : tx.rollback()));
        if (commit && events) opts.events?.committed();
        return value;
      } catch (e) {
        if (tx.isOpen()) await tx.rollback().catch(() => undefined);
        connectivity.noted(e);
        const mapped = e instanceof WriteMismatchError ? new StoreConflictError(e.message) : mapDriverError(e);
        if (mapped instanceof StoreLimitError) throw limitError(mapped, 'write', opts.txTimeoutMs);
        if (!(mapped instanceof StoreConflictError)) throw guard.noted(mapped);
        if (attempt >= opts.retries) throw new AaiError('AAI_6134', undefined, { variant: 'unavailable' });
        observer?.retried();

        await sleep(Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random()));
      } finally {
        observer?.inFlight('write', -1);
        await session.close();
      }
    }
  }

  async function read<T>(work: (reader: GraphReader) => Promise<T>): Promise<T> {
    await connectivity.gate();
    await guard.ensure();
    const session = driver.session({ database, defaultAccessMode: 'READ' });
    // An explicit transaction: the driver's managed executeRead would re-run it on Neo4j's
    // "transient" memory errors for seconds, where the same read would hit the same bound again.
    const tx = session.beginTransaction(txConfig);
    observer?.inFlight('read', 1);
    try {
      const value = await work(new Neo4jGraphReader(quietRunner(tx), schema));
      await withoutStackTrace(() => tx.commit());
      return value;
    } catch (e) {
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      connectivity.noted(e);
      const mapped = mapDriverError(e);
      if (mapped instanceof StoreLimitError) throw limitError(mapped, 'read', opts.txTimeoutMs);
      throw guard.noted(mapped);
    } finally {
      observer?.inFlight('read', -1);
      await session.close();
    }
  }

  return {
    driver,
    database,
    async ping() {
      await connectivity.gate();
      try {
        await returnOne();
        connectivity.succeeded();
      } catch (e) {
        connectivity.noted(e);
        const mapped = mapDriverError(e);
        throw guard.noted(mapped instanceof StoreUnavailableError ? mapped : new StoreUnavailableError('Neo4j did not answer'));
      }
      await guard.ensure();
    },
    write: (work) => runWrite((runner, recorded) => work(new Neo4jGraphTx(runner, schema, opts.events !== undefined, recorded))),
    writeChunk: (work) => runWrite((runner, recorded) => work(new Neo4jGraphTx(runner, schema, opts.events !== undefined, recorded), new Neo4jJobChunkTx(runner))),
    read,
    close: () => driver.close(),
  };
}
