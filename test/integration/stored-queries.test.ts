/**
 * A&AI's stored queries (issue #19): PUT /aai/v15/query?format=… with {"start", "query"}, answered
 * as aai-traversal's QueryConsumer answers it. The A&AI test each case ports is named in it
 * (aai-traversal src/test/java/org/onap/aai/rest/QueryConsumerTest.java and rest/search/*Test.java,
 * whose graphs are rebuilt here through the service's own API with unique keys), and each client
 * request is replayed as the client sends it, naming the client file and line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { uid } from '../helpers/neo4j.js';
import { create, svc, TEXT_3000, V, type Client } from '../helpers/aai.js';

const QUERY = `${V}/query`;
const rel = (type: string, link: string) => ({ 'related-to': type, 'related-link': `${V}${link}` });
const rels = (...r: ReturnType<typeof rel>[]) => ({ 'relationship-list': { relationship: r } });

interface World {
  k: Record<'owner' | 'owner2' | 'vnf' | 'vnf2' | 'si' | 'oe' | 'nfc' | 'role' | 'vnfc', string>;
  uri: Record<
    'cr' | 'tenant' | 'vs' | 'lif' | 'v4' | 'cr2' | 'tenant2' | 'vs2' | 'gv' | 'gv2' | 'vfm' | 'vfm2' | 'si' | 'si2' | 'oe' | 'ps1' | 'ps2' | 'ps3' | 'complex' | 'vnfc' | 'net' | 'np',
    string
  >;
}

/** One graph for the queries below (ClosedLoopQueryTest's, PserversFromVnfQueryTest's and the SDN-C queries' shapes). */
async function world(c: Client): Promise<World> {
  const k: World['k'] = {
    owner: uid('sq-own'),
    owner2: uid('sq-own2'),
    vnf: uid('sq-vnf'),
    vnf2: uid('sq-vnf2'),
    si: uid('sq-si'),
    oe: uid('sq-oe'),
    nfc: uid('sq-nfc'),
    role: uid('sq-role'),
    vnfc: uid('sq-vnfc'),
  };
  const cr = `/cloud-infrastructure/cloud-regions/cloud-region/${k.owner}/r1`;
  const cr2 = `/cloud-infrastructure/cloud-regions/cloud-region/${k.owner2}/r2`;
  const sub = `/business/customers/customer/${uid('sq-cust')}/service-subscriptions/service-subscription/st`;
  const uri: World['uri'] = {
    cr,
    tenant: `${cr}/tenants/tenant/t1`,
    vs: `${cr}/tenants/tenant/t1/vservers/vserver/vs1`,
    lif: `${cr}/tenants/tenant/t1/vservers/vserver/vs1/l-interfaces/l-interface/li1`,
    v4: `${cr}/tenants/tenant/t1/vservers/vserver/vs1/l-interfaces/l-interface/li1/l3-interface-ipv4-address-list/10.0.0.1`,
    cr2,
    tenant2: `${cr2}/tenants/tenant/t2`,
    vs2: `${cr2}/tenants/tenant/t2/vservers/vserver/vs2`,
    gv: `/network/generic-vnfs/generic-vnf/${k.vnf}`,
    gv2: `/network/generic-vnfs/generic-vnf/${k.vnf2}`,
    vfm: `/network/generic-vnfs/generic-vnf/${k.vnf}/vf-modules/vf-module/m1`,
    vfm2: `/network/generic-vnfs/generic-vnf/${k.vnf2}/vf-modules/vf-module/m2`,
    si: `${sub}/service-instances/service-instance/${k.si}`,
    si2: `${sub}/service-instances/service-instance/${k.si}-2`,
    oe: `/business/owning-entities/owning-entity/${k.oe}`,
    ps1: `/cloud-infrastructure/pservers/pserver/${uid('sq-ps1')}`,
    ps2: `/cloud-infrastructure/pservers/pserver/${uid('sq-ps2')}`,
    ps3: `/cloud-infrastructure/pservers/pserver/${uid('sq-ps3')}`,
    complex: `/cloud-infrastructure/complexes/complex/${uid('sq-clli')}`,
    vnfc: `/network/vnfcs/vnfc/${k.vnfc}`,
    net: `/network/l3-networks/l3-network/${uid('sq-net')}`,
    np: `/network/network-policies/network-policy/${uid('sq-np')}`,
  };
  const last = (u: string) => u.slice(u.lastIndexOf('/') + 1);
  await create(c, uri.complex, { 'physical-location-id': last(uri.complex), 'physical-location-type': 'site', street1: 's', city: 'c', 'postal-code': 'p', country: 'US', region: 'us', state: 'NJ' });
  await create(c, uri.ps1, { hostname: last(uri.ps1), ...rels(rel('complex', uri.complex)) });
  await create(c, uri.ps2, { hostname: last(uri.ps2) });
  await create(c, uri.ps3, { hostname: last(uri.ps3) });
  await create(c, cr, {
    'cloud-owner': k.owner,
    'cloud-region-id': 'r1',
    ...rels(rel('complex', uri.complex)),
    tenants: {
      tenant: [
        {
          'tenant-id': 't1',
          'tenant-name': 'tenant one',
          vservers: {
            vserver: [
              {
                'vserver-id': 'vs1',
                'vserver-name': 'vs one',
                'vserver-selflink': 'x',
                ...rels(rel('pserver', uri.ps1)),
                'l-interfaces': { 'l-interface': [{ 'interface-name': 'li1', 'l3-interface-ipv4-address-list': [{ 'l3-interface-ipv4-address': '10.0.0.1' }] }] },
              },
            ],
          },
        },
      ],
    },
  });
  await create(c, cr2, { 'cloud-owner': k.owner2, 'cloud-region-id': 'r2', tenants: { tenant: [{ 'tenant-id': 't2', 'tenant-name': 'tenant two', vservers: { vserver: [{ 'vserver-id': 'vs2', 'vserver-name': 'vs two', 'vserver-selflink': 'x' }] } }] } });
  await create(c, uri.oe, { 'owning-entity-id': k.oe, 'owning-entity-name': 'oe' });
  await create(c, sub.replace(/\/service-subscriptions.*/, ''), {
    'global-customer-id': sub.split('/')[4],
    'subscriber-name': 'n',
    'subscriber-type': 't',
    'service-subscriptions': {
      'service-subscription': [
        {
          'service-type': 'st',
          'service-instances': { 'service-instance': [{ 'service-instance-id': k.si, ...rels(rel('owning-entity', uri.oe)) }, { 'service-instance-id': `${k.si}-2` }] },
        },
      ],
    },
  });
  await create(c, uri.net, { 'network-id': last(uri.net), 'network-role': k.role, ...rels(rel('cloud-region', cr), rel('service-instance', uri.si)) });
  await create(c, uri.np, { 'network-policy-id': last(uri.np), ...rels(rel('l3-network', uri.net)) });
  await create(c, uri.gv, {
    'vnf-id': k.vnf,
    'vnf-name': 'vnf one',
    'vnf-type': 'vt',
    ...rels(rel('vserver', uri.vs), rel('service-instance', uri.si), rel('pserver', uri.ps2)),
    'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm1', 'is-base-vf-module': true }] },
  });
  await create(c, uri.gv2, { 'vnf-id': k.vnf2, 'vnf-name': 'vnf two', 'vnf-type': 'vt', ...rels(rel('vserver', uri.vs2), rel('service-instance', uri.si2), rel('pserver', uri.ps3)), 'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm2', 'is-base-vf-module': true }] } });
  await create(c, uri.vnfc, { 'vnfc-name': k.vnfc, 'nfc-naming-code': k.nfc, 'nfc-function': 'f', ...rels(rel('generic-vnf', uri.gv), rel('vserver', uri.vs)) });
  return { k, uri };
}

const c = client();
let w: World;
beforeAll(async () => {
  w = await world(c);
});

const query = (body: unknown, params = 'format=pathed') => c.put(`${QUERY}?${params}`, body);

/** The URIs of a pathed answer, sorted. */
async function pathed(body: unknown): Promise<string[]> {
  const res = await query(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.results as { 'resource-link': string }[]).map((r) => r['resource-link'].slice(V.length)).sort();
}

describe('PUT /aai/v15/query: the clients\' stored queries, replayed', () => {
  it("Policy's closed-loop query (AaiCustomQueryOperation.java:116, AaiManager.java:91): the vserver, its vnf, service instance, vf-module, tenant and cloud region (ClosedLoopQueryTest)", async () => {
    // policy-models models-interactions/model-impl/aai/.../AaiManager.java:91: start = the vserver's resource-link without /aai/vNN; PUT …/query?format=resource
    const res = await query({ start: w.uri.vs, query: 'query/closed-loop' }, 'format=resource');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const results = res.body.results as Record<string, Record<string, unknown>>[];
    expect(results.map((r) => Object.keys(r)[0]).sort()).toEqual(['cloud-region', 'generic-vnf', 'service-instance', 'tenant', 'vf-module', 'vserver']);
    expect(results.find((r) => r['generic-vnf'])?.['generic-vnf']?.['vnf-id']).toBe(w.k.vnf);
    expect(results.find((r) => r['vserver'])?.['vserver']?.['vserver-id']).toBe('vs1');
    // the other vserver's vnf, service instance and vf-module (ClosedLoopQueryTest's "not expected") are not there
    expect(await pathed({ start: w.uri.vs, query: 'query/closed-loop' })).toEqual([w.uri.cr, w.uri.gv, w.uri.si, w.uri.tenant, w.uri.vfm, w.uri.vs].sort());
  });

  it("SO's pservers-fromVnf (AAIRestClientImpl.java:48,54): the vnf's pservers, directly and through its vservers (PserversFromVnfQueryTest)", async () => {
    // CustomQuery(startNodes, "pservers-fromVnf"): {"start":["/network/generic-vnfs/generic-vnf/<id>"],"query":"query/pservers-fromVnf"}, format=resource
    const res = await query({ start: [w.uri.gv], query: 'query/pservers-fromVnf' }, 'format=resource');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const results = res.body.results as Record<string, Record<string, unknown>>[];
    expect(results.map((r) => r['pserver']?.['hostname']).sort()).toEqual([w.uri.ps1, w.uri.ps2].map((u) => u.slice(u.lastIndexOf('/') + 1)).sort());
  });

  it("SDN-C's cloud-region-fromVnf (GENERIC-RESOURCE-API_port-mirror-topology-operation-assign-async.xml:323, format 'resource&nodesOnly=true') (CloudRegionFromVnfTest)", async () => {
    const res = await query({ start: [`/network/generic-vnfs/generic-vnf/${w.k.vnf}`], query: 'query/cloud-region-fromVnf' }, 'format=resource&nodesOnly=true');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const results = res.body.results as Record<string, Record<string, unknown>>[];
    expect(results.map((r) => Object.keys(r)[0]).sort()).toEqual(['cloud-region', 'generic-vnf', 'pserver', 'tenant', 'vnfc', 'vserver']);
    expect(results.every((r) => Object.values(r)[0]?.['relationship-list'] === undefined)).toBe(true);
  });

  it("SDN-C's owning-entity-fromService-instance from a nodes URI with a filter (port-mirror-topology-operation-assign-async.xml:232-234)", async () => {
    expect(await pathed({ start: [`nodes/service-instances/service-instance?service-instance-id=${w.k.si}`], query: '/query/owning-entity-fromService-instance' })).toEqual([w.uri.oe]);
  });

  it("SDN-C's network-name-fromNetwork-role with its parameter (port-mirror-topology-operation-assign-async.xml:691-693)", async () => {
    expect(await pathed({ start: [w.uri.cr], query: `/query/network-name-fromNetwork-role?networkRole=${w.k.role}` })).toEqual([w.uri.net, w.uri.np].sort());
    expect(await pathed({ start: [w.uri.cr], query: '/query/network-name-fromNetwork-role?networkRole=other' })).toEqual([]);
  });

  it("SDN-C's vserver-fromVnf (port-mirror-topology-operation-assign-async.xml:807-809)", async () => {
    expect(await pathed({ start: [w.uri.gv], query: `/query/vserver-fromVnf?nfcNamingCode=${w.k.nfc}` })).toEqual([w.uri.lif, w.uri.v4, w.uri.vnfc, w.uri.vs].sort());
  });

  it("SDN-C's vfModule-fromServiceInstance (GENERIC-RESOURCE-API_getpathsegment-populate-from-vnfapi.xml:109,113)", async () => {
    expect(await pathed({ start: [`/nodes/service-instances/service-instance?service-instance-id=${w.k.si}`], query: '/query/vfModule-fromServiceInstance' })).toEqual([w.uri.vfm]);
  });

  it("SDN-C's getNetworks (GENERIC-RESOURCE-API_vnf-topology-operation-assign-sync.xml:863-865) (GetNetworksTest)", async () => {
    const body = (region: string) => ({ start: [w.uri.oe], query: `/query/getNetworks?networkRole=${w.k.role}&cloudRegionId=${region}` });
    expect(await pathed(body('r1'))).toEqual([w.uri.net]);
    expect(await pathed(body('r9'))).toEqual([]);
  });

  it('SO\'s related-to query shape (NssiCDSRequestProvider.java:78-79, 224) on v15 types: the related nodes of a type', async () => {
    // SO asks from a slice-profile (not in v15); the same request from a generic-vnf to its service instance:
    expect(await pathed({ start: [`/nodes/generic-vnfs/generic-vnf?vnf-id=${w.k.vnf}`], query: 'query/related-to?startingNodeType=generic-vnf&relatedToNodeType=service-instance' })).toEqual([w.uri.si]);
    expect(await pathed({ start: [w.uri.gv], query: 'query/related-to?startingNodeType=generic-vnf&relatedToNodeType=vf-module&edgeType=TREE' })).toEqual([w.uri.vfm]);
    expect(await pathed({ start: [w.uri.gv], query: 'query/related-to?startingNodeType=generic-vnf&relatedToNodeType=service-instance&edgeType=TREE' })).toEqual([w.uri.si]);
    // No rule of that kind joins the two types: A&AI's GraphTraversalBuilder then follows every edge (out() and in() without labels).
    expect(await pathed({ start: [w.uri.gv], query: 'query/related-to?startingNodeType=generic-vnf&relatedToNodeType=vf-module&edgeType=COUSIN' })).toEqual([w.uri.vfm]);
  });
});

describe('PUT /aai/v15/query: more of A&AI\'s queries', () => {
  it('cloud-region-sites from a container start (QueryConsumerTest.testRequiredAGood)', async () => {
    expect(await pathed({ start: ['cloud-infrastructure/cloud-regions'], query: `query/cloud-region-sites?owner=${w.k.owner}` })).toEqual([w.uri.complex, w.uri.cr].sort());
  });

  it('vnf-to-service-instance, vnfs-fromServiceInstance, complex-fromVnf, getTenantInfoAtSvcInstance', async () => {
    expect(await pathed({ start: [w.uri.gv], query: 'query/vnf-to-service-instance' })).toEqual([w.uri.gv, w.uri.si].sort());
    expect(await pathed({ start: [w.uri.si], query: 'query/vnfs-fromServiceInstance' })).toEqual([w.uri.gv]);
    expect(await pathed({ start: [w.uri.gv], query: 'query/complex-fromVnf' })).toEqual([w.uri.complex, w.uri.gv, w.uri.ps1, w.uri.ps2].sort());
    expect(await pathed({ start: [w.uri.si], query: 'query/getTenantInfoAtSvcInstance' })).toEqual([w.uri.complex, w.uri.cr, w.uri.gv, w.uri.si, w.uri.tenant, w.uri.vs].sort());
  });

  it('several start URIs: the union of their nodes (closed-loop from both vservers)', async () => {
    const got = await pathed({ start: [w.uri.vs, w.uri.vs2], query: 'query/closed-loop' });
    expect(got).toEqual([w.uri.cr, w.uri.cr2, w.uri.gv, w.uri.gv2, w.uri.si, w.uri.si2, w.uri.tenant, w.uri.tenant2, w.uri.vfm, w.uri.vfm2, w.uri.vs, w.uri.vs2].sort());
  });

  it('answers in every format of the REST reads', async () => {
    const body = { start: [w.uri.gv], query: 'query/pservers-fromVnf' };
    expect((await query(body, 'format=count')).body).toEqual({ results: [{ pserver: 2 }] });
    const withUrl = await query(body, 'format=resource_and_url');
    expect((withUrl.body.results as { url: string }[]).map((r) => r.url).sort()).toEqual([`${V}${w.uri.ps1}`, `${V}${w.uri.ps2}`].sort());
    for (const format of ['id', 'raw', 'simple']) expect((await query(body, `format=${format}`)).status, format).toBe(200);
  });
});

describe('PUT /aai/v15/query: A&AI\'s errors', () => {
  const error = (code: string, text: string, vars: string[]) => svc(`SVC${code}`, text, vars);

  it('a query parameter the query does not take: 400 AAI_3022 (QueryConsumerTest.testRequiredBad)', async () => {
    const res = await query({ start: ['cloud-infrastructure/cloud-regions'], query: `query/cloud-region-sites?owner=${w.k.owner}&extra=extraParam` });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      error('3022', 'Query payload includes extra/unrecognized parameters %1 (msg=%2) (ec=%3)', ['[extra]', 'Query payload includes extra/unrecognized parameters %1', 'ERR.5.6.3022']),
    );
  });

  it('a required parameter missing: 400 AAI_3013 listing them', async () => {
    const res = await query({ start: [w.uri.oe], query: 'query/getNetworks' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(error('3013', 'Query payload missing required parameters %1 (msg=%2) (ec=%3)', ['[networkRole, cloudRegionId]', 'Query payload missing required parameters %1', 'ERR.5.6.3013']));
  });

  it('an unknown query: 400 AAI_3014 naming the query string', async () => {
    const res = await query({ start: [w.uri.gv], query: 'query/no-such-query?x=1' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(error('3014', 'Query payload is invalid %1 (msg=%2) (ec=%3)', ['query/no-such-query?x=1', 'Query payload is invalid %1', 'ERR.5.6.3014']));
  });

  it('no start node: 400 AAI_6148; an empty answer when the start exists', async () => {
    const res = await query({ start: [`/network/generic-vnfs/generic-vnf/${uid('sq-none')}`], query: 'query/pservers-fromVnf' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['GET', 'v15/query', 'More than one node found %1', 'ERR.5.4.6148']));
    expect((await query({ query: 'query/pservers-fromVnf' })).status).toBe(400);
    expect(await pathed({ start: [w.uri.gv2], query: 'query/owning-entity-fromService-instance' })).toEqual([]);
  });

  it('depth over 1: 403 AAI_3303 (QueryConsumer.checkQueryParams); no format: 400 AAI_6120', async () => {
    const res = await query({ start: [w.uri.gv], query: 'query/pservers-fromVnf' }, 'format=resource&depth=2');
    expect(res.status).toBe(403);
    expect(res.body.requestError.policyException.variables).toEqual(['Too many objects would be returned by this request, please refine your request and retry', 'ERR.5.1.3303', 'GET', 'v15/query']);
    expect((await query({ start: [w.uri.gv], query: 'query/pservers-fromVnf' }, 'depth=0')).status).toBe(400);
  });
});
