/**
 * The graph store: the only module family that speaks Cypher. Values always travel as parameters;
 * labels and relationship types come only from the generated schema's allow-list; the database is
 * always named. Write transactions are re-run on deadlocks and uniqueness races (a concurrent
 * creator of the same URI): the re-run sees the winner's node and answers accordingly.
 */
import type { Driver } from 'neo4j-driver';
import type { JobChunkTx } from '../domain/jobs/jobs.js';
import type { GraphReader, GraphTx } from '../domain/model.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { StoreUnavailableError } from '../domain/model.js';
import { quietRunner, withoutStackTrace } from './driver.js';
import { mapDriverError, StoreConflictError } from './errors.js';
import { Neo4jGraphReader } from './graph-reader.js';
import { Neo4jGraphTx, WriteMismatchError } from './graph-tx.js';
import { Neo4jJobChunkTx } from './job-store.js';

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
  write<T>(work: (tx: GraphTx, jobs: JobChunkTx) => Promise<WriteWork<T>>): Promise<T>;
  /** Run `work` in one Neo4j read transaction. */
  read<T>(work: (reader: GraphReader) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Re-runs of a write transaction after a conflict before giving up (AAI_6134). */
  retries: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createGraphStore(driver: Driver, database: string, schema: Schema, opts: StoreOptions = { retries: 8 }): GraphStore {
  async function write<T>(work: (tx: GraphTx, jobs: JobChunkTx) => Promise<WriteWork<T>>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const session = driver.session({ database, defaultAccessMode: 'WRITE' });
      const tx = session.beginTransaction();
      try {
        const runner = quietRunner(tx);
        const { value, commit } = await work(new Neo4jGraphTx(runner, schema), new Neo4jJobChunkTx(runner));
        await withoutStackTrace(() => (commit ? tx.commit() : tx.rollback()));
        return value;
      } catch (e) {
        if (tx.isOpen()) await tx.rollback().catch(() => undefined);
        const mapped = e instanceof WriteMismatchError ? new StoreConflictError(e.message) : mapDriverError(e);
        if (!(mapped instanceof StoreConflictError)) throw mapped;
        if (attempt >= opts.retries) throw new AaiError('AAI_6134', undefined, { status: 503 });
        await sleep(Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random()));
      } finally {
        await session.close();
      }
    }
  }

  async function read<T>(work: (reader: GraphReader) => Promise<T>): Promise<T> {
    const session = driver.session({ database, defaultAccessMode: 'READ' });
    try {
      return await session.executeRead((tx) => work(new Neo4jGraphReader(quietRunner(tx), schema)));
    } catch (e) {
      throw mapDriverError(e);
    } finally {
      await session.close();
    }
  }

  return {
    driver,
    database,
    async ping() {
      try {
        await driver.executeQuery('RETURN 1 AS ok', {}, { database, routing: 'READ' });
      } catch (e) {
        const mapped = mapDriverError(e);
        throw mapped instanceof StoreUnavailableError ? mapped : new StoreUnavailableError('Neo4j did not answer');
      }
    },
    write,
    read,
    close: () => driver.close(),
  };
}
