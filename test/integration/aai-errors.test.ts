/**
 * Issue #15 "Exact errors everywhere — the requestError variables are part of the contract": the
 * service's error answers against A&AI's own source and tests (aai-resources ResourcesController,
 * ResourcesService, VersionInterceptor, InvalidResponseStatus, HeaderValidation, ValidateEncoding,
 * BulkConsumer, BulkSingleTransactionConsumer; aai-common ErrorLogHelper, HttpEntry, DBSerializer,
 * RelationshipToURI). A test that follows an A&AI test names it.
 */
import { describe, expect, it } from 'vitest';
import { client, HEADERS } from '../helpers/app.js';
import { create, exists, propsOf, REL, svc, TEXT_3000, TEXT_3001, V, type Client } from '../helpers/aai.js';
import { uid } from '../helpers/neo4j.js';

const TEXT_3003 = 'Failed to make edge to missing target node of type %3 with keys %4 performing %1 on %2 (msg=%5) (ec=%6)';
const TEXT_3008 = 'URI is not encoded in UTF-8 (msg=%1) (ec=%2)';
const TEXT_3012 = 'Unrecognized AAI function (msg=%1) (ec=%2)';
const TEXT_3016 = 'Request uri is not valid, please check the version %1 (msg=%2) (ec=%3)';
const TEXT_3102 = 'Error parsing input performing %1 on %2 (msg=%3) (ec=%4)';
const METHOD_NOT_ALLOWED = svc('SVC3012', TEXT_3012, ['Unrecognized AAI function', 'ERR.5.6.3012']);

const pserverPath = (host: string) => `/cloud-infrastructure/pservers/pserver/${host}`;
const complexPath = (id: string) => `/cloud-infrastructure/complexes/complex/${id}`;
const vnfPath = (id: string) => `/network/generic-vnfs/generic-vnf/${id}`;
const pnfPath = (name: string) => `/network/pnfs/pnf/${name}`;
const complexBody = (id: string) => ({
  'physical-location-id': id,
  'physical-location-type': 'AAIDefault',
  street1: 'AAIDefault',
  city: 'AAIDefault',
  'postal-code': '07748',
  country: 'USA',
  region: 'US',
});

/** The variables of an error body (service or policy exception). */
function variablesOf(body: { requestError: Record<string, { variables: unknown[] }> }): unknown[] {
  return Object.values(body.requestError)[0]?.variables ?? [];
}

describe('1. the path variable of errors before the database work: the request path relative to /aai, version included', () => {
  for (const method of ['PUT', 'DELETE'] as const) {
    it(`ResourcesControllerTest.thatUnknownPathReturnsBadRequest (${method})`, async () => {
      const uri = '/fake-infrastructure/pservers/pserver/fajsidj';
      const res = await client().raw[method === 'PUT' ? 'put' : 'delete'](`${V}${uri}`).set(HEADERS).send({});
      expect(res.status).toBe(400);
      expect(res.body).toEqual(svc('SVC3000', TEXT_3000, [method, `v15${uri}`, 'Invalid input performing %1 on %2:Unrecognized AAI object fake-infrastructure', 'ERR.5.2.3000']));
    });
  }

  it('names MERGE_PATCH for a PATCH (handleWrites gets HttpMethod.MERGE_PATCH), and the version `latest` stands for', async () => {
    const c = client();
    const name = uid('pnf');
    await create(c, pnfPath(name), {});
    const res = await c.raw.patch(`/aai/latest${pnfPath(name)}`).set({ ...HEADERS, 'Content-Type': 'application/merge-patch+json' }).send(JSON.stringify({ colour: 'red' }));
    expect(res.status).toBe(400);
    expect(variablesOf(res.body).slice(0, 2)).toEqual(['MERGE_PATCH', `v15${pnfPath(name)}`]);
  });

  it('names PUT and the whole relationship path before the database work, PUT_EDGE and the node path in it (updateRelationship, HttpEntry)', async () => {
    const c = client();
    const host = uid('ps');
    await create(c, pserverPath(host), {});
    const early = await c.put(`${V}${pserverPath(host)}${REL}`, { 'related-to': 'complex', colour: 'red' });
    expect(early.status).toBe(400);
    expect(variablesOf(early.body).slice(0, 2)).toEqual(['PUT', `v15${pserverPath(host)}${REL}`]);
    const cx = uid('cx');
    const late = await c.put(`${V}${pserverPath(host)}${REL}`, { 'related-to': 'complex', 'related-link': `${V}${complexPath(cx)}` });
    expect(late.status).toBe(404);
    expect(variablesOf(late.body).slice(0, 2)).toEqual(['PUT_EDGE', pserverPath(host).slice(1)]);
  });
});

describe('2. the version (VersionInterceptor, VersionInterceptorTest)', () => {
  it('VersionInterceptorTest.shouldCreateResponseWithAAI3016: [method, path, version]', async () => {
    const name = uid('pnf');
    const res = await client().put(`/aai/v14${pnfPath(name)}`, {});
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3016', TEXT_3016, ['PUT', 'Request uri is not valid, please check the version %1', 'ERR.5.6.3007', `v14${pnfPath(name)}`, 'v14']));
    expect(await exists(pnfPath(name))).toBe(false);
  });

  it('AAI_3017 with a null version for a path that does not start with one, on every endpoint', async () => {
    const c = client();
    for (const [path, rel] of [
      ['/aai/V15/bulkadd', 'V15/bulkadd'],
      ['/aai/v0/network/pnfs', 'v0/network/pnfs'],
      ['/aai/util/other', 'util/other'],
    ]) {
      const res = await c.get(path ?? '');
      expect(res.status, path).toBe(400);
      expect(res.body, path).toEqual(svc('SVC3016', TEXT_3016, ['GET', 'Request uri is not valid, please check the uri %1', 'ERR.5.6.3007', rel, null]));
    }
  });

  it('AAI_3017 for a path longer than EXTRACT_VERSION_PATTERN allows (2048 characters after the version)', async () => {
    const name = `${uid('pnf')}-${'x'.repeat(2100)}`;
    const res = await client().put(`${V}${pnfPath(name)}`, {});
    expect(res.status).toBe(400);
    expect(variablesOf(res.body).slice(0, 3)).toEqual(['PUT', 'Request uri is not valid, please check the uri %1', 'ERR.5.6.3007']);
    expect(variablesOf(res.body)[4]).toBeNull();
  });

  it('names the overridden method (HttpHeaderInterceptor runs before VersionInterceptor)', async () => {
    const res = await client().raw.post(`/aai/v14${pnfPath(uid('pnf'))}`).set({ ...HEADERS, 'X-HTTP-Method-Override': 'PATCH' }).send({});
    expect(variablesOf(res.body)[0]).toBe('PATCH');
  });
});

describe('3. an unsupported method (Jersey 405, InvalidResponseStatus: AAI_3012 without variables)', () => {
  it('on the REST API: POST without override, PATCH of a relationship (also by override)', async () => {
    const c = client();
    const name = uid('pnf');
    await create(c, pnfPath(name), {});
    const responses = [
      await c.post(`${V}${pnfPath(name)}`, {}),
      await c.patch(`${V}${pnfPath(name)}${REL}`, { 'related-to': 'complex' }),
      await c.raw.post(`${V}${pnfPath(name)}${REL}`).set({ ...HEADERS, 'X-HTTP-Method-Override': 'PATCH', 'Content-Type': 'application/merge-patch+json' }).send('{}'),
      await c.raw.options(`${V}${pnfPath(name)}`).set(HEADERS),
    ];
    for (const res of responses) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual(METHOD_NOT_ALLOWED);
    }
  });

  it('on the bulk endpoints, before the Content-Type and whatever the Accept (the response filter renders it)', async () => {
    const c = client();
    for (const [method, path] of [
      ['patch', '/aai/v15/bulkadd'],
      ['get', '/aai/v15/bulkprocess'],
      ['delete', '/aai/v15/bulk/single-transaction'],
      ['put', '/aai/v15/bulk/get'],
    ] as const) {
      const res = await c.raw[method](path).set({ ...HEADERS, Accept: 'text/plain', 'Content-Type': 'text/plain' }).send('x');
      expect(res.status, path).toBe(400);
      expect(res.body, path).toEqual(METHOD_NOT_ALLOWED);
    }
  });
});

describe('4. URI encoding (ValidateEncoding, ValidateEncodingTest)', () => {
  it('REST: a key with a raw ":" is AAI_3008 "uri=<raw path>", nothing stored; %3A is the same key, accepted', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.put(`${V}${pnfPath(`${name}:1`)}`, {});
    expect(res.status).toBe(400);
    // REST code 3008 has no placeholders: the consumer variables follow the ec (aai-compat.md §2.1).
    expect(res.body).toEqual(svc('SVC3008', TEXT_3008, [`URI is not encoded in UTF-8:uri=v15${pnfPath(`${name}:1`)}`, 'ERR.5.6.3008', 'PUT', `v15${pnfPath(`${name}:1`)}`]));
    expect(await exists(pnfPath(`${name}%3A1`))).toBe(false);
    expect((await c.put(`${V}${pnfPath(`${name}%3A1`)}`, {})).status).toBe(201);
  });

  it('REST: lower-case hex, an encoded unreserved character and a raw "+" are not canonical either (DELETE and PATCH too)', async () => {
    const c = client();
    const name = uid('pnf');
    for (const key of [`${name}%3a1`, `${name}%41`, `${name}+1`]) {
      expect(variablesOf((await c.put(`${V}${pnfPath(key)}`, {})).body)[1], key).toBe('ERR.5.6.3008');
      expect(variablesOf((await c.delete(`${V}${pnfPath(key)}?resource-version=1`)).body)[2], key).toBe('DELETE');
      expect(variablesOf((await c.patch(`${V}${pnfPath(key)}`, {})).body)[2], key).toBe('MERGE_PATCH');
    }
  });

  it('REST: the query too — a raw ":" in a value is AAI_3008 naming the parameters; "+" in a value is a space', async () => {
    const c = client();
    const name = uid('pnf');
    await create(c, pnfPath(name), {});
    const bad = await c.delete(`${V}${pnfPath(name)}?resource-version=1:2`);
    expect(bad.status).toBe(400);
    expect(variablesOf(bad.body)[0]).toBe(`URI is not encoded in UTF-8:uri=v15${pnfPath(name)}?resource-version=1:2`);
    const plus = await c.delete(`${V}${pnfPath(name)}?resource-version=1+2`);
    expect(plus.status).toBe(412);
  });

  it('bulkadd: the operation URI as JAX-RS holds it — a raw ":" is AAI_3008 (uri decoded), a raw space is encoded for it and accepted', async () => {
    const a = uid('enc');
    const res = await client().put('/aai/v15/bulkadd', {
      transactions: [{ put: [{ uri: pnfPath(`${a}:1`), body: {} }] }, { put: [{ uri: pnfPath(`${a} 2`), body: {} }] }, { put: [{ uri: pnfPath(`${a}%3a3`), body: {} }] }],
    });
    expect(res.status).toBe(201);
    const [colon, space, lower] = res.body.transaction as { put: { uri: string; body: Record<string, string | null> }[] }[];
    expect(colon?.put).toEqual([
      { uri: pnfPath(`${a}:1`), body: { '400': JSON.stringify(svc('SVC3008', TEXT_3008, [`URI is not encoded in UTF-8:uri=${pnfPath(`${a}:1`)}`, 'ERR.5.6.3008', 'PUT', 'v15/bulkadd'])) } },
    ]);
    expect(space?.put).toEqual([{ uri: pnfPath(`${a} 2`), body: { '201': null } }]);
    expect(Object.keys(lower?.put[0]?.body ?? {})).toEqual(['400']);
    expect(await exists(pnfPath(`${a}%202`))).toBe(true);
    expect(await exists(pnfPath(`${a}%3A1`))).toBe(false);
  });
});

describe('5. the Accept header (ErrorLogHelper, ErrorLogHelperTest; Jersey content negotiation)', () => {
  it('ErrorLogHelperTest.thatInvalidMediaTypeWillReturnInvalidAcceptHeaderException: a header error to text/plain is AAI_4014, its status kept', async () => {
    const res = await client().raw.get(`${V}${pnfPath(uid('pnf'))}`).set({ 'X-TransactionId': 't', Accept: 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['null', 'null', 'Invalid Accept header', '4.0.4014']));
  });

  it('a version error to text/plain is AAI_4014 with the version error\'s variables', async () => {
    const name = uid('pnf');
    const res = await client().raw.get(`/aai/v14${pnfPath(name)}`).set({ ...HEADERS, Accept: 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['GET', `v14${pnfPath(name)}`, 'Invalid Accept header', '4.0.4014', 'v14']));
  });

  it('a request that reaches its endpoint with no usable Accept is 406 AAI_4014 and writes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    for (const accept of ['text/plain', 'text/json', 'text/xml', 'application/merge-patch+json']) {
      const res = await c.raw.put(`${V}${pnfPath(name)}`).set({ ...HEADERS, Accept: accept }).send({});
      expect(res.status, accept).toBe(406);
      expect(res.body, accept).toEqual(svc('SVC3000', TEXT_3000, ['PUT', `v15${pnfPath(name)}`, 'Invalid Accept header', '4.0.4014']));
    }
    expect(await exists(pnfPath(name))).toBe(false);
  });

  it('*/*, application/*, a list with one usable range, and no Accept at all are usable; an XML Accept gets JSON', async () => {
    const c = client();
    const name = uid('pnf');
    for (const accept of ['*/*', 'application/*', 'text/html, */*;q=0.1', 'application/xml']) {
      const res = await c.raw.put(`${V}${pnfPath(`${name}-${accept.length}`)}`).set({ ...HEADERS, Accept: accept }).send({});
      expect(res.status, accept).toBe(201);
    }
    const missing = await c.raw.get(`${V}${pnfPath(`${name}-x`)}`).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', Accept: 'application/xml' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(variablesOf(missing.body)[3]).toBe('ERR.5.4.6114');
  });
});

describe('6. X-ONAP-PartnerName (HeaderValidation.getPartnerName, HeaderValidationTest)', () => {
  it.each([
    [{ 'X-ONAP-PartnerName': 'SO.x', 'X-FromAppId': 'app' }, 'SO'],
    [{ 'X-ONAP-PartnerName': 'SO', 'X-FromAppId': 'app' }, 'SO'],
    [{ 'X-ONAP-PartnerName': 'aai.x', 'X-FromAppId': 'app' }, 'app'],
    [{ 'X-ONAP-PartnerName': '.x', 'X-FromAppId': 'app' }, '.x'],
    [{ 'X-SourceOfTruth': 'sot', 'X-ONAP-PartnerName': 'SO.x', 'X-FromAppId': 'app' }, 'sot'],
  ])('%j stores source-of-truth %j', async (headers, expected) => {
    const name = uid('pnf');
    const res = await client().raw.put(`${V}${pnfPath(name)}`).set({ ...headers, 'X-TransactionId': 't' }).send({});
    expect(res.status).toBe(201);
    expect((await propsOf(pnfPath(name)))?.['source-of-truth']).toBe(expected);
  });

  it('AAI.<x> without X-FromAppId is a missing X-FromAppId (AAI_4009)', async () => {
    const res = await client().raw.get(`${V}${pnfPath(uid('pnf'))}`).set({ 'X-ONAP-PartnerName': 'AAI.x', 'X-TransactionId': 't' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['null', 'null', 'Invalid X-FromAppId in header', '4.0.4009']));
  });

  it('HeaderValidationTest.testGetRequestId_*: X-ONAP-RequestID, then X-RequestID, X-TransactionID, X-ECOMP-RequestID', async () => {
    const c = client();
    const echo = (headers: Record<string, string>) => c.raw.get('/aai/util/echo').set({ 'X-FromAppId': 'a', ...headers });
    const idOf = async (headers: Record<string, string>) => (await echo(headers)).body.responseMessages.responseMessage[0].variables.variable[1];
    expect(await idOf({ 'X-ONAP-RequestID': 'onap-123', 'X-RequestID': 'header-123', 'X-TransactionId': 'trans-123', 'X-ECOMP-RequestID': 'ecomp-123' })).toBe('onap-123');
    expect(await idOf({ 'X-RequestID': 'header-123', 'X-TransactionId': 'trans-123', 'X-ECOMP-RequestID': 'ecomp-123' })).toBe('header-123');
    expect(await idOf({ 'X-TransactionId': 'trans-123', 'X-ECOMP-RequestID': 'ecomp-123' })).toBe('trans-123');
    expect(await idOf({ 'X-ECOMP-RequestID': 'ecomp-123' })).toBe('ecomp-123');
  });
});

describe('7. the Content-Type (ResourcesController @Consumes; Jersey 415)', () => {
  it('PATCH with application/json is 415 POL3102, the node unchanged; PATCH without a Content-Type is merge-patch', async () => {
    const c = client();
    const name = uid('pnf');
    await create(c, pnfPath(name), { 'equip-type': 'router' });
    const res = await c.raw.patch(`${V}${pnfPath(name)}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send(JSON.stringify({ 'equip-type': 'switch' }));
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      requestError: {
        policyException: {
          messageId: 'POL3102',
          text: TEXT_3102,
          variables: ['PATCH', `v15${pnfPath(name)}`, 'Error parsing input performing %1 on %2:Content-Type application/json is not supported; send application/merge-patch+json', 'ERR.5.1.3102'],
        },
      },
    });
    expect((await propsOf(pnfPath(name)))?.['equip-type']).toBe('router');
    const override = await c.raw.post(`${V}${pnfPath(name)}`).set({ ...HEADERS, 'X-HTTP-Method-Override': 'PATCH', 'Content-Type': 'application/json' }).send('{}');
    expect(override.status).toBe(415);
    const untyped = await c.raw.patch(`${V}${pnfPath(name)}`).set(HEADERS).send(Buffer.from(JSON.stringify({ 'equip-type': 'switch' })));
    expect(untyped.status).toBe(200);
    expect((await propsOf(pnfPath(name)))?.['equip-type']).toBe('switch');
  });

  it('PUT (node or relationship) and a relationship DELETE consume application/json only; a node DELETE anything (its body is ignored)', async () => {
    const c = client();
    const name = uid('pnf');
    const put = await c.raw.put(`${V}${pnfPath(name)}`).set({ ...HEADERS, 'Content-Type': 'application/merge-patch+json' }).send('{}');
    expect(put.status).toBe(415);
    expect(await exists(pnfPath(name))).toBe(false);
    await create(c, pnfPath(name), {});
    const rel = await c.raw.delete(`${V}${pnfPath(name)}${REL}`).set({ ...HEADERS, 'Content-Type': 'text/plain' }).send('x');
    expect(rel.status).toBe(415);
    const rv = (await propsOf(pnfPath(name)))?.['resource-version'];
    const del = await c.raw.delete(`${V}${pnfPath(name)}?resource-version=${String(rv)}`).set({ ...HEADERS, 'Content-Type': 'text/plain' }).send('not json');
    expect(del.status).toBe(204);
  });
});

describe('8. a relationship between types without an edge rule (DBSerializer.processRelationshipList, DbSerializerTest)', () => {
  it('a PUT body relationship to a type the owner has no rule with is 400 AAI_6120 even when its target does not exist', async () => {
    const c = client();
    const name = uid('pnf');
    const tenant = `/cloud-infrastructure/cloud-regions/cloud-region/${uid('own')}/r1/tenants/tenant/${uid('ten')}`;
    const res = await c.put(`${V}${pnfPath(name)}`, { 'relationship-list': { relationship: [{ 'related-to': 'tenant', 'related-link': `${V}${tenant}` }] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', pnfPath(name).slice(1), 'Bad Parameter Passed:No EdgeRule found for passed nodeTypes: pnf, tenant.', 'ERR.5.4.6120']));
    expect(await exists(pnfPath(name))).toBe(false);
  });

  it('every relationship is checked before any target is looked up: a missing complex first, then a tenant, is AAI_6120', async () => {
    const c = client();
    const name = uid('pnf');
    const tenant = `/cloud-infrastructure/cloud-regions/cloud-region/${uid('own')}/r1/tenants/tenant/${uid('ten')}`;
    const res = await c.put(`${V}${pnfPath(name)}`, {
      'relationship-list': { relationship: [{ 'related-to': 'complex', 'related-link': `${V}${complexPath(uid('cx'))}` }, { 'related-to': 'tenant', 'related-link': `${V}${tenant}` }] },
    });
    expect(res.status).toBe(400);
    expect(variablesOf(res.body)[3]).toBe('ERR.5.4.6120');
  });

  it('with a relationship-label the target is looked up first: a missing one is 404 AAI_6129', async () => {
    const c = client();
    const name = uid('pnf');
    const tenant = `/cloud-infrastructure/cloud-regions/cloud-region/${uid('own')}/r1/tenants/tenant/${uid('ten')}`;
    const res = await c.put(`${V}${pnfPath(name)}`, {
      'relationship-list': { relationship: [{ 'related-to': 'tenant', 'related-link': `${V}${tenant}`, 'relationship-label': 'org.onap.relationships.inventory.BelongsTo' }] },
    });
    expect(res.status).toBe(404);
    expect(variablesOf(res.body)[5]).toBe('ERR.5.4.6129');
  });

  it('DbSerializerTest.createCousinEdgeThatShouldBeTreeTest: a relationship to a vf-module (a child type of generic-vnf) is AAI_6145', async () => {
    const c = client();
    const [vnf1, vnf2] = [uid('vnf'), uid('vnf')];
    await create(c, vnfPath(vnf1), { 'vnf-type': 't', 'vf-modules': { 'vf-module': [{ 'vf-module-id': 'vf-id' }] } });
    const res = await c.put(`${V}${vnfPath(vnf2)}`, {
      'vnf-type': 't',
      'relationship-list': { relationship: [{ 'related-to': 'vf-module', 'related-link': `${vnfPath(vnf1)}/vf-modules/vf-module/vf-id` }] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', vnfPath(vnf2).slice(1), 'Cannot create a nested/containment edge via relationship', 'ERR.5.4.6145']));
  });

  it('DbSerializerTest.createEdgeNodeDoesNotExistExceptionTest: the relationship endpoint to a missing vnfc is 404 AAI_6129', async () => {
    const c = client();
    const vnf = uid('vnf');
    const vnfc = `/network/vnfcs/vnfc/${uid('b-name')}`;
    await create(c, vnfPath(vnf), { 'vnf-type': 't' });
    const res = await c.put(`${V}${vnfPath(vnf)}${REL}`, {
      'related-to': 'vnfc',
      'related-link': vnfc,
      'relationship-data': [{ 'relationship-key': 'vnfc.vnfc-name', 'relationship-value': 'b-name' }],
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(
      svc('SVC3003', TEXT_3003, ['PUT_EDGE', vnfPath(vnf).slice(1), 'vnfc', vnfc, `Error making edge to target node:Node of type vnfc. Could not find object at: ${vnfc}`, 'ERR.5.4.6129']),
    );
  });

  it('DbSerializerTest.createEdgeWithInvalidLabelTest: label NA on the relationship endpoint is AAI_6107 naming it', async () => {
    const c = client();
    const [vnf, vnfc] = [uid('vnf'), uid('vnfc')];
    await create(c, vnfPath(vnf), { 'vnf-type': 't' });
    await create(c, `/network/vnfcs/vnfc/${vnfc}`, { 'nfc-naming-code': 'n', 'nfc-function': 'f' });
    const res = await c.put(`${V}${vnfPath(vnf)}${REL}`, { 'related-to': 'vnfc', 'related-link': `/network/vnfcs/vnfc/${vnfc}`, 'relationship-label': 'NA' });
    expect(res.status).toBe(400);
    expect(variablesOf(res.body)[2]).toMatch(/No rule found for EdgeRuleQuery with filter params node type: generic-vnf, node type: vnfc, label: NA, type: COUSIN/);
  });
});

describe('9. AAI_6146 (RelationshipToURI.processRelationshipData, RelationshipToURITest)', () => {
  it('ambiguousRelationship: a key given twice is "cannot determine where key/value goes: <property>/<value>"', async () => {
    const c = client();
    const host = uid('ps');
    await create(c, pserverPath(host), {});
    const res = await c.put(`${V}${pserverPath(host)}${REL}`, {
      'related-to': 'generic-vnf',
      'relationship-data': [
        { 'relationship-key': 'generic-vnf.vnf-id', 'relationship-value': 'key1' },
        { 'relationship-key': 'generic-vnf.vnf-id', 'relationship-value': 'key2' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT_EDGE', pserverPath(host).slice(1), 'Ambiguous identity map found, use a URI instead:cannot determine where key/value goes: vnf-id/key2', 'ERR.5.4.6146']),
    );
  });

  it('twoTopLevelNodes: "found two top level nodes of different types: generic-vnf and zone"', async () => {
    const c = client();
    const host = uid('ps');
    await create(c, pserverPath(host), {});
    const res = await c.put(`${V}${pserverPath(host)}${REL}`, {
      'related-to': 'l-interface',
      'relationship-data': [
        { 'relationship-key': 'generic-vnf.vnf-id', 'relationship-value': 'key1' },
        { 'relationship-key': 'vlan.vlan-interface', 'relationship-value': 'key3' },
        { 'relationship-key': 'l-interface.interface-name', 'relationship-value': 'key2' },
        { 'relationship-key': 'zone.zone-id', 'relationship-value': 'key5' },
      ],
    });
    expect(res.status).toBe(400);
    expect(variablesOf(res.body)[2]).toBe('Ambiguous identity map found, use a URI instead:found two top level nodes of different types: generic-vnf and zone');
  });

  it('the other relationship-data messages name what is wrong, as A&AI does', async () => {
    const c = client();
    const host = uid('ps');
    await create(c, pserverPath(host), {});
    const msg = async (key: string) =>
      variablesOf((await c.put(`${V}${pserverPath(host)}${REL}`, { 'related-to': 'complex', 'relationship-data': [{ 'relationship-key': key, 'relationship-value': 'v' }] })).body)[2];
    expect(await msg('complexx.physical-location-id')).toBe('Invalid input performing %1 on %2:invalid object name in map: complexx');
    expect(await msg('complex.colour')).toBe('Invalid input performing %1 on %2:invalid property name in map: colour');
    expect(await msg('complex.physical.location')).toBe('Invalid input performing %1 on %2:incorrect format for key must be of the form {node-type}.{property-name}');
  });
});

describe('10. the method of a transaction bulkadd does not allow (BulkConsumer.bulkProcessor)', () => {
  it('BulkAddConsumerTest.bulkProcessPayloadInBulkAddTest: a delete transaction answers under "delete", naming DELETE', async () => {
    const host = uid('ps');
    const res = await client().put('/aai/v15/bulkadd', {
      transactions: [{ put: [{ uri: pserverPath(`${host}-1`), body: { hostname: `${host}-1`, fqdn: 'f' } }] }, { delete: [{ uri: pserverPath(`${host}-2`), body: { hostname: `${host}-2` } }] }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transaction: [
        { put: [{ uri: pserverPath(`${host}-1`), body: { '201': null } }] },
        {
          delete: [
            {
              uri: null,
              body: { '400': JSON.stringify(svc('SVC3000', TEXT_3000, ['DELETE', 'v15/bulkadd', 'Required Field not passed.:input payload does not follow bulk add interface - missing put', 'ERR.5.4.6118'])) },
            },
          ],
        },
      ],
    });
  });

  it('BulkAddConsumerTest.bulkAddInvalidMethodTest: an unknown key answers under "put", naming PUT', async () => {
    const res = await client().put('/aai/v15/bulkadd', { transactions: [{ foo: [{ uri: pserverPath(uid('ps')), body: {} }] }] });
    expect(res.body.transaction).toEqual([
      { put: [{ uri: null, body: { '400': JSON.stringify(svc('SVC3000', TEXT_3000, ['PUT', 'v15/bulkadd', 'Required Field not passed.:input payload does not follow bulk add interface - missing put', 'ERR.5.4.6118'])) } }] },
    ]);
  });

  it('a relationship operation failing before the database work names PUT_EDGE', async () => {
    const res = await client().put('/aai/v15/bulkadd', { transactions: [{ put: [{ uri: `${pnfPath(uid('pnf'))}${REL}` }] }] });
    const entry = (res.body.transaction as { put: { body: Record<string, string> }[] }[])[0]?.put[0];
    expect(JSON.parse(entry?.body['400'] ?? '{}').requestError.serviceException.variables.slice(0, 2)).toEqual(['PUT_EDGE', 'v15/bulkadd']);
  });
});

describe('11. PUT and PATCH without a body are `{}` (ResourcesService.handleWrites; SO createEmpty)', () => {
  it('ResourcesControllerTest.testPutPassWithEmptyData, with an empty body as SO sends it: 201', async () => {
    const c = client();
    const host = uid('ps');
    const res = await c.raw.put(`${V}${pserverPath(host)}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send('');
    expect(res.status).toBe(201);
    expect((await c.get(`${V}${pserverPath(host)}`)).body).toMatchObject({ hostname: host, 'in-maint': false });
    const none = await c.raw.put(`${V}${pserverPath(`${host}-2`)}`).set(HEADERS);
    expect(none.status).toBe(201);
  });

  it('a PATCH without a body changes nothing (200)', async () => {
    const c = client();
    const name = uid('pnf');
    await create(c, pnfPath(name), { 'equip-type': 'router' });
    const res = await c.raw.patch(`${V}${pnfPath(name)}`).set({ ...HEADERS, 'Content-Type': 'application/merge-patch+json' }).send('');
    expect(res.status).toBe(200);
    expect((await propsOf(pnfPath(name)))?.['equip-type']).toBe('router');
  });

  it('a body that is required still is: an empty PUT of a type with required properties is AAI_3000 naming them', async () => {
    const res = await client().raw.put(`${V}${complexPath(uid('cx'))}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send('');
    expect(res.status).toBe(400);
    expect(variablesOf(res.body)[2]).toMatch(/^Invalid input performing %1 on %2:Missing required property: physical-location-type/);
  });
});

describe('12. a relationship DELETE without a body (ResourcesService.deleteRelationship)', () => {
  it('ResourcesControllerTest.testDeleteRelationshipWithEmptyBodyReturnsBadRequest: 400 POL3102 "You must supply a relationship", before the URI is looked at', async () => {
    const c = client();
    const uri = `${pserverPath(uid('testData'))}${REL}`;
    const res = await c.raw.delete(`${V}${uri}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send('');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      requestError: { policyException: { messageId: 'POL3102', text: TEXT_3102, variables: ['DELETE', `v15${uri}`, 'Error parsing input performing %1 on %2:You must supply a relationship', 'ERR.5.1.3102'] } },
    });
    const badUri = await c.raw.delete(`${V}/network/pnfx/x${REL}`).set(HEADERS);
    expect(variablesOf(badUri.body)[3]).toBe('ERR.5.1.3102');
  });
});

describe("13. onapsdk's single-transaction bodies: Python dict literals, read leniently as A&AI's Gson does", () => {
  /** onapsdk's aai_bulk.json.j2, rendered with Python's repr of each body. */
  const onapsdkPayload = (ops: { action: string; uri: string; body: string }[]) =>
    `{\n    "operations": [\n${ops.map((o) => `    {\n        "action": "${o.action}",\n        "uri": "${o.uri}",\n        "body": ${o.body}\n    }`).join(',\n')}\n    ]\n}`;
  const send = (c: Client, text: string) => c.raw.post('/aai/v15/bulk/single-transaction').set({ ...HEADERS, 'Content-Type': 'application/json' }).send(text);
  /** onapsdk's AaiBulk.OPERATION_INDEX_REGEX, applied as re.match does. */
  const failedIndex = (text: string): number => {
    const m = /^.*((Error with operation (\d+))|(Operation (\d+) with action))/.exec(text);
    return m ? Number(m[3] ?? m[5]) : -1;
  };

  it('accepts single quotes, True and False; None is the string "None" (as Gson reads it)', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await send(c, onapsdkPayload([{ action: 'put', uri: pnfPath(name), body: `{'pnf-name': '${name}', 'in-maint': True, 'equip-type': None}` }]));
    expect(res.status).toBe(201);
    expect(res.body['operation-responses']).toEqual([{ action: 'put', uri: pnfPath(name), 'response-status-code': 201, 'response-body': null }]);
    expect(await propsOf(pnfPath(name))).toMatchObject({ 'in-maint': true, 'equip-type': 'None' });
  });

  it("onapsdk's error-index regex finds the failing operation in a database failure and in a preparation failure", async () => {
    const c = client();
    const name = uid('pnf');
    const dbFailure = await send(
      c,
      onapsdkPayload([
        { action: 'put', uri: pnfPath(name), body: `{'pnf-name': '${name}'}` },
        { action: 'delete', uri: `${pnfPath(`${name}-gone`)}?resource-version=1`, body: '{}' },
      ]),
    );
    expect(dbFailure.status).toBe(404);
    expect(failedIndex(dbFailure.text)).toBe(1);
    const prepFailure = await send(
      c,
      onapsdkPayload([
        { action: 'put', uri: pnfPath(name), body: `{'pnf-name': '${name}'}` },
        { action: 'put', uri: pnfPath(`${name}-2`), body: `{'colour': 'red'}` },
      ]),
    );
    expect(prepFailure.status).toBe(400);
    expect(failedIndex(prepFailure.text)).toBe(1);
    expect(await exists(pnfPath(name))).toBe(false);
  });

  it('reports a URI problem of a later operation before a body problem of an earlier one (populateUriQuery runs first)', async () => {
    const res = await send(
      client(),
      onapsdkPayload([
        { action: 'put', uri: pnfPath(uid('pnf')), body: `{'colour': 'red'}` },
        { action: 'put', uri: '/network/pnfx/x', body: '{}' },
      ]),
    );
    expect(res.status).toBe(400);
    expect(variablesOf(res.body)[2]).toBe('Invalid input performing %1 on %2:Error with operation 1: Unrecognized AAI object pnfx');
    expect(failedIndex(res.text)).toBe(1);
  });

  it('a body that is not even lenient JSON is still AAI_6111; bulkadd stays strict JSON', async () => {
    const c = client();
    const bad = await send(c, "{'operations': [{'action': 'put',}]}");
    expect(bad.status).toBe(400);
    expect(res6111(bad.body)).toBe('JSON processing error:Input payload does not follow bulk/single-transaction interface');
    const bulk = await c.raw.put('/aai/v15/bulkadd').set({ ...HEADERS, 'Content-Type': 'application/json' }).send("{'transactions': []}");
    expect(bulk.status).toBe(400);
    expect(variablesOf(bulk.body)[3]).toBe('ERR.5.4.6111');
  });
});

function res6111(body: { requestError: Record<string, { variables: unknown[] }> }): unknown {
  return variablesOf(body)[2];
}

describe('HttpEntryTest (error paths) through the REST API', () => {
  it('thatObjectCreationFailsWhenResourceVersionIsProvided: 412 "Resource version specified on create"', async () => {
    const host = uid('theHostname');
    const res = await client().put(`${V}${pserverPath(host)}`, { hostname: host, 'resource-version': '123' });
    expect(res.status).toBe(412);
    expect(variablesOf(res.body)[2]).toBe(`Resource version specified on create:resource-version passed for create of ${pserverPath(host)}`);
  });

  it('thatUpdateFailsWhenResourceVersionIsNotProvided and thatUpdateFailsWhenResourceVersionsMismatch: 412', async () => {
    const c = client();
    const host = uid('theHostname');
    await create(c, pserverPath(host), { hostname: host });
    const missing = await c.put(`${V}${pserverPath(host)}`, { hostname: host, 'in-maint': true });
    expect(missing.status).toBe(412);
    expect(variablesOf(missing.body)[2]).toBe(`Precondition Required:resource-version not passed for update of ${pserverPath(host)}`);
    const mismatch = await c.put(`${V}${pserverPath(host)}`, { hostname: host, 'resource-version': '456' });
    expect(mismatch.status).toBe(412);
    expect(variablesOf(mismatch.body)[2]).toBe(`Precondition Failed:resource-version MISMATCH for update of ${pserverPath(host)}`);
  });

  it('thatDeleteFailsWhenResourceVersionMismatches: 412 ERR.5.4.6131, the pserver kept', async () => {
    const c = client();
    const host = uid('delete-version-pserver');
    await create(c, pserverPath(host), {});
    const res = await c.delete(`${V}${pserverPath(host)}?resource-version=wrongVersion`);
    expect(res.status).toBe(412);
    expect(variablesOf(res.body)[3]).toBe('ERR.5.4.6131');
    expect(await exists(pserverPath(host))).toBe(true);
  });

  it('thatRelationshipCanNotBeCreatedEdgeMultiplicity: a second LocatedIn from a pserver is AAI_6140', async () => {
    const c = client();
    const [host, cx1, cx2] = [uid('ps'), uid('cx'), uid('cx')];
    await create(c, complexPath(cx1), complexBody(cx1));
    await create(c, complexPath(cx2), complexBody(cx2));
    await create(c, pserverPath(host), {});
    const rel = (cx: string) => ({ 'related-to': 'complex', 'related-link': `${V}${complexPath(cx)}`, 'relationship-label': 'org.onap.relationships.inventory.LocatedIn' });
    expect((await c.put(`${V}${pserverPath(host)}${REL}`, rel(cx1))).status).toBe(200);
    const res = await c.put(`${V}${pserverPath(host)}${REL}`, rel(cx2));
    expect(res.status).toBe(400);
    expect(variablesOf(res.body).slice(2)).toEqual([
      'Edge multiplicity violated:multiplicity rule violated: only one edge can exist with label: org.onap.relationships.inventory.LocatedIn between pserver and complex',
      'ERR.5.4.6140',
    ]);
  });

  it('putEdgeWrongLabelTest: label does.not.exist from a complex to a pserver is AAI_6107', async () => {
    const c = client();
    const [host, cx] = [uid('ps'), uid('cx')];
    await create(c, complexPath(cx), complexBody(cx));
    await create(c, pserverPath(host), {});
    const res = await c.put(`${V}${complexPath(cx)}${REL}`, { 'related-to': 'pserver', 'related-link': `${V}${pserverPath(host)}`, 'relationship-label': 'does.not.exist' });
    expect(res.status).toBe(400);
    expect(variablesOf(res.body).slice(2)).toEqual([
      'Required Edge-property not found in input data:org.onap.aai.edges.exceptions.EdgeRuleNotFoundException: No rule found for EdgeRuleQuery with filter params node type: complex, node type: pserver, label: does.not.exist, type: COUSIN, isPrivate: false.',
      'ERR.5.4.6107',
    ]);
  });

  it('thatObjectsCanNotBeFound (its error path): a PATCH of a missing node is 404 AAI_6114 in the database work', async () => {
    const name = uid('pnf');
    const res = await client().patch(`${V}${pnfPath(name)}`, { 'equip-type': 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(svc('SVC3001', TEXT_3001, ['MERGE_PATCH', pnfPath(name).slice(1), `Node Not Found:No Node of type pnf found at: ${pnfPath(name).slice(1)}`, 'ERR.5.4.6114']));
  });
});
