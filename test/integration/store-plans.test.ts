/**
 * Speed by design: every statement the store runs per transaction must reach its nodes through the
 * `aai-uri` uniqueness index (a seek) or, in writes, by element id, never by scanning all nodes. Cost must not grow with the
 * size of the inventory. This pins the query shapes against the real planner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    deleteEdges: [{ out: 0, in: 1, label: 'x' }],
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
};

/** How many pnfs the planner gets to see, so its estimates resemble a real inventory. */
const PNFS = 500;

describe('store statements', () => {
  // This run's pnfs: keyed by a prefix of its own, and shaped as the service stores a pnf.
  const prefix = uid('plan');
  const uriPrefix = `/network/pnfs/pnf/${prefix}-`;

  beforeAll(async () => {
    const rows = await cypher<{ n: number }>(
      `UNWIND range(1, $count) AS i
       WITH $prefix + '-' + i AS name, timestamp() AS now
       CREATE (n:AaiNode:pnf {\`aai-node-type\`: 'pnf', \`aai-uri\`: '/network/pnfs/pnf/' + name, \`pnf-name\`: name,
         \`resource-version\`: toString(now), \`aai-created-ts\`: now, \`aai-last-mod-ts\`: now,
         \`source-of-truth\`: 'store-plans', \`last-mod-source-of-truth\`: 'store-plans', \`aai-uuid\`: randomUUID(), \`in-maint\`: false})
       RETURN count(n) AS n`,
      { count: PNFS, prefix },
    );
    expect(rows[0]?.n).toBe(PNFS);
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
      if (name === 'allWrite') expect(ops).toContain('NodeByElementIdSeek');
    });
  }
});
