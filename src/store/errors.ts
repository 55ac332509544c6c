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

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.ClientError.Database.DatabaseNotFound', 'Neo.TransientError.General.DatabaseUnavailable']);

/** Translate a driver error; returns the input when it is not a Neo4j error. */
export function mapDriverError(e: unknown): unknown {
  if (!(e instanceof Neo4jError)) return e;
  if (UNAVAILABLE.has(e.code)) return new StoreUnavailableError(`Neo4j unavailable (${e.code})`);
  if (e.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') return new StoreConflictError('uniqueness conflict');
  // A node this transaction waited for was deleted by the one that held its lock: re-run.
  if (e.code === 'Neo.ClientError.Statement.EntityNotFound') return new StoreConflictError('entity deleted concurrently');
  if (isRetryableError(e) || e.code.startsWith('Neo.TransientError.')) return new StoreConflictError(`transient (${e.code})`);
  return e;
}
