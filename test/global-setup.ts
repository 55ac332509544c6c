/**
 * One Neo4j per test run, provisioned through the same code path as `npm start` (NEO4J_URI, else
 * testcontainers when Docker answers, else the local Maven-resolved server on a throwaway store).
 * Stopped in teardown; if the run is interrupted, the watchdog stops it when this process ends.
 */
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import { provisionNeo4j } from '../src/neo4j-server/provision.js';
import { createDriver } from '../src/store/driver.js';
import { runMigrations } from '../src/store/migrations.js';
import type { Neo4jConnection } from './helpers/neo4j.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jConnection;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig(process.env);
  const target = await provisionNeo4j(config.neo4j, 'test', (m) => console.log(`[neo4j] ${m}`));
  const connection: Neo4jConnection = {
    uri: target.uri,
    username: target.username,
    password: target.password,
    database: target.database,
    ...(target.pid !== undefined ? { pid: target.pid } : {}),
  };
  const driver = createDriver(connection);
  try {
    await runMigrations(driver, target.database);
  } finally {
    await driver.close();
  }
  project.provide('neo4j', connection);
  return async () => {
    await target.stop();
  };
}
