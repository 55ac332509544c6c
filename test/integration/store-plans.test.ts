/**
 * Speed by design: every statement the store runs per transaction must reach its nodes through the
 * `aai-uri` uniqueness index (a seek) or, in writes, by element id, never by scanning all nodes. Cost must not grow with the
 * size of the inventory. This pins the query shapes against the real planner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRead } from '../../src/domain/read.js';
import { planGenericQuery, planNodesQuery } from '../../src/domain/traversal/search.js';
import { Schema } from '../../src/schema/schema.js';
import { findMatch } from '../../src/store/cypher.js';
import { RQ } from '../../src/store/graph-reader.js';
import { REACH, searchStatement } from '../../src/store/search-cypher.js';
import { dslStatement } from '../../src/store/traversal-cypher.js';
import { planDslRequest } from '../../src/domain/traversal/dsl.js';
import { planQueryRequest } from '../../src/domain/traversal/query.js';
import { hopEdges, queryStepsOf, STORED_QUERIES, STORED_QUERY_NAMES, storedQueryParams, type QueryStep } from '../../src/domain/traversal/stored-queries.js';
import { Q } from '../../src/store/graph-tx.js';
import { EQ } from '../../src/store/event-store.js';
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
  reach: { uris: ['/a'], seen: ['/a'], limit: 10 },
  scope: { from: '/a/', upper: '/a/\uffff', types: null, limit: 10, otherProps: false },
  scopeBatch: { ranges: [['/a/', '/a/\uffff'], ['/b', '/b\u0000']], types: ['pnf'], limit: 10, otherProps: true },
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

  for (const [name, query] of Object.entries({ allLoad: Q.allLoad, allWrite: Q.allWrite, ...RQ, reach: REACH })) {
    it(`${name} finds nodes by index seek or element id, never by scanning`, async () => {
      const res = await testDriver().executeQuery(`EXPLAIN ${query}`, params[name] ?? {}, { database: neo4jConnection().database });
      const ops = operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, ''));
      expect(ops.filter((o) => /Scan/.test(o))).toEqual([]);
      if (name === 'allWrite') expect(ops).toEqual(expect.arrayContaining(['NodeByElementIdSeek', 'DirectedRelationshipByElementIdSeek']));
    });
  }
});

/**
 * The change events' statements (src/store/event-store.ts) read the outbox by sequence number: a
 * seek on its uniqueness index, whatever the outbox holds. Numbering reads the pending events by
 * their own label (few: those committed since the last numbering), which is not a scan of the outbox.
 */
describe('change event statements', () => {
  const eventParams: Record<string, Record<string, unknown>> = {
    read: { after: 0, upto: 100, types: ['pnf'], limit: 10 },
    oldest: { after: 0, limit: 10 },
    prune: { after: 0, upto: 10 },
    counter: {},
  };
  for (const name of Object.keys(eventParams) as (keyof typeof eventParams & keyof typeof EQ)[]) {
    it(`${name} seeks the sequence index`, async () => {
      const res = await testDriver().executeQuery(`EXPLAIN ${EQ[name]}`, eventParams[name] ?? {}, { database: neo4jConnection().database });
      const ops = operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, ''));
      expect(ops.filter((o) => /Scan/.test(o))).toEqual([]);
      expect(ops.some((o) => /NodeIndexSeekByRange|NodeUniqueIndexSeekByRange|NodeIndexSeek|NodeUniqueIndexSeek/.test(o))).toBe(true);
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

/** The search API's shapes (src/domain/traversal/search.ts → src/store/search-cypher.ts). */
describe('search API (nodes-query, generic-query)', () => {
  const schema = Schema.load();
  const explain = async (statement: string, p: Record<string, unknown>): Promise<string[]> => {
    const res = await testDriver().executeQuery(`EXPLAIN ${statement}`, { ...p, limit: 10 }, { database: neo4jConnection().database });
    return operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, ''));
  };
  const seeks: [string, Record<string, string[]>][] = [
    ['an equality on an indexed property, with every other kind of filter and edge filter', { 'search-node-type': ['vserver'], filter: ['vserver-name:EQUALS:x', 'prov-status:DOES-NOT-EQUAL:y', 'in-maint:EXISTS', 'vserver-selflink:DOES-NOT-EXIST'], 'edge-filter': ['pserver:EXISTS', 'generic-vnf:DOES-NOT-EXIST:vnf-name:v'] }],
    ['a key equality', { 'search-node-type': ['service-instance'], filter: ['service-instance-id:EQUALS:x'] }],
    ['an unindexed equality, and an EXISTS edge filter on an indexed property (seeks the neighbour)', { 'search-node-type': ['vserver'], filter: ['vserver-selflink:EQUALS:x'], 'edge-filter': ['pserver:EXISTS:hostname:h', 'tenant:DOES-NOT-EXIST'] }],
  ];
  for (const [what, query] of seeks) {
    it(`nodes-query with ${what} seeks an index, never scans`, async () => {
      const { statement, params: p } = searchStatement(schema, planNodesQuery(schema, query));
      const ops = await explain(statement, p);
      expect(ops.filter((o) => /Scan/.test(o)), statement).toEqual([]);
      expect(ops.some((o) => /NodeIndexSeek|NodeUniqueIndexSeek/.test(o)), statement).toBe(true);
    });
  }

  it('nodes-query with no indexed equality reads the search type\'s label only (bounded by the read budget in what it answers)', async () => {
    const { statement, params: p } = searchStatement(schema, planNodesQuery(schema, { 'search-node-type': ['vserver'], filter: ['vserver-selflink:EQUALS:x'], 'edge-filter': ['pserver:EXISTS'] }));
    expect((await explain(statement, p)).filter((o) => /Scan/.test(o))).toEqual(['NodeByLabelScan']);
  });

  it('generic-query finds a service-instance named by one indexed property by index seek', async () => {
    const plan = planGenericQuery(schema, { 'start-node-type': ['service-instance'], key: ['service-instance.service-instance-name:x'], include: ['vce'], depth: ['1'] });
    if ('uri' in plan.start) throw new Error('expected a property lookup');
    const { statement, params: p } = searchStatement(schema, plan.start);
    const ops = await explain(statement, p);
    expect(ops.filter((o) => /Scan/.test(o))).toEqual([]);
    expect(ops.some((o) => /NodeIndexSeek/.test(o))).toBe(true);
  });
});

/** The DSL's shapes (src/domain/traversal/dsl-plan.ts → src/store/traversal-cypher.ts): one statement, seeking from its start. */
describe('DSL (PUT /aai/v15/dsl)', () => {
  const schema = Schema.load();
  const shapes: [string, string][] = [
    ['a 1-hop query', "pserver*('hostname','h1') > complex*"],
    ['a 3-hop query with filters on the way', "cloud-region('cloud-owner','o')('cloud-region-id','r') > tenant > vserver('in-maint', false) > l-interface*"],
    ['a union', "generic-vnf*('vnf-id','v') > [vserver > pserver*, vnfc* > vserver*]"],
    ['a negated where-filter, and a where with a union', "pserver*('hostname','h1','h2')!(> complex)(> [cloud-region, availability-zone])"],
    ['a start union continuing after it', "[pnf*('pnf-name','p'), pserver('hostname','h') > cloud-region*('cloud-owner','o')] > complex*"],
    ['a start on an indexed property that is not a key, LIMIT', "vserver*('vserver-name','x') > tenant* LIMIT 5"],
  ];
  for (const [what, query] of shapes) {
    it(`${what} seeks an index from its start, never scans`, async () => {
      const { plan } = planDslRequest(schema, { dsl: query }, { format: 'pathed' });
      const { statement, params: p } = dslStatement(plan, schema);
      const res = await testDriver().executeQuery(`EXPLAIN ${statement}`, { ...p, limit: 10 }, { database: neo4jConnection().database });
      const ops = operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, ''));
      expect(ops.filter((o) => /Scan/.test(o)), statement).toEqual([]);
      expect(ops.some((o) => /NodeIndexSeek|NodeUniqueIndexSeek/.test(o)), statement).toBe(true);
    });
  }
});

/** The stored queries' shapes (src/domain/traversal/stored-queries.ts → the same compiler): one statement, seeking from the start URIs. */
describe('stored queries (PUT /aai/v15/query)', () => {
  const schema = Schema.load();
  const explain = async (body: unknown): Promise<{ ops: string[]; statement: string }> => {
    const { plan } = planQueryRequest(schema, body, { format: 'pathed' });
    const { statement, params: p } = dslStatement(plan, schema);
    const res = await testDriver().executeQuery(`EXPLAIN ${statement}`, { ...p, limit: 10 }, { database: neo4jConnection().database });
    return { ops: operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, '')), statement };
  };
  for (const name of STORED_QUERY_NAMES) {
    it(`${name} seeks its start (a nodes-API key) and never scans`, async () => {
      const def = storedQueryParams(name);
      const stored = queryStepsOf(schema, name, { startingNodeType: 'generic-vnf', relatedToNodeType: 'vserver' });
      const type = stored?.start ?? '';
      const args = (def?.required ?? []).map((r) => `${r}=${r === 'startingNodeType' ? 'generic-vnf' : r === 'relatedToNodeType' ? 'vserver' : 'x'}`).join('&');
      const start = `/nodes/${type}/${schema.type(type).keys.map(() => 'x').join('/')}`;
      const { ops, statement } = await explain({ start, query: `query/${name}${args ? `?${args}` : ''}` });
      expect(ops.filter((o) => /Scan/.test(o)), statement).toEqual([]);
      expect(ops.some((o) => /NodeIndexSeek|NodeUniqueIndexSeek/.test(o)), statement).toBe(true);
    });
  }
  it('every hop of every stored query follows edge rules of v15 but one (the definitions name real types and rules)', () => {
    const empty: string[] = [];
    for (const [name, q] of STORED_QUERIES) {
      const walk = (steps: readonly QueryStep[]): void => {
        for (const s of steps) {
          if (s.kind === 'hop') {
            const e = hopEdges(schema, s);
            if (e.in.length + e.out.length === 0) empty.push(`${name}: ${s.from} > ${s.to}`);
          } else if (s.kind === 'union') s.branches.forEach(walk);
          else if (s.kind === 'where') walk(s.steps);
        }
      };
      walk(q.steps);
    }
    // v15 has no rule for cloud-region › esr-system-info (the child hangs by the fallback BelongsTo edge):
    // the hop follows any edge, as A&AI's GraphTraversalBuilder does when no rule matches.
    expect(empty).toEqual(['vnf-to-esr-system-info: cloud-region > esr-system-info']);
  });
  it('a URI start seeks the aai-uri index; several starts, and a container start, seek too', async () => {
    for (const start of ['/network/generic-vnfs/generic-vnf/x', ['/network/generic-vnfs/generic-vnf/x', '/network/generic-vnfs/generic-vnf/y'], 'cloud-infrastructure/cloud-regions', 'nodes/generic-vnfs/generic-vnf?vnf-id=x']) {
      const { ops, statement } = await explain({ start, query: 'query/cloud-region-fromVnf' });
      expect(ops.filter((o) => /Scan/.test(o)), statement).toEqual([]);
      expect(ops.some((o) => /NodeIndexSeek|NodeUniqueIndexSeek/.test(o)), statement).toBe(true);
    }
  });
});
