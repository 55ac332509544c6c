/**
 * onapsdk's A&AI calls (onap/integration-python-onapsdk@6108007, src/onapsdk/aai), replayed request
 * for request: the URLs its classes build, the bodies its Jinja templates render (text as rendered,
 * including the empty strings, "None" and "resource-version": "" it sends), and how it reads the
 * answers. Each test names the onapsdk method it copies.
 *
 * Wire facts taken from the source:
 * - OnapService.headers + headers_aai_creator (utils/headers_creator.py): Content-Type and Accept
 *   application/json on every call (GET included), x-fromappid "AAI", a fixed x-transactionid,
 *   authorization settings.AAI_AUTH ("Basic QUFJOkFBSQ==" = AAI:AAI). PATCH uses patch_headers
 *   (Content-Type application/merge-patch+json).
 * - URLs are settings.AAI_URL + "/aai/" + AAI_API_VERSION (v27 by default; v15 here) + path, so a
 *   related-link built from an object's url is a full https URL, and a Tenant's url carries
 *   "?resource-version=…" (cloud_infrastructure/tenant.py:90-94).
 * - Fields the v15 OXM does not have are left out of the rendered templates (onapsdk targets v27):
 *   cloud-region orchestration-disabled and in-maint, complex time-zone, data-owner, data-source,
 *   data-source-version. CloudRegion.get_all reads "orchestration-disabled" and "in-maint" as
 *   required keys, so against a v15 inventory it can only use the raw answer, as replayed here.
 * - AaiBulk (bulk.py) renders each body with `{{ operation.body }}`: Python's repr of a dict
 *   ({'pnf-name': 'x', 'in-maint': False}), not JSON. The bulk replays send JSON bodies (except the
 *   one test that sends the repr form), as decided for now.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../helpers/app.js';
import { create, edgesBetween, exists, propsOf, type Client } from '../../helpers/aai.js';
import { uid } from '../../helpers/neo4j.js';
import { LABEL, V, itemsOf, relData, resultsOf, uri, wire, type Call, type Relationship, type Reply } from './replay.js';

const ONAPSDK_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json',
  'x-fromappid': 'AAI',
  'x-transactionid': '0a3f6713-ba96-4971-a6f8-c2da85a3176e',
  authorization: 'Basic QUFJOkFBSQ==',
};
/** settings.AAI_URL: the base of every url onapsdk builds, and so of the related-links it sends. */
const AAI_URL = 'https://aai.api.sparky.simpledemo.onap.org:30233';

let sdk: (call: Call) => Promise<Reply>;
let seed: Client;

beforeAll(() => {
  sdk = wire(ONAPSDK_HEADERS);
  seed = client();
});

const sdkGet = (u: string): Promise<Reply> => sdk({ method: 'GET', url: `${V}${u}` });
const sdkPut = (u: string, body?: string): Promise<Reply> => sdk(body === undefined ? { method: 'PUT', url: `${V}${u}` } : { method: 'PUT', url: `${V}${u}`, body });
const sdkDelete = (u: string, body?: string): Promise<Reply> => sdk(body === undefined ? { method: 'DELETE', url: `${V}${u}` } : { method: 'DELETE', url: `${V}${u}`, body });

/** A Jinja template of the form `{ "k": "{{ v }}", … }` as rendered (values are not escaped). */
function renderStrings(fields: [string, string][]): string {
  return `{\n${fields.map(([k, v]) => `    "${k}": "${v}"`).join(',\n')}\n}`;
}

/** aai_add_relationship.json.j2 / aai_delete_relationship.json.j2 as rendered for a Relationship. */
function renderRelationship(rel: { related_to: string; related_link: string; relationship_label?: string; related_to_property?: object[]; relationship_data: object[] }): string {
  let out = `{\n    "related-to": "${rel.related_to}",\n    "related-link": "${rel.related_link}",`;
  if (rel.relationship_label) out += `\n        "relationship-label": "${rel.relationship_label}",`;
  if (rel.related_to_property && rel.related_to_property.length > 0) out += `\n        "related-to-property": ${JSON.stringify(rel.related_to_property)},`;
  return `${out}\n    "relationship-data": ${JSON.stringify(rel.relationship_data)}\n}`;
}

/** AaiResource.relationships (aai_element.py:157-184): GET {url}/relationship-list, "relationship" items. */
async function relationshipsOfResource(u: string): Promise<Relationship[]> {
  const res = await sdkGet(`${u}/relationship-list`);
  expect(res.status, res.text).toBe(200);
  return (res.body['relationship'] as Relationship[] | undefined) ?? [];
}

/** CloudRegion.create (cloud_region.py:195-242), the v15 fields of cloud_region_create_update.json.j2. */
async function createCloudRegion(): Promise<{ o: string; r: string; crUri: string; reply: Reply }> {
  const o = uid('sdk-owner');
  const r = uid('sdk-region');
  const reply = await sdkPut(
    uri.cloudRegion(o, r),
    renderStrings([
      ['cloud-owner', o],
      ['cloud-region-id', r],
      ['cloud-type', 'openstack'],
      ['owner-defined-type', ''],
      ['cloud-region-version', 'titanium_cloud'],
      ['identity-url', ''],
      ['cloud-zone', ''],
      ['complex-name', ''],
      ['sriov-automation', ''],
      ['cloud-extra-info', ''],
      ['upgrade-cycle', ''],
      ['resource-version', ''],
    ]),
  );
  return { o, r, crUri: uri.cloudRegion(o, r), reply };
}

/** CloudRegion.add_tenant (cloud_region.py:402-419): tenant_context None renders as "None". */
const addTenant = (o: string, r: string, t: string, name: string): Promise<Reply> =>
  sdkPut(uri.tenant(o, r, t), renderStrings([['tenant-id', t], ['tenant-name', name], ['tenant-context', 'None']]));

/** CloudRegion.get_tenant (cloud_region.py:420-438): reads tenant-id, tenant-name, resource-version. */
async function getTenant(o: string, r: string, t: string): Promise<{ id: string; name: string; rv: string }> {
  const res = await sdkGet(uri.tenant(o, r, t));
  expect(res.status, res.text).toBe(200);
  return { id: String(res.body['tenant-id']), name: String(res.body['tenant-name']), rv: String(res.body['resource-version']) };
}

describe('onapsdk: cloud region and tenants', () => {
  it('CloudRegion.create renders every field, empty ones as "" and "resource-version": "" (A&AI treats "" as none: DBSerializer.verifyResourceVersion); get_by_id reads it back', async () => {
    const { o, r, reply } = await createCloudRegion();
    expect(reply.status, reply.text).toBe(201);
    // CloudRegion.get_by_id → get_all(cloud_owner, cloud_region_id): ?cloud-owner=&cloud-region-id= (urlencode of the filters)
    const res = await sdkGet(`/cloud-infrastructure/cloud-regions?cloud-owner=${o}&cloud-region-id=${r}`);
    expect(res.status, res.text).toBe(200);
    const [first] = itemsOf(res.body, 'cloud-region');
    expect(first).toMatchObject({ 'cloud-owner': o, 'cloud-region-id': r, 'cloud-type': 'openstack', 'cloud-region-version': 'titanium_cloud', 'resource-version': expect.any(String) });
  });

  it('add_tenant, tenants (GET …/tenants), get_tenant, Tenant.count (GET …/tenants/?format=count), Tenant.delete (?resource-version=)', async () => {
    const { o, r, crUri } = await createCloudRegion();
    const t = uid('sdk-tenant');
    const added = await addTenant(o, r, t, `${t}-name`);
    expect(added.status, added.text).toBe(201);

    // CloudRegion.tenants (cloud_region.py:303-320)
    const list = await sdkGet(`${crUri}/tenants`);
    expect(list.status, list.text).toBe(200);
    expect(itemsOf(list.body, 'tenant').map((x) => [x['tenant-id'], x['tenant-name'], typeof x['resource-version']])).toEqual([[t, `${t}-name`, 'string']]);

    const tenant = await getTenant(o, r, t);
    expect(tenant).toMatchObject({ id: t, name: `${t}-name` });

    // AaiResource.count (aai_element.py:196-211) with Tenant.get_all_url (tenant.py:64-79, trailing slash)
    const count = await sdkGet(`${crUri}/tenants/?format=count`);
    expect(count.status, count.text).toBe(200);
    expect(Object.values(resultsOf(count.body)[0] ?? {})[0]).toBe(1);

    // Tenant.delete (tenant.py:97-107): DELETE of Tenant.url, which carries ?resource-version=
    const del = await sdkDelete(`${uri.tenant(o, r, t)}?resource-version=${tenant.rv}`);
    expect(del.status, del.text).toBe(204);
    expect(await exists(uri.tenant(o, r, t))).toBe(false);
  });

  it('Complex.create, CloudRegion.link_to_complex (full https related-link), CloudRegion.complex, unlink_complex, Complex.delete', async () => {
    const { crUri } = await createCloudRegion();
    const cx = uid('sdk-cx');
    // Complex.create (complex.py:126-189), the v15 fields of complex_create_update.json.j2
    const created = await sdkPut(
      uri.complex(cx),
      renderStrings([
        ['physical-location-id', cx],
        ['data-center-code', ''],
        ['complex-name', `${cx}-name`],
        ['identity-url', ''],
        ['resource-version', ''],
        ['physical-location-type', 'office'],
        ['street1', '1 Main St'],
        ['street2', ''],
        ['city', 'Springfield'],
        ['state', ''],
        ['postal-code', '12345'],
        ['country', 'US'],
        ['region', 'east'],
        ['latitude', ''],
        ['longitude', ''],
        ['elevation', ''],
        ['lata', ''],
      ]),
    );
    expect(created.status, created.text).toBe(201);

    // AaiResourceLinkToComplexMixin.link_to_complex (mixins/link_to_complex.py:31-51): related-link = cmplx.url
    const linked = await sdkPut(
      `${crUri}/relationship-list/relationship`,
      renderRelationship({
        related_to: 'complex',
        related_link: `${AAI_URL}${V}${uri.complex(cx)}`,
        relationship_label: LABEL.locatedIn,
        relationship_data: [{ 'relationship-key': 'complex.physical-location-id', 'relationship-value': cx }],
      }),
    );
    expect(linked.status, linked.text).toBe(200);
    expect(await edgesBetween(crUri, uri.complex(cx))).toEqual([{ label: LABEL.locatedIn, from: crUri, to: uri.complex(cx) }]);

    // CloudRegion.complex (cloud_region.py:375-401): relationship related-to complex → complex.physical-location-id → GET complex
    const rel = (await relationshipsOfResource(crUri)).find((x) => x['related-to'] === 'complex');
    expect(rel).toBeDefined();
    const id = relData(rel ?? {}, 'complex.physical-location-id');
    expect(id).toBe(cx);
    const cplx = await sdkGet(uri.complex(String(id)));
    expect(cplx.status).toBe(200);
    expect(cplx.body).toMatchObject({ 'physical-location-id': cx, 'complex-name': `${cx}-name`, 'resource-version': expect.any(String) });

    // unlink_complex (link_to_complex.py:53-74) → delete_relationship (aai_element.py:232-249): the Relationship as read
    const unlinked = await sdkDelete(
      `${crUri}/relationship-list/relationship`,
      renderRelationship({
        related_to: String(rel?.['related-to']),
        related_link: String(rel?.['related-link']),
        ...(rel?.['relationship-label'] !== undefined ? { relationship_label: rel['relationship-label'] } : {}),
        relationship_data: rel?.['relationship-data'] ?? [],
      }),
    );
    expect(unlinked.status, unlinked.text).toBe(204);
    expect(await edgesBetween(crUri, uri.complex(cx))).toEqual([]);

    // Complex.delete (complex.py:360-366): ?resource-version= of the object as get_by_physical_location_id
    // reads it now (the unlink touched the complex too, as A&AI's NotificationService touches both ends)
    const fresh = await sdkGet(uri.complex(cx));
    const del = await sdkDelete(`${uri.complex(cx)}?resource-version=${String(fresh.body['resource-version'])}`);
    expect(del.status, del.text).toBe(204);
    expect(await exists(uri.complex(cx))).toBe(false);
  });
});

describe('onapsdk: customer and service subscriptions', () => {
  /** Customer.create (business/customer.py:454-502): PUT customer_create_update.json.j2, then GET for the resource-version. */
  async function createCustomer(subscriptions: string[]): Promise<{ c: string; rv: string }> {
    const c = uid('sdk-cust');
    const subs = subscriptions.map((s) => `        {\n                "service-type": "${s}"\n        }`).join(',\n');
    const body = `{\n    "global-customer-id": "${c}",\n    "subscriber-name": "${c}-name",\n    "subscriber-type": "INFRA",\n    "service-subscriptions": {\n        "service-subscription": [\n${subs}\n        ]\n    }\n}`;
    const res = await sdkPut(uri.customer(c), body);
    expect(res.status, res.text).toBe(201);
    const got = await sdkGet(uri.customer(c));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ 'global-customer-id': c, 'subscriber-name': `${c}-name`, 'subscriber-type': 'INFRA' });
    return { c, rv: String(got.body['resource-version']) };
  }

  /** Customer.get_service_subscription_by_service_type (customer.py:366-387): …/service-subscriptions?service-type= → [0]. */
  const getSubscription = (c: string, t: string): Promise<Reply> => sdkGet(`${uri.customer(c)}/service-subscriptions?service-type=${t}`);

  it('Customer.create with service subscriptions; get_service_subscription_by_service_type reads service-subscription[0]', async () => {
    const t = uid('sdk-type');
    const { c } = await createCustomer([t]);
    const res = await getSubscription(c, t);
    expect(res.status, res.text).toBe(200);
    const [ss] = itemsOf(res.body, 'service-subscription');
    expect(ss).toMatchObject({ 'service-type': t, 'resource-version': expect.any(String) });
  });

  it('Customer.subscribe_service (customer.py:596-618): 404 on the filter, PUT without a body, then found', async () => {
    const { c } = await createCustomer([uid('sdk-type')]);
    const t = uid('sdk-type');
    expect((await getSubscription(c, t)).status).toBe(404);
    const put = await sdkPut(uri.subscription(c, t));
    expect(put.status, put.text).toBe(201);
    const res = await getSubscription(c, t);
    expect(res.status, res.text).toBe(200);
    expect(itemsOf(res.body, 'service-subscription').map((s) => s['service-type'])).toEqual([t]);
    // Customer.service_subscriptions (customer.py:569-594): every subscription of the customer
    const all = await sdkGet(`${uri.customer(c)}/service-subscriptions`);
    expect(all.status, all.text).toBe(200);
    expect(itemsOf(all.body, 'service-subscription')).toHaveLength(2);
  });

  // A&AI reads a related-link with `new URI(link).getRawPath()` (RelationshipToURI.processRelatedLink,
  // aai-common RelationshipToURI.java:228-234): scheme, host and query are dropped.
  it('ServiceSubscription.link_to_cloud_region_and_tenant (customer.py:294-327): related-link = Tenant.url (https, ?resource-version=); then tenants from the relationship-data A&AI answers', async () => {
    const t = uid('sdk-type');
    const { c } = await createCustomer([t]);
    const { o, r, reply } = await createCloudRegion();
    expect(reply.status, reply.text).toBe(201);
    const tid = uid('sdk-tenant');
    expect((await addTenant(o, r, tid, `${tid}-name`)).status).toBe(201);
    const tenant = await getTenant(o, r, tid);

    const res = await sdkPut(
      `${uri.subscription(c, t)}/relationship-list/relationship`,
      renderRelationship({
        related_to: 'tenant',
        related_link: `${AAI_URL}${V}${uri.tenant(o, r, tid)}?resource-version=${tenant.rv}`,
        related_to_property: [{ 'property-key': 'tenant.tenant-name', 'property-value': tenant.name }],
        relationship_data: [
          { 'relationship-key': 'cloud-region.cloud-owner', 'relationship-value': o },
          { 'relationship-key': 'cloud-region.cloud-region-id', 'relationship-value': r },
          { 'relationship-key': 'tenant.tenant-id', 'relationship-value': tid },
        ],
      }),
    );
    expect(res.status, res.text).toBe(200);
    expect(await edgesBetween(uri.subscription(c, t), uri.tenant(o, r, tid))).toEqual([{ label: LABEL.uses, from: uri.subscription(c, t), to: uri.tenant(o, r, tid) }]);

    // ServiceSubscription.tenants (customer.py:211-262): tenant relationships → the three relationship-data keys
    const rels = (await relationshipsOfResource(uri.subscription(c, t))).filter((x) => x['related-to'] === 'tenant');
    expect(rels).toHaveLength(1);
    const rel = rels[0] ?? {};
    expect([relData(rel, 'cloud-region.cloud-owner'), relData(rel, 'cloud-region.cloud-region-id'), relData(rel, 'tenant.tenant-id')]).toEqual([o, r, tid]);
  });

  it('get_service_instance_by_id (customer.py:264-277): …/service-instances?service-instance-id= → service-instance[0]; delete_subscribed_service and Customer.delete with ?resource-version=', async () => {
    const t = uid('sdk-type');
    const { c } = await createCustomer([t]);
    const si = uid('sdk-si');
    await create(seed, uri.serviceInstance(c, t, si), { 'service-instance-id': si, 'service-instance-name': `${si}-name`, 'orchestration-status': 'Active' });
    const res = await sdkGet(`${uri.subscription(c, t)}/service-instances?service-instance-id=${si}`);
    expect(res.status, res.text).toBe(200);
    expect(itemsOf(res.body, 'service-instance')[0]).toMatchObject({ 'service-instance-id': si, 'service-instance-name': `${si}-name`, 'resource-version': expect.any(String) });

    // Customer.delete_subscribed_service (customer.py:620-634): the subscription read by get_service_subscription_by_service_type
    await create(seed, uri.subscription(c, `${t}-2`), { 'service-type': `${t}-2` });
    const ss = itemsOf((await getSubscription(c, `${t}-2`)).body, 'service-subscription')[0];
    const delSs = await sdkDelete(`${uri.subscription(c, `${t}-2`)}?resource-version=${String(ss?.['resource-version'])}`);
    expect(delSs.status, delSs.text).toBe(204);
    expect(await exists(uri.subscription(c, `${t}-2`))).toBe(false);

    // Customer.delete (customer.py:636-646): DELETE of Customer.url (…?resource-version= of the latest GET)
    const rv = String((await sdkGet(uri.customer(c))).body['resource-version']);
    const del = await sdkDelete(`${uri.customer(c)}?resource-version=${rv}`);
    expect(del.status, del.text).toBe(204);
    expect(await exists(uri.customer(c))).toBe(false);
    expect(await exists(uri.serviceInstance(c, t, si))).toBe(false);
  });
});

describe('onapsdk: PNF', () => {
  it('PnfInstance.put_in_aai (business/pnf.py:301-327, aai_put_pnf.json.j2, in-maint by json.dumps) and delete_from_aai (:242-256: GET, then DELETE ?resource-version=)', async () => {
    const name = uid('sdk-pnf');
    // The template's lines for the set fields, blank lines dropped and the last ",\n}" turned into "\n}"
    const body = `{\n"equip-model": "model-123456",\n"equip-type": "Router",\n"equip-vendor": "Vendor-A",\n"in-maint": false,\n"nf-role": "ToR DC101",\n"pnf-name": "${name}",\n"serial-number": "SN-1"\n}`;
    const put = await sdkPut(uri.pnf(name), body);
    expect(put.status, put.text).toBe(201);
    expect(await propsOf(uri.pnf(name))).toMatchObject({ 'pnf-name': name, 'in-maint': false, 'equip-vendor': 'Vendor-A', 'serial-number': 'SN-1' });

    const got = await sdkGet(uri.pnf(name));
    expect(got.status).toBe(200);
    const del = await sdkDelete(`${uri.pnf(name)}?resource-version=${String(got.body['resource-version'])}`);
    expect(del.status, del.text).toBe(204);
    expect(await exists(uri.pnf(name))).toBe(false);
  });
});

// ---- AaiBulk.single_transaction (bulk.py) --------------------------------------------------------

interface BulkRequest {
  action: string;
  uri: string;
  /** The rendered `{{ operation.body }}` text. */
  body: string;
}

/** aai_bulk.json.j2 as rendered. */
function renderBulk(operations: BulkRequest[]): string {
  const ops = operations.map((op) => `    {\n        "action": "${op.action}",\n        "uri": "${op.uri}",\n        "body": ${op.body}\n    }`).join(',\n    \n');
  return `{\n    "operations": [\n    \n${ops}\n    \n    ]\n}`;
}

/** AaiBulk.OPERATION_INDEX_REGEX (bulk.py:61-62), applied with re.match (anchored, '.' without newlines). */
const OPERATION_INDEX = /^.*((Error with operation (?<index1>\d+))|(Operation (?<index2>\d+) with action))/;

/** AaiBulk._get_failed_operation_index (bulk.py:167-192): -1 when the text names no operation. */
function failedOperationIndex(text: string): number {
  const m = OPERATION_INDEX.exec(text);
  if (!m?.groups) return -1;
  return Number(m.groups['index1'] ?? m.groups['index2']);
}

/**
 * AaiBulk.single_transaction (:224-240) with remove_failed_operation_on_failure: chunks of
 * settings.AAI_BULK_CHUNK (30) sent by _send_chunk (:194-222): on an error answer, the failing
 * operation (by the regex) is removed and the rest of the chunk is sent again.
 */
async function singleTransaction(requests: BulkRequest[], chunkSize = 30): Promise<{ posts: Reply[]; failed: BulkRequest[]; responses: { 'response-status-code': number }[] }> {
  const posts: Reply[] = [];
  const failed: BulkRequest[] = [];
  const responses: { 'response-status-code': number }[] = [];
  for (let i = 0; i < requests.length; i += chunkSize) {
    const chunk = requests.slice(i, i + chunkSize);
    for (;;) {
      const res = await sdk({ method: 'POST', url: `${V}/bulk/single-transaction`, body: renderBulk(chunk) });
      posts.push(res);
      if (res.status < 400) {
        responses.push(...((res.body['operation-responses'] as { 'response-status-code': number }[] | undefined) ?? []));
        break;
      }
      const index = failedOperationIndex(res.text);
      if (index < 0 || index >= chunk.length) throw new Error(`no operation index in the error answer: ${res.status} ${res.text}`);
      failed.push(...chunk.splice(index, 1));
      if (chunk.length === 0) break;
    }
  }
  return { posts, failed, responses };
}

const putPnf = (name: string): BulkRequest => ({ action: 'put', uri: uri.pnf(name), body: JSON.stringify({ 'pnf-name': name, 'equip-type': 'router', 'in-maint': false }) });

describe('onapsdk: AaiBulk.single_transaction (POST /bulk/single-transaction)', () => {
  it('sends 31 operations as two requests of 30 and 1 (settings.AAI_BULK_CHUNK), every operation answered 201', async () => {
    const base = uid('sdk-bulk');
    const names = Array.from({ length: 31 }, (_, i) => `${base}-${i}`);
    const { posts, failed, responses } = await singleTransaction(names.map(putPnf));
    expect(posts.map((p) => p.status)).toEqual([201, 201]);
    expect(failed).toEqual([]);
    expect(responses.map((r) => r['response-status-code'])).toEqual(names.map(() => 201));
    for (const n of [names[0], names[29], names[30]]) expect(await exists(uri.pnf(String(n)))).toBe(true);
  });

  it('_send_chunk: the regex finds the failing operation in A&AI\'s error text, onapsdk drops it and the retry commits the rest', async () => {
    const base = uid('sdk-bulk');
    const orphan: BulkRequest = { action: 'put', uri: uri.pInterface(`${base}-missing`, 'eth0'), body: JSON.stringify({ 'interface-name': 'eth0' }) };
    const requests = [putPnf(`${base}-a`), orphan, putPnf(`${base}-b`)];
    const { posts, failed, responses } = await singleTransaction(requests);
    expect(posts[0]?.status, posts[0]?.text).toBeGreaterThanOrEqual(400);
    expect(posts[0]?.status).toBeLessThan(500);
    expect(failedOperationIndex(posts[0]?.text ?? '')).toBe(1);
    expect(failed).toEqual([orphan]);
    expect(posts.map((p) => p.status).slice(1)).toEqual([201]);
    expect(responses.map((r) => r['response-status-code'])).toEqual([201, 201]);
    expect(await exists(uri.pnf(`${base}-a`))).toBe(true);
    expect(await exists(uri.pnf(`${base}-b`))).toBe(true);
    expect(await exists(uri.pnf(`${base}-missing`))).toBe(false);
  });

  it('bodies as the template really renders them (Python dict repr): no 5xx, and a failure names the operation', async () => {
    // How the service treats `{'pnf-name': 'x', 'in-maint': False}` is decided elsewhere (A&AI's bulk
    // parser is Gson, which reads such text leniently). Whatever the answer, it must not be a 5xx, and
    // if the request fails, onapsdk's regex must find the operation whose body is not JSON (index 1:
    // operation 0's body `{}` is the repr of an empty dict, valid JSON too) so that onapsdk can drop it.
    const base = uid('sdk-repr');
    const requests: BulkRequest[] = [
      { action: 'put', uri: uri.pnf(`${base}-a`), body: '{}' },
      { action: 'put', uri: uri.pnf(`${base}-b`), body: `{'pnf-name': '${base}-b', 'equip-type': 'router', 'in-maint': False}` },
    ];
    const res = await sdk({ method: 'POST', url: `${V}/bulk/single-transaction`, body: renderBulk(requests) });
    expect(res.status, res.text).toBeLessThan(500);
    if (res.status >= 400) {
      expect(failedOperationIndex(res.text), res.text).toBe(1);
    } else {
      expect(await propsOf(uri.pnf(`${base}-b`))).toMatchObject({ 'pnf-name': `${base}-b`, 'equip-type': 'router', 'in-maint': false });
    }
  });
});
