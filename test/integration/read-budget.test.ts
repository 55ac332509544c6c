/**
 * Issue "Bounded under abuse": every read has a budget (READ_MAX_OBJECTS, nodes and relationships
 * together), checked in Neo4j as it reads, answered with A&AI's AAI_3303 ("Too many objects would
 * be returned by this request") naming the limit. The reported case: one batch get of 20 `depth=all`
 * items on a pnf with 50,000 descendants threw OutOfMemoryError in Neo4j and wedged it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, testApp } from '../helpers/app.js';
import { pifPath, pnfPath, V } from '../helpers/aai.js';
import { cypher, uid } from '../helpers/neo4j.js';

const BINDS = 'tosca.relationships.network.BindsTo';
const TEXT_3303 = 'Too many objects would be returned by this request, please refine your request and retry';
/**
 * A&AI's body for AAI_3303: a policy exception (category 1) whose REST text (3300, "Unauthorized")
 * has no placeholder, so msg and ec come first and the method and path after them.
 */
const budgetBody = (method: string, path: string, limit: number) => ({
  requestError: {
    policyException: {
      messageId: 'POL3300',
      text: 'Unauthorized (msg=%1) (ec=%2)',
      variables: [
        `${TEXT_3303}:the read would return more than ${limit} objects (READ_MAX_OBJECTS): ask for less depth, filter, or page with resultIndex and resultSize`,
        'ERR.5.1.3303',
        method,
        path,
      ],
    },
  },
});

/** A pnf with `n` p-interfaces, written as the service writes them (valid for the integrity check). */
async function bigPnf(name: string, n: number): Promise<void> {
  await cypher(
    `CREATE (p:AaiNode:pnf {\`aai-uri\`: $uri, \`aai-node-type\`: 'pnf', \`pnf-name\`: $name, \`in-maint\`: false, \`resource-version\`: '1'})
     WITH p UNWIND range(1, $n) AS i
     CREATE (c:AaiNode:\`p-interface\` {\`aai-uri\`: $uri + '/p-interfaces/p-interface/if' + i, \`aai-node-type\`: 'p-interface', \`interface-name\`: 'if' + i, \`in-maint\`: false, \`resource-version\`: '1'})
     CREATE (c)-[:\`${BINDS}\`]->(p)`,
    { uri: pnfPath(name), name, n },
  );
}

describe('the read budget on a pnf with 50,000 descendants', () => {
  const big = uid('rb-big');
  const c = client();

  beforeAll(async () => {
    await bigPnf(big, 50_000);
  }, 120_000);

  afterAll(async () => {
    // In batches: one transaction deleting 50,000 nodes would need much of Neo4j's heap.
    for (;;) {
      const [row] = await cypher<{ n: number }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $u WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n', { u: pnfPath(big) });
      if (!row || row.n === 0) break;
    }
  }, 120_000);

  it('refuses a batch get of 20 depth=all items quickly with AAI_3303 naming the limit, and the service keeps answering', async () => {
    const started = Date.now();
    const res = await c.post(`${V}/bulk/get`, { 'batch-get-list': Array.from({ length: 20 }, () => ({ uri: `${pnfPath(big)}?depth=all` })) });
    const took = Date.now() - started;
    expect(res.status).toBe(403);
    expect(res.body).toEqual(budgetBody('POST', 'v15/bulk/get', 10_000));
    expect(took).toBeLessThan(2_000);
    // The service, and Neo4j, answer the next requests as usual.
    expect((await c.get('/aai/util/echo')).status).toBe(200);
    const small = uid('rb-small');
    expect((await c.put(`${V}${pnfPath(small)}`, { 'pnf-name': small })).status).toBe(201);
    expect((await c.get(`${V}${pnfPath(small)}?depth=all`)).status).toBe(200);
  });

  it('refuses a GET with depth=all with 403 AAI_3303; depth=0 answers at once (the children are not read)', async () => {
    const all = await c.get(`${V}${pnfPath(big)}?depth=all`);
    expect(all.status).toBe(403);
    expect(all.body).toEqual(budgetBody('GET', pnfPath(big).slice(1), 10_000));
    const zero = await c.get(`${V}${pnfPath(big)}`);
    expect(zero.status).toBe(200);
    expect(zero.body).toEqual({ 'pnf-name': big, 'in-maint': false, 'resource-version': '1' });
  });

  it('depth=1 reads one level: with a budget above the children but below the subtree it answers 200', async () => {
    // 50,000 children plus one grandchild: a budget of 50,001 objects fits depth=1 (pnf + children)
    // only if the grandchild level is never read.
    await cypher(
      `MATCH (c:AaiNode {\`aai-uri\`: $pif}) CREATE (l:AaiNode:\`l-interface\` {\`aai-uri\`: $pif + '/l-interfaces/l-interface/l1', \`aai-node-type\`: 'l-interface', \`interface-name\`: 'l1', \`in-maint\`: false, \`resource-version\`: '1'})-[:\`${BINDS}\`]->(c)`,
      { pif: pifPath(big, 'if1') },
    );
    const c2 = client(testApp({ READ_MAX_OBJECTS: '50001' }));
    const one = await c2.get(`${V}${pnfPath(big)}?depth=1&nodes-only`);
    expect(one.status).toBe(200);
    expect(one.body['p-interfaces']['p-interface']).toHaveLength(50_000);
    expect(JSON.stringify(one.body)).not.toContain('l-interfaces');
    const two = await c2.get(`${V}${pnfPath(big)}?depth=2&nodes-only`);
    expect(two.status).toBe(403);
  }, 60_000);
});

describe('the read budget elsewhere', () => {
  it('bounds an unpaged collection; a page within the budget answers', async () => {
    const type = uid('rb-type');
    const names = Array.from({ length: 6 }, (_, i) => `${type}-${i}`);
    const c = client(testApp({ READ_MAX_OBJECTS: '5' }));
    for (const n of names) expect((await c.put(`${V}${pnfPath(n)}`, { 'pnf-name': n, 'equip-type': type })).status).toBe(201);
    const all = await c.get(`${V}/network/pnfs?equip-type=${type}`);
    expect(all.status).toBe(403);
    expect(all.body).toEqual(budgetBody('GET', 'network/pnfs', 5));
    const page = await c.get(`${V}/network/pnfs?equip-type=${type}&resultIndex=2&resultSize=3`);
    expect(page.status).toBe(200);
    expect(page.body.pnf.map((p: { 'pnf-name': string }) => p['pnf-name'])).toEqual(names.slice(3));
    expect(page.headers['total-results']).toBe('6');
  });

  it('counts relationships: a node within the budget whose relationships are not is refused', async () => {
    const [link, pnf] = [uid('rb-link'), uid('rb-pnf')];
    const c = client(testApp({ READ_MAX_OBJECTS: '3' }));
    expect((await c.put(`${V}${pnfPath(pnf)}`, { 'pnf-name': pnf, 'p-interfaces': { 'p-interface': ['a', 'b', 'c'].map((n) => ({ 'interface-name': n })) } })).status).toBe(201);
    const rels = ['a', 'b', 'c'].map((n) => ({ 'related-to': 'p-interface', 'related-link': `${V}${pifPath(pnf, n)}` }));
    expect((await c.put(`${V}/network/logical-links/logical-link/${link}`, { 'link-name': link, 'link-type': 'l2', 'relationship-list': { relationship: rels } })).status).toBe(201);
    expect((await c.get(`${V}/network/logical-links/logical-link/${link}`)).status).toBe(403);
    expect((await c.get(`${V}/network/logical-links/logical-link/${link}?nodes-only`)).status).toBe(200);
  });

  it('shares one budget across a batch: items that fit alone are refused together', async () => {
    const names = [uid('rb-b'), uid('rb-b'), uid('rb-b')];
    const c = client(testApp({ READ_MAX_OBJECTS: '2' }));
    for (const n of names) expect((await c.put(`${V}${pnfPath(n)}`, { 'pnf-name': n })).status).toBe(201);
    const two = await c.post(`${V}/bulk/get`, { 'batch-get-list': names.slice(0, 2).map((n) => ({ uri: pnfPath(n) })) });
    expect(two.status).toBe(200);
    const three = await c.post(`${V}/bulk/get`, { 'batch-get-list': names.map((n) => ({ uri: pnfPath(n) })) });
    expect(three.status).toBe(403);
  });
});

describe('batch get reads its items together', () => {
  it('answers a node and its own child as two items, each whole and once, at depth 1 and all', async () => {
    const c = client();
    const pnf = uid('rb-nest');
    const body = { 'pnf-name': pnf, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'a', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'l' }] } }, { 'interface-name': 'b' }] } };
    expect((await c.put(`${V}${pnfPath(pnf)}`, body)).status).toBe(201);
    for (const depth of ['1', 'all']) {
      const items = [`${pnfPath(pnf)}?depth=${depth}&nodes-only`, `${pifPath(pnf, 'a')}?depth=${depth}&nodes-only`];
      const res = await c.post(`${V}/bulk/get`, { 'batch-get-list': items.map((uri) => ({ uri })) });
      expect(res.status).toBe(200);
      const [whole, child] = res.body['batch-get-list'].map((i: { resp: Record<string, unknown> }) => i.resp);
      const names = (r: { 'p-interfaces': { 'p-interface': { 'interface-name': string }[] } }) => r['p-interfaces']['p-interface'].map((p) => p['interface-name']);
      expect(names(whole), depth).toEqual(['a', 'b']);
      expect(child['l-interfaces'], depth).toEqual({ 'l-interface': [expect.objectContaining({ 'interface-name': 'l' })] });
      // Each item alone answers the same.
      for (const [i, uri] of items.entries()) expect((await c.get(`${V}${uri}`)).body).toEqual([whole, child][i]);
    }
  });
});
