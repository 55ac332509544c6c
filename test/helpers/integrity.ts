import { expect } from 'vitest';
import type { IntegrityReport } from '../../src/domain/integrity.js';
import { checkInventory } from '../../src/store/graph-scan.js';
import { testSchema } from './app.js';
import { neo4jConnection, testDriver } from './neo4j.js';

/** The integrity check of the nodes under `prefix` (the whole inventory when ''). */
export function integrityOf(prefix: string): Promise<IntegrityReport> {
  return checkInventory(testDriver(), neo4jConnection().database, testSchema(), { prefix });
}

/** Expect the graph under each prefix intact, after a test that raced or crashed writers into it. */
export async function expectIntact(...prefixes: string[]): Promise<void> {
  for (const prefix of prefixes) {
    const report = await integrityOf(prefix);
    expect(report.examples, `integrity under ${prefix}`).toEqual([]);
    expect(report.nodes, `nodes under ${prefix}`).toBeGreaterThan(0);
  }
}
