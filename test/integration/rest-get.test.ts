/**
 * Issue "A&AI v15 inventory model and REST API": GET of single nodes (depth, nodes-only,
 * relationship-list) and of top-level collections (property filters, resultIndex/resultSize paging
 * with total-results/total-pages headers). Contract: aai-compat.md §10; the collection API follows
 * the implementation (src/domain/read.ts) where the contract is silent.
 */
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { uid } from '../helpers/neo4j.js';
import { svc, TEXT_3000, TEXT_3001, V } from '../helpers/aai.js';

type Client = ReturnType<typeof client>;


async function rvOf(c: Client, url: string): Promise<string> {
  const res = await c.get(url);
  expect(res.status).toBe(200);
  return res.body['resource-version'] as string;
}

/** A pnf with p-interface eth0 → l-interface eth0.1 → l-interface eth0.1.5, and p-interface eth1. */
async function pnfTree(c: Client): Promise<{ name: string; url: string }> {
  const name = uid('pnf');
  const url = `${V}/network/pnfs/pnf/${name}`;
  const res = await c.put(url, {
    'equip-type': 'router',
    'p-interfaces': {
      'p-interface': [
        {
          'interface-name': 'eth0',
          'speed-value': '10',
          'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0.1', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0.1.5' }] } }] },
        },
        { 'interface-name': 'eth1' },
      ],
    },
  });
  expect(res.status).toBe(201);
  return { name, url };
}

describe('GET /aai/v15/network/pnfs/pnf/{pnf-name}', () => {
  it('answers 200 with JSON: the node properties and resource-version, no children (default depth 0)', async () => {
    const c = client();
    const { name, url } = await pnfTree(c);
    const res = await c.get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ 'pnf-name': name, 'equip-type': 'router', 'in-maint': false, 'resource-version': expect.stringMatching(/^\d+$/) });
  });

  it('gives the same body for depth=0 as for no depth', async () => {
    const c = client();
    const { url } = await pnfTree(c);
    expect((await c.get(`${url}?depth=0`)).body).toEqual((await c.get(url)).body);
  });

  it('includes children but not grandchildren at depth=1', async () => {
    const c = client();
    const { name, url } = await pnfTree(c);
    const rv = await rvOf(c, url);
    const res = await c.get(`${url}?depth=1`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      'pnf-name': name,
      'equip-type': 'router',
      'in-maint': false,
      'resource-version': rv,
      'p-interfaces': {
        'p-interface': [
          { 'interface-name': 'eth0', 'speed-value': '10', 'resource-version': rv, 'in-maint': false },
          { 'interface-name': 'eth1', 'resource-version': rv, 'in-maint': false },
        ],
      },
    });
  });

  it('includes two levels at depth=2 and the whole tree at depth=all', async () => {
    const c = client();
    const { url } = await pnfTree(c);
    const two = (await c.get(`${url}?depth=2`)).body;
    const eth0 = two['p-interfaces']['p-interface'][0];
    expect(eth0['l-interfaces']['l-interface'].map((l: { 'interface-name': string }) => l['interface-name'])).toEqual(['eth0.1']);
    expect(eth0['l-interfaces']['l-interface'][0]).not.toHaveProperty('l-interfaces');

    const all = (await c.get(`${url}?depth=all`)).body;
    const deepest = all['p-interfaces']['p-interface'][0]['l-interfaces']['l-interface'][0]['l-interfaces']['l-interface'];
    expect(deepest).toEqual([
      { 'interface-name': 'eth0.1.5', 'is-port-mirrored': false, 'resource-version': expect.any(String), 'in-maint': false, 'is-ip-unnumbered': false },
    ]);
  });

  it('counts depth from the requested node: GET of a p-interface at depth=1 shows its l-interfaces only', async () => {
    const c = client();
    const { url } = await pnfTree(c);
    const res = await c.get(`${url}/p-interfaces/p-interface/eth0?depth=1`);
    expect(res.status).toBe(200);
    expect(res.body['interface-name']).toBe('eth0');
    expect(res.body['l-interfaces']['l-interface']).toHaveLength(1);
    expect(res.body['l-interfaces']['l-interface'][0]['interface-name']).toBe('eth0.1');
    expect(res.body['l-interfaces']['l-interface'][0]).not.toHaveProperty('l-interfaces');
  });

  it('reads a nested l-interface directly by its full URI', async () => {
    const c = client();
    const { url } = await pnfTree(c);
    const res = await c.get(`${url}/p-interfaces/p-interface/eth0/l-interfaces/l-interface/eth0.1/l-interfaces/l-interface/eth0.1.5`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ 'interface-name': 'eth0.1.5', 'is-port-mirrored': false, 'resource-version': expect.any(String), 'in-maint': false, 'is-ip-unnumbered': false });
  });

  it('renders cousin relationships in relationship-list and omits it with nodes-only (at every level)', async () => {
    const c = client();
    const complex = uid('cplx');
    await c.put(`${V}/cloud-infrastructure/complexes/complex/${complex}`, {
      'physical-location-type': 't',
      street1: 's',
      city: 'c',
      'postal-code': 'p',
      country: 'US',
      region: 'r',
    });
    const link = uid('link');
    await c.put(`${V}/network/logical-links/logical-link/${link}`, { 'link-type': 'l2' });
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, {
      'relationship-list': { relationship: [{ 'related-to': 'complex', 'related-link': `/aai/v15/cloud-infrastructure/complexes/complex/${complex}` }] },
      'p-interfaces': {
        'p-interface': [
          { 'interface-name': 'eth0', 'relationship-list': { relationship: [{ 'related-to': 'logical-link', 'related-link': `/aai/v15/network/logical-links/logical-link/${link}` }] } },
        ],
      },
    });
    const full = (await c.get(`${url}?depth=1`)).body;
    expect(full['relationship-list']).toEqual({
      relationship: [
        {
          'related-to': 'complex',
          'relationship-label': 'org.onap.relationships.inventory.LocatedIn',
          'related-link': `/aai/v15/cloud-infrastructure/complexes/complex/${complex}`,
          'relationship-data': [{ 'relationship-key': 'complex.physical-location-id', 'relationship-value': complex }],
        },
      ],
    });
    const childRels = full['p-interfaces']['p-interface'][0]['relationship-list'].relationship;
    expect(childRels).toHaveLength(1);
    expect(childRels[0]).toMatchObject({
      'related-to': 'logical-link',
      'relationship-label': 'tosca.relationships.network.LinksTo',
      'related-link': `/aai/v15/network/logical-links/logical-link/${link}`,
    });

    const nodesOnly = (await c.get(`${url}?depth=1&nodes-only`)).body;
    expect(nodesOnly).not.toHaveProperty('relationship-list');
    expect(nodesOnly['p-interfaces']['p-interface'][0]).not.toHaveProperty('relationship-list');
    expect(nodesOnly['p-interfaces']['p-interface'][0]['interface-name']).toBe('eth0');
    expect((await c.get(`${url}?nodes-only=true`)).body).not.toHaveProperty('relationship-list');
  });

  it('omits relationship-list when the node has no relationships (the parent edge is not one)', async () => {
    const c = client();
    const { url } = await pnfTree(c);
    expect((await c.get(`${url}/p-interfaces/p-interface/eth0`)).body).not.toHaveProperty('relationship-list');
    expect((await c.get(url)).body).not.toHaveProperty('relationship-list');
  });

  it('reads a cloud-region by both keys and its tenants at depth=1', async () => {
    const c = client();
    const owner = uid('owner');
    const region = `${V}/cloud-infrastructure/cloud-regions/cloud-region/${owner}/RegionOne`;
    await c.put(region, { 'tenants': { tenant: [{ 'tenant-id': 't1', 'tenant-name': 'admin' }] } });
    const res = await c.get(`${region}?depth=1`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      'cloud-owner': owner,
      'cloud-region-id': 'RegionOne',
      'resource-version': expect.any(String),
      tenants: { tenant: [{ 'tenant-id': 't1', 'tenant-name': 'admin', 'resource-version': expect.any(String) }] },
    });
  });

  it('answers 404 AAI_6114 for a missing node (query string not part of the path variable)', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.get(`${V}/network/pnfs/pnf/${name}?depth=1`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(
      svc('SVC3001', TEXT_3001, ['GET', `network/pnfs/pnf/${name}`, `Node Not Found:No Node of type pnf found at: network/pnfs/pnf/${name}`, 'ERR.5.4.6114']),
    );
  });

  it('answers 404 AAI_6114 naming the child type for a missing child of an existing node', async () => {
    const c = client();
    const { name, url } = await pnfTree(c);
    const res = await c.get(`${url}/p-interfaces/p-interface/eth9`);
    expect(res.status).toBe(404);
    const path = `network/pnfs/pnf/${name}/p-interfaces/p-interface/eth9`;
    expect(res.body).toEqual(svc('SVC3001', TEXT_3001, ['GET', path, `Node Not Found:No Node of type p-interface found at: ${path}`, 'ERR.5.4.6114']));
  });

  it('answers 404 with the percent-decoded path for a missing key containing a space and a slash', async () => {
    const c = client();
    const name = `${uid('pnf')} 2/a`;
    const res = await c.get(`${V}/network/pnfs/pnf/${encodeURIComponent(name)}`);
    expect(res.status).toBe(404);
    expect(res.body.requestError.serviceException.variables).toEqual([
      'GET',
      `network/pnfs/pnf/${name}`,
      `Node Not Found:No Node of type pnf found at: network/pnfs/pnf/${name}`,
      'ERR.5.4.6114',
    ]);
  });

  for (const depth of ['x', '-1', '1.5', 'ALL']) {
    it(`answers 400 AAI_4016 for depth=${depth}`, async () => {
      const c = client();
      const { name, url } = await pnfTree(c);
      const res = await c.get(`${url}?depth=${depth}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        svc('SVC3000', TEXT_3000, ['GET', `network/pnfs/pnf/${name}`, 'The depth parameter must be a number or the string "all"', '4.0.4016']),
      );
    });
  }
});

describe('GET /aai/v15/network/pnfs (collection)', () => {
  /** Five pnfs sharing a unique equip-type; in-maint true for c0, c2, c4. */
  async function fivePnfs(c: Client): Promise<{ tag: string; names: string[] }> {
    const tag = uid('et');
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `${tag}-c${i}`;
      names.push(name);
      expect((await c.put(`${V}/network/pnfs/pnf/${name}`, { 'equip-type': tag, 'in-maint': i % 2 === 0 })).status).toBe(201);
    }
    return { tag, names };
  }

  const namesOf = (body: { pnf: { 'pnf-name': string }[] }): string[] => body.pnf.map((p) => p['pnf-name']);

  // A&AI sets total-results/total-pages only on a paged answer (HttpEntry.process: paginationResult).
  it('answers {"pnf":[...]} filtered by a property, without paging headers when not paged', async () => {
    const c = client();
    const { tag, names } = await fivePnfs(c);
    const res = await c.get(`${V}/network/pnfs?equip-type=${tag}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['pnf']);
    expect(namesOf(res.body).sort()).toEqual(names);
    expect(res.body.pnf[0]).toEqual({ 'pnf-name': names[0], 'equip-type': tag, 'in-maint': true, 'resource-version': expect.any(String) });
    expect(res.headers['total-results']).toBeUndefined();
    expect(res.headers['total-pages']).toBeUndefined();
  });

  it('combines filters (AND) and types boolean filters', async () => {
    const c = client();
    const { tag, names } = await fivePnfs(c);
    const res = await c.get(`${V}/network/pnfs?equip-type=${tag}&in-maint=true`);
    expect(res.status).toBe(200);
    expect(namesOf(res.body).sort()).toEqual([names[0], names[2], names[4]]);
  });

  it('pages with resultIndex (1-based) and resultSize: disjoint pages covering all, with total-results and total-pages', async () => {
    const c = client();
    const { tag, names } = await fivePnfs(c);
    const pages: string[][] = [];
    for (const index of [1, 2, 3]) {
      const res = await c.get(`${V}/network/pnfs?equip-type=${tag}&resultIndex=${index}&resultSize=2`);
      expect(res.status).toBe(200);
      expect(res.headers['total-results']).toBe('5');
      expect(res.headers['total-pages']).toBe('3');
      pages.push(namesOf(res.body));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual(names);
  });

  it('answers 404 for a page past the end', async () => {
    const c = client();
    const { tag } = await fivePnfs(c);
    const res = await c.get(`${V}/network/pnfs?equip-type=${tag}&resultIndex=4&resultSize=2`);
    expect(res.status).toBe(404);
    expect(res.body.requestError.serviceException.variables[3]).toBe('ERR.5.4.6114');
  });

  it('answers 404 AAI_6114 when nothing matches', async () => {
    const c = client();
    const res = await c.get(`${V}/network/pnfs?equip-type=${uid('none')}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(svc('SVC3001', TEXT_3001, ['GET', 'network/pnfs', 'Node Not Found:No Node of type pnf found at: network/pnfs', 'ERR.5.4.6114']));
  });

  it('answers 400 AAI_3000 for a filter that is not a property of the type', async () => {
    const c = client();
    const res = await c.get(`${V}/network/pnfs?no-such-prop=x`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['GET', 'v15/network/pnfs', 'Invalid input performing %1 on %2:no-such-prop is not a property of pnf', 'ERR.5.2.3000']));
  });

  // ResourcesService.hasValidPaginationParams: only resultIndex >= 1 with resultSize >= 1 pages.
  it('reads everything (no paging headers) for resultIndex=0, a negative resultSize, or only one of the two', async () => {
    const c = client();
    const { tag, names } = await fivePnfs(c);
    for (const q of ['resultIndex=0&resultSize=2', 'resultIndex=1&resultSize=-3', 'resultIndex=2', 'resultSize=2']) {
      const res = await c.get(`${V}/network/pnfs?equip-type=${tag}&${q}`);
      expect(res.status, q).toBe(200);
      expect(namesOf(res.body).sort(), q).toEqual(names);
      expect(res.headers['total-results'], q).toBeUndefined();
    }
  });

  it('pages without the headers when includeTotalCount is false (anything but "true" is false, as JAX-RS reads a boolean)', async () => {
    const c = client();
    const { tag } = await fivePnfs(c);
    for (const flag of ['false', 'no']) {
      const res = await c.get(`${V}/network/pnfs?equip-type=${tag}&resultIndex=1&resultSize=2&includeTotalCount=${flag}`);
      expect(res.status).toBe(200);
      expect(namesOf(res.body)).toHaveLength(2);
      expect(res.headers['total-results']).toBeUndefined();
      expect(res.headers['total-pages']).toBeUndefined();
    }
    const counted = await c.get(`${V}/network/pnfs?equip-type=${tag}&resultIndex=1&resultSize=2&includeTotalCount=TRUE`);
    expect([counted.headers['total-results'], counted.headers['total-pages']]).toEqual(['5', '3']);
  });

  // A&AI (JAX-RS) answers 404 with no A&AI body for a resultIndex/resultSize that is not an int; we answer a clear 400.
  it('answers 400 AAI_3000 for a non-numeric resultSize or resultIndex', async () => {
    const c = client();
    const abc = await c.get(`${V}/network/pnfs?resultIndex=1&resultSize=abc`);
    expect(abc.status).toBe(400);
    expect(abc.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:resultSize must be an integer, not "abc"');
    const big = await c.get(`${V}/network/pnfs?resultIndex=99999999999&resultSize=1`);
    expect(big.status).toBe(400);
    expect(big.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:resultIndex must be an integer, not "99999999999"');
  });

  it('includes children in collection items with depth=1 and drops relationship-list with nodes-only', async () => {
    const c = client();
    const { name } = await pnfTree(c);
    const res = await c.get(`${V}/network/pnfs?pnf-name=${name}&depth=1&nodes-only`);
    expect(res.status).toBe(200);
    expect(res.body.pnf).toHaveLength(1);
    expect(res.body.pnf[0]['p-interfaces']['p-interface'].map((p: { 'interface-name': string }) => p['interface-name'])).toEqual(['eth0', 'eth1']);
    expect(res.body.pnf[0]['p-interfaces']['p-interface'][0]).not.toHaveProperty('l-interfaces');
  });

  it('filters pservers on an integer property, and answers 400 AAI_4018 for a non-integer value', async () => {
    const c = client();
    const host = uid('host');
    await c.put(`${V}/cloud-infrastructure/pservers/pserver/${host}`, { 'number-of-cpus': 16 });
    const res = await c.get(`${V}/cloud-infrastructure/pservers?hostname=${host}&number-of-cpus=16`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ pserver: [{ hostname: host, 'number-of-cpus': 16, 'in-maint': false, 'resource-version': expect.any(String) }] });
    expect((await c.get(`${V}/cloud-infrastructure/pservers?hostname=${host}&number-of-cpus=8`)).status).toBe(404);
    const bad = await c.get(`${V}/cloud-infrastructure/pservers?number-of-cpus=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(
      svc('SVC3000', TEXT_3000, ['GET', 'v15/cloud-infrastructure/pservers', 'Unable to convert the string to integer:number-of-cpus=abc', 'ERR.5.2.4018']),
    );
  });

  it('lists cloud-regions filtered by an encoded cloud-owner (space and slash)', async () => {
    const c = client();
    const owner = `${uid('own')} a/b`;
    await c.put(`${V}/cloud-infrastructure/cloud-regions/cloud-region/${encodeURIComponent(owner)}/r1`, {});
    await c.put(`${V}/cloud-infrastructure/cloud-regions/cloud-region/${encodeURIComponent(owner)}/r2`, {});
    const res = await c.get(`${V}/cloud-infrastructure/cloud-regions?cloud-owner=${encodeURIComponent(owner)}`);
    expect(res.status).toBe(200);
    expect(res.body['cloud-region'].map((r: { 'cloud-region-id': string }) => r['cloud-region-id']).sort()).toEqual(['r1', 'r2']);
    expect(res.body['cloud-region'][0]['cloud-owner']).toBe(owner);
  });

  it('lists only top-level nodes of the type (children with matching properties are not items)', async () => {
    const c = client();
    const tag = uid('et');
    const name = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${name}`, { 'prov-status': tag, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'prov-status': tag }] } });
    const res = await c.get(`${V}/network/pnfs?prov-status=${tag}`);
    expect(res.status).toBe(200);
    expect(namesOf(res.body)).toEqual([name]);
  });
});
