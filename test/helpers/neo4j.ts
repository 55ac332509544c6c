import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { inject } from 'vitest';
import { createDriver } from '../../src/store/driver.js';

export interface Neo4jConnection {
  uri: string;
  username: string;
  password: string;
  database: string;
  pid?: number;
}

export function neo4jConnection(): Neo4jConnection {
  return inject('neo4j');
}

let shared: Driver | undefined;

/** One driver per test file (worker), for assertions that read Neo4j directly. */
export function testDriver(): Driver {
  shared ??= createDriver(neo4jConnection());
  return shared;
}

/** A short unique suffix: tests isolate their data by unique keys, never by wiping the database. */
export function uid(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Run Cypher for assertions; returns plain objects. */
export async function cypher<T = Record<string, unknown>>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { database } = neo4jConnection();
  const res = await testDriver().executeQuery(query, params, { database });
  return res.records.map((r) => r.toObject() as T);
}
