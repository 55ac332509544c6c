/**
 * Issue "The rest of the bulk family": `?dry-run=true` on bulkadd, bulkprocess and
 * bulk/single-transaction (and accepted on bulk/get). A dry run does all the work inside the
 * transaction(s), answers exactly what the real call answers, then rolls back. Each test sends the
 * same request as a dry run and then for real, checks that the dry run left Neo4j unchanged (node
 * count, relationship count, every property including resource-version of the test's own nodes)
 * and that both answers are the same.
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';
import { BYPASS, REL, V, create, linkPath, linkRel, pifPath, pnfPath } from '../helpers/aai.js';

const pifRel = (pnf: string, pif: string) => ({ 'related-to': 'p-interface', 'related-link': `${V}${pifPath(pnf, pif)}` });

interface Fingerprint {
  nodeCount: number;
  edgeCount: number;
  nodes: { uri: string; p: Record<string, unknown> }[];
  edges: { from: string; label: string; to: string }[];
}

/** Every node (all properties, resource-version included) and edge whose URI holds `key`. */
async function fingerprint(key: string): Promise<Fingerprint> {
  const nodes = await cypher<{ uri: string; p: Record<string, unknown> }>('MATCH (n:AaiNode) WHERE n.`aai-uri` CONTAINS $k RETURN n.`aai-uri` AS uri, properties(n) AS p ORDER BY uri', { k: key });
  const edges = await cypher<{ from: string; label: string; to: string }>(
    'MATCH (a:AaiNode)-[e]->(b:AaiNode) WHERE a.`aai-uri` CONTAINS $k OR b.`aai-uri` CONTAINS $k RETURN a.`aai-uri` AS from, type(e) AS label, b.`aai-uri` AS to ORDER BY from, label, to',
    { k: key },
  );
  return { nodeCount: nodes.length, edgeCount: edges.length, nodes, edges };
}

const rvs = (f: Fingerprint): Record<string, unknown> => Object.fromEntries(f.nodes.map((n) => [n.uri, n.p['resource-version']]));

/**
 * Send the request as a dry run, check Neo4j is unchanged, send it for real, check both answers
 * are the same. Returns the fingerprints and the real answer for further checks.
 */
async function dryThenReal(key: string, send: (query: string) => Promise<Response>): Promise<{ before: Fingerprint; after: Fingerprint; real: Response }> {
  const before = await fingerprint(key);
  const dry = await send('?dry-run=true');
  const afterDry = await fingerprint(key);
  expect(afterDry.nodeCount).toBe(before.nodeCount);
  expect(afterDry.edgeCount).toBe(before.edgeCount);
  expect(rvs(afterDry)).toEqual(rvs(before));
  expect(afterDry).toEqual(before);
  const real = await send('');
  expect({ status: dry.status, body: dry.body as unknown }).toEqual({ status: real.status, body: real.body as unknown });
  return { before, after: await fingerprint(key), real };
}

const statuses = (res: Response): string[][] =>
  (res.body.transaction as Record<string, { body: Record<string, unknown> }[]>[]).map((tx) => Object.values(tx).flatMap((entries) => entries.map((e) => Object.keys(e.body)[0] ?? '')));

describe('dry run on PUT /aai/v15/bulkadd', () => {
  it('answers a later transaction that depends on an earlier one like the real call (tx1 the pnf, tx2 its p-interfaces, tx3 a link to one)', async () => {
    const c = client();
    const a = uid('dra');
    const payload = {
      transactions: [
        { put: [{ uri: pnfPath(a), body: { 'pnf-name': a } }] },
        { put: [{ uri: pifPath(a, 'eth0'), body: { 'interface-name': 'eth0' } }, { uri: pifPath(a, 'eth1'), body: { 'interface-name': 'eth1' } }] },
        { put: [{ uri: linkPath(a), body: { 'link-name': a, 'link-type': 'l2', 'relationship-list': { relationship: [pifRel(a, 'eth0')] } } }] },
      ],
    };
    const { before, after, real } = await dryThenReal(a, (q) => c.put(`/aai/v15/bulkadd${q}`, payload));
    expect(real.status).toBe(201);
    expect(real.body).toEqual({
      transaction: [
        { put: [{ uri: pnfPath(a), body: { '201': null } }] },
        { put: [{ uri: pifPath(a, 'eth0'), body: { '201': null } }, { uri: pifPath(a, 'eth1'), body: { '201': null } }] },
        { put: [{ uri: linkPath(a), body: { '201': null } }] },
      ],
    });
    expect(before.nodeCount).toBe(0);
    expect(after.nodeCount).toBe(4);
    expect(after.edgeCount).toBe(3); // two p-interface → pnf containment edges, the link's LinksTo
  });

  it('answers a transaction that depends on a failed earlier one like the real call (404: the failed pnf was never written)', async () => {
    const c = client();
    const a = uid('drf');
    const payload = {
      transactions: [
        { put: [{ uri: pnfPath(a), body: { 'pnf-name': a } }, { uri: pnfPath(`${a}-rv`), body: { 'pnf-name': `${a}-rv`, 'resource-version': '1' } }] },
        { put: [{ uri: pifPath(a, 'eth0'), body: { 'interface-name': 'eth0' } }] },
        { put: [{ uri: pnfPath(`${a}-ok`), body: { 'pnf-name': `${a}-ok` } }] },
      ],
    };
    const { after, real } = await dryThenReal(a, (q) => c.put(`/aai/v15/bulkadd${q}`, payload));
    expect(statuses(real)).toEqual([['201', '412'], ['404'], ['201']]);
    expect(after.nodes.map((n) => n.uri)).toEqual([pnfPath(`${a}-ok`)]);
  });

  it('answers updates of existing nodes like the real call and leaves their properties and resource-versions alone', async () => {
    const c = client();
    const a = uid('dru');
    await create(c, pnfPath(a), { 'pnf-name': a, 'equip-type': 'old' });
    await create(c, pnfPath(`${a}-2`), { 'pnf-name': `${a}-2` });
    const rv = (await fingerprint(pnfPath(a))).nodes[0]?.p['resource-version'];
    const payload = {
      transactions: [
        { put: [{ uri: pnfPath(a), body: { 'pnf-name': a, 'equip-model': 'new', 'resource-version': rv } }] },
        // The same resource-version again: a mismatch once the first update is in.
        { put: [{ uri: pnfPath(a), body: { 'pnf-name': a, 'resource-version': rv } }] },
        // Updating without a resource-version.
        { put: [{ uri: pnfPath(`${a}-2`), body: { 'pnf-name': `${a}-2`, 'equip-type': 'x' } }] },
      ],
    };
    const { before, after, real } = await dryThenReal(a, (q) => c.put(`/aai/v15/bulkadd${q}`, payload));
    expect(statuses(real)).toEqual([['200'], ['412'], ['412']]);
    expect(after.nodes.find((n) => n.uri === pnfPath(a))?.p).toMatchObject({ 'equip-model': 'new' });
    expect(rvs(after)[pnfPath(a)]).not.toBe(rvs(before)[pnfPath(a)]);
  });
});

describe('dry run on PUT /aai/v15/bulkprocess', () => {
  it('answers put, patch, delete and relationship operations on existing nodes like the real call, changing nothing', async () => {
    const c = client();
    const a = uid('drp');
    await create(c, pnfPath(`${a}-p`), { 'pnf-name': `${a}-p`, 'equip-type': 'old', 'equip-model': 'm' });
    await create(c, pnfPath(`${a}-d`), { 'pnf-name': `${a}-d` });
    await create(c, pifPath(`${a}-d`, 'eth0'), { 'interface-name': 'eth0' });
    await create(c, linkPath(`${a}-1`), { 'link-name': `${a}-1`, 'link-type': 'l2' });
    await create(c, linkPath(`${a}-2`), { 'link-name': `${a}-2`, 'link-type': 'l2' });
    await create(c, pnfPath(`${a}-r`), { 'pnf-name': `${a}-r`, 'relationship-list': { relationship: [linkRel(`${a}-2`)] } });
    const dRv = (await fingerprint(pnfPath(`${a}-d`))).nodes.find((n) => n.uri === pnfPath(`${a}-d`))?.p['resource-version'];
    const payload = {
      transactions: [
        { put: [{ uri: pnfPath(`${a}-new`), body: { 'pnf-name': `${a}-new` } }] },
        { patch: [{ uri: pnfPath(`${a}-p`), body: { 'equip-type': 'new', 'equip-model': null } }] },
        { delete: [{ uri: `${pnfPath(`${a}-d`)}?resource-version=${String(dRv)}` }] },
        { put: [{ uri: `${pnfPath(`${a}-r`)}${REL}`, body: linkRel(`${a}-1`) }] },
        { delete: [{ uri: `${pnfPath(`${a}-r`)}${REL}`, body: linkRel(`${a}-2`) }] },
        // A failing transaction between the others.
        { patch: [{ uri: pnfPath(`${a}-p`), body: { 'equip-vendor': 'v' } }, { uri: pnfPath(`${a}-none`), body: {} }] },
      ],
    };
    const { before, after, real } = await dryThenReal(a, (q) => c.put(`/aai/v15/bulkprocess${q}`, payload));
    expect(statuses(real)).toEqual([['201'], ['200'], ['204'], ['200'], ['204'], ['200', '404']]);
    expect(before.nodeCount).toBe(6);
    expect(after.nodeCount).toBe(5); // +1 created, -2 deleted (pnf and its p-interface)
    expect(after.edges).toEqual([{ from: linkPath(`${a}-1`), label: 'org.onap.relationships.inventory.BridgedTo', to: pnfPath(`${a}-r`) }]);
  });

  it('answers a chain of dependent transactions like the real call (create, patch, relate, delete, recreate; a stale resource-version fails)', async () => {
    const c = client();
    const a = uid('drc');
    await create(c, linkPath(a), { 'link-name': a, 'link-type': 'l2' });
    await create(c, pnfPath(`${a}-x`), { 'pnf-name': `${a}-x` });
    const xRv = (await fingerprint(pnfPath(`${a}-x`))).nodes[0]?.p['resource-version'];
    const payload = {
      transactions: [
        { put: [{ uri: pnfPath(a), body: { 'pnf-name': a } }] },
        { patch: [{ uri: pnfPath(a), body: { 'equip-type': 't' } }] },
        { put: [{ uri: `${pnfPath(a)}${REL}`, body: linkRel(a) }] },
        { put: [{ uri: pifPath(a, 'eth0'), body: { 'interface-name': 'eth0' } }] },
        { delete: [{ uri: `${pnfPath(a)}?resource-version=${BYPASS}` }] },
        { patch: [{ uri: pifPath(a, 'eth0'), body: { 'interface-role': 'r' } }] },
        { put: [{ uri: pnfPath(a), body: { 'pnf-name': a, 'equip-type': 'again' } }] },
        // x is patched, so the resource-version read before the request is stale for its delete.
        { patch: [{ uri: pnfPath(`${a}-x`), body: { 'equip-type': 'p' } }] },
        { delete: [{ uri: `${pnfPath(`${a}-x`)}?resource-version=${String(xRv)}` }] },
      ],
    };
    const { after, real } = await dryThenReal(a, (q) => c.put(`/aai/v15/bulkprocess${q}`, payload));
    expect(statuses(real)).toEqual([['201'], ['200'], ['200'], ['201'], ['204'], ['404'], ['201'], ['200'], ['412']]);
    expect(after.nodes.find((n) => n.uri === pnfPath(a))?.p).toMatchObject({ 'equip-type': 'again' });
    expect(after.nodes.some((n) => n.uri === pifPath(a, 'eth0'))).toBe(false);
    expect(after.edgeCount).toBe(0);
  });
});

describe('dry run on POST /aai/v15/bulk/single-transaction', () => {
  const URL = '/aai/v15/bulk/single-transaction';

  it('answers a successful request like the real call (201, every status) and changes nothing', async () => {
    const c = client();
    const a = uid('drs');
    await create(c, pnfPath(`${a}-e`), { 'pnf-name': `${a}-e`, 'equip-type': 'old' });
    await create(c, pnfPath(`${a}-d`), { 'pnf-name': `${a}-d` });
    await create(c, linkPath(a), { 'link-name': a, 'link-type': 'l2' });
    const operations = [
      { action: 'put', uri: pnfPath(a), body: { 'pnf-name': a } },
      { action: 'put', uri: pifPath(a, 'eth0'), body: { 'interface-name': 'eth0' } },
      { action: 'patch', uri: pnfPath(`${a}-e`), body: { 'equip-type': null, 'equip-model': 'm' } },
      { action: 'put', uri: `${pnfPath(`${a}-e`)}${REL}`, body: linkRel(a) },
      { action: 'delete', uri: `${pnfPath(`${a}-d`)}?resource-version=${BYPASS}`, body: {} },
    ];
    const { before, after, real } = await dryThenReal(a, (q) => c.post(`${URL}${q}`, { operations }));
    expect(real.status).toBe(201);
    expect(real.body).toEqual({
      'operation-responses': operations.map((op, i) => ({ action: op.action, uri: op.uri, 'response-status-code': [201, 201, 200, 200, 204][i], 'response-body': null })),
    });
    expect(before.nodeCount).toBe(3);
    expect(after.nodeCount).toBe(4);
    expect(after.edgeCount).toBe(2); // the p-interface's containment edge and the BridgedTo
  });

  it('answers a failing request like the real call (first failure, its status) and neither changes anything', async () => {
    const c = client();
    const a = uid('drx');
    await create(c, pnfPath(`${a}-e`), { 'pnf-name': `${a}-e` });
    const operations = [
      { action: 'put', uri: pnfPath(a), body: { 'pnf-name': a } },
      { action: 'patch', uri: pnfPath(`${a}-e`), body: { 'equip-type': 'x' } },
      { action: 'delete', uri: pnfPath(`${a}-e`), body: {} },
      { action: 'delete', uri: pnfPath(`${a}-none`), body: {} },
    ];
    const { before, after, real } = await dryThenReal(a, (q) => c.post(`${URL}${q}`, { operations }));
    expect(real.status).toBe(412);
    expect(real.body.requestError.serviceException.variables[2]).toBe(
      `Invalid input performing %1 on %2:Operation 2 with action (DELETE) on uri (${pnfPath(`${a}-e`)}) failed with status code (412), error code (ERR.5.4.6130) and msg (Precondition Required:resource-version not passed for delete of pnf)`,
    );
    expect(after).toEqual(before);
  });

  it('answers payload errors and the limit like the real call', async () => {
    const c = client();
    const a = uid('dry');
    const structural = { operations: [{ action: 'get', uri: pnfPath(a) }] };
    await dryThenReal(a, (q) => c.post(`${URL}${q}`, structural));
    const tooMany = { operations: Array.from({ length: 31 }, (_, i) => ({ action: 'put', uri: pnfPath(`${a}-${i}`), body: { 'pnf-name': `${a}-${i}` } })) };
    const { after, real } = await dryThenReal(a, (q) => c.post(`${URL}${q}`, tooMany));
    expect(real.status).toBe(400);
    expect(after.nodeCount).toBe(0);
  });
});

describe('the dry-run parameter', () => {
  it.each([
    ['PUT', '/aai/v15/bulkadd', (a: string) => ({ transactions: [{ put: [{ uri: pnfPath(a), body: { 'pnf-name': a } }] }] })],
    ['PUT', '/aai/v15/bulkprocess', (a: string) => ({ transactions: [{ put: [{ uri: pnfPath(a), body: { 'pnf-name': a } }] }] })],
    ['POST', '/aai/v15/bulk/single-transaction', (a: string) => ({ operations: [{ action: 'put', uri: pnfPath(a), body: { 'pnf-name': a } }] })],
    ['POST', '/aai/v15/bulk/get', (a: string) => ({ 'batch-get-list': [{ uri: pnfPath(a) }] })],
  ])('is refused with 400 when it is neither true nor false (%s %s dry-run=maybe), before any work', async (method, url, payload) => {
    const c = client();
    const a = uid('maybe');
    const res = method === 'PUT' ? await c.put(`${url}?dry-run=maybe`, payload(a)) : await c.post(`${url}?dry-run=maybe`, payload(a));
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.messageId).toBe('SVC3000');
    expect(res.body.requestError.serviceException.variables.slice(0, 2)).toEqual([method, url.replace('/aai/', '')]);
    expect((await fingerprint(a)).nodeCount).toBe(0);
  });

  it('writes for real with dry-run=false', async () => {
    const c = client();
    const a = uid('dfalse');
    const res = await c.put('/aai/v15/bulkadd?dry-run=false', { transactions: [{ put: [{ uri: pnfPath(a), body: { 'pnf-name': a } }] }] });
    expect(res.status).toBe(201);
    expect((await fingerprint(a)).nodeCount).toBe(1);
  });
});
