/**
 * Speed by design: every statement the store runs per transaction must reach its nodes through the
 * `aai-uri` uniqueness index (a seek) or, in writes, by element id, never by scanning all nodes. Cost must not grow with the
 * size of the inventory. This pins the query shapes against the real planner.
 */
import { describe, expect, it } from 'vitest';
import { RQ } from '../../src/store/graph-reader.js';
import { Q } from '../../src/store/graph-tx.js';
import { cypher } from '../helpers/neo4j.js';

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
  descendants: { prefixes: ['/a/'] },
  neighbours: { uris: ['/a'] },
};

describe('store statements', () => {
  // Some data so the planner's estimates resemble a real inventory.
  it('exist for the checks below', async () => {
    await cypher("UNWIND range(1, 500) AS i CREATE (:AaiNode:pnf {`aai-uri`: '/plan-check/' + i, `aai-node-type`: 'pnf'})");
  });

  for (const [name, query] of Object.entries({ allLoad: Q.allLoad, allWrite: Q.allWrite, ...RQ })) {
    it(`${name} finds nodes by index seek or element id, never by scanning`, async () => {
      const { testDriver, neo4jConnection } = await import('../helpers/neo4j.js');
      const res = await testDriver().executeQuery(`EXPLAIN ${query}`, params[name] ?? {}, { database: neo4jConnection().database });
      const ops = operators(res.summary.plan as unknown as PlanNode).map((o) => o.replace(/@.*$/, ''));
      expect(ops.filter((o) => /Scan/.test(o))).toEqual([]);
      if (name === 'allWrite') expect(ops).toContain('NodeByElementIdSeek');
    });
  }
});
