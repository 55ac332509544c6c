/**
 * The read paths A&AI's clients use beyond a plain GET (issue #15): query formats on sets of
 * several nodes and types, the nodes API finding several nodes, repeated filters, child containers
 * with filters and paging, /related-to/ over cousin edges, GET …/relationship-list, and the errors
 * of each. References: aai-core HttpEntry (GET, GET_RELATIONSHIP), parsers/uri/URIParser
 * (RestTokens.COUSIN, "nodes"), serialization/queryformats (Formatter, Count), aai-resources
 * ResourcesController/ResourcesService (paging, relationship-list).
 */
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { uid } from '../helpers/neo4j.js';
import { create, linkPath, pifPath, pnfPath, svc, TEXT_3000, TEXT_3001, V } from '../helpers/aai.js';

type Client = ReturnType<typeof client>;

/** A pnf with p-interfaces a, b, c (speed 1, 1, 2) and a logical link to a and b. */
async function pnfWithLink(c: Client): Promise<{ pnf: string; link: string }> {
  const [pnf, link] = [uid('rp-pnf'), uid('rp-link')];
  await create(c, pnfPath(pnf), {
    'pnf-name': pnf,
    'p-interfaces': { 'p-interface': [{ 'interface-name': 'a', 'speed-value': '1' }, { 'interface-name': 'b', 'speed-value': '1' }, { 'interface-name': 'c', 'speed-value': '2' }] },
  });
  await create(c, linkPath(link), {
    'link-name': link,
    'link-type': 'l2',
    'relationship-list': { relationship: ['a', 'b'].map((i) => ({ 'related-to': 'p-interface', 'related-link': `${V}${pifPath(pnf, i)}` })) },
  });
  return { pnf, link };
}

const names = (list: unknown): string[] => (list as { 'interface-name': string }[]).map((p) => p['interface-name']).sort();

describe('child containers', () => {
  it('lists a child container, filtered (repeated values match any), paged with the headers', async () => {
    const c = client();
    const { pnf } = await pnfWithLink(c);
    const all = await c.get(`${V}${pnfPath(pnf)}/p-interfaces`);
    expect(all.status).toBe(200);
    expect(Object.keys(all.body)).toEqual(['p-interface']);
    expect(names(all.body['p-interface'])).toEqual(['a', 'b', 'c']);
    expect(names((await c.get(`${V}${pnfPath(pnf)}/p-interfaces?speed-value=1`)).body['p-interface'])).toEqual(['a', 'b']);
    expect(names((await c.get(`${V}${pnfPath(pnf)}/p-interfaces?interface-name=a&interface-name=c`)).body['p-interface'])).toEqual(['a', 'c']);
    const page = await c.get(`${V}${pnfPath(pnf)}/p-interfaces?resultIndex=2&resultSize=2`);
    expect(page.status).toBe(200);
    expect(names(page.body['p-interface'])).toEqual(['c']);
    expect([page.headers['total-results'], page.headers['total-pages']]).toEqual(['3', '2']);
  });

  it('answers 404 AAI_6114 naming the container when nothing matches', async () => {
    const c = client();
    const { pnf } = await pnfWithLink(c);
    const res = await c.get(`${V}${pnfPath(pnf)}/p-interfaces?speed-value=9`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(svc('SVC3001', TEXT_3001, ['GET', `network/pnfs/pnf/${pnf}/p-interfaces`, `Node Not Found:No Node of type p-interface found at: network/pnfs/pnf/${pnf}/p-interfaces`, 'ERR.5.4.6114']));
  });
});

describe('query formats over sets', () => {
  it('count sums per type; pathed lists each in URI order; an unknown format is AAI_6120', async () => {
    const c = client();
    const { pnf } = await pnfWithLink(c);
    expect((await c.get(`${V}${pnfPath(pnf)}/p-interfaces?format=count`)).body).toEqual({ results: [{ 'p-interface': 3 }] });
    // SO's exists(): format=count with resultIndex=0 (no paging) on one node (GraphInventoryResourcesClient).
    expect((await c.get(`${V}${pnfPath(pnf)}?format=count&resultIndex=0&resultSize=1`)).body).toEqual({ results: [{ pnf: 1 }] });
    expect((await c.get(`${V}${pnfPath(uid('none'))}?format=count&resultIndex=0&resultSize=1`)).status).toBe(404);
    const pathed = await c.get(`${V}${pnfPath(pnf)}/p-interfaces?format=pathed&speed-value=1`);
    expect(pathed.body).toEqual({ results: ['a', 'b'].map((i) => ({ 'resource-type': 'p-interface', 'resource-link': `${V}${pifPath(pnf, i)}` })) });
    const bad = await c.get(`${V}${pnfPath(pnf)}?format=xml`);
    expect(bad.status).toBe(400);
    expect(bad.body.requestError.serviceException.variables).toEqual(['GET', `network/pnfs/pnf/${pnf}`, 'Bad Parameter Passed:Unsupported format query parameter xml in request.', 'ERR.5.4.6120']);
  });

  it('batch get answers an item with a format like its GET', async () => {
    const c = client();
    const { pnf } = await pnfWithLink(c);
    const uri = `${pnfPath(pnf)}/p-interfaces?format=count`;
    const res = await c.post(`${V}/bulk/get`, { 'batch-get-list': [{ uri }] });
    expect(res.status).toBe(200);
    expect(res.body['batch-get-list'][0].resp).toEqual((await c.get(`${V}${uri}`)).body);
  });
});

describe('the nodes API', () => {
  it('finds a child type by key anywhere: one is the object, two are AAI_6136; its plural lists both', async () => {
    const c = client();
    const [p1, p2, name] = [uid('rp-n1'), uid('rp-n2'), uid('if')];
    await create(c, pnfPath(p1), { 'pnf-name': p1, 'p-interfaces': { 'p-interface': [{ 'interface-name': name }] } });
    const one = await c.get(`${V}/nodes/p-interface/${name}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual((await c.get(`${V}${pifPath(p1, name)}`)).body);
    expect((await c.get(`${V}/nodes/p-interface/${name}?format=pathed`)).body).toEqual({ results: [{ 'resource-type': 'p-interface', 'resource-link': `${V}${pifPath(p1, name)}` }] });
    await create(c, pnfPath(p2), { 'pnf-name': p2, 'p-interfaces': { 'p-interface': [{ 'interface-name': name }] } });
    const two = await c.get(`${V}/nodes/p-interface/${name}`);
    expect(two.status).toBe(400);
    expect(two.body.requestError.serviceException.variables[3]).toBe('ERR.5.4.6136');
    const plural = await c.get(`${V}/nodes/p-interfaces?interface-name=${name}`);
    expect(plural.status).toBe(200);
    expect(plural.body['p-interface']).toHaveLength(2);
    expect((await c.get(`${V}/nodes/p-interfaces?interface-name=${name}&format=count`)).body).toEqual({ results: [{ 'p-interface': 2 }] });
    // From a parent found by key, down to its child (nodesApi.rst: /nodes/tenant/{id}/vservers).
    expect((await c.get(`${V}/nodes/pnf/${p2}/p-interfaces/p-interface/${name}`)).body).toEqual((await c.get(`${V}${pifPath(p2, name)}`)).body);
    expect((await c.get(`${V}/nodes/pnf/${p2}/p-interfaces`)).body['p-interface']).toHaveLength(1);
  });

  it('answers A&AI errors for names that are not types', async () => {
    const c = client();
    const res = await c.get(`${V}/nodes/no-such-things`);
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:Unrecognized AAI object no-such-things');
  });
});

describe('related-to', () => {
  it('follows cousin edges to the plural given, filtered; from the other side too', async () => {
    const c = client();
    const { pnf, link } = await pnfWithLink(c);
    const res = await c.get(`${V}${linkPath(link)}/related-to/p-interfaces`);
    expect(res.status).toBe(200);
    expect(names(res.body['p-interface'])).toEqual(['a', 'b']);
    expect(names((await c.get(`${V}${linkPath(link)}/related-to/p-interfaces?interface-name=b`)).body['p-interface'])).toEqual(['b']);
    const back = await c.get(`${V}${pifPath(pnf, 'a')}/related-to/logical-links`);
    expect(back.body['logical-link'].map((l: { 'link-name': string }) => l['link-name'])).toEqual([link]);
    // A plural then its element and key: the one related node.
    expect((await c.get(`${V}${linkPath(link)}/related-to/p-interfaces/p-interface/b`)).body['interface-name']).toBe('b');
    expect((await c.get(`${V}${pifPath(pnf, 'c')}/related-to/logical-links`)).status).toBe(404);
  });

  it('answers AAI_3000 for a path ending in related-to or chaining plurals (URIParser)', async () => {
    const c = client();
    const { link } = await pnfWithLink(c);
    const end = await c.get(`${V}${linkPath(link)}/related-to`);
    expect(end.status).toBe(400);
    expect(end.body.requestError.serviceException.variables[2]).toBe(`Invalid input performing %1 on %2:${linkPath(link)}/related-to not a valid path. Cannot end in related-to`);
    const chained = await c.get(`${V}/network/logical-links/related-to/p-interfaces`);
    expect(chained.status).toBe(400);
    expect(chained.body).toEqual(svc('SVC3000', TEXT_3000, ['GET', 'v15/network/logical-links/related-to/p-interfaces', 'Invalid input performing %1 on %2:/network/logical-links/related-to/p-interfaces not a valid path. Cannot chain plurals together', 'ERR.5.2.3000']));
  });
});

describe('GET …/relationship-list', () => {
  it("answers the node's relationship-list as its GET shows it; 404 AAI_6149 when it has none", async () => {
    const c = client();
    const { pnf, link } = await pnfWithLink(c);
    const res = await c.get(`${V}${linkPath(link)}/relationship-list`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual((await c.get(`${V}${linkPath(link)}`)).body['relationship-list']);
    expect(res.body.relationship).toHaveLength(2);
    const none = await c.get(`${V}${pifPath(pnf, 'c')}/relationship-list`);
    expect(none.status).toBe(404);
    expect(none.body.requestError.serviceException.variables).toEqual([
      'GET',
      `network/pnfs/pnf/${pnf}/p-interfaces/p-interface/c/relationship-list`,
      `No relationship was found:No relationship found of type p-interface at the given URI: network/pnfs/pnf/${pnf}/p-interfaces/p-interface/c/relationship-list`,
      'ERR.5.4.6149',
    ]);
    expect((await c.get(`${V}${pnfPath(uid('none'))}/relationship-list`)).status).toBe(404);
  });
});

// ResourcesControllerTest.testInvalidUriContainingRelatedToShouldThrowAAIException.
describe('writes through related-to', () => {
  it('answers 400 AAI_3010 "Cannot write via this URL" to PUT, PATCH and a relationship PUT/DELETE, and writes nothing', async () => {
    const c = client();
    const { pnf } = await pnfWithLink(c);
    const base = `${pnfPath(pnf)}/related-to/logical-links`;
    const expected = (method: string, path: string) => svc('SVC3002', 'Error writing output performing %1 on %2 (msg=%3) (ec=%4)', [method, `v15${path}`, 'Cannot write via this URL', 'ERR.5.6.3010']);
    const put = await c.put(`${V}${base}`, {});
    expect([put.status, put.body]).toEqual([400, expected('PUT', base)]);
    const patch = await c.patch(`${V}${base}`, {});
    expect([patch.status, patch.body]).toEqual([400, expected('MERGE_PATCH', base)]);
    const rel = `${base}/relationship-list/relationship`;
    const relPut = await c.put(`${V}${rel}`, { 'related-to': 'pnf', 'related-link': `${V}${pnfPath(pnf)}` });
    expect([relPut.status, relPut.body]).toEqual([400, expected('PUT', rel)]);
    const relDelete = await c.raw.delete(`${V}${rel}`).set({ 'X-FromAppId': 'test', 'X-TransactionId': 't', 'Content-Type': 'application/json' }).send('{}');
    expect([relDelete.status, relDelete.body]).toEqual([400, expected('DELETE', rel)]);
    expect((await c.get(`${V}${pnfPath(pnf)}/relationship-list`)).status).toBe(404);
  });
});
