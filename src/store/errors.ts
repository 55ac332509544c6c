/**
 * Neo4j errors mapped to what the rest of the service understands. Nothing above the store sees a
 * driver error or its message.
 */
import { Neo4jError, isRetryableError } from 'neo4j-driver';
import { StoreUnavailableError } from '../domain/model.js';

/** A write lost a race (uniqueness constraint, deadlock, transient error): re-run the transaction. */
export class StoreConflictError extends Error {
  override name = 'StoreConflictError';
}

/**
 * A transaction hit one of Neo4j's bounds: its memory (the server's per-transaction or total
 * transaction memory limit) or its time (NEO4J_TX_TIMEOUT). Re-running cannot help: never retried.
 */
export class StoreLimitError extends Error {
  override name = 'StoreLimitError';
  constructor(readonly limit: 'memory' | 'time') {
    super(`Neo4j transaction ${limit} limit reached`);
  }
}

// Neo4j classifies these as transient, but the same transaction would hit the same bound again.
const MEMORY = new Set([
  'Neo.TransientError.General.TransactionMemoryLimit',
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
  'Neo.TransientError.General.OutOfMemoryError',
  'Neo.DatabaseError.General.OutOfMemoryError',
]);
const TIMED_OUT = new Set(['Neo.ClientError.Transaction.TransactionTimedOut', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration']);

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.ClientError.Database.DatabaseNotFound', 'Neo.TransientError.General.DatabaseUnavailable']);

/** Translate a driver error; returns the input when it is not a Neo4j error. */
export function mapDriverError(e: unknown): unknown {
  if (!(e instanceof Neo4jError)) return e;
  if (UNAVAILABLE.has(e.code)) return new StoreUnavailableError(`Neo4j unavailable (${e.code})`);
  // Every pooled connection stayed busy for NEO4J_ACQUISITION_TIMEOUT (the driver gives it no code).
  if (e.message.startsWith('Connection acquisition timed out')) return new StoreUnavailableError('Neo4j connection pool exhausted');
  if (MEMORY.has(e.code)) return new StoreLimitError('memory');
  if (TIMED_OUT.has(e.code)) return new StoreLimitError('time');
  if (e.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') return new StoreConflictError('uniqueness conflict');
  // A node this transaction waited for was deleted by the one that held its lock: re-run.
  if (e.code === 'Neo.ClientError.Statement.EntityNotFound') return new StoreConflictError('entity deleted concurrently');
  if (isRetryableError(e) || e.code.startsWith('Neo.TransientError.')) return new StoreConflictError(`transient (${e.code})`);
  return e;
}
