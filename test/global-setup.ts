/**
 * One Neo4j per test run, provisioned through the same code path as `npm start` (NEO4J_URI, else
 * testcontainers when Docker answers, else the local Maven-resolved server on a throwaway store).
 * Stopped in teardown; if the run is interrupted, the watchdog stops it when this process ends.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import { provisionNeo4j } from '../scripts/neo4j/provision.js';
import { Schema } from '../src/schema/schema.js';
import { createDriver } from '../src/store/driver.js';
import { checkInventory } from '../src/store/graph-scan.js';
import { runMigrations } from '../src/store/migrations.js';
import type { Neo4jConnection } from './helpers/neo4j.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jConnection;
    /** Where test/helpers/openapi-check.ts records responses that depart from the API description. */
    openapiViolations: string;
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
    await runMigrations(driver, target.database, Schema.load());
  } finally {
    await driver.close();
  }
  project.provide('neo4j', connection);
  const violations = mkdtempSync(join(tmpdir(), 'aai-openapi-'));
  project.provide('openapiViolations', violations);
  return async () => {
    try {
      reportViolations(violations);
      await checkWholeGraph(connection);
    } finally {
      await target.stop();
    }
  };
}

/** After the whole suite: every response the tests' apps gave that departs from the API description fails the run. */
function reportViolations(dir: string): void {
  const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l !== ''));
  rmSync(dir, { recursive: true, force: true });
  const distinct = [...new Set(lines)];
  console.log(`[openapi] ${lines.length} responses departed from the API description`);
  if (distinct.length === 0) return;
  const kinds = new Map<string, number>();
  for (const l of distinct) {
    const v = JSON.parse(l) as { operation: string | null; problem: string };
    const kind = `${v.operation ?? '(no operation)'}: ${v.problem.slice(0, 60)}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  console.error(`Responses that depart from the API description (schema/v15/openapi.json), ${distinct.length} distinct:\n${distinct.slice(0, 40).join('\n')}`);
  console.error(`By operation and problem:\n${[...kinds].map(([k, n]) => `  ${n} × ${k}`).join('\n')}`);
  process.exitCode = 1;
}

/**
 * After the whole suite, the integrity check of the whole database must find nothing: every test
 * that wrote corruption on purpose removed it (check-graph.test.ts), and nothing else may leave any.
 */
async function checkWholeGraph(connection: Neo4jConnection): Promise<void> {
  const driver = createDriver(connection);
  try {
    const report = await checkInventory(driver, connection.database, Schema.load(), { maxExamples: 20 });
    console.log(`[integrity] ${report.nodes} nodes, ${report.edges} edges, ${report.total} violations after the suite`);
    if (report.total > 0) {
      // A throw here is printed but does not fail the run (vitest 4): fail it through the exit code.
      console.error(`The integrity check found ${report.total} violations after the suite:\n${report.examples.map((v) => `  ${v.kind} ${v.uri} ${v.detail}`).join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await driver.close();
  }
}
