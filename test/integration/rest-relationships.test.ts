/**
 * Relationships through the REST API (aai-compat.md §6, §10, §11): resolving the target from
 * related-link (any /aai/vNN prefix, or none) or relationship-data, the edge label and stored
 * direction, the relationship-list shown by GET on both ends, A&AI's relationship errors, replace
 * semantics of a relationship-list in PUT/PATCH bodies, and the …/relationship-list/relationship
 * endpoints. Every test builds its own uniquely keyed nodes.
 */
import { describe, expect, it } from 'vitest';
import { client, HEADERS } from '../helpers/app.js';
import { uid } from '../helpers/neo4j.js';
import { REL, TEXT_3000, TEXT_3001, V, create, edgesBetween, svc, type Client } from '../helpers/aai.js';

const LABEL = {
  locatedIn: 'org.onap.relationships.inventory.LocatedIn',
  belongsTo: 'org.onap.relationships.inventory.BelongsTo',
  uses: 'org.onap.relationships.inventory.Uses',
  source: 'org.onap.relationships.inventory.Source',
  hostedOn: 'tosca.relationships.HostedOn',
  linksTo: 'tosca.relationships.network.LinksTo',
  bindsTo: 'tosca.relationships.network.BindsTo',
} as const;

interface RelationshipData {
  'relationship-key': string;
  'relationship-value': string;
}

interface Relationship {
  'related-to'?: string;
  'relationship-label'?: string;
  'related-link'?: string;
  'relationship-data'?: RelationshipData[];
  'related-to-property'?: { 'property-key': string; 'property-value': string }[];
}

// ---- paths (canonical A&AI URIs, without the /aai/v15 prefix) -----------------------------------

const path = {
  pnf: (pnf: string) => `/network/pnfs/pnf/${pnf}`,
  pInterface: (pnf: string, pif: string) => `${path.pnf(pnf)}/p-interfaces/p-interface/${pif}`,
  lInterface: (pnf: string, pif: string, lif: string) => `${path.pInterface(pnf, pif)}/l-interfaces/l-interface/${lif}`,
  lagInterface: (pnf: string, lag: string) => `${path.pnf(pnf)}/lag-interfaces/lag-interface/${lag}`,
  link: (name: string) => `/network/logical-links/logical-link/${name}`,
  complex: (id: string) => `/cloud-infrastructure/complexes/complex/${id}`,
  pserver: (host: string) => `/cloud-infrastructure/pservers/pserver/${host}`,
  vnf: (id: string) => `/network/generic-vnfs/generic-vnf/${id}`,
  cloudRegion: (owner: string, region: string) => `/cloud-infrastructure/cloud-regions/cloud-region/${owner}/${region}`,
  tenant: (owner: string, region: string, tenant: string) => `${path.cloudRegion(owner, region)}/tenants/tenant/${tenant}`,
};

/** The %2 template variable of an error: the path after /aai/v15/, no leading slash. */
// %2 of an error in the database work: the endpoint's path parameter — for a relationship endpoint the
// node's path, without /relationship-list/relationship (ResourcesController.updateRelationship,
// HttpEntry.process: request.getUri().getPath()).
const varPath = (p: string) => p.replace(/^\//, '');

// ---- bodies ---------------------------------------------------------------------------------------

function complexBody(id: string): Record<string, unknown> {
  return { 'physical-location-id': id, 'physical-location-type': 'site', street1: '1 Main St', city: 'Springfield', 'postal-code': '12345', country: 'US', region: 'east' };
}

function linkBody(name: string): Record<string, unknown> {
  return { 'link-name': name, 'link-type': 'physical' };
}

function withRels(body: Record<string, unknown>, rels: Relationship[]): Record<string, unknown> {
  return { ...body, 'relationship-list': { relationship: rels } };
}

// ---- helpers --------------------------------------------------------------------------------------

async function getBody(c: Client, p: string): Promise<Record<string, unknown>> {
  const r = await c.get(`${V}${p}`);
  expect(r.status, `GET ${p}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body as Record<string, unknown>;
}

async function rv(c: Client, p: string): Promise<string> {
  const v = (await getBody(c, p))['resource-version'];
  expect(typeof v).toBe('string');
  return String(v);
}

function sortRels(rels: readonly Relationship[]): Relationship[] {
  const key = (r: Relationship) => `${r['related-link'] ?? ''} ${r['relationship-label'] ?? ''}`;
  return [...rels].sort((a, b) => key(a).localeCompare(key(b)));
}

/** The relationship-list of a node as GET shows it ([] when the list is omitted). */
async function relsOf(c: Client, p: string): Promise<Relationship[]> {
  const body = await getBody(c, p);
  const list = body['relationship-list'] as { relationship?: Relationship[] } | undefined;
  return sortRels(list?.relationship ?? []);
}

/** A relationship as GET renders it. */
function shown(relatedTo: string, label: string, p: string, data: [string, string][], props?: [string, string][]): Relationship {
  const r: Relationship = {
    'related-to': relatedTo,
    'relationship-label': label,
    'related-link': `${V}${p}`,
    'relationship-data': data.map(([k, v]) => ({ 'relationship-key': k, 'relationship-value': v })),
  };
  if (props) r['related-to-property'] = props.map(([k, v]) => ({ 'property-key': k, 'property-value': v }));
  return r;
}

const TEXT_3003 = 'Failed to make edge to missing target node of type %3 with keys %4 performing %1 on %2 (msg=%5) (ec=%6)';

function delEdge(c: Client, url: string, body: Relationship) {
  return c.raw.delete(url).set(HEADERS).send(body);
}

/** A pnf with one p-interface; returns their paths. */
async function pnfWithPInterface(c: Client, prov?: string): Promise<{ pnf: string; pif: string; pnfPath: string; pifPath: string }> {
  const pnf = uid('pnf');
  const pif = uid('pif');
  await create(c, path.pnf(pnf), { 'pnf-name': pnf });
  await create(c, path.pInterface(pnf, pif), prov === undefined ? { 'interface-name': pif } : { 'interface-name': pif, 'prov-status': prov });
  return { pnf, pif, pnfPath: path.pnf(pnf), pifPath: path.pInterface(pnf, pif) };
}

// ==================================================================================================

describe('relationship-list in a PUT body: target resolution and what GET shows', () => {
  it('relates a pnf to a complex by a /aai/v15 related-link; GET shows it on both ends; stored pnf → complex LocatedIn', async () => {
    const c = client();
    const cx = uid('cx');
    const pnf = uid('pnf');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pnf(pnf), withRels({ 'pnf-name': pnf }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` }]));

    expect(await relsOf(c, path.pnf(pnf))).toEqual([shown('complex', LABEL.locatedIn, path.complex(cx), [['complex.physical-location-id', cx]])]);
    expect(await relsOf(c, path.complex(cx))).toEqual([shown('pnf', LABEL.locatedIn, path.pnf(pnf), [['pnf.pnf-name', pnf]])]);
    expect(await edgesBetween(path.pnf(pnf), path.complex(cx))).toEqual([{ label: LABEL.locatedIn, from: path.pnf(pnf), to: path.complex(cx) }]);
  });

  it('accepts a related-link with another version prefix (/aai/v13) and renders it as /aai/v15; related-to-property shows pserver-name2', async () => {
    const c = client();
    const cx = uid('cx');
    const host = uid('ps');
    await create(c, path.complex(cx), complexBody(cx));
    await create(
      c,
      path.pserver(host),
      withRels({ hostname: host, 'pserver-name2': `${host}-n2` }, [{ 'related-to': 'complex', 'related-link': `/aai/v13${path.complex(cx)}` }]),
    );

    expect(await relsOf(c, path.pserver(host))).toEqual([shown('complex', LABEL.locatedIn, path.complex(cx), [['complex.physical-location-id', cx]])]);
    expect(await relsOf(c, path.complex(cx))).toEqual([
      shown('pserver', LABEL.locatedIn, path.pserver(host), [['pserver.hostname', host]], [['pserver.pserver-name2', `${host}-n2`]]),
    ]);
    expect(await edgesBetween(path.pserver(host), path.complex(cx))).toEqual([{ label: LABEL.locatedIn, from: path.pserver(host), to: path.complex(cx) }]);
  });

  it('accepts a related-link without any prefix; generic-vnf → pserver is HostedOn with vnf-name and pserver-name2 as related-to-property', async () => {
    const c = client();
    const host = uid('ps');
    const vnf = uid('vnf');
    await create(c, path.pserver(host), { hostname: host, 'pserver-name2': 'second-name' });
    await create(
      c,
      path.vnf(vnf),
      withRels({ 'vnf-id': vnf, 'vnf-type': 'vFW', 'vnf-name': `${vnf}-name` }, [{ 'related-to': 'pserver', 'related-link': path.pserver(host) }]),
    );

    expect(await relsOf(c, path.vnf(vnf))).toEqual([
      shown('pserver', LABEL.hostedOn, path.pserver(host), [['pserver.hostname', host]], [['pserver.pserver-name2', 'second-name']]),
    ]);
    expect(await relsOf(c, path.pserver(host))).toEqual([
      shown('generic-vnf', LABEL.hostedOn, path.vnf(vnf), [['generic-vnf.vnf-id', vnf]], [['generic-vnf.vnf-name', `${vnf}-name`]]),
    ]);
    expect(await edgesBetween(path.vnf(vnf), path.pserver(host))).toEqual([{ label: LABEL.hostedOn, from: path.vnf(vnf), to: path.pserver(host) }]);
  });

  it('accepts a related-link that is a full URL with host and port', async () => {
    const c = client();
    const cx = uid('cx');
    const host = uid('ps');
    await create(c, path.complex(cx), complexBody(cx));
    const r = await c.put(`${V}${path.pserver(host)}`, withRels({ hostname: host }, [{ 'related-to': 'complex', 'related-link': `https://aai.onap:8443/aai/v14${path.complex(cx)}` }]));
    expect(r.status).toBe(201);
    expect(await relsOf(c, path.pserver(host))).toEqual([shown('complex', LABEL.locatedIn, path.complex(cx), [['complex.physical-location-id', cx]])]);
  });

  it('resolves a multi-key cloud-region from relationship-data; the edge is stored in the rule direction cloud-region → complex', async () => {
    const c = client();
    const owner = uid('own');
    const region = uid('rg');
    const cx = uid('cx');
    await create(c, path.cloudRegion(owner, region), { 'cloud-owner': owner, 'cloud-region-id': region, 'owner-defined-type': 'lcp' });
    await create(
      c,
      path.complex(cx),
      withRels(complexBody(cx), [
        {
          'related-to': 'cloud-region',
          'relationship-data': [
            { 'relationship-key': 'cloud-region.cloud-owner', 'relationship-value': owner },
            { 'relationship-key': 'cloud-region.cloud-region-id', 'relationship-value': region },
          ],
        },
      ]),
    );

    expect(await relsOf(c, path.complex(cx))).toEqual([
      shown(
        'cloud-region',
        LABEL.locatedIn,
        path.cloudRegion(owner, region),
        [
          ['cloud-region.cloud-owner', owner],
          ['cloud-region.cloud-region-id', region],
        ],
        [['cloud-region.owner-defined-type', 'lcp']],
      ),
    ]);
    expect(await relsOf(c, path.cloudRegion(owner, region))).toEqual([shown('complex', LABEL.locatedIn, path.complex(cx), [['complex.physical-location-id', cx]])]);
    expect(await edgesBetween(path.complex(cx), path.cloudRegion(owner, region))).toEqual([
      { label: LABEL.locatedIn, from: path.cloudRegion(owner, region), to: path.complex(cx) },
    ]);
  });

  it('resolves a tenant from cloud-region keys plus tenant-id; GET shows the full key chain and tenant-name', async () => {
    const c = client();
    const owner = uid('own');
    const region = uid('rg');
    const tenant = uid('ten');
    const vnf = uid('vnf');
    await create(c, path.cloudRegion(owner, region), { 'cloud-owner': owner, 'cloud-region-id': region });
    await create(c, path.tenant(owner, region, tenant), { 'tenant-id': tenant, 'tenant-name': 'tenant one' });
    await create(
      c,
      path.vnf(vnf),
      withRels({ 'vnf-id': vnf, 'vnf-type': 'vFW', 'vnf-name': 'vnf one' }, [
        {
          'related-to': 'tenant',
          'relationship-data': [
            { 'relationship-key': 'cloud-region.cloud-owner', 'relationship-value': owner },
            { 'relationship-key': 'cloud-region.cloud-region-id', 'relationship-value': region },
            { 'relationship-key': 'tenant.tenant-id', 'relationship-value': tenant },
          ],
        },
      ]),
    );

    expect(await relsOf(c, path.vnf(vnf))).toEqual([
      shown(
        'tenant',
        LABEL.belongsTo,
        path.tenant(owner, region, tenant),
        [
          ['cloud-region.cloud-owner', owner],
          ['cloud-region.cloud-region-id', region],
          ['tenant.tenant-id', tenant],
        ],
        [['tenant.tenant-name', 'tenant one']],
      ),
    ]);
    expect(await relsOf(c, path.tenant(owner, region, tenant))).toEqual([
      shown('generic-vnf', LABEL.belongsTo, path.vnf(vnf), [['generic-vnf.vnf-id', vnf]], [['generic-vnf.vnf-name', 'vnf one']]),
    ]);
    expect(await edgesBetween(path.vnf(vnf), path.tenant(owner, region, tenant))).toEqual([
      { label: LABEL.belongsTo, from: path.vnf(vnf), to: path.tenant(owner, region, tenant) },
    ]);
    // The tenant's own parent edge is not a relationship: the cloud-region shows none.
    expect(await relsOf(c, path.cloudRegion(owner, region))).toEqual([]);
  });

  it('relates a logical-link to a p-interface (stored p-interface → logical-link LinksTo); prov-status is the p-interface related-to-property', async () => {
    const c = client();
    const { pnf, pif, pifPath } = await pnfWithPInterface(c, 'PROV');
    const link = uid('ll');
    await create(c, path.link(link), withRels(linkBody(link), [{ 'related-to': 'p-interface', 'related-link': `${V}${pifPath}` }]));

    expect(await relsOf(c, path.link(link))).toEqual([
      shown(
        'p-interface',
        LABEL.linksTo,
        pifPath,
        [
          ['pnf.pnf-name', pnf],
          ['p-interface.interface-name', pif],
        ],
        [['p-interface.prov-status', 'PROV']],
      ),
    ]);
    expect(await relsOf(c, pifPath)).toEqual([shown('logical-link', LABEL.linksTo, path.link(link), [['logical-link.link-name', link]])]);
    expect(await edgesBetween(pifPath, path.link(link))).toEqual([{ label: LABEL.linksTo, from: pifPath, to: path.link(link) }]);
    // The pnf's child p-interface is not shown in the pnf's relationship-list.
    expect(await relsOf(c, path.pnf(pnf))).toEqual([]);
  });

  it('relates a lag-interface to a logical-link with Uses (stored lag-interface → logical-link)', async () => {
    const c = client();
    const pnf = uid('pnf');
    const lag = uid('lag');
    const link = uid('ll');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    await create(c, path.link(link), linkBody(link));
    await create(c, path.lagInterface(pnf, lag), withRels({ 'interface-name': lag }, [{ 'related-to': 'logical-link', 'related-link': `${V}${path.link(link)}` }]));

    expect(await relsOf(c, path.lagInterface(pnf, lag))).toEqual([shown('logical-link', LABEL.uses, path.link(link), [['logical-link.link-name', link]])]);
    expect(await relsOf(c, path.link(link))).toEqual([
      shown('lag-interface', LABEL.uses, path.lagInterface(pnf, lag), [
        ['pnf.pnf-name', pnf],
        ['lag-interface.interface-name', lag],
      ]),
    ]);
    expect(await edgesBetween(path.lagInterface(pnf, lag), path.link(link))).toEqual([{ label: LABEL.uses, from: path.lagInterface(pnf, lag), to: path.link(link) }]);
  });

  it('without a label picks the default of several rules: logical-link ↔ l-interface is LinksTo, stored l-interface → logical-link', async () => {
    const c = client();
    const { pnf, pif } = await pnfWithPInterface(c);
    const lif = uid('lif');
    const lifPath = path.lInterface(pnf, pif, lif);
    await create(c, lifPath, { 'interface-name': lif });
    const link = uid('ll');
    await create(c, path.link(link), withRels(linkBody(link), [{ 'related-to': 'l-interface', 'related-link': `${V}${lifPath}` }]));

    expect(await relsOf(c, path.link(link))).toEqual([
      shown('l-interface', LABEL.linksTo, lifPath, [
        ['pnf.pnf-name', pnf],
        ['p-interface.interface-name', pif],
        ['l-interface.interface-name', lif],
      ]),
    ]);
    expect(await relsOf(c, lifPath)).toEqual([shown('logical-link', LABEL.linksTo, path.link(link), [['logical-link.link-name', link]])]);
    expect(await edgesBetween(lifPath, path.link(link))).toEqual([{ label: LABEL.linksTo, from: lifPath, to: path.link(link) }]);
  });

  it('uses an explicit non-default label (Source, stored logical-link → l-interface) alongside the default LinksTo edge', async () => {
    const c = client();
    const { pnf, pif } = await pnfWithPInterface(c);
    const lif = uid('lif');
    const lifPath = path.lInterface(pnf, pif, lif);
    await create(c, lifPath, { 'interface-name': lif });
    const link = uid('ll');
    await create(
      c,
      path.link(link),
      withRels(linkBody(link), [
        { 'related-to': 'l-interface', 'related-link': `${V}${lifPath}`, 'relationship-label': LABEL.source },
        { 'related-to': 'l-interface', 'related-link': `${V}${lifPath}` },
      ]),
    );

    const data: [string, string][] = [
      ['pnf.pnf-name', pnf],
      ['p-interface.interface-name', pif],
      ['l-interface.interface-name', lif],
    ];
    expect(await relsOf(c, path.link(link))).toEqual(sortRels([shown('l-interface', LABEL.source, lifPath, data), shown('l-interface', LABEL.linksTo, lifPath, data)]));
    expect(await edgesBetween(lifPath, path.link(link))).toEqual([
      { label: LABEL.source, from: path.link(link), to: lifPath },
      { label: LABEL.linksTo, from: lifPath, to: path.link(link) },
    ]);
  });

  it('uses the related-link when relationship-data names another node', async () => {
    const c = client();
    const cxLink = uid('cx');
    const cxData = uid('cx');
    const pnf = uid('pnf');
    await create(c, path.complex(cxLink), complexBody(cxLink));
    await create(c, path.complex(cxData), complexBody(cxData));
    await create(
      c,
      path.pnf(pnf),
      withRels({ 'pnf-name': pnf }, [
        {
          'related-to': 'complex',
          'related-link': `${V}${path.complex(cxLink)}`,
          'relationship-data': [{ 'relationship-key': 'complex.physical-location-id', 'relationship-value': cxData }],
        },
      ]),
    );
    expect(await relsOf(c, path.pnf(pnf))).toEqual([shown('complex', LABEL.locatedIn, path.complex(cxLink), [['complex.physical-location-id', cxLink]])]);
    expect(await relsOf(c, path.complex(cxData))).toEqual([]);
  });

  it('a logical-link can be linked from many p-interfaces (p-interface → logical-link is MANY2ONE)', async () => {
    const c = client();
    const a = await pnfWithPInterface(c);
    const b = await pnfWithPInterface(c);
    const link = uid('ll');
    await create(
      c,
      path.link(link),
      withRels(linkBody(link), [
        { 'related-to': 'p-interface', 'related-link': `${V}${a.pifPath}` },
        { 'related-to': 'p-interface', 'related-link': `${V}${b.pifPath}` },
      ]),
    );
    const rels = await relsOf(c, path.link(link));
    expect(rels.map((r) => r['related-link'])).toEqual([`${V}${a.pifPath}`, `${V}${b.pifPath}`].sort());
  });
});

describe('relationship errors', () => {
  it('refuses a relationship to a tree-related type (pnf → its own p-interface) with AAI_6145 and changes nothing', async () => {
    const c = client();
    const { pnf, pnfPath, pifPath } = await pnfWithPInterface(c);
    const before = await rv(c, pnfPath);
    const r = await c.put(`${V}${pnfPath}`, withRels({ 'pnf-name': pnf, 'resource-version': before }, [{ 'related-to': 'p-interface', 'related-link': `${V}${pifPath}` }]));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', varPath(pnfPath), expect.stringMatching(/^Cannot create a nested\/containment edge via relationship/), 'ERR.5.4.6145']),
    );
    expect(await rv(c, pnfPath)).toBe(before);
    expect(await edgesBetween(pnfPath, pifPath)).toEqual([{ label: LABEL.bindsTo, from: pifPath, to: pnfPath }]);
  });

  // Regression (found in testing): AAI_6145's detail repeats the catalogue text ("…via relationship:Cannot create a nested/containment edge via relationship"); A&AI throws new AAIException("AAI_6145") with no message, so variables[2] is the catalogue text alone.
  it('AAI_6145 body is exactly A&AI’s: variables[2] is the catalogue text without a detail', async () => {
    const c = client();
    const { pnf, pnfPath, pifPath } = await pnfWithPInterface(c);
    const r = await c.put(`${V}${pnfPath}`, withRels({ 'pnf-name': pnf, 'resource-version': await rv(c, pnfPath) }, [{ 'related-to': 'p-interface', 'related-link': `${V}${pifPath}` }]));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', varPath(pnfPath), 'Cannot create a nested/containment edge via relationship', 'ERR.5.4.6145']));
  });

  it('refuses a relationship between types with no edge rule (pnf → tenant) with AAI_6120', async () => {
    const c = client();
    const owner = uid('own');
    const region = uid('rg');
    const tenant = uid('ten');
    const pnf = uid('pnf');
    await create(c, path.cloudRegion(owner, region), { 'cloud-owner': owner, 'cloud-region-id': region });
    await create(c, path.tenant(owner, region, tenant), { 'tenant-id': tenant, 'tenant-name': 'tn' });
    const r = await c.put(`${V}${path.pnf(pnf)}`, withRels({ 'pnf-name': pnf }, [{ 'related-to': 'tenant', 'related-link': `${V}${path.tenant(owner, region, tenant)}` }]));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', varPath(path.pnf(pnf)), 'Bad Parameter Passed:No EdgeRule found for passed nodeTypes: pnf, tenant.', 'ERR.5.4.6120']));
    expect((await c.get(`${V}${path.pnf(pnf)}`)).status).toBe(404);
  });

  it('refuses a relationship PUT with an unknown label with AAI_6107', async () => {
    const c = client();
    const cx = uid('cx');
    const host = uid('ps');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pserver(host), { hostname: host });
    const url = `${V}${path.complex(cx)}${REL}`;
    const r = await c.put(url, { 'related-to': 'pserver', 'related-link': `${V}${path.pserver(host)}`, 'relationship-label': 'does.not.exist' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT_EDGE',
        varPath(path.complex(cx)),
        'Required Edge-property not found in input data:org.onap.aai.edges.exceptions.EdgeRuleNotFoundException: No rule found for EdgeRuleQuery with filter params node type: complex, node type: pserver, label: does.not.exist, type: COUSIN, isPrivate: false.',
        'ERR.5.4.6107',
      ]),
    );
    expect(await edgesBetween(path.complex(cx), path.pserver(host))).toEqual([]);
  });

  it('refuses an unknown label in a PUT body relationship-list as a 400 and creates nothing', async () => {
    const c = client();
    const cx = uid('cx');
    const pnf = uid('pnf');
    await create(c, path.complex(cx), complexBody(cx));
    const r = await c.put(
      `${V}${path.pnf(pnf)}`,
      withRels({ 'pnf-name': pnf }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}`, 'relationship-label': 'does.not.exist' }]),
    );
    expect(r.status).toBe(400);
    expect((await c.get(`${V}${path.pnf(pnf)}`)).status).toBe(404);
  });

  // Regression (found in testing): in a PUT body (DBSerializer.processRelationshipList) A&AI answers an unknown label with AAI_6120 "No EdgeRule found for passed nodeTypes: pnf, complex with label <label>."; the service answers AAI_6107 (the PUT_EDGE error).
  it('answers an unknown label in a PUT body relationship-list with AAI_6120 “… with label <label>.”', async () => {
    const c = client();
    const cx = uid('cx');
    const pnf = uid('pnf');
    await create(c, path.complex(cx), complexBody(cx));
    const r = await c.put(
      `${V}${path.pnf(pnf)}`,
      withRels({ 'pnf-name': pnf }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}`, 'relationship-label': 'does.not.exist' }]),
    );
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', varPath(path.pnf(pnf)), 'Bad Parameter Passed:No EdgeRule found for passed nodeTypes: pnf, complex with label does.not.exist.', 'ERR.5.4.6120']),
    );
  });

  it('refuses a second LinksTo from a p-interface to another logical-link with AAI_6140 (relationship PUT)', async () => {
    const c = client();
    const { pifPath } = await pnfWithPInterface(c);
    const l1 = uid('ll');
    const l2 = uid('ll');
    await create(c, path.link(l1), linkBody(l1));
    await create(c, path.link(l2), linkBody(l2));
    expect((await c.put(`${V}${pifPath}${REL}`, { 'related-to': 'logical-link', 'related-link': `${V}${path.link(l1)}` })).status).toBe(200);
    const r = await c.put(`${V}${pifPath}${REL}`, { 'related-to': 'logical-link', 'related-link': `${V}${path.link(l2)}` });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT_EDGE',
        varPath(pifPath),
        `Edge multiplicity violated:multiplicity rule violated: only one edge can exist with label: ${LABEL.linksTo} between p-interface and logical-link`,
        'ERR.5.4.6140',
      ]),
    );
    expect(await edgesBetween(pifPath, path.link(l2))).toEqual([]);
    expect(await edgesBetween(pifPath, path.link(l1))).toHaveLength(1);
  });

  it('refuses a second logical-link claiming an already linked p-interface with AAI_6140 (PUT body of the link)', async () => {
    const c = client();
    const { pifPath } = await pnfWithPInterface(c);
    const l1 = uid('ll');
    const l2 = uid('ll');
    await create(c, path.link(l1), withRels(linkBody(l1), [{ 'related-to': 'p-interface', 'related-link': `${V}${pifPath}` }]));
    const r = await c.put(`${V}${path.link(l2)}`, withRels(linkBody(l2), [{ 'related-to': 'p-interface', 'related-link': `${V}${pifPath}` }]));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT',
        varPath(path.link(l2)),
        `Edge multiplicity violated:multiplicity rule violated: only one edge can exist with label: ${LABEL.linksTo} between p-interface and logical-link`,
        'ERR.5.4.6140',
      ]),
    );
    expect((await c.get(`${V}${path.link(l2)}`)).status).toBe(404);
  });

  it('refuses two complexes for one pnf (pnf → complex is MANY2ONE) with AAI_6140', async () => {
    const c = client();
    const c1 = uid('cx');
    const c2 = uid('cx');
    const pnf = uid('pnf');
    await create(c, path.complex(c1), complexBody(c1));
    await create(c, path.complex(c2), complexBody(c2));
    const r = await c.put(
      `${V}${path.pnf(pnf)}`,
      withRels({ 'pnf-name': pnf }, [
        { 'related-to': 'complex', 'related-link': `${V}${path.complex(c1)}` },
        { 'related-to': 'complex', 'related-link': `${V}${path.complex(c2)}` },
      ]),
    );
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT',
        varPath(path.pnf(pnf)),
        `Edge multiplicity violated:multiplicity rule violated: only one edge can exist with label: ${LABEL.locatedIn} between pnf and complex`,
        'ERR.5.4.6140',
      ]),
    );
    expect((await c.get(`${V}${path.pnf(pnf)}`)).status).toBe(404);
  });

  it('answers a missing target with 404 AAI_6129 (SVC3003, target type and URI as %3/%4) and creates nothing', async () => {
    const c = client();
    const pnf = uid('pnf');
    const link = uid('ll');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const missing = path.pInterface(pnf, 'x');
    const r = await c.put(`${V}${path.link(link)}`, withRels(linkBody(link), [{ 'related-to': 'p-interface', 'related-link': `${V}${missing}` }]));
    expect(r.status).toBe(404);
    expect(r.body).toEqual(
      svc('SVC3003', TEXT_3003, [
        'PUT',
        varPath(path.link(link)),
        'p-interface',
        missing,
        `Error making edge to target node:Node of type p-interface. Could not find object at: ${missing}`,
        'ERR.5.4.6129',
      ]),
    );
    expect((await c.get(`${V}${path.link(link)}`)).status).toBe(404);
  });

  it('answers a relationship PUT to a missing target (relationship-data) with 404 AAI_6129', async () => {
    const c = client();
    const host = uid('ps');
    const cx = uid('cx');
    await create(c, path.pserver(host), { hostname: host });
    const r = await c.put(`${V}${path.pserver(host)}${REL}`, {
      'related-to': 'complex',
      'relationship-data': [{ 'relationship-key': 'complex.physical-location-id', 'relationship-value': cx }],
    });
    expect(r.status).toBe(404);
    expect(r.body).toEqual(
      svc('SVC3003', TEXT_3003, [
        'PUT_EDGE',
        varPath(path.pserver(host)),
        'complex',
        path.complex(cx),
        `Error making edge to target node:Node of type complex. Could not find object at: ${path.complex(cx)}`,
        'ERR.5.4.6129',
      ]),
    );
  });

  it('answers an invalid related-link with 400 AAI_3000 “related link is invalid”', async () => {
    const c = client();
    const pnf = uid('pnf');
    const link = `${V}/network/no-such-things/no-such-thing/x`;
    const r = await c.put(`${V}${path.pnf(pnf)}`, withRels({ 'pnf-name': pnf }, [{ 'related-to': 'complex', 'related-link': link }]));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', varPath(path.pnf(pnf)), `Invalid input performing %1 on %2:related link is invalid: ${link}`, 'ERR.5.2.3000']));
    expect((await c.get(`${V}${path.pnf(pnf)}`)).status).toBe(404);
  });

  it('answers an invalid related-link on the relationship endpoint with 400 AAI_3000', async () => {
    const c = client();
    const pnf = uid('pnf');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const link = '/aai/v15/cloud-infrastructure/complexes';
    const r = await c.put(`${V}${path.pnf(pnf)}${REL}`, { 'related-to': 'complex', 'related-link': link });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT_EDGE', varPath(path.pnf(pnf)), `Invalid input performing %1 on %2:related link is invalid: ${link}`, 'ERR.5.2.3000']));
  });
});

describe('relationship-list replace semantics on PUT and PATCH', () => {
  async function pnfAtComplex(c: Client): Promise<{ pnf: string; cx: string }> {
    const pnf = uid('pnf');
    const cx = uid('cx');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pnf(pnf), withRels({ 'pnf-name': pnf }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` }]));
    return { pnf, cx };
  }

  it('a PUT with a relationship-list replaces the cousin edges (old one removed, new one added)', async () => {
    const c = client();
    const { pnf, cx } = await pnfAtComplex(c);
    const other = uid('cx');
    await create(c, path.complex(other), complexBody(other));
    const r = await c.put(
      `${V}${path.pnf(pnf)}`,
      withRels({ 'pnf-name': pnf, 'resource-version': await rv(c, path.pnf(pnf)) }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(other)}` }]),
    );
    expect(r.status).toBe(200);
    expect(await relsOf(c, path.pnf(pnf))).toEqual([shown('complex', LABEL.locatedIn, path.complex(other), [['complex.physical-location-id', other]])]);
    expect(await edgesBetween(path.pnf(pnf), path.complex(cx))).toEqual([]);
    expect(await relsOf(c, path.complex(cx))).toEqual([]);
  });

  it('a PUT without relationship-list keeps the existing relationships', async () => {
    const c = client();
    const { pnf, cx } = await pnfAtComplex(c);
    const r = await c.put(`${V}${path.pnf(pnf)}`, { 'pnf-name': pnf, 'equip-model': 'm2', 'resource-version': await rv(c, path.pnf(pnf)) });
    expect(r.status).toBe(200);
    expect(await relsOf(c, path.pnf(pnf))).toEqual([shown('complex', LABEL.locatedIn, path.complex(cx), [['complex.physical-location-id', cx]])]);
  });

  it('a PUT with an empty relationship list removes every cousin edge but keeps children', async () => {
    const c = client();
    const { pnf, cx } = await pnfAtComplex(c);
    const pif = uid('pif');
    await create(c, path.pInterface(pnf, pif), { 'interface-name': pif });
    const r = await c.put(`${V}${path.pnf(pnf)}`, { 'pnf-name': pnf, 'resource-version': await rv(c, path.pnf(pnf)), 'relationship-list': { relationship: [] } });
    expect(r.status).toBe(200);
    expect(await relsOf(c, path.pnf(pnf))).toEqual([]);
    expect(await edgesBetween(path.pnf(pnf), path.complex(cx))).toEqual([]);
    expect((await c.get(`${V}${path.pInterface(pnf, pif)}`)).status).toBe(200);
    expect(await edgesBetween(path.pnf(pnf), path.pInterface(pnf, pif))).toHaveLength(1);
  });

  it('a PATCH with a relationship-list replaces the relationships; a PATCH without one keeps them', async () => {
    const c = client();
    const { pnf, cx } = await pnfAtComplex(c);
    const other = uid('cx');
    await create(c, path.complex(other), complexBody(other));

    expect((await c.patch(`${V}${path.pnf(pnf)}`, { 'equip-model': 'patched' })).status).toBe(200);
    expect(await relsOf(c, path.pnf(pnf))).toEqual([shown('complex', LABEL.locatedIn, path.complex(cx), [['complex.physical-location-id', cx]])]);

    const r = await c.patch(`${V}${path.pnf(pnf)}`, { 'relationship-list': { relationship: [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(other)}` }] } });
    expect(r.status).toBe(200);
    expect(await relsOf(c, path.pnf(pnf))).toEqual([shown('complex', LABEL.locatedIn, path.complex(other), [['complex.physical-location-id', other]])]);
    expect(await edgesBetween(path.pnf(pnf), path.complex(cx))).toEqual([]);

    expect((await c.patch(`${V}${path.pnf(pnf)}`, { 'relationship-list': { relationship: [] } })).status).toBe(200);
    expect(await relsOf(c, path.pnf(pnf))).toEqual([]);
  });

  it('re-PUTting the same relationship-list keeps exactly one edge', async () => {
    const c = client();
    const { pnf, cx } = await pnfAtComplex(c);
    const r = await c.put(
      `${V}${path.pnf(pnf)}`,
      withRels({ 'pnf-name': pnf, 'resource-version': await rv(c, path.pnf(pnf)) }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` }]),
    );
    expect(r.status).toBe(200);
    expect(await edgesBetween(path.pnf(pnf), path.complex(cx))).toHaveLength(1);
  });
});

describe('PUT/DELETE …/relationship-list/relationship', () => {
  it('PUT adds one edge (200, empty body) and keeps the existing ones', async () => {
    const c = client();
    const vnf = uid('vnf');
    const host = uid('ps');
    const cx = uid('cx');
    await create(c, path.pserver(host), { hostname: host });
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.vnf(vnf), withRels({ 'vnf-id': vnf, 'vnf-type': 't' }, [{ 'related-to': 'pserver', 'related-link': `${V}${path.pserver(host)}` }]));

    const r = await c.put(`${V}${path.vnf(vnf)}${REL}`, { 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` });
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(await relsOf(c, path.vnf(vnf))).toEqual(
      sortRels([
        shown('complex', LABEL.locatedIn, path.complex(cx), [['complex.physical-location-id', cx]]),
        shown('pserver', LABEL.hostedOn, path.pserver(host), [['pserver.hostname', host]]),
      ]),
    );
  });

  it('PUT of an identical edge is a no-op: 200, still one edge in Neo4j', async () => {
    const c = client();
    const host = uid('ps');
    const cx = uid('cx');
    await create(c, path.pserver(host), { hostname: host });
    await create(c, path.complex(cx), complexBody(cx));
    const body = { 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` };
    expect((await c.put(`${V}${path.pserver(host)}${REL}`, body)).status).toBe(200);
    expect((await c.put(`${V}${path.pserver(host)}${REL}`, body)).status).toBe(200);
    expect((await c.put(`${V}${path.pserver(host)}${REL}`, { ...body, 'relationship-label': LABEL.locatedIn })).status).toBe(200);
    expect(await edgesBetween(path.pserver(host), path.complex(cx))).toEqual([{ label: LABEL.locatedIn, from: path.pserver(host), to: path.complex(cx) }]);
  });

  it('PUT from the "to" end stores the edge in the rule direction (complex PUT → pserver LocatedIn complex)', async () => {
    const c = client();
    const host = uid('ps');
    const cx = uid('cx');
    await create(c, path.pserver(host), { hostname: host });
    await create(c, path.complex(cx), complexBody(cx));
    const r = await c.put(`${V}${path.complex(cx)}${REL}`, { 'related-to': 'pserver', 'related-link': `${V}${path.pserver(host)}`, 'relationship-label': LABEL.locatedIn });
    expect(r.status).toBe(200);
    expect(await edgesBetween(path.pserver(host), path.complex(cx))).toEqual([{ label: LABEL.locatedIn, from: path.pserver(host), to: path.complex(cx) }]);
  });

  it('DELETE with the relationship body removes that edge (204); again, or for a missing target, still 204', async () => {
    const c = client();
    const host = uid('ps');
    const cx = uid('cx');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pserver(host), withRels({ hostname: host }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` }]));
    const body = { 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` };
    const url = `${V}${path.pserver(host)}${REL}`;

    const r = await delEdge(c, url, body);
    expect(r.status).toBe(204);
    expect(await edgesBetween(path.pserver(host), path.complex(cx))).toEqual([]);
    expect(await relsOf(c, path.pserver(host))).toEqual([]);
    expect(await relsOf(c, path.complex(cx))).toEqual([]);

    expect((await delEdge(c, url, body)).status).toBe(204);
    expect((await delEdge(c, url, { 'related-to': 'complex', 'related-link': `${V}${path.complex(uid('gone'))}` })).status).toBe(204);
    // Both nodes are still there.
    expect((await c.get(`${V}${path.pserver(host)}`)).status).toBe(200);
    expect((await c.get(`${V}${path.complex(cx)}`)).status).toBe(200);
  });

  it('DELETE by relationship-data removes the edge to a multi-key cloud-region', async () => {
    const c = client();
    const owner = uid('own');
    const region = uid('rg');
    const host = uid('ps');
    await create(c, path.cloudRegion(owner, region), { 'cloud-owner': owner, 'cloud-region-id': region });
    await create(c, path.pserver(host), withRels({ hostname: host }, [{ 'related-to': 'cloud-region', 'related-link': `${V}${path.cloudRegion(owner, region)}` }]));
    expect(await edgesBetween(path.pserver(host), path.cloudRegion(owner, region))).toHaveLength(1);
    const r = await delEdge(c, `${V}${path.pserver(host)}${REL}`, {
      'related-to': 'cloud-region',
      'relationship-data': [
        { 'relationship-key': 'cloud-region.cloud-owner', 'relationship-value': owner },
        { 'relationship-key': 'cloud-region.cloud-region-id', 'relationship-value': region },
      ],
    });
    expect(r.status).toBe(204);
    expect(await edgesBetween(path.pserver(host), path.cloudRegion(owner, region))).toEqual([]);
  });

  it('answers PUT and DELETE on the relationship of a missing node with 404 AAI_6114', async () => {
    const c = client();
    const pnf = uid('pnf');
    const cx = uid('cx');
    await create(c, path.complex(cx), complexBody(cx));
    const relPath = `${path.pnf(pnf)}${REL}`;
    const body = { 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` };

    const put = await c.put(`${V}${relPath}`, body);
    expect(put.status).toBe(404);
    expect(put.body).toEqual(svc('SVC3001', TEXT_3001, ['PUT_EDGE', varPath(path.pnf(pnf)), `Node Not Found:No Node of type pnf found at: ${varPath(path.pnf(pnf))}`, 'ERR.5.4.6114']));

    const del = await delEdge(c, `${V}${relPath}`, body);
    expect(del.status).toBe(404);
    expect(del.body).toEqual(svc('SVC3001', TEXT_3001, ['DELETE_EDGE', varPath(path.pnf(pnf)), `Node Not Found:No Node of type pnf found at: ${varPath(path.pnf(pnf))}`, 'ERR.5.4.6114']));
  });

  it('answers a relationship PUT between types with no rule (pnf → tenant) with 400 and makes no edge', async () => {
    const c = client();
    const owner = uid('own');
    const region = uid('rg');
    const tenant = uid('ten');
    const pnf = uid('pnf');
    await create(c, path.cloudRegion(owner, region), { 'cloud-owner': owner, 'cloud-region-id': region });
    await create(c, path.tenant(owner, region, tenant), { 'tenant-id': tenant, 'tenant-name': 'tn' });
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const r = await c.put(`${V}${path.pnf(pnf)}${REL}`, { 'related-to': 'tenant', 'related-link': `${V}${path.tenant(owner, region, tenant)}` });
    expect(r.status).toBe(400);
    expect(await edgesBetween(path.pnf(pnf), path.tenant(owner, region, tenant))).toEqual([]);
  });

  // Regression (found in testing): aai-compat §6.2: PUT_EDGE passes the (null) label to EdgeSerializer.addEdge, which throws EdgeRuleNotFoundException → AAI_6107; the service answers AAI_6120 (the PUT-body error).
  it('answers a relationship PUT between types with no rule (pnf → tenant) with AAI_6107', async () => {
    const c = client();
    const owner = uid('own');
    const region = uid('rg');
    const tenant = uid('ten');
    const pnf = uid('pnf');
    await create(c, path.cloudRegion(owner, region), { 'cloud-owner': owner, 'cloud-region-id': region });
    await create(c, path.tenant(owner, region, tenant), { 'tenant-id': tenant, 'tenant-name': 'tn' });
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const relPath = `${path.pnf(pnf)}${REL}`;
    const r = await c.put(`${V}${relPath}`, { 'related-to': 'tenant', 'related-link': `${V}${path.tenant(owner, region, tenant)}` });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT_EDGE',
        varPath(path.pnf(pnf)),
        'Required Edge-property not found in input data:org.onap.aai.edges.exceptions.EdgeRuleNotFoundException: No rule found for EdgeRuleQuery with filter params node type: pnf, node type: tenant, type: COUSIN, isPrivate: false.',
        'ERR.5.4.6107',
      ]),
    );
  });
});

describe('resource-version of both ends', () => {
  it('a relationship PUT and DELETE give both the owner and the other end a new resource-version', async () => {
    const c = client();
    const host = uid('ps');
    const cx = uid('cx');
    await create(c, path.pserver(host), { hostname: host });
    await create(c, path.complex(cx), complexBody(cx));
    const url = `${V}${path.pserver(host)}${REL}`;
    const body = { 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` };

    const [ps0, cx0] = [await rv(c, path.pserver(host)), await rv(c, path.complex(cx))];
    expect((await c.put(url, body)).status).toBe(200);
    const [ps1, cx1] = [await rv(c, path.pserver(host)), await rv(c, path.complex(cx))];
    expect(Number(ps1)).toBeGreaterThan(Number(ps0));
    expect(Number(cx1)).toBeGreaterThan(Number(cx0));

    expect((await delEdge(c, url, body)).status).toBe(204);
    const [ps2, cx2] = [await rv(c, path.pserver(host)), await rv(c, path.complex(cx))];
    expect(Number(ps2)).toBeGreaterThan(Number(ps1));
    expect(Number(cx2)).toBeGreaterThan(Number(cx1));
  });

  it('a PUT body that adds or removes a relationship changes the other end’s resource-version', async () => {
    const c = client();
    const pnf = uid('pnf');
    const cx = uid('cx');
    await create(c, path.complex(cx), complexBody(cx));
    const cx0 = await rv(c, path.complex(cx));
    await create(c, path.pnf(pnf), withRels({ 'pnf-name': pnf }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` }]));
    const cx1 = await rv(c, path.complex(cx));
    expect(Number(cx1)).toBeGreaterThan(Number(cx0));

    // The old resource-version no longer updates the complex.
    const stale = await c.put(`${V}${path.complex(cx)}`, { ...complexBody(cx), 'resource-version': cx0 });
    expect(stale.status).toBe(412);

    expect((await c.put(`${V}${path.pnf(pnf)}`, { 'pnf-name': pnf, 'resource-version': await rv(c, path.pnf(pnf)), 'relationship-list': { relationship: [] } })).status).toBe(200);
    expect(Number(await rv(c, path.complex(cx)))).toBeGreaterThan(Number(cx1));
  });

  it('a PUT body that leaves relationships as they are does not touch the other end', async () => {
    const c = client();
    const pnf = uid('pnf');
    const cx = uid('cx');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pnf(pnf), withRels({ 'pnf-name': pnf }, [{ 'related-to': 'complex', 'related-link': `${V}${path.complex(cx)}` }]));
    const cx1 = await rv(c, path.complex(cx));
    expect((await c.put(`${V}${path.pnf(pnf)}`, { 'pnf-name': pnf, 'equip-model': 'x', 'resource-version': await rv(c, path.pnf(pnf)) })).status).toBe(200);
    expect(await rv(c, path.complex(cx))).toBe(cx1);
  });
});
