/**
 * Speed by design: every statement the store runs per transaction must reach its nodes through the
 * `aai-uri` uniqueness index (a seek) or, in writes, by element id, never by scanning all nodes. Cost must not grow with the
 * size of the inventory. This pins the query shapes against the real planner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRead } from '../../src/domain/read.js';
import { Schema } from '../../src/schema/schema.js';
import { findMatch } from '../../src/store/cypher.js';
import { RQ } from '../../src/store/graph-reader.js';
import { Q } from '../../src/store/graph-tx.js';
import { cypher, neo4jConnection, testDriver, uid } from '../helpers/neo4j.js';

interface PlanNode {
  operatorType: string;
  children?: PlanNode[];
}

function operators(plan: PlanNode): string[] {
  return [plan.operatorType, ...(plan.children ?? []).flatMap(operators)];
}

const params: Record<string, Record<string, unknown>> = {
  allLoad: { rows: [{ u: '/a', full: true }], prefixes: ['/a/'], edgeUris: ['/a'], edgePrefixes: ['/a/'] },
  allWrite: {
    ids: ['4:00000000-0000-0000-0000-000000000000:0'],
    uris: ['/b'],
    found: 2,
    deleteEdges: ['5:00000000-0000-0000-0000-000000000000:0'],
    deleteNodes: [0],
    createNodes: [{ type: 'pnf', props: {} }],
    updateNodes: [{ n: 1, props: {} }],
    createEdges: [[[1, 2]], [[0, 2]]],
    written: {},
    created: {},
  },
  nodes: { uris: ['/a'] },
  descendants: { prefixes: ['/a/'], limit: 10 },
  children: { uris: ['/a'], limit: 10 },
  neighbours: { uris: ['/a'], limit: 10 },
  edges: { uris: ['/a'], limit: 10 },
};

/** How many pnfs the planner gets to see, so its estimates resemble a real inventory. */
const PNFS = 500;

describe('store statements', () => {
  // This run's pnfs: keyed by a prefix of its own, and shaped as the service stores a pnf.
  const prefix = uid('plan');
  const uriPrefix = `/network/pnfs/pnf/${prefix}-`;

  beforeAll(async () => {
    // Each pnf with one p-interface (and the edge between them): a planner that sees no
    // relationships at all finds scanning them free, and plans even a seek by id as a scan.
    const rows = await cypher<{ n: number; e: number }>(
      `UNWIND range(1, $count) AS i
       WITH $prefix + '-' + i AS name, timestamp() AS now
       CREATE (n:AaiNode:pnf {\`aai-node-type\`: 'pnf', \`aai-uri\`: '/network/pnfs/pnf/' + name, \`pnf-name\`: name,
         \`resource-version\`: toString(now), \`aai-created-ts\`: now, \`aai-last-mod-ts\`: now,
         \`source-of-truth\`: 'store-plans', \`last-mod-source-of-truth\`: 'store-plans', \`aai-uuid\`: randomUUID(), \`in-maint\`: false})
       CREATE (p:AaiNode:\`p-interface\` {\`aai-node-type\`: 'p-interface', \`aai-uri\`: n.\`aai-uri\` + '/p-interfaces/p-interface/eth0', \`interface-name\`: 'eth0',
         \`resource-version\`: toString(now), \`aai-created-ts\`: now, \`aai-last-mod-ts\`: now, \`in-maint\`: false,
         \`source-of-truth\`: 'store-plans', \`last-mod-source-of-truth\`: 'store-plans', \`aai-uuid\`: randomUUID()})
       CREATE (p)-[e:\`tosca.relationships.network.BindsTo\`]->(n)
       RETURN count(n) AS n, count(e) AS e`,
      { count: PNFS, prefix },
    );
    expect([rows[0]?.n, rows[0]?.e]).toEqual([PNFS, PNFS]);
  });

  afterAll(async () => {
    await cypher('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p DETACH DELETE n', { p: uriPrefix });
    const left = await cypher<{ n: number }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: uriPrefix });
    expect(left[0]?.n).toBe(0);
  });

  for (const [name, query] of Object.entries({ allLoad: Q.allLoad, allWrite: Q.allWrite, ...RQ })) {
    it(`${name} finds nodes by index seek or element id, never by scanning`, async () => {
      const res = await testDriver().executeQuery(`EXPLAIN ${query}`, params[name] ?? {}, { database: neo4jConnection().database });
      const ops = operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, ''));
      expect(ops.filter((o) => /Scan/.test(o))).toEqual([]);
      if (name === 'allWrite') expect(ops).toEqual(expect.arrayContaining(['NodeByElementIdSeek', 'DirectedRelationshipByElementIdSeek']));
    });
  }
});

/** Every shape of GET the read paths produce (src/uri/read-path.ts → src/store/cypher.ts findMatch). */
describe('read paths (collections, child containers, the nodes API, related-to, relationship lists)', () => {
  const schema = Schema.load();
  const shapes: [string, Record<string, string[]>][] = [
    ['/network/pnfs', {}],
    ['/network/pnfs', { 'orchestration-status': ['x'] }],
    ['/network/pnfs', { 'equip-type': ['x'] }],
    ['/network/pnfs', { 'pnf-name': ['a', 'b'], 'equip-type': ['x'] }],
    ['/network/pnfs/pnf/a/p-interfaces', {}],
    ['/network/pnfs/pnf/a/p-interfaces', { 'interface-name': ['x'] }],
    ['/network/pnfs/pnf/a/p-interfaces', { 'speed-value': ['x'] }],
    ['/network/pnfs/pnf/a/relationship-list', {}],
    ['/nodes/p-interface/x', {}],
    ['/nodes/p-interfaces', { 'interface-name': ['x'] }],
    ['/nodes/vservers', { 'vserver-name': ['x'], 'prov-status': ['y'] }],
    ['/nodes/service-instances/service-instance/x', {}],
    ['/nodes/tenant/t/vservers', {}],
    ['/nodes/tenant/t/vservers/vserver/v', {}],
    ['/nodes/generic-vnf/v/related-to/vservers', {}],
    ['/network/generic-vnfs/generic-vnf/v/related-to/vservers', { 'vserver-name': ['x'] }],
    ['/network/generic-vnfs/generic-vnf/v/related-to/vservers/vserver/x', {}],
    ['/cloud-infrastructure/cloud-regions/cloud-region/o/r/tenants/tenant/t/vservers', { 'vserver-name': ['x'] }],
  ];
  for (const [path, query] of shapes) {
    const q = new URLSearchParams(Object.entries(query).flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]))).toString();
    it(`GET ${path}${q ? `?${q}` : ''} seeks an index, never scans`, async () => {
      const plan = planRead(schema, path, { ...query, resultIndex: ['2'], resultSize: ['10'] }, path);
      const { match, params: p } = findMatch(schema, { ...plan.find, limit: 10 });
      for (const statement of [`${match} RETURN count(n) AS c`, `${match} RETURN properties(n) AS p ORDER BY n.\`aai-uri\` SKIP $skip LIMIT $limit`]) {
        const res = await testDriver().executeQuery(`EXPLAIN ${statement}`, { ...p, skip: 10, limit: 10 }, { database: neo4jConnection().database });
        const ops = operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, ''));
        expect(ops.filter((o) => /Scan/.test(o)), statement).toEqual([]);
      }
    });
  }

  it('lists a whole type through the nodes API (/nodes/vservers, no indexed filter) by its label: the one scan, and only of that label', async () => {
    const plan = planRead(schema, '/nodes/vservers', {}, 'nodes/vservers');
    const { match, params: p } = findMatch(schema, { ...plan.find, limit: 10 });
    const res = await testDriver().executeQuery(`EXPLAIN ${match} RETURN count(n) AS c`, p, { database: neo4jConnection().database });
    const ops = operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, ''));
    expect(ops.filter((o) => /Scan/.test(o))).toEqual(['NodeByLabelScan']);
  });
});
