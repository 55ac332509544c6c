/**
 * Issue "Bounded under abuse": Neo4j's errors as the store reports them. Memory and time limits are
 * never retried (Neo4j calls the memory ones transient, but the same transaction would hit the same
 * bound); an exhausted connection pool is "unavailable" (503), not an internal error (500).
 * The errors are the driver's own Neo4jError, built as the driver builds them from a server's FAILURE.
 */
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/model.js';
import { mapDriverError, StoreConflictError, StoreLimitError } from '../../src/store/errors.js';

const failure = (code: string, message = 'x') => new Neo4jError(message, code, 'gql', 'desc');

describe('mapDriverError', () => {
  it('maps Neo4j memory limits to a memory StoreLimitError, never a conflict to retry', () => {
    for (const code of ['Neo.TransientError.General.TransactionMemoryLimit', 'Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'Neo.TransientError.General.OutOfMemoryError']) {
      const mapped = mapDriverError(failure(code));
      expect(mapped, code).toBeInstanceOf(StoreLimitError);
      expect((mapped as StoreLimitError).limit).toBe('memory');
    }
  });

  it('maps a transaction timeout to a time StoreLimitError', () => {
    const mapped = mapDriverError(failure('Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'));
    expect(mapped).toBeInstanceOf(StoreLimitError);
    expect((mapped as StoreLimitError).limit).toBe('time');
  });

  it("maps the pool's acquisition timeout (a driver error without a code) to unavailable", () => {
    const e = failure('N/A', 'Connection acquisition timed out in 10000 ms. Pool status: Active conn count = 50, Idle conn count = 0.');
    expect(mapDriverError(e)).toBeInstanceOf(StoreUnavailableError);
  });

  it('still retries deadlocks and other transient errors', () => {
    expect(mapDriverError(failure('Neo.TransientError.Transaction.DeadlockDetected'))).toBeInstanceOf(StoreConflictError);
  });
});
