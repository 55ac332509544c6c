/**
 * The integrity check's rules that a database with its constraints cannot show: two nodes with one
 * aai-uri (impossible under the uniqueness constraint; possible in a database restored without it)
 * and nodes without aai-uri.
 */
import { describe, expect, it } from 'vitest';
import { IntegrityCheck, type ScannedNode } from '../../src/domain/integrity.js';
import { Schema } from '../../src/schema/schema.js';

const schema = Schema.load();
const pnf = (name: string): ScannedNode => ({ uri: `/network/pnfs/pnf/${name}`, type: 'pnf', labels: ['pnf', 'AaiNode'], hasResourceVersion: true, edges: [] });

describe('IntegrityCheck', () => {
  it('reports a duplicate aai-uri once per extra node (the scan comes in aai-uri order)', () => {
    const check = new IntegrityCheck(schema);
    for (const n of [pnf('a'), pnf('b'), pnf('b'), pnf('b'), pnf('c')]) check.visit(n);
    const r = check.result();
    expect(r.nodes).toBe(5);
    expect(r.counts).toEqual({ 'duplicate-uri': 2 });
    expect(r.examples.map((v) => v.uri)).toEqual(['/network/pnfs/pnf/b', '/network/pnfs/pnf/b']);
  });

  it('counts nodes without aai-uri and keeps at most maxExamples examples', () => {
    const check = new IntegrityCheck(schema, 2);
    check.nodesWithoutUri(3);
    const r = check.result();
    expect(r.total).toBe(3);
    expect(r.counts).toEqual({ 'no-uri': 3 });
    expect(r.examples).toHaveLength(2);
  });

  it('finds nothing in a pnf and its p-interface joined by the containment edge', () => {
    const check = new IntegrityCheck(schema);
    const pif = '/network/pnfs/pnf/a/p-interfaces/p-interface/eth0';
    check.visit({ ...pnf('a'), edges: [{ label: 'tosca.relationships.network.BindsTo', outgoing: false, otherUri: pif, otherType: 'p-interface', otherIsInventory: true }] });
    check.visit({ uri: pif, type: 'p-interface', labels: ['AaiNode', 'p-interface'], hasResourceVersion: true, edges: [{ label: 'tosca.relationships.network.BindsTo', outgoing: true, otherUri: '/network/pnfs/pnf/a', otherType: 'pnf', otherIsInventory: true }] });
    expect(check.result()).toMatchObject({ nodes: 2, edges: 1, total: 0 });
  });
});
