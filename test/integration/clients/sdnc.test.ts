/**
 * SDN-C's A&AI adaptor (CCSDK onap/ccsdk-sli@08c8ad89, adaptors/aai-service/provider), replayed
 * request for request as the SLI plugin calls of the directed graphs (onap/sdnc-oam) produce them:
 * get-resource (query), save, update, delete, save/delete of "<type>:relationship-list", and the
 * bulk-subnet update (BulkUpdateRequest → single-transaction). Each test names the CCSDK method it
 * copies (paths under adaptors/aai-service/provider/src/main/java/org/onap/ccsdk/sli/adaptors/aai/).
 *
 * Wire facts taken from the source:
 * - AAIClientRESTExecutor.getConfiguredConnection (:800-:830): every request carries Accept and
 *   Content-Type application/json (GET included; application/merge-patch+json for PATCH),
 *   X-FromAppId = org.onap.ccsdk.sli.adaptors.aai.application ("CCSDK" in aaiclient.properties, "SDNC"
 *   when unset), X-TransactionId, X-DslApiVersion: V2, the MDC request id as header "RequestID", and
 *   Basic auth (client.name/psswd, default SDNC/SDNC). "Connection: close" and
 *   "Transfer-Encoding: chunked" are also set, but HttpURLConnection drops both (restricted headers).
 *   A PATCH is sent as POST with X-HTTP-Method-Override: PATCH.
 * - appendDepth (:850-:861): every get-resource GET carries ?depth=1 unless the key names a depth.
 * - URLs come from aai-path.properties (/aai/v25/…); replayed under /aai/v15 here. A related-link
 *   written as "/aai/v$/…" in a DG is rewritten to the configured version (AAIDeclarations:1301).
 * - Bodies are Jackson with JAXB annotations and NON_EMPTY (AAIService.getObjectMapper); update
 *   bodies are the DG's parameters as strings plus "resource-version" (UpdateRequest.toJSONString,
 *   AAIDeclarations.update:668).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../helpers/app.js';
import { create, edgesBetween, exists, propsOf, type Client } from '../../helpers/aai.js';
import { uid } from '../../helpers/neo4j.js';
import { LABEL, V, basic, itemsOf, relData, relationshipsOf, uri, wire, type Call, type Relationship, type Reply } from './replay.js';

const SDNC_HEADERS = {
  Accept: 'application/json',
  'Content-Type': 'application/json',
  'X-FromAppId': 'CCSDK',
  'X-TransactionId': randomUUID(),
  'X-DslApiVersion': 'V2',
  RequestID: randomUUID(),
  Authorization: basic('SDNC', 'SDNC'),
};

let sdnc: (call: Call) => Promise<Reply>;
let seed: Client;

beforeAll(() => {
  sdnc = wire(SDNC_HEADERS);
  seed = client();
});

/** AAIClientRESTExecutor.get (:227) after appendDepth (:850): ?depth=1 unless the key gives one. */
const getResource = (u: string, depth = '1'): Promise<Reply> => sdnc({ method: 'GET', url: `${V}${u}?depth=${depth}` });

/** The resource-version newModelQuery puts into "tmpDelete.resource-version" (update :660, delete :721). */
async function resourceVersionOf(u: string): Promise<string> {
  const res = await getResource(u);
  expect(res.status, res.text).toBe(200);
  return String(res.body['resource-version']);
}

async function seedVnf(extra: Record<string, unknown> = {}): Promise<{ vnf: string; vnfUri: string }> {
  const vnf = uid('sdnc-vnf');
  await create(seed, uri.vnf(vnf), { 'vnf-id': vnf, 'vnf-name': `${vnf}-name`, 'vnf-type': 'AccessConnectivity', 'orchestration-status': 'Assigned', ...extra });
  return { vnf, vnfUri: uri.vnf(vnf) };
}

async function seedNetwork(): Promise<string> {
  const net = uid('sdnc-net');
  await create(seed, uri.l3Network(net), { 'network-id': net, 'network-name': `${net}-name`, 'is-bound-to-vpn': false, 'is-provider-network': false, 'is-shared-network': false, 'is-external-network': false });
  return net;
}

describe('SDN-C get-resource (AAIDeclarations.query → newModelQuery :836 → AAIClientRESTExecutor.get :227)', () => {
  it('get-resource resource="pnf" key="pnf.pnf-name = … AND depth = \'0\'": the DG reads relationship-list.relationship[0].relationship-data[0].relationship-value', async () => {
    const pnf = uid('sdnc-pnf');
    const cx = uid('sdnc-cx');
    await create(seed, uri.complex(cx), { 'physical-location-id': cx, 'physical-location-type': 'site', street1: '1 Main St', city: 'Springfield', 'postal-code': '12345', country: 'US', region: 'east' });
    await create(seed, uri.pnf(pnf), { 'pnf-name': pnf, 'equip-type': 'router', 'relationship-list': { relationship: [{ 'related-to': 'complex', 'related-link': `${V}${uri.complex(cx)}` }] } });
    const res = await getResource(uri.pnf(pnf), '0');
    expect(res.status, res.text).toBe(200);
    expect(res.body['pnf-name']).toBe(pnf);
    const rel = relationshipsOf(res.body)[0];
    expect(rel?.['related-to']).toBe('complex');
    expect(rel?.['relationship-data']?.[0]).toEqual({ 'relationship-key': 'complex.physical-location-id', 'relationship-value': cx });
  });

  it('get-resource resource="generic-vnf" key="generic-vnf.vnf-id = …": ?depth=1 gives the vnf with its vf-modules (processResponseData writes every field into the context)', async () => {
    const { vnf } = await seedVnf({ 'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm1', 'vf-module-name': 'base', 'is-base-vf-module': true, 'automated-assignment': false }] } });
    const res = await getResource(uri.vnf(vnf));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ 'vnf-id': vnf, 'vnf-name': `${vnf}-name`, 'vnf-type': 'AccessConnectivity', 'orchestration-status': 'Assigned' });
    expect(res.body['resource-version']).toEqual(expect.any(String));
    expect(itemsOf(res.body['vf-modules'] as Record<string, unknown>, 'vf-module').map((m) => m['vf-module-id'])).toEqual(['m1']);
  });

  it('get-resource of a missing node: 404 with A&AI\'s error body (read as ErrorResponse, QueryStatus.NOT_FOUND)', async () => {
    const res = await getResource(uri.vnf(uid('sdnc-none')));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ requestError: { serviceException: { messageId: 'SVC3001' } } });
  });
});

describe('SDN-C save (AAIDeclarations.save → newModelSave :1118 → AAIClientRESTExecutor.post :364: PUT)', () => {
  it('save resource="generic-vnf" (the DG\'s parameters as the body), then again with the resource-version the DG read (PUT ?resource-version= and in the body)', async () => {
    const vnf = uid('sdnc-vnf');
    const body = {
      'vnf-id': vnf,
      'vnf-name': `${vnf}-name`,
      'vnf-type': 'AccessConnectivity',
      'service-id': 'svc-1',
      'prov-status': 'ACTIVE',
      'orchestration-status': 'Active',
      'is-closed-loop-disabled': false,
      'model-invariant-id': 'e8cb8968-5411-478b-906a-f28747de72cd',
      'model-version-id': '4b8d0a46-e1de-4d68-b1bf-b31d1ae4f1d1',
      'model-customization-id': '2f5bd0d9-b2b7-4c6c-9a09-6e3e4a2cf0f8',
    };
    const created = await sdnc({ method: 'PUT', url: `${V}${uri.vnf(vnf)}`, body });
    expect(created.status, created.text).toBe(201);
    expect(await propsOf(uri.vnf(vnf))).toMatchObject(body);

    const rv = await resourceVersionOf(uri.vnf(vnf));
    const replaced = await sdnc({ method: 'PUT', url: `${V}${uri.vnf(vnf)}?resource-version=${rv}`, body: { ...body, 'prov-status': 'PREPROV', 'resource-version': rv } });
    expect(replaced.status, replaced.text).toBe(200);
    expect(await propsOf(uri.vnf(vnf))).toMatchObject({ 'prov-status': 'PREPROV' });
  });

  it('save resource="vf-module" with key generic-vnf.vnf-id and vf-module.vf-module-id: PUT of the child', async () => {
    const { vnf } = await seedVnf();
    const m = uid('sdnc-vfm');
    const body = { 'vf-module-id': m, 'vf-module-name': `${m}-name`, 'heat-stack-id': `stack/${m}`, 'orchestration-status': 'Assigned', 'is-base-vf-module': true, 'automated-assignment': false };
    const res = await sdnc({ method: 'PUT', url: `${V}${uri.vfModule(vnf, m)}`, body });
    expect(res.status, res.text).toBe(201);
    expect(await propsOf(uri.vfModule(vnf, m))).toMatchObject(body);
  });
});

describe('SDN-C update and delete', () => {
  it('update resource="generic-vnf" (AAIDeclarations.update :573): GET ?depth=1, then POST + X-HTTP-Method-Override: PATCH ?resource-version= with the string parameters and the resource-version', async () => {
    const { vnf } = await seedVnf({ 'prov-status': 'PREPROV' });
    const rv = await resourceVersionOf(uri.vnf(vnf));
    const res = await sdnc({
      method: 'POST',
      url: `${V}${uri.vnf(vnf)}?resource-version=${rv}`,
      headers: { 'X-HTTP-Method-Override': 'PATCH', 'Content-Type': 'application/merge-patch+json' },
      body: { 'orchestration-status': 'Activated', 'prov-status': 'NVTPROV', 'resource-version': rv },
    });
    expect(res.status, res.text).toBe(200);
    expect(await propsOf(uri.vnf(vnf))).toMatchObject({ 'vnf-name': `${vnf}-name`, 'orchestration-status': 'Activated', 'prov-status': 'NVTPROV' });
  });

  it('update resource="l3-network" with parameter is-bound-to-vpn = "true" (sdnc-oam GENERIC-RESOURCE-API_network-topology-operation-assign-from-preload.xml:758): UpdateRequest sends every value as a JSON string', async () => {
    // UpdateRequest.toJSONString serialises the DG's Map<String, String>, so a boolean arrives as "true".
    // A&AI unmarshals the merged object with MOXy; this replay states that a real DG sends it and relies on 200.
    const net = await seedNetwork();
    const rv = await resourceVersionOf(uri.l3Network(net));
    const res = await sdnc({
      method: 'POST',
      url: `${V}${uri.l3Network(net)}?resource-version=${rv}`,
      headers: { 'X-HTTP-Method-Override': 'PATCH', 'Content-Type': 'application/merge-patch+json' },
      body: { 'is-bound-to-vpn': 'true', 'resource-version': rv },
    });
    expect(res.status, res.text).toBe(200);
    expect(await propsOf(uri.l3Network(net))).toMatchObject({ 'is-bound-to-vpn': true });
  });

  it('delete resource="generic-vnf" (AAIDeclarations.delete :688 → AAIClientRESTExecutor.delete :469): GET ?depth=1, then DELETE ?resource-version= without a body', async () => {
    const { vnf } = await seedVnf({ 'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm1', 'is-base-vf-module': true, 'automated-assignment': false }] } });
    const rv = await resourceVersionOf(uri.vnf(vnf));
    const res = await sdnc({ method: 'DELETE', url: `${V}${uri.vnf(vnf)}?resource-version=${rv}` });
    expect(res.status, res.text).toBe(204);
    expect(await exists(uri.vnf(vnf))).toBe(false);
    // A second delete finds nothing: newModelQuery gets 404 → QueryStatus.NOT_FOUND
    expect((await getResource(uri.vnf(vnf))).status).toBe(404);
  });
});

describe('SDN-C relationships ("<type>:relationship-list")', () => {
  it('save resource="generic-vnf:relationship-list" (AAIDeclarations.save :529-:547): GET ?depth=1, add the relationship to the object, PUT the whole object back ?resource-version=', async () => {
    const first = await seedNetwork();
    const second = await seedNetwork();
    const { vnf } = await seedVnf({
      'vf-modules': { 'vf-module': [{ 'vf-module-id': 'm1', 'is-base-vf-module': true, 'automated-assignment': false }] },
      'relationship-list': { relationship: [{ 'related-to': 'l3-network', 'related-link': `${V}${uri.l3Network(first)}` }] },
    });
    // newModelObjectRequest: the instance as A&AI answered it (depth=1)
    const got = await getResource(uri.vnf(vnf));
    expect(got.status).toBe(200);
    const instance = got.body;
    const rv = String(instance['resource-version']);
    // newModelProcessRelationshipList: related-to + related-link ("/aai/v$/…" rewritten to the version)
    const rels = relationshipsOf(instance);
    const added: Relationship = { 'related-to': 'l3-network', 'related-link': `${V}${uri.l3Network(second)}` };
    const body = { ...instance, 'relationship-list': { relationship: [...rels, added] } };
    const res = await sdnc({ method: 'PUT', url: `${V}${uri.vnf(vnf)}?resource-version=${rv}`, body });
    expect(res.status, res.text).toBe(200);
    expect(await edgesBetween(uri.vnf(vnf), uri.l3Network(first))).toEqual([{ label: LABEL.uses, from: uri.vnf(vnf), to: uri.l3Network(first) }]);
    expect(await edgesBetween(uri.vnf(vnf), uri.l3Network(second))).toEqual([{ label: LABEL.uses, from: uri.vnf(vnf), to: uri.l3Network(second) }]);
    expect(await exists(uri.vfModule(vnf, 'm1'))).toBe(true);
  });

  it('delete resource="generic-vnf:relationship-list" key "… AND related-to = l3-network AND relationship.related-link = …" (processDeleteRelationshipList :1861, AAIService.deleteList :1274): DELETE …/relationship-list/relationship with the relationship as A&AI returned it', async () => {
    const keep = await seedNetwork();
    const drop = await seedNetwork();
    const { vnf } = await seedVnf({
      'relationship-list': {
        relationship: [
          { 'related-to': 'l3-network', 'related-link': `${V}${uri.l3Network(keep)}` },
          { 'related-to': 'l3-network', 'related-link': `${V}${uri.l3Network(drop)}` },
        ],
      },
    });
    // getResource(url) → SelfLinkRequest: ?depth=1 (SelfLinkRequest.java:70)
    const got = await getResource(uri.vnf(vnf));
    const target = relationshipsOf(got.body).find((r) => r['related-to'] === 'l3-network' && decodeURIComponent(String(r['related-link'])).endsWith(uri.l3Network(drop)));
    expect(target, got.text).toBeDefined();
    // The DG reads relationship-data from A&AI's answer (l3-network.network-id) and related-to-property (network-name)
    expect(relData(target ?? {}, 'l3-network.network-id')).toBe(drop);
    const res = await sdnc({ method: 'DELETE', url: `${V}${uri.vnf(vnf)}/relationship-list/relationship`, body: target ?? {} });
    expect(res.status, res.text).toBe(204);
    expect(await edgesBetween(uri.vnf(vnf), uri.l3Network(drop))).toEqual([]);
    expect(await edgesBetween(uri.vnf(vnf), uri.l3Network(keep))).toHaveLength(1);
  });
});

describe('SDN-C bulk (BulkUpdateRequest → AAIClientRESTExecutor.bulkUpdate :717: POST /bulk/single-transaction)', () => {
  it('update resource="bulk-subnet" (AAIDeclarations.update :599-:635): one patch per subnet, uri with /aai/vNN and ?depth=1, body {"orchestration-status"}', async () => {
    const net = await seedNetwork();
    await create(seed, uri.subnet(net, 's1'), { 'subnet-id': 's1', 'dhcp-enabled': false, 'orchestration-status': 'Assigned' });
    await create(seed, uri.subnet(net, 's2'), { 'subnet-id': 's2', 'dhcp-enabled': true, 'orchestration-status': 'Assigned' });
    const operations = ['s1', 's2'].map((s) => ({ action: 'patch', uri: `${V}${uri.subnet(net, s)}?depth=1`, body: { 'orchestration-status': 'Created' } }));
    const res = await sdnc({ method: 'POST', url: `${V}/bulk/single-transaction`, body: { operations } });
    expect(res.status, res.text).toBe(201);
    expect((res.body['operation-responses'] as { 'response-status-code': number }[]).map((o) => o['response-status-code'])).toEqual([200, 200]);
    expect(await propsOf(uri.subnet(net, 's1'))).toMatchObject({ 'orchestration-status': 'Created', 'dhcp-enabled': false });
    expect(await propsOf(uri.subnet(net, 's2'))).toMatchObject({ 'orchestration-status': 'Created', 'dhcp-enabled': true });
  });
});
