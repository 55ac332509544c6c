/**
 * Where a nodes-query starts (src/domain/traversal/search.ts planNodesQuery): at the most selective
 * index — an equality naming one node (of the search type, or of an EXISTS edge filter's type), then
 * the search type's own indexed equality, then an edge filter's — so a query for the eth1 of one pnf
 * seeks that pnf, not every eth1 of the inventory (a bench finding: 132 requests/s before, as slow
 * as its raw statement).
 */
import { describe, expect, it } from 'vitest';
import { planNodesQuery } from '../../src/domain/traversal/search.js';
import { Schema } from '../../src/schema/schema.js';

const schema = Schema.load();
const startType = (query: Record<string, string[]>): string => {
  const start = planNodesQuery(schema, query).find.start;
  return 'type' in start ? start.type : 'uri';
};

describe('a nodes-query starts at its most selective index', () => {
  it('a pnf named by an edge filter rather than an interface-name every pnf repeats', () => {
    expect(startType({ 'search-node-type': ['p-interface'], filter: ['interface-name:EQUALS:eth1'], 'edge-filter': ['pnf:EXISTS:pnf-name:p1'] })).toBe('pnf');
  });

  it("the search type's own identifying equality over an edge filter's", () => {
    expect(startType({ 'search-node-type': ['pnf'], filter: ['pnf-name:EQUALS:p1'], 'edge-filter': ['complex:EXISTS:physical-location-id:c1'] })).toBe('pnf');
  });

  it("the search type's own indexed equality when the edge filter names no single node", () => {
    expect(startType({ 'search-node-type': ['p-interface'], filter: ['interface-name:EQUALS:eth1'], 'edge-filter': ['logical-link:EXISTS:link-type:ethernet'] })).toBe('p-interface');
  });

  it("an edge filter's indexed value when the search type has no indexed equality", () => {
    expect(startType({ 'search-node-type': ['vserver'], filter: ['prov-status:EXISTS'], 'edge-filter': ['pserver:EXISTS:hostname:h1'] })).toBe('pserver');
  });
});
