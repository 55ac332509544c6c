/**
 * A scan of the whole inventory (or of one URI prefix) in aai-uri order, node by node with every
 * edge it has, streamed: the driver pulls records in batches as the consumer asks for them, and the
 * order comes from the aai-uri range index, so the server neither sorts nor holds the inventory.
 * Used by the integrity check (src/domain/integrity.ts).
 */
import type { Driver } from 'neo4j-driver';
import { IntegrityCheck, type IntegrityReport, type ScannedEdge, type ScannedNode } from '../domain/integrity.js';
import { NODE_LABEL } from '../domain/model.js';
import type { Schema } from '../schema/schema.js';
import { TYPE, URI } from './cypher.js';

const SCAN = `MATCH (n:${NODE_LABEL}) WHERE n.${URI} STARTS WITH $prefix
RETURN n.${URI} AS uri, n.${TYPE} AS type, labels(n) AS labels, n.\`resource-version\` IS NOT NULL AS rv,
  COLLECT { MATCH (n)-[e]-(m) RETURN [type(e), startNode(e) = n, m.${URI}, m.${TYPE}, m:${NODE_LABEL}] } AS edges
ORDER BY uri`;

const WITHOUT_URI = `MATCH (n:${NODE_LABEL}) WHERE n.${URI} IS NULL RETURN count(n) AS c`;

function toEdge(row: readonly unknown[]): ScannedEdge {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return { label: String(row[0]), outgoing: row[1] === true, otherUri: text(row[2]), otherType: text(row[3]), otherIsInventory: row[4] === true };
}

/** Every inventory node whose aai-uri starts with `prefix` ('' for all), in aai-uri order. */
export async function* scanInventory(driver: Driver, database: string, prefix = ''): AsyncGenerator<ScannedNode> {
  const session = driver.session({ database, defaultAccessMode: 'READ', fetchSize: 500 });
  try {
    const result = session.run(SCAN, { prefix });
    for await (const r of result) {
      yield {
        uri: String(r.get('uri')),
        type: r.get('type') === null ? null : String(r.get('type')),
        labels: (r.get('labels') as unknown[]).map(String),
        hasResourceVersion: r.get('rv') === true,
        edges: (r.get('edges') as unknown[][]).map(toEdge),
      };
    }
  } finally {
    await session.close();
  }
}

/** How many inventory nodes have no aai-uri (they cannot be reached by the scan). */
export async function countNodesWithoutUri(driver: Driver, database: string): Promise<number> {
  const res = await driver.executeQuery(WITHOUT_URI, {}, { database, routing: 'READ' });
  return Number(res.records[0]?.get('c') ?? 0);
}

/** The integrity check over the inventory, or over the nodes under one URI prefix. */
export async function checkInventory(driver: Driver, database: string, schema: Schema, opts: { prefix?: string; maxExamples?: number } = {}): Promise<IntegrityReport> {
  const check = new IntegrityCheck(schema, opts.maxExamples);
  if (!opts.prefix) check.nodesWithoutUri(await countNodesWithoutUri(driver, database));
  for await (const node of scanInventory(driver, database, opts.prefix ?? '')) check.visit(node);
  return check.result();
}
