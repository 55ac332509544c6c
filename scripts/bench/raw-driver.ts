/**
 * The references: the same inventory written with the raw neo4j-driver, with the same properties
 * the service stores (A&AI bookkeeping included). No planning, no validation, no locking reads, no
 * touching of relationship targets.
 *   writeRaw             — UNWIND batches of 1,000, one transaction per batch: the best this Neo4j does;
 *   writeRawTransactions — the bulkadd benchmark's transaction shapes (6 pnfs with their 4
 *                          p-interfaces, or 30 logical-links, per transaction) from N clients: what
 *                          Neo4j itself costs per transaction of that size.
 */
import { randomUUID } from 'node:crypto';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { runLoad, type LoadResult } from './common.js';
import { combine } from './scenarios.js';
import { INTERFACES_PER_PNF, linkUri, pifBody, pifUri, pnfBody, pnfUri, type Inventory } from './inventory.js';

const BATCH = 1000;

export const CREATE_PNFS = 'UNWIND $rows AS r CREATE (n:AaiNode:pnf) SET n = r.props';
export const CREATE_PIFS =
  'UNWIND $rows AS r MATCH (p:AaiNode {`aai-uri`: r.parent}) USING INDEX SEEK p:AaiNode(`aai-uri`) CREATE (c:AaiNode:`p-interface`) SET c = r.props CREATE (c)-[:`tosca.relationships.network.BindsTo`]->(p)';
const CREATE_LINKS = `UNWIND $rows AS r MATCH (a:AaiNode {\`aai-uri\`: r.a}) USING INDEX SEEK a:AaiNode(\`aai-uri\`) MATCH (b:AaiNode {\`aai-uri\`: r.b}) USING INDEX SEEK b:AaiNode(\`aai-uri\`)
     CREATE (l:AaiNode:\`logical-link\`) SET l = r.props
     CREATE (a)-[:\`tosca.relationships.network.LinksTo\`]->(l) CREATE (b)-[:\`tosca.relationships.network.LinksTo\`]->(l)`;

/** The properties the service stores on every object besides its own (A&AI's bookkeeping). */
export function bookkeeping(uri: string, type: string, now: number): Record<string, unknown> {
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

const pnfRows = (pnfs: readonly string[], now: number): unknown[] =>
  pnfs.map((p) => ({ props: { ...pnfBody(p), 'in-maint': false, ...bookkeeping(pnfUri(p), 'pnf', now) } }));

const pifRows = (pnfs: readonly string[], now: number): unknown[] =>
  pnfs.flatMap((p) =>
    Array.from({ length: INTERFACES_PER_PNF }, (_, j) => ({
      parent: pnfUri(p),
      props: { ...pifBody(`eth${j}`), 'in-maint': false, ...bookkeeping(pifUri(p, `eth${j}`), 'p-interface', now) },
    })),
  );

const linkRows = (links: Inventory['links'], now: number): unknown[] =>
  links.map((l) => ({
    a: pifUri(...l.a),
    b: pifUri(...l.b),
    props: { 'link-name': l.name, 'link-type': 'ethernet', 'speed-value': '100', 'speed-units': 'Gbps', 'operational-status': 'up', 'in-maint': false, ...bookkeeping(linkUri(l.name), 'logical-link', now) },
  }));

async function batches(driver: Driver, database: string, rows: readonly unknown[], query: string): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await driver.executeQuery(query, { rows: chunk }, { database });
  }
}

/** Writes the inventory; returns the number of operations (objects) written. */
export async function writeRaw(driver: Driver, database: string, inv: Inventory): Promise<number> {
  const now = Date.now();
  await batches(driver, database, pnfRows(inv.pnfs, now), CREATE_PNFS);
  await batches(driver, database, pifRows(inv.pnfs, now), CREATE_PIFS);
  await batches(driver, database, linkRows(inv.links, now), CREATE_LINKS);
  return inv.pnfs.length * (1 + INTERFACES_PER_PNF) + inv.links.length;
}

function transaction(driver: Driver, database: string, ops: number, work: (tx: ManagedTransaction) => Promise<unknown>): () => Promise<{ ms: number; ops: number; ok: boolean }> {
  return async () => {
    const t0 = process.hrtime.bigint();
    const session = driver.session({ database });
    try {
      await session.executeWrite(work);
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, ops, ok: true };
    } finally {
      await session.close();
    }
  };
}

/** The inventory in bulkadd-sized transactions (30 operations) from `clients` concurrent clients. */
export async function writeRawTransactions(driver: Driver, database: string, inv: Inventory, clients: number): Promise<LoadResult> {
  const now = Date.now();
  const pnfsPerTx = 30 / (1 + INTERFACES_PER_PNF);
  const phase1 = [];
  for (let i = 0; i < inv.pnfs.length; i += pnfsPerTx) {
    const pnfs = inv.pnfs.slice(i, i + pnfsPerTx);
    phase1.push(
      transaction(driver, database, pnfs.length * (1 + INTERFACES_PER_PNF), async (tx) => {
        await tx.run(CREATE_PNFS, { rows: pnfRows(pnfs, now) });
        await tx.run(CREATE_PIFS, { rows: pifRows(pnfs, now) });
      }),
    );
  }
  const phase2 = [];
  for (let i = 0; i < inv.links.length; i += 30) {
    const links = inv.links.slice(i, i + 30);
    phase2.push(transaction(driver, database, links.length, (tx) => tx.run(CREATE_LINKS, { rows: linkRows(links, now) })));
  }
  return combine([await runLoad(phase1, clients), await runLoad(phase2, clients)]);
}
