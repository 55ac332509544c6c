/**
 * ONAP SO's A&AI client (onap/so@394f3e68, graph-inventory/aai-client), replayed request for request:
 * the URL each AAIResourcesClient / GraphInventoryResourcesClient method builds (SimpleBaseUri,
 * SimpleUri, HttpLookupUri, NodesSingleUri/NodesPluralUri), the headers of AAIRestClient and
 * RestRequest, and the bodies Jackson writes (GraphInventoryCommonObjectMapperProvider: NON_EMPTY).
 * Each test names the SO call site it copies. The assertions are what SO relies on: the status
 * (SO maps 404 to "absent"), the fields it reads, and what Neo4j stored.
 *
 * Wire facts taken from the source:
 * - AAIRestClient.initializeHeaderMap (AAIRestClient.java:61-62): X-FromAppId = AAIProperties
 *   .getSystemName() ("MSO", AAIPropertiesImpl.java:49), X-TransactionId = requestId, and
 *   Authorization Basic when configured. The ONAP logging filter (MetricLogClientFilter,
 *   AbstractMetricLogFilter.setupHeaders) adds X-ONAP-RequestID, X-RequestID, X-TransactionID,
 *   X-ECOMP-RequestID (all the request id), X-ONAP-PartnerName and X-InvocationID. AAIRestClient's own
 *   X-TransactionId is the empty string (RestClient.requestId is never assigned); the filter's
 *   X-TransactionID carries the id. We send the id once.
 * - RestRequest.get (RestRequest.java:45-70): Accept application/json on every call; PUT and POST
 *   with Content-Type application/json; PATCH is a POST with X-HTTP-Method-Override: PATCH and
 *   Content-Type application/merge-patch+json; DELETE with an entity sends it with application/json.
 * - URIs are built without /aai/vNN (AAIClient.constructPath adds it); a relationship's related-link
 *   is uri.build() (no version) for plain URIs (GraphInventoryResourcesClient.buildRelationship).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../helpers/app.js';
import { create, edgesBetween, exists, propsOf, rvOf, type Client } from '../../helpers/aai.js';
import { uid } from '../../helpers/neo4j.js';
import { LABEL, V, basic, itemsOf, relationshipsOf, resultsOf, soStripVersion, uri, wire, type Call, type Reply } from './replay.js';

const requestId = randomUUID();
const SO_HEADERS = {
  'X-FromAppId': 'MSO',
  'X-TransactionId': requestId,
  Accept: 'application/json',
  Authorization: basic('AAI', 'AAI'),
  'X-ONAP-RequestID': requestId,
  'X-RequestID': requestId,
  'X-ECOMP-RequestID': requestId,
  'X-ONAP-PartnerName': 'SO',
  'X-InvocationID': randomUUID(),
};
const JSON_CT = { 'Content-Type': 'application/json' };

let so: (call: Call) => Promise<Reply>;
let seed: Client;

beforeAll(() => {
  so = wire(SO_HEADERS);
  seed = client();
});

// ---- SO's calls, as GraphInventoryResourcesClient makes them -------------------------------------

/** get(...) with an optional depth (SimpleBaseUri.depth: `?depth=`). */
const soGet = (u: string, query = ''): Promise<Reply> => so({ method: 'GET', url: `${V}${u}${query}` });

/** exists(): the URI with format(COUNT) and limit(1) (GraphInventoryResourcesClient.java:86-97). */
const soExists = (u: string, filter = ''): Promise<Reply> =>
  so({ method: 'GET', url: `${V}${u}${filter === '' ? '?' : `${filter}&`}format=count&resultIndex=0&resultSize=1` });

/** create(uri, obj): PUT of the Jackson body (GraphInventoryResourcesClient.java:64-67). */
const soCreate = (u: string, body: object): Promise<Reply> => so({ method: 'PUT', url: `${V}${u}`, headers: JSON_CT, body });

/** createEmpty(uri): giRC.put("") — an empty body with Content-Type application/json (:75-78). */
const soCreateEmpty = (u: string): Promise<Reply> => so({ method: 'PUT', url: `${V}${u}`, headers: JSON_CT, body: '' });

/** connect(a, b[, label]): PUT a/relationship-list/relationship {"related-link": b} (:106-129). */
const soConnect = (a: string, b: string, label?: string): Promise<Reply> =>
  so({ method: 'PUT', url: `${V}${a}/relationship-list/relationship`, headers: JSON_CT, body: label === undefined ? { 'related-link': b } : { 'related-link': b, 'relationship-label': label } });

/** disconnect(a, b): DELETE a/relationship-list/relationship with the same body (:133-137). */
const soDisconnect = (a: string, b: string): Promise<Reply> =>
  so({ method: 'DELETE', url: `${V}${a}/relationship-list/relationship`, headers: JSON_CT, body: { 'related-link': b } });

/** update(uri, obj): POST + X-HTTP-Method-Override: PATCH, merge-patch+json (:181-184, RestRequest.java:56-58). */
const soUpdate = (u: string, body: object): Promise<Reply> =>
  so({ method: 'POST', url: `${V}${u}`, headers: { 'X-HTTP-Method-Override': 'PATCH', 'Content-Type': 'application/merge-patch+json' }, body });

/** HttpLookupUri.getObjectById (HttpLookupUri.java:65): the nodes URI of the type with format=pathed. */
const soLookupServiceInstance = (id: string): Promise<Reply> => so({ method: 'GET', url: `${V}/nodes/service-instances/service-instance/${id}?format=pathed` });

/** HttpLookupUri.extractRelatedLink (HttpLookupUri.java:88-101): exactly one result's resource-link, /aai/vNN removed. */
function soExtractRelatedLink(reply: Reply): string {
  expect(reply.status, reply.text).toBe(200);
  const results = resultsOf(reply.body);
  expect(results, reply.text).toHaveLength(1);
  return soStripVersion(String(results[0]?.['resource-link']));
}

// ---- inventory the SO flows start from (created by other ONAP components in real life) ----------

async function seedServiceInstance(extra: Record<string, unknown> = {}): Promise<{ c: string; t: string; si: string; siUri: string }> {
  const c = uid('so-cust');
  const t = uid('so-type');
  const si = uid('so-si');
  await create(seed, uri.customer(c), { 'global-customer-id': c, 'subscriber-name': 'SO replay', 'subscriber-type': 'INFRA' });
  await create(seed, uri.subscription(c, t), { 'service-type': t });
  await create(seed, uri.serviceInstance(c, t, si), { 'service-instance-id': si, 'service-instance-name': `${si}-name`, 'orchestration-status': 'Active', ...extra });
  return { c, t, si, siUri: uri.serviceInstance(c, t, si) };
}

async function seedVnf(extra: Record<string, unknown> = {}): Promise<{ vnf: string; vnfUri: string; name: string }> {
  const vnf = uid('so-vnf');
  const name = `${vnf}-name`;
  await create(seed, uri.vnf(vnf), { 'vnf-id': vnf, 'vnf-name': name, 'vnf-type': 'vFW', 'in-maint': false, 'is-closed-loop-disabled': false, 'orchestration-status': 'Inventoried', ...extra });
  return { vnf, vnfUri: uri.vnf(vnf), name };
}

async function seedCloudRegion(): Promise<{ o: string; r: string; crUri: string }> {
  const o = uid('so-owner');
  const r = uid('so-region');
  await create(seed, uri.cloudRegion(o, r), { 'cloud-owner': o, 'cloud-region-id': r, 'cloud-type': 'openstack' });
  return { o, r, crUri: uri.cloudRegion(o, r) };
}

// ---- the replays --------------------------------------------------------------------------------

describe('SO: createIfNotExists = exists() (format=count) then create()', () => {
  it('AAIServiceInstanceResources.createServiceSubscription (:78) and createServiceInstance (:62): 404, 201, then exists() is 200 with A&AI\'s count body', async () => {
    const c = uid('so-cust');
    const t = uid('so-type');
    const si = uid('so-si');
    await create(seed, uri.customer(c), { 'global-customer-id': c, 'subscriber-name': 'SO replay', 'subscriber-type': 'INFRA' });

    // createServiceSubscription: createIfNotExists(serviceSubscriptionURI, Optional.of(serviceSubscription))
    expect((await soExists(uri.subscription(c, t))).status).toBe(404);
    expect((await soCreate(uri.subscription(c, t), { 'service-type': t })).status).toBe(201);

    // createServiceInstance: orchestration-status INVENTORIED, mapped by AAIObjectMapper.mapServiceInstance
    expect((await soExists(uri.serviceInstance(c, t, si))).status).toBe(404);
    const body = {
      'service-instance-id': si,
      'service-instance-name': `${si}-name`,
      'model-invariant-id': 'a9a77d5a-123e-4ca2-9eb9-0b015d2ee0fb',
      'model-version-id': 'b3dc6465-942c-42af-8464-2bf85b6e504b',
      'environment-context': 'General_Revenue-Bearing',
      'workload-context': 'Production',
      'orchestration-status': 'Inventoried',
    };
    const created = await soCreate(uri.serviceInstance(c, t, si), body);
    expect(created.status, created.text).toBe(201);

    const again = await soExists(uri.serviceInstance(c, t, si));
    expect(again.status, again.text).toBe(200);
    expect(resultsOf(again.body)).toEqual([{ 'service-instance': 1 }]);
    expect(await propsOf(uri.serviceInstance(c, t, si))).toMatchObject(body);
  });

  it('exists() on a filtered collection: AAIVnfResources.checkNameInUse (:172) is 200 with a match, 404 without', async () => {
    const { name } = await seedVnf();
    const hit = await soExists('/network/generic-vnfs', `?vnf-name=${name}`);
    expect(hit.status, hit.text).toBe(200);
    expect(resultsOf(hit.body)).toEqual([{ 'generic-vnf': 1 }]);
    expect((await soExists('/network/generic-vnfs', `?vnf-name=${uid('so-none')}`)).status).toBe(404);
  });

  it('exists() through the nodes API: AAIServiceInstanceResources.checkInstanceServiceNameInUse (:206) and BBInputSetupUtils.existsAAIVfModuleGloballyByName (:531)', async () => {
    const { si } = await seedServiceInstance();
    const hit = await soExists('/nodes/service-instances', `?service-instance-name=${si}-name`);
    expect(hit.status, hit.text).toBe(200);
    expect(resultsOf(hit.body)).toEqual([{ 'service-instance': 1 }]);
    expect((await soExists('/nodes/service-instances', `?service-instance-name=${uid('so-none')}`)).status).toBe(404);

    const { vnf } = await seedVnf({ 'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm1', 'vf-module-name': `${uid('so-vfm')}`, 'is-base-vf-module': true, 'automated-assignment': false }] } });
    const vfmName = String((await propsOf(uri.vfModule(vnf, 'm1')))?.['vf-module-name']);
    const vfm = await soExists('/nodes/vf-modules', `?vf-module-name=${vfmName}`);
    expect(vfm.status, vfm.text).toBe(200);
    expect(resultsOf(vfm.body)).toEqual([{ 'vf-module': 1 }]);
  });

  it('createIfNotExists(uri, Optional.empty()) = createEmpty: AAICreateResources.createAAIServiceInstance (:90) PUTs an empty body', async () => {
    const c = uid('so-cust');
    const t = uid('so-type');
    const si = uid('so-si');
    await create(seed, uri.customer(c), { 'global-customer-id': c, 'subscriber-name': 'SO replay', 'subscriber-type': 'INFRA' });
    await create(seed, uri.subscription(c, t), { 'service-type': t });
    expect((await soExists(uri.serviceInstance(c, t, si))).status).toBe(404);
    const res = await soCreateEmpty(uri.serviceInstance(c, t, si));
    expect(res.status, res.text).toBe(201);
    expect(await propsOf(uri.serviceInstance(c, t, si))).toMatchObject({ 'service-instance-id': si });
  });
});

describe('SO: get with depth', () => {
  it('depth ONE: BBInputSetupUtils.getAAIGenericVnf (:382, getConcreteAAIResource .depth(Depth.ONE)) reads the vnf, its vf-modules and relationships', async () => {
    const net = uid('so-net');
    await create(seed, uri.l3Network(net), { 'network-id': net, 'is-bound-to-vpn': false, 'is-provider-network': false, 'is-shared-network': false, 'is-external-network': false });
    const { vnf } = await seedVnf({
      'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm1', 'is-base-vf-module': true, 'automated-assignment': false }] },
      'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0', 'is-port-mirrored': false, 'in-maint': false, 'is-ip-unnumbered': false, 'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0.1', 'is-port-mirrored': false, 'in-maint': false, 'is-ip-unnumbered': false }] } }] },
      'relationship-list': { relationship: [{ 'related-to': 'l3-network', 'related-link': `${V}${uri.l3Network(net)}` }] },
    });
    const res = await soGet(uri.vnf(vnf), '?depth=1');
    expect(res.status, res.text).toBe(200);
    expect(res.body['vnf-id']).toBe(vnf);
    expect(itemsOf(res.body['vf-modules'] as Record<string, unknown>, 'vf-module').map((m) => m['vf-module-id'])).toEqual(['m1']);
    const lifs = itemsOf(res.body['l-interfaces'] as Record<string, unknown>, 'l-interface');
    expect(lifs.map((l) => l['interface-name'])).toEqual(['eth0']);
    expect(lifs[0]).not.toHaveProperty('l-interfaces');
    // AAIResultWrapper.getRelationships → GraphInventoryRelationships.getRelatedUris: related-to and related-link
    const rels = relationshipsOf(res.body);
    expect(rels.map((r) => [r['related-to'], soStripVersion(String(r['related-link']))])).toEqual([['l3-network', uri.l3Network(net)]]);
  });

  it('depth TWO: BBInputSetupUtils.getAAIServiceInstanceByIdAndCustomer (:331) reads allotted-resources and their tunnel-xconnects', async () => {
    const { siUri } = await seedServiceInstance({ 'allotted-resources': { 'allotted-resource': [{ id: 'ar1', 'tunnel-xconnects': { 'tunnel-xconnect': [{ id: 'tx1' }] } }] } });
    const res = await soGet(siUri, '?depth=2');
    expect(res.status, res.text).toBe(200);
    const ars = itemsOf(res.body['allotted-resources'] as Record<string, unknown>, 'allotted-resource');
    expect(ars.map((a) => a['id'])).toEqual(['ar1']);
    expect(itemsOf(ars[0]?.['tunnel-xconnects'] as Record<string, unknown>, 'tunnel-xconnect').map((x) => x['id'])).toEqual(['tx1']);
  });

  it('depth ALL: AAIVnfResources.queryVnfWrapperById (:178) reads the whole subtree', async () => {
    const { vnf } = await seedVnf({
      'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0', 'is-port-mirrored': false, 'in-maint': false, 'is-ip-unnumbered': false, 'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0.1', 'is-port-mirrored': false, 'in-maint': false, 'is-ip-unnumbered': false }] } }] },
    });
    const res = await soGet(uri.vnf(vnf), '?depth=all');
    expect(res.status, res.text).toBe(200);
    const eth0 = itemsOf(res.body['l-interfaces'] as Record<string, unknown>, 'l-interface')[0];
    expect(itemsOf(eth0?.['l-interfaces'] as Record<string, unknown>, 'l-interface').map((l) => l['interface-name'])).toEqual(['eth0.1']);
  });

  it('get of a missing node is 404 (RestClient.format: mapNotFoundToEmpty → Optional.empty())', async () => {
    expect((await soGet(uri.vnf(uid('so-none')), '?depth=1')).status).toBe(404);
  });
});

describe('SO: update, delete', () => {
  it('update: AAIVnfResources.updateOrchestrationStatusVnf (:94) sends POST + X-HTTP-Method-Override: PATCH with the shallow copy', async () => {
    const { vnf, name } = await seedVnf();
    const before = await rvOf(uri.vnf(vnf));
    const res = await soUpdate(uri.vnf(vnf), { 'vnf-id': vnf, 'orchestration-status': 'Assigned' });
    expect(res.status, res.text).toBe(200);
    const stored = await propsOf(uri.vnf(vnf));
    expect(stored).toMatchObject({ 'vnf-id': vnf, 'vnf-name': name, 'orchestration-status': 'Assigned', 'vnf-type': 'vFW' });
    expect(stored?.['resource-version']).not.toBe(before);
  });

  it('update through a looked-up URI: AAIServiceInstanceResources.updateServiceInstance (:180) resolves the service instance by the nodes API first', async () => {
    const { si, siUri } = await seedServiceInstance();
    const path = soExtractRelatedLink(await soLookupServiceInstance(si));
    expect(path).toBe(siUri);
    const res = await soUpdate(path, { 'service-instance-id': si, 'service-instance-name': `${si}-renamed`, 'orchestration-status': 'Assigned' });
    expect(res.status, res.text).toBe(200);
    expect(await propsOf(siUri)).toMatchObject({ 'service-instance-name': `${si}-renamed`, 'orchestration-status': 'Assigned' });
  });

  it('delete: AAIVnfResources.deleteVnf (:88) → GraphInventoryResourcesClient.delete (:145): GET, then DELETE ?resource-version= of the GET', async () => {
    const { vnf } = await seedVnf({ 'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm1', 'is-base-vf-module': true, 'automated-assignment': false }] } });
    const got = await soGet(uri.vnf(vnf));
    expect(got.status).toBe(200);
    const rv = String(got.body['resource-version']);
    const res = await so({ method: 'DELETE', url: `${V}${uri.vnf(vnf)}?resource-version=${rv}` });
    expect(res.status, res.text).toBe(204);
    expect(await exists(uri.vnf(vnf))).toBe(false);
    expect(await exists(uri.vfModule(vnf, 'm1'))).toBe(false);
  });

  it('delete of a looked-up service instance: AAIServiceInstanceResources.deleteServiceInstance (:87)', async () => {
    const { si, siUri } = await seedServiceInstance();
    const path = soExtractRelatedLink(await soLookupServiceInstance(si));
    const got = await soGet(path);
    expect(got.status).toBe(200);
    const res = await so({ method: 'DELETE', url: `${V}${path}?resource-version=${String(got.body['resource-version'])}` });
    expect(res.status, res.text).toBe(204);
    expect(await exists(siUri)).toBe(false);
  });
});

describe('SO: connect, disconnect', () => {
  it('AAIVnfResources.connectVnfToCloudRegion (:136): PUT {"related-link": <uri without version>}; the vnf then shows the relationship; disconnect removes it', async () => {
    const { vnf } = await seedVnf();
    const { crUri } = await seedCloudRegion();
    const res = await soConnect(uri.vnf(vnf), crUri);
    expect(res.status, res.text).toBe(200);
    expect(await edgesBetween(uri.vnf(vnf), crUri)).toEqual([{ label: LABEL.locatedIn, from: uri.vnf(vnf), to: crUri }]);

    const got = await soGet(uri.vnf(vnf), '?depth=1');
    const rel = relationshipsOf(got.body).find((r) => r['related-to'] === 'cloud-region');
    expect(soStripVersion(String(rel?.['related-link']))).toBe(crUri);

    const gone = await soDisconnect(uri.vnf(vnf), crUri);
    expect(gone.status, gone.text).toBe(204);
    expect(await edgesBetween(uri.vnf(vnf), crUri)).toEqual([]);
  });

  it('AAIVnfResources.connectVnfToTenant (:144): connect(tenantURI, vnfURI) from the tenant side', async () => {
    const { vnf } = await seedVnf();
    const { o, r } = await seedCloudRegion();
    await create(seed, uri.tenant(o, r, 't1'), { 'tenant-id': 't1', 'tenant-name': 'tenant one' });
    const res = await soConnect(uri.tenant(o, r, 't1'), uri.vnf(vnf));
    expect(res.status, res.text).toBe(200);
    expect(await edgesBetween(uri.vnf(vnf), uri.tenant(o, r, 't1'))).toEqual([{ label: LABEL.belongsTo, from: uri.vnf(vnf), to: uri.tenant(o, r, 't1') }]);
  });

  it('connect with an edge label: AAINetworkResources.connectInstanceGroupToCloudRegion (:201) sends relationship-label Uses', async () => {
    const ig = uid('so-ig');
    await create(seed, uri.instanceGroup(ig), { id: ig, 'instance-group-type': 'L3-NETWORK' });
    const { crUri } = await seedCloudRegion();
    const res = await soConnect(uri.instanceGroup(ig), crUri, LABEL.uses);
    expect(res.status, res.text).toBe(200);
    expect(await edgesBetween(uri.instanceGroup(ig), crUri)).toEqual([{ label: LABEL.uses, from: crUri, to: uri.instanceGroup(ig) }]);
  });
});

describe('SO: HttpLookupUri (nodes API, format=pathed)', () => {
  it('HttpLookupUri.getObjectById (:65): one result whose resource-link, without /aai/vNN, is the service instance\'s URI; 404 when there is none', async () => {
    const { si, siUri } = await seedServiceInstance();
    const res = await soLookupServiceInstance(si);
    expect(res.status, res.text).toBe(200);
    expect(resultsOf(res.body)).toHaveLength(1);
    expect(resultsOf(res.body)[0]?.['resource-type']).toBe('service-instance');
    expect(soExtractRelatedLink(res)).toBe(siUri);
    // get(uri, NotFoundException.class): a 404 is "not found" (GraphInventoryUriNotFoundException)
    expect((await soLookupServiceInstance(uid('so-none'))).status).toBe(404);
  });

  it('AAICreateResources.createAAIProject (:40): exists, createEmpty (empty PUT body), lookup of the service instance, connect', async () => {
    const { si, siUri } = await seedServiceInstance();
    const project = uid('so-project');
    expect((await soExists(uri.project(project))).status).toBe(404);
    const created = await soCreateEmpty(uri.project(project));
    expect(created.status, created.text).toBe(201);
    const link = soExtractRelatedLink(await soLookupServiceInstance(si));
    const res = await soConnect(uri.project(project), link);
    expect(res.status, res.text).toBe(200);
    expect(await propsOf(uri.project(project))).toMatchObject({ 'project-name': project });
    expect(await edgesBetween(uri.project(project), siUri)).toEqual([{ label: LABEL.uses, from: uri.project(project), to: siUri }]);
  });

  it('AAICreateResources.createAAIOwningEntity (:49): a body without the key ({"owning-entity-name"}), then connect to the looked-up service instance', async () => {
    const { si, siUri } = await seedServiceInstance();
    const oe = uid('so-oe');
    expect((await soExists(uri.owningEntity(oe))).status).toBe(404);
    const created = await soCreate(uri.owningEntity(oe), { 'owning-entity-name': `${oe}-name` });
    expect(created.status, created.text).toBe(201);
    const res = await soConnect(uri.owningEntity(oe), soExtractRelatedLink(await soLookupServiceInstance(si)));
    expect(res.status, res.text).toBe(200);
    expect(await propsOf(uri.owningEntity(oe))).toMatchObject({ 'owning-entity-id': oe, 'owning-entity-name': `${oe}-name` });
    expect(await edgesBetween(uri.owningEntity(oe), siUri)).toEqual([{ label: LABEL.belongsTo, from: siUri, to: uri.owningEntity(oe) }]);
  });
});

describe('SO: relatedTo (/related-to/{plural}) and filtered collections', () => {
  it('BBInputSetupUtils.getRelatedVolumeGroupByNameFromVnf (:473): getOne → ?volume-group-name=&resultIndex=0&resultSize=1, one volume-group', async () => {
    const { o, r } = await seedCloudRegion();
    const vg = uid('so-vg');
    await create(seed, uri.volumeGroup(o, r, vg), { 'volume-group-id': vg, 'volume-group-name': `${vg}-name`, 'vnf-type': 'vFW' });
    const { vnf } = await seedVnf({ 'relationship-list': { relationship: [{ 'related-to': 'volume-group', 'related-link': `${V}${uri.volumeGroup(o, r, vg)}` }] } });
    const res = await soGet(`${uri.vnf(vnf)}/related-to/volume-groups`, `?volume-group-name=${vg}-name&resultIndex=0&resultSize=1`);
    expect(res.status, res.text).toBe(200);
    expect(itemsOf(res.body, 'volume-group').map((g) => g['volume-group-id'])).toEqual([vg]);
    expect((await soGet(`${uri.vnf(vnf)}/related-to/volume-groups`, `?volume-group-name=${uid('so-none')}&resultIndex=0&resultSize=1`)).status).toBe(404);
  });

  it('BBInputSetupUtils.getRelatedVnfByNameFromServiceInstance (:465): lookup of the service instance, then …/related-to/generic-vnfs?vnf-name=', async () => {
    const { vnf, name } = await seedVnf();
    const { si } = await seedServiceInstance({ 'relationship-list': { relationship: [{ 'related-to': 'generic-vnf', 'related-link': `${V}${uri.vnf(vnf)}` }] } });
    const path = soExtractRelatedLink(await soLookupServiceInstance(si));
    const res = await soGet(`${path}/related-to/generic-vnfs`, `?vnf-name=${name}&resultIndex=0&resultSize=1`);
    expect(res.status, res.text).toBe(200);
    expect(itemsOf(res.body, 'generic-vnf').map((v) => v['vnf-id'])).toEqual([vnf]);
  });

  it('BBInputSetupUtils.getRelatedServiceInstanceFromInstanceGroup (:418): …/related-to/service-instances, exactly one', async () => {
    const ig = uid('so-ig');
    await create(seed, uri.instanceGroup(ig), { id: ig, 'instance-group-type': 'VNFC' });
    const { si } = await seedServiceInstance({ 'relationship-list': { relationship: [{ 'related-to': 'instance-group', 'related-link': `${V}${uri.instanceGroup(ig)}` }] } });
    const res = await soGet(`${uri.instanceGroup(ig)}/related-to/service-instances`);
    expect(res.status, res.text).toBe(200);
    expect(itemsOf(res.body, 'service-instance').map((s) => s['service-instance-id'])).toEqual([si]);
  });

  it('BBInputSetupUtils.getAAIServiceInstanceByName (:347): child collection ?service-instance-name=&depth=2&resultIndex=0&resultSize=1', async () => {
    const { c, t, si } = await seedServiceInstance({ 'allotted-resources': { 'allotted-resource': [{ id: 'ar1', 'tunnel-xconnects': { 'tunnel-xconnect': [{ id: 'tx1' }] } }] } });
    const res = await soGet(`${uri.subscription(c, t)}/service-instances`, `?service-instance-name=${si}-name&depth=2&resultIndex=0&resultSize=1`);
    expect(res.status, res.text).toBe(200);
    const items = itemsOf(res.body, 'service-instance');
    expect(items.map((s) => s['service-instance-id'])).toEqual([si]);
    const ar = itemsOf(items[0]?.['allotted-resources'] as Record<string, unknown>, 'allotted-resource')[0];
    expect(itemsOf(ar?.['tunnel-xconnects'] as Record<string, unknown>, 'tunnel-xconnect').map((x) => x['id'])).toEqual(['tx1']);
  });

  it('AAIServiceInstanceResources.getOwningEntityByName (:131) and existsOwningEntityName (:123): GET /business/owning-entities?owning-entity-name=', async () => {
    const oe = uid('so-oe');
    await create(seed, uri.owningEntity(oe), { 'owning-entity-id': oe, 'owning-entity-name': `${oe}-name` });
    const res = await soGet('/business/owning-entities', `?owning-entity-name=${oe}-name`);
    expect(res.status, res.text).toBe(200);
    expect(itemsOf(res.body, 'owning-entity').map((o) => [o['owning-entity-id'], o['owning-entity-name']])).toEqual([[oe, `${oe}-name`]]);
    const count = await soExists('/business/owning-entities', `?owning-entity-name=${oe}-name`);
    expect(count.status, count.text).toBe(200);
    expect(resultsOf(count.body)).toEqual([{ 'owning-entity': 1 }]);
    // Optional.empty() → AAIEntityNotFoundException("No result returned …")
    expect((await soGet('/business/owning-entities', `?owning-entity-name=${uid('so-none')}`)).status).toBe(404);
  });

  it('BBInputSetupUtils.getAAIVnfsGloballyByName (:550): GET /nodes/generic-vnfs?vnf-name= is {"generic-vnf": [...]}', async () => {
    const { vnf, name } = await seedVnf();
    const res = await soGet('/nodes/generic-vnfs', `?vnf-name=${name}`);
    expect(res.status, res.text).toBe(200);
    expect(itemsOf(res.body, 'generic-vnf').map((v) => v['vnf-id'])).toEqual([vnf]);
  });
});

describe('SO: single transaction (AAISingleTransactionClient.execute, POST /bulk/single-transaction)', () => {
  it('HeatBridgeImpl.buildAddImagesToAaiAction/buildAddFlavorsToAaiAction/buildAddVserversToAaiAction (:284-:363) then submitToAai (:771)', async () => {
    const { o, r } = await seedCloudRegion();
    await create(seed, uri.tenant(o, r, 't1'), { 'tenant-id': 't1', 'tenant-name': 'tenant one' });
    const host = uid('so-host');
    await create(seed, uri.pserver(host), { hostname: host, 'in-maint': false });
    const { vnf } = await seedVnf({ 'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm1', 'is-base-vf-module': true, 'automated-assignment': false }] } });
    const img = uid('so-img');
    const flv = uid('so-flavor');
    const vs = uid('so-vserver');

    // resourcesClient.exists(image), transaction.createIfNotExists(flavor) → exists(), resourcesClient.exists(vserver)
    expect((await soExists(uri.image(o, r, img))).status).toBe(404);
    expect((await soExists(uri.flavor(o, r, flv))).status).toBe(404);
    expect((await soExists(uri.vserver(o, r, 't1', vs))).status).toBe(404);

    // AaiHelper.buildImage / buildFlavor / buildVserver + getVserverRelationshipList (related-link only, no version)
    const operations = [
      { action: 'put', uri: uri.image(o, r, img), body: { 'image-id': img, 'image-name': 'ubuntu-20.04', 'image-os-distro': 'unknown', 'image-os-version': 'unknown', 'image-selflink': `http://openstack/images/${img}` } },
      {
        action: 'put',
        uri: uri.flavor(o, r, flv),
        body: { 'flavor-id': flv, 'flavor-name': 'm1.small', 'flavor-vcpus': 1, 'flavor-ram': 2048, 'flavor-disk': 20, 'flavor-ephemeral': 0, 'flavor-swap': '0', 'flavor-is-public': true, 'flavor-selflink': `http://openstack/flavors/${flv}`, 'flavor-disabled': false },
      },
      {
        action: 'put',
        uri: uri.vserver(o, r, 't1', vs),
        body: {
          'vserver-id': vs,
          'vserver-name': 'vm-1',
          'vserver-name2': 'vm-1',
          'vserver-selflink': `http://openstack/servers/${vs}`,
          'in-maint': false,
          'is-closed-loop-disabled': false,
          'relationship-list': {
            relationship: [
              { 'related-link': uri.pserver(host) },
              { 'related-link': uri.vnf(vnf) },
              { 'related-link': uri.vfModule(vnf, 'm1') },
              { 'related-link': uri.image(o, r, img) },
              { 'related-link': uri.flavor(o, r, flv) },
            ],
          },
        },
      },
    ];
    const res = await so({ method: 'POST', url: `${V}/bulk/single-transaction`, headers: JSON_CT, body: { operations } });
    expect(res.status, res.text).toBe(201);
    // locateErrorMessages: every response-status-code must be ≤ 300 (a missing one counts as 400)
    const codes = (res.body['operation-responses'] as { 'response-status-code'?: number }[]).map((o2) => o2['response-status-code'] ?? 400);
    expect(codes).toEqual([201, 201, 201]);

    const vsUri = uri.vserver(o, r, 't1', vs);
    expect(await edgesBetween(vsUri, uri.pserver(host))).toEqual([{ label: LABEL.hostedOn, from: vsUri, to: uri.pserver(host) }]);
    expect(await edgesBetween(vsUri, uri.vnf(vnf))).toEqual([{ label: LABEL.hostedOn, from: uri.vnf(vnf), to: vsUri }]);
    expect(await edgesBetween(vsUri, uri.vfModule(vnf, 'm1'))).toEqual([{ label: LABEL.uses, from: uri.vfModule(vnf, 'm1'), to: vsUri }]);
    expect(await edgesBetween(vsUri, uri.image(o, r, img))).toEqual([{ label: LABEL.uses, from: vsUri, to: uri.image(o, r, img) }]);
    expect(await edgesBetween(vsUri, uri.flavor(o, r, flv))).toEqual([{ label: LABEL.uses, from: vsUri, to: uri.flavor(o, r, flv) }]);
  });

  it('GraphInventoryTransactionClient.update/disconnect/delete (:208, :153, :180): patch (patch-converter JSON), delete of a relationship with its body, delete ?resource-version= with body {}', async () => {
    const { crUri } = await seedCloudRegion();
    const { vnf } = await seedVnf({ 'relationship-list': { relationship: [{ 'related-to': 'cloud-region', 'related-link': `${V}${crUri}` }] } });
    const { vnf: doomed } = await seedVnf();
    // delete(uri): get(Map) for the resource-version first
    const got = await soGet(uri.vnf(doomed));
    const rv = String(got.body['resource-version']);
    const operations = [
      { action: 'patch', uri: uri.vnf(vnf), body: { 'vnf-id': vnf, 'orchestration-status': 'Active' } },
      { action: 'delete', uri: `${uri.vnf(vnf)}/relationship-list/relationship`, body: { 'related-link': crUri } },
      { action: 'delete', uri: `${uri.vnf(doomed)}?resource-version=${rv}`, body: {} },
    ];
    const res = await so({ method: 'POST', url: `${V}/bulk/single-transaction`, headers: JSON_CT, body: { operations } });
    expect(res.status, res.text).toBe(201);
    expect((res.body['operation-responses'] as { 'response-status-code': number }[]).map((o2) => o2['response-status-code'])).toEqual([200, 204, 204]);
    expect(await propsOf(uri.vnf(vnf))).toMatchObject({ 'orchestration-status': 'Active' });
    expect(await edgesBetween(uri.vnf(vnf), crUri)).toEqual([]);
    expect(await exists(uri.vnf(doomed))).toBe(false);
  });
});
