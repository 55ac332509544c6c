/**
 * The graph store: the only module family that speaks Cypher. Values always travel as parameters;
 * labels and relationship types come only from the generated schema's allow-list.
 */
import type { Driver } from 'neo4j-driver';
import { mapDriverError, StoreUnavailableError } from './errors.js';

export interface GraphStore {
  readonly driver: Driver;
  readonly database: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createGraphStore(driver: Driver, database: string): GraphStore {
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
    close: () => driver.close(),
  };
}
