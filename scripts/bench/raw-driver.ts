/**
 * The reference: the same inventory written with the raw neo4j-driver in UNWIND batches of 1,000,
 * one transaction per batch, with the same properties the service stores (A&AI bookkeeping
 * included). No planning, no validation, no locking reads: the best this Neo4j does.
 */
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { INTERFACES_PER_PNF, linkUri, pifBody, pifUri, pnfBody, pnfUri, type Inventory } from './inventory.js';

const BATCH = 1000;

function bookkeeping(uri: string, type: string, now: number): Record<string, unknown> {
  return {
    'aai-uri': uri,
    'aai-node-type': type,
    'resource-version': String(now),
    'aai-uuid': randomUUID(),
    'aai-created-ts': now,
    'aai-last-mod-ts': now,
    'source-of-truth': 'bench',
    'last-mod-source-of-truth': 'bench',
    'aai-last-mod-transaction-id': 'bench-tx',
  };
}

async function batches<T>(driver: Driver, database: string, rows: readonly T[], query: string): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await driver.executeQuery(query, { rows: chunk }, { database });
  }
}

/** Writes the inventory; returns the number of operations (objects) written. */
export async function writeRaw(driver: Driver, database: string, inv: Inventory): Promise<number> {
  const now = Date.now();
  await batches(
    driver,
    database,
    inv.pnfs.map((p) => ({ props: { ...pnfBody(p), 'in-maint': false, ...bookkeeping(pnfUri(p), 'pnf', now) } })),
    'UNWIND $rows AS r CREATE (n:AaiNode:pnf) SET n = r.props',
  );
  const pifs = inv.pnfs.flatMap((p) =>
    Array.from({ length: INTERFACES_PER_PNF }, (_, j) => ({
      parent: pnfUri(p),
      props: { ...pifBody(`eth${j}`), 'in-maint': false, ...bookkeeping(pifUri(p, `eth${j}`), 'p-interface', now) },
    })),
  );
  await batches(
    driver,
    database,
    pifs,
    'UNWIND $rows AS r MATCH (p:AaiNode {`aai-uri`: r.parent}) CREATE (c:AaiNode:`p-interface`) SET c = r.props CREATE (c)-[:`tosca.relationships.network.BindsTo`]->(p)',
  );
  const links = inv.links.map((l) => ({
    a: pifUri(...l.a),
    b: pifUri(...l.b),
    props: { 'link-name': l.name, 'link-type': 'ethernet', 'speed-value': '100', 'speed-units': 'Gbps', 'operational-status': 'up', 'in-maint': false, ...bookkeeping(linkUri(l.name), 'logical-link', now) },
  }));
  await batches(
    driver,
    database,
    links,
    `UNWIND $rows AS r MATCH (a:AaiNode {\`aai-uri\`: r.a}) MATCH (b:AaiNode {\`aai-uri\`: r.b})
     CREATE (l:AaiNode:\`logical-link\`) SET l = r.props
     CREATE (a)-[:\`tosca.relationships.network.LinksTo\`]->(l) CREATE (b)-[:\`tosca.relationships.network.LinksTo\`]->(l)`,
  );
  return inv.pnfs.length + pifs.length + links.length;
}
