/**
 * The traversal reads of `npm run bench` (issue 19), on the inventory the bulk paths wrote and a
 * small VNF inventory seeded here (a cloud-region with tenants, vservers, the generic-vnfs hosted on
 * them and their vf-modules): from 8 clients, each request naming another object,
 *   nodes-query    GET /search/nodes-query?search-node-type=p-interface&filter=interface-name:EQUALS:eth1&edge-filter=pnf:EXISTS:pnf-name:<pnf>
 *   generic-query  GET /search/generic-query?start-node-type=pnf&key=pnf.pnf-name:<pnf>&include=p-interface&depth=1
 *   closed-loop    PUT /query?format=resource {"start": <vserver>, "query": "query/closed-loop"} (Policy's)
 *   DSL, 3 hops    PUT /dsl?format=pathed pnf('pnf-name', <pnf>) > p-interface > logical-link > p-interface*
 * each against its reference: the same Cypher statements (compiled by the service's own code, with
 * the same parameters) run on the raw neo4j-driver in one read transaction per request, the rows
 * consumed. The generic query (a statement per level) and the closed-loop query in Policy's
 * format=resource (the traversal, then each result's children and relationships) are several
 * statements: their reference runs the same statements through the store's reader, in-process,
 * without HTTP.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { planDslRequest } from '../../src/domain/traversal/dsl.js';
import { planQueryRequest, runQuery } from '../../src/domain/traversal/query.js';
import { planGenericQuery, planNodesQuery, runGenericQuery } from '../../src/domain/traversal/search.js';
import { ReadBudget } from '../../src/domain/read.js';
import type { Schema } from '../../src/schema/schema.js';
import { createGraphStore } from '../../src/store/graph-store.js';
import { searchStatement } from '../../src/store/search-cypher.js';
import { dslStatement } from '../../src/store/traversal-cypher.js';
import { http, runLoad, type LoadResult } from './common.js';
import type { Inventory } from './inventory.js';

const VSERVERS = 400;
const TENANTS = 20;

export interface ReadPair {
  name: string;
  service: LoadResult;
  raw: LoadResult;
}

const cloudRegion = (run: string): string => `/cloud-infrastructure/cloud-regions/cloud-region/bench/${run}-cr`;
const tenantUri = (run: string, t: number): string => `${cloudRegion(run)}/tenants/tenant/${run}-t${t}`;
const vserverUri = (run: string, i: number): string => `${tenantUri(run, i % TENANTS)}/vservers/vserver/${run}-vs${i}`;

/** The VNF inventory Policy's closed-loop query walks, written through bulkadd (30 operations a request). */
export async function seedVnfs(url: string, run: string): Promise<void> {
  const puts: { uri: string; body: unknown }[] = [{ uri: cloudRegion(run), body: { 'cloud-owner': 'bench', 'cloud-region-id': `${run}-cr` } }];
  for (let t = 0; t < TENANTS; t++) puts.push({ uri: tenantUri(run, t), body: { 'tenant-id': `${run}-t${t}`, 'tenant-name': `tenant ${t}` } });
  for (let i = 0; i < VSERVERS; i++) {
    puts.push({ uri: vserverUri(run, i), body: { 'vserver-id': `${run}-vs${i}`, 'vserver-name': `vs${i}`, 'vserver-selflink': 'http://x' } });
    puts.push({
      uri: `/network/generic-vnfs/generic-vnf/${run}-vnf${i}`,
      body: { 'vnf-id': `${run}-vnf${i}`, 'vnf-type': 'bench', 'relationship-list': { relationship: [{ 'related-to': 'vserver', 'related-link': `/aai/v15${vserverUri(run, i)}` }] } },
    });
    puts.push({ uri: `/network/generic-vnfs/generic-vnf/${run}-vnf${i}/vf-modules/vf-module/${run}-vfm${i}`, body: { 'vf-module-id': `${run}-vfm${i}` } });
  }
  for (let i = 0; i < puts.length; i += 30) {
    const r = await http('PUT', `${url}/aai/v15/bulkadd`, { transactions: [{ put: puts.slice(i, i + 30) }] });
    if (r.status !== 201 || r.body.includes('"4')) throw new Error(`seeding the VNF inventory failed: ${r.status} ${r.body.slice(0, 300)}`);
  }
}

type Request = () => Promise<{ ms: number; ops: number; ok: boolean }>;

function timed(work: () => Promise<boolean>): Request {
  return async () => {
    const t0 = process.hrtime.bigint();
    const ok = await work();
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, ops: 1, ok };
  };
}

/** One read transaction running `statement`, its rows consumed; ok when it returned at least one. */
function rawStatement(driver: Driver, database: string, s: { statement: string; params: Record<string, unknown> }): Request {
  return timed(async () => {
    const session = driver.session({ database, defaultAccessMode: 'READ' });
    try {
      const rows = await session.executeRead(async (tx) => (await tx.run(s.statement, s.params)).records.length);
      return rows > 0;
    } finally {
      await session.close();
    }
  });
}

const ok200 = (r: { status: number }): boolean => r.status === 200;

/** A statement with its row limit, as the store's reader binds it (the read budget's ask). */
function withLimit(s: { statement: string; params: Record<string, unknown> }): { statement: string; params: Record<string, unknown> } {
  return { statement: s.statement, params: { ...s.params, limit: neo4j.int(10_001) } };
}

/** Every read row, each as a service run and its raw reference, `requests` requests each. */
export async function readLoads(url: string, driver: Driver, database: string, schema: Schema, inv: Inventory, run: string, clients: number, requests: number): Promise<ReadPair[]> {
  const pnf = (i: number): string => inv.pnfs[i % inv.pnfs.length] ?? '';
  const store = createGraphStore(driver, database, schema);
  const n = Array.from({ length: requests }, (_, i) => i);
  const pairs: ReadPair[] = [];
  const measure = async (name: string, service: Request[], raw: Request[]): Promise<void> => {
    pairs.push({ name, service: await runLoad(service, clients), raw: await runLoad(raw, clients) });
  };

  const nodesQuery = (i: number): Record<string, string[]> => ({ 'search-node-type': ['p-interface'], filter: ['interface-name:EQUALS:eth1'], 'edge-filter': [`pnf:EXISTS:pnf-name:${pnf(i)}`] });
  await measure(
    'nodes-query (p-interfaces of one pnf by name, edge filter)',
    n.map((i) => timed(async () => ok200(await http('GET', `${url}/aai/v15/search/nodes-query?search-node-type=p-interface&filter=interface-name:EQUALS:eth1&edge-filter=pnf:EXISTS:pnf-name:${encodeURIComponent(pnf(i))}`)))),
    n.map((i) => rawStatement(driver, database, withLimit(searchStatement(schema, planNodesQuery(schema, nodesQuery(i)))))),
  );

  const genericQuery = (i: number): Record<string, string[]> => ({ 'start-node-type': ['pnf'], key: [`pnf.pnf-name:${pnf(i)}`], include: ['p-interface'], depth: ['1'] });
  await measure(
    'generic-query (a pnf and its p-interfaces, depth 1)',
    n.map((i) => timed(async () => ok200(await http('GET', `${url}/aai/v15/search/generic-query?start-node-type=pnf&key=pnf.pnf-name:${encodeURIComponent(pnf(i))}&include=p-interface&depth=1`)))),
    n.map((i) => timed(async () => (await store.read((reader) => runGenericQuery(reader, planGenericQuery(schema, genericQuery(i)), new ReadBudget(10_000)))).length > 0)),
  );

  await seedVnfs(url, run);
  const closedLoop = (i: number): { start: string; query: string } => ({ start: vserverUri(run, i % VSERVERS), query: 'query/closed-loop' });
  await measure(
    "closed-loop stored query (Policy's: vserver → generic-vnf, vf-module, tenant, cloud-region)",
    n.map((i) => timed(async () => ok200(await http('PUT', `${url}/aai/v15/query?format=resource`, closedLoop(i))))),
    // format=resource reads each result's children and relationships too: the reference runs the
    // same statements, in-process through the store's reader.
    n.map((i) => timed(async () => (await store.read((reader) => runQuery(schema, reader, planQueryRequest(schema, closedLoop(i), { format: 'resource' }), new ReadBudget(10_000)))) !== undefined)),
  );

  const dsl = (i: number): { dsl: string } => ({ dsl: `pnf('pnf-name', '${pnf(i)}') > p-interface > logical-link > p-interface*` });
  await measure(
    'DSL, 3 hops (pnf > p-interface > logical-link > p-interface*)',
    n.map((i) => timed(async () => ok200(await http('PUT', `${url}/aai/v15/dsl?format=pathed`, dsl(i))))),
    n.map((i) => rawStatement(driver, database, withLimit(dslStatement(planDslRequest(schema, dsl(i), { format: 'pathed' }).plan, schema)))),
  );
  return pairs;
}
