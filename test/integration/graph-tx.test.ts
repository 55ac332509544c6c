/**
 * The store's write finds every node it touches before writing anything: nodes this transaction
 * loaded by element id, others by aai-uri, new ones by their place in the statement. If one is
 * missing the statement writes nothing and the store reports a conflict (the transaction is re-run).
 */
import type { Transaction } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../src/domain/model.js';
import { Schema } from '../../src/schema/schema.js';
import { Neo4jGraphTx, WriteMismatchError } from '../../src/store/graph-tx.js';
import { cypher, neo4jConnection, testDriver, uid } from '../helpers/neo4j.js';

const schema = Schema.load();
const pnfUri = (name: string): string => `/network/pnfs/pnf/${name}`;

function changeSet(part: Partial<ChangeSet>): ChangeSet {
  return { deleteEdges: [], deleteNodes: [], createNodes: [], updateNodes: [], createEdges: [], written: { 'resource-version': '1' }, created: {}, ...part };
}

const newPnf = (name: string) => ({ uri: pnfUri(name), type: 'pnf', props: { 'aai-uri': pnfUri(name), 'pnf-name': name } });
const linkUri = (name: string): string => `/network/logical-links/logical-link/${name}`;
const newLink = (name: string) => ({ uri: linkUri(name), type: 'logical-link', props: { 'aai-uri': linkUri(name), 'link-name': name, 'link-type': 'l2' } });
/** logical-link → pnf: an edge the rules allow (the whole database is integrity-checked after the suite). */
const BRIDGED = 'org.onap.relationships.inventory.BridgedTo';

async function inTx<T>(work: (g: Neo4jGraphTx, tx: Transaction) => Promise<T>): Promise<T> {
  const session = testDriver().session({ database: neo4jConnection().database });
  const tx = session.beginTransaction();
  try {
    const value = await work(new Neo4jGraphTx(tx, schema), tx);
    await tx.commit();
    return value;
  } finally {
    if (tx.isOpen()) await tx.rollback();
    await session.close();
  }
}

const count = async (uri: string): Promise<number> => Number((await cypher<{ n: number }>('MATCH (n:AaiNode {`aai-uri`: $uri}) RETURN count(n) AS n', { uri }))[0]?.n);

describe('Neo4jGraphTx.write', () => {
  it('creates, then updates and relates by element id the nodes it loaded, and new ones by position', async () => {
    const [a, b] = [uid('gtx-a'), uid('gtx-b')];
    await inTx((g) => g.write(changeSet({ createNodes: [newPnf(a)] })));
    await inTx(async (g) => {
      await g.load({ nodes: [], refs: [pnfUri(a)], subtrees: [], edgesOf: [], subtreeEdgesOf: [] });
      await g.write(
        changeSet({
          createNodes: [newLink(b)],
          updateNodes: [{ uri: pnfUri(a), type: 'pnf', props: { 'equip-type': 'router' } }],
          createEdges: [{ out: linkUri(b), in: pnfUri(a), label: BRIDGED, outType: 'logical-link', inType: 'pnf' }],
        }),
      );
    });
    const rows = await cypher<{ t: string; rv: string }>('MATCH (b:AaiNode {`aai-uri`: $b})-[e]->(a:AaiNode {`aai-uri`: $a}) RETURN a.`equip-type` AS t, a.`resource-version` AS rv, type(e) AS label', {
      a: pnfUri(a),
      b: linkUri(b),
    });
    expect(rows).toEqual([{ t: 'router', rv: '1', label: BRIDGED }]);
  });

  it('writes nothing and reports a mismatch when a node it must update is not there', async () => {
    const [fresh, missing] = [uid('gtx-fresh'), uid('gtx-missing')];
    const err = await inTx((g) =>
      g.write(changeSet({ createNodes: [newPnf(fresh)], updateNodes: [{ uri: pnfUri(missing), type: 'pnf', props: {} }] })),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteMismatchError);
    expect(await count(pnfUri(fresh))).toBe(0);
  });

  it('writes nothing when a node it loaded (found again by element id) is gone at write time', async () => {
    const [gone, fresh] = [uid('gtx-gone'), uid('gtx-fresh')];
    await inTx((g) => g.write(changeSet({ createNodes: [newPnf(gone)] })));
    const err = await inTx(async (g, tx) => {
      await g.load({ nodes: [], refs: [pnfUri(gone)], subtrees: [], edgesOf: [], subtreeEdgesOf: [] });
      // Deleted inside the same transaction behind the store's back: its element id now finds nothing.
      await tx.run('MATCH (n:AaiNode {`aai-uri`: $u}) DELETE n', { u: pnfUri(gone) });
      await g.write(changeSet({ createNodes: [newLink(fresh)], createEdges: [{ out: linkUri(fresh), in: pnfUri(gone), label: BRIDGED, outType: 'logical-link', inType: 'pnf' }] }));
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteMismatchError);
    expect(await count(linkUri(fresh))).toBe(0);
  });
});
