/**
 * A&AI's DSL (issue #19, "A&AI traversal"): PUT /aai/v15/dsl with {"dsl": "…"}, DSL v2, answered
 * as aai-traversal's DslConsumer answers it, in A&AI's query formats. The A&AI test each case ports
 * is named in it (aai-traversal src/test/java/org/onap/aai/rest/DslConsumerTest.java), on data made
 * through the service's own API with unique keys (DslConsumerTest's graph: pservers located in a
 * complex and a cloud region, a tenant's vserver with an l-interface, an oam-network, a pnf); SO's
 * DSL requests (HeatBridgeImpl, through AAIDSLQueryClient) are replayed as SO sends them.
 *
 * Where this service refuses what A&AI runs, on purpose: a start node must be found by an index (an
 * equality on a key or indexed property of its type), so DslConsumerTest's `pserver*('hostname')`,
 * `pserver*('equip-model','abc')` (not indexed in v15) and an unfiltered start-union head are
 * refused with AAI_6149; the cases below use an indexed start instead and say so.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { client, testApp } from '../helpers/app.js';
import { uid } from '../helpers/neo4j.js';
import { create, svc, TEXT_3000, V, type Client } from '../helpers/aai.js';

const DSL = `${V}/dsl`;

interface World {
  h: [string, string, string, string];
  complex: string;
  owner1: string;
  owner2: string;
  pnf: string;
  uri: Record<'p1' | 'p2' | 'p3' | 'p4' | 'complex' | 'cr1' | 'cr2' | 'tenant' | 'vserver' | 'lif' | 'oam' | 'pnf', string>;
}

const rel = (type: string, link: string) => ({ 'related-to': type, 'related-link': `${V}${link}` });

/** DslConsumerTest.createTestGraph, with this run's keys. */
async function world(c: Client): Promise<World> {
  const h = [1, 2, 3, 4].map((i) => uid(`dsl-ps${i}`)) as World['h'];
  const [complex, owner1, owner2, pnf] = [uid('dsl-clli'), uid('dsl-own1'), uid('dsl-own2'), uid('dsl-pnf')] as [string, string, string, string];
  const cr1 = `/cloud-infrastructure/cloud-regions/cloud-region/${owner1}/r1`;
  const cr2 = `/cloud-infrastructure/cloud-regions/cloud-region/${owner2}/r2`;
  const tenant = `${cr2}/tenants/tenant/t2`;
  const vserver = `${tenant}/vservers/vserver/vs2`;
  const uri: World['uri'] = {
    p1: `/cloud-infrastructure/pservers/pserver/${h[0]}`,
    p2: `/cloud-infrastructure/pservers/pserver/${h[1]}`,
    p3: `/cloud-infrastructure/pservers/pserver/${h[2]}`,
    p4: `/cloud-infrastructure/pservers/pserver/${h[3]}`,
    complex: `/cloud-infrastructure/complexes/complex/${complex}`,
    cr1,
    cr2,
    tenant,
    vserver,
    lif: `${vserver}/l-interfaces/l-interface/li2`,
    oam: `${cr2}/oam-networks/oam-network/n2`,
    pnf: `/network/pnfs/pnf/${pnf}`,
  };
  await create(c, uri.complex, { 'physical-location-id': complex, 'physical-location-type': 'site', street1: 's', city: 'c', 'postal-code': 'p', country: 'US', region: 'us', state: 'NJ' });
  await create(c, cr1, { 'cloud-owner': owner1, 'cloud-region-id': 'r1' });
  await create(c, cr2, {
    'cloud-owner': owner2,
    'cloud-region-id': 'r2',
    tenants: {
      tenant: [
        {
          'tenant-id': 't2',
          'tenant-name': 'tenant two',
          vservers: { vserver: [{ 'vserver-id': 'vs2', 'vserver-name': 'vs two', 'vserver-selflink': 'x', 'in-maint': false, 'l-interfaces': { 'l-interface': [{ 'interface-name': 'li2', priority: 123, 'is-port-mirrored': true }] } }] },
        },
      ],
    },
    'oam-networks': { 'oam-network': [{ 'network-uuid': 'n2', 'network-name': 'oam two', 'cvlan-tag': 456 }] },
  });
  await create(c, uri.p1, { hostname: h[0], 'in-maint': false, 'relationship-list': { relationship: [rel('complex', uri.complex), rel('cloud-region', cr1)] } });
  await create(c, uri.p2, { hostname: h[1], 'in-maint': false });
  await create(c, uri.p3, { hostname: h[2], 'in-maint': false, 'relationship-list': { relationship: [rel('complex', uri.complex)] } });
  await create(c, uri.p4, { hostname: h[3], 'in-maint': false, 'number-of-cpus': 364, 'relationship-list': { relationship: [rel('complex', uri.complex)] } });
  await create(c, uri.pnf, { 'pnf-name': pnf, 'in-maint': false });
  return { h, complex, owner1, owner2, pnf, uri };
}

const c = client();
let w: World;
beforeAll(async () => {
  w = await world(c);
});

const dsl = (query: string, params = 'format=pathed', cl: Client = c) => cl.put(`${DSL}?${params}`, { dsl: query });

/** The resource links of a pathed answer, sorted. */
async function pathed(query: string, params = 'format=pathed'): Promise<string[]> {
  const res = await dsl(query, params);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.results as { 'resource-link': string }[]).map((r) => r['resource-link'].slice(V.length)).sort();
}

/** A&AI's body of a DSL error with one of aai-traversal's own codes (its text has no placeholders). */
const dslError = (code: '6151' | '6152' | '6153', name: string, detail: string) =>
  svc(`SVC${code}`, `${name} (msg=%1) (ec=%2)`, [`${name}:${detail}`, `ERR.5.4.${code}`, 'PUT', 'v15/dsl']);
/** AAI_6149 as this service's catalogue has it (aai-common's text; see the report on the DSL's own wording). */
const error6149 = (detail: string) => svc('SVC3000', TEXT_3000, ['PUT', 'v15/dsl', `No relationship was found:DSL Error while processing the query :${detail}`, 'ERR.5.4.6149']);

describe('PUT /aai/v15/dsl: traversals (DslConsumerTest)', () => {
  it('follows the edge rule between two types and answers every marked node (testDslQueryV2)', async () => {
    expect(await pathed(`pserver*('hostname','${w.h[0]}') > complex*`)).toEqual([w.uri.complex, w.uri.p1].sort());
  });

  it('answers a marked node whatever the later steps find (A&AI stores it where it stands)', async () => {
    expect(await pathed(`pserver*('hostname','${w.h[1]}') > complex*`)).toEqual([w.uri.p2]);
    expect(await pathed(`pserver('hostname','${w.h[1]}') > complex*`)).toEqual([]);
  });

  it('de-duplicates: three pservers in one complex give it once', async () => {
    expect(await pathed(`pserver('hostname','${w.h[0]}','${w.h[2]}','${w.h[3]}') > complex*`)).toEqual([w.uri.complex]);
  });

  it('follows edges backwards and through several hops (complex → pserver, cloud-region → tenant → vserver → l-interface)', async () => {
    expect(await pathed(`complex('physical-location-id','${w.complex}') > pserver*`)).toEqual([w.uri.p1, w.uri.p3, w.uri.p4].sort());
    expect(await pathed(`cloud-region('cloud-owner','${w.owner2}')('cloud-region-id','r2') > tenant > vserver > l-interface*`)).toEqual([w.uri.lif]);
  });

  it('ANDs where-filters (testDslQueryTestWithMultipleWheres)', async () => {
    expect(await pathed(`pserver*('hostname','${w.h[0]}','${w.h[2]}')(> complex)(> cloud-region)`)).toEqual([w.uri.p1]);
  });

  it('keeps a node only when negated where-filters reach nothing (testDslQueryTestWithMultipleWhereNots, with an indexed start)', async () => {
    expect(await pathed(`pserver*('hostname','${w.h[0]}','${w.h[1]}','${w.h[2]}')!(> complex)!(> cloud-region)`)).toEqual([w.uri.p2]);
  });

  it('unions branches from a vertex, and answers a marked union with ]*', async () => {
    expect(await pathed(`pserver('hostname','${w.h[0]}') > [complex*, cloud-region*]`)).toEqual([w.uri.complex, w.uri.cr1].sort());
    expect(await pathed(`pserver('hostname','${w.h[0]}') [> complex, > cloud-region]*`)).toEqual([w.uri.complex, w.uri.cr1].sort());
  });

  it('starts from a union of lookups (testDslQueryOnPserver_WithResourceFormatWithUnionAsStartNode_ReturnSuccessfulResponse)', async () => {
    expect(await pathed(`[pserver*('hostname','${w.h[0]}'), complex*('physical-location-id', '${w.complex}')]`)).toEqual([w.uri.complex, w.uri.p1].sort());
  });

  it('continues after a start union (testDslQueryOnNodesWithEdges2_WithResourceFormatWithUnionAsStartNode_ReturnSuccessfulResponse, with an indexed pserver)', async () => {
    expect(await pathed(`[pnf*('pnf-name','${w.pnf}'), pserver('hostname','${w.h[0]}') > cloud-region*('cloud-owner','${w.owner1}')]`)).toEqual([w.uri.cr1, w.uri.pnf].sort());
  });

  it('follows only the labels given, and the direction asked for', async () => {
    expect(await pathed(`pserver('hostname','${w.h[0]}') > ('org.onap.relationships.inventory.LocatedIn') complex*`)).toEqual([w.uri.complex]);
    expect(await pathed(`pserver('hostname','${w.h[0]}') >> complex*`)).toEqual([w.uri.complex]);
    const res = await dsl(`pserver('hostname','${w.h[0]}') << complex*`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(error6149('- No EdgeRule found for passed nodeTypes: pserver, complex'));
  });

  it('applies LIMIT after de-duplication', async () => {
    expect(await pathed(`complex('physical-location-id','${w.complex}') > pserver* LIMIT 2`)).toHaveLength(2);
  });
});

describe('PUT /aai/v15/dsl: values by the property\'s type (DslConsumerTest testDslQuery_IsAgnostic…)', () => {
  const path = (maint: string, priority = '123') => `cloud-region*('cloud-owner', '${w.owner2}')>tenant*>vserver*('in-maint', ${maint})>l-interface*('priority', ${priority})`;
  it.each([['false'], ["'false'"], ['0'], ["'bogusBoolean'"]])('a boolean written %s is false (…WithBooleanPropertyAsString, …AsInteger0, …WithWrongBooleanPropertyAsString)', async (maint) => {
    expect(await pathed(path(maint))).toContain(w.uri.lif);
  });

  it.each([['true'], ["'true'"], ['1']])('a boolean written %s is true (…AsTrue, …AsTrueString, …AsInteger1)', async (maint) => {
    expect(await pathed(path(maint))).not.toContain(w.uri.lif);
  });

  it("an integer written '00123' or 00123 is 123 (…WithIntegerPropertyAsString)", async () => {
    expect(await pathed(path('false', "'00123'"))).toContain(w.uri.lif);
    expect(await pathed(path("'false'", '00123'))).toContain(w.uri.lif);
  });

  it('a long written as a string (…WithLongPropertyAsString)', async () => {
    for (const tag of ["'456'", '456']) {
      const res = await dsl(`cloud-region*('cloud-owner', '${w.owner2}')>oam-network*('cvlan-tag', ${tag})`, 'format=resource&nodesOnly=true');
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain('"cvlan-tag":456');
    }
  });

  it('any of several values of mixed spelling (…WithPrimitivePropertiesInList)', async () => {
    for (const values of ["'234', '364', 2342", "'234', 364, 2342"]) {
      expect(await pathed(`complex('physical-location-id','${w.complex}')>pserver*('number-of-cpus', ${values})`)).toEqual([w.uri.p4]);
    }
  });

  it('refuses a value its property cannot take (testDslQueryProcessing_ExpectedError_WrongDataType)', async () => {
    const res = await dsl("pserver*('number-of-cpus','test')", 'format=simple');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain(
      "Value ['test'] is not an instance of the expected data type for property key ['number-of-cpus'] and cannot be converted. Expected: class java.lang.Integer, found: class java.lang.String",
    );
  });
});

describe('PUT /aai/v15/dsl: formats', () => {
  const q = () => `pserver*('hostname','${w.h[0]}') > complex*`;
  it('pathed, count and id', async () => {
    expect((await dsl(q(), 'format=count')).body).toEqual({ results: [{ complex: 1, pserver: 1 }] });
    const id = await dsl(q(), 'format=id');
    expect(id.status).toBe(200);
    expect((id.body.results as { 'resource-type': string }[]).map((r) => r['resource-type']).sort()).toEqual(['complex', 'pserver']);
  });

  it('resource (default depth 1) with relationships; nodesOnly drops them; resource_and_url adds the url', async () => {
    const res = await dsl(`pserver*('hostname','${w.h[0]}')`, 'format=resource');
    expect(res.status).toBe(200);
    expect(res.body.results[0].pserver.hostname).toBe(w.h[0]);
    expect(res.body.results[0].pserver['relationship-list'].relationship).toHaveLength(2);
    const bare = await dsl(`pserver*('hostname','${w.h[0]}')`, 'format=resource&nodesOnly=true');
    expect(bare.body.results[0].pserver['relationship-list']).toBeUndefined();
    const url = await dsl(`pserver*('hostname','${w.h[0]}')`, 'format=resource_and_url');
    expect(url.body.results[0].url).toBe(`${V}${w.uri.p1}`);
  });

  it('depth: the cloud region with its tenants at depth 1, alone at depth 0', async () => {
    const q2 = `cloud-region*('cloud-owner','${w.owner2}')`;
    expect((await dsl(q2, 'format=resource')).body.results[0]['cloud-region'].tenants.tenant[0]['tenant-id']).toBe('t2');
    expect((await dsl(q2, 'format=resource&depth=0')).body.results[0]['cloud-region'].tenants).toBeUndefined();
  });

  it('raw and simple carry related-to', async () => {
    const raw = await dsl(`pserver*('hostname','${w.h[0]}')`, 'format=raw');
    expect(raw.status).toBe(200);
    expect(raw.body.results[0]['node-type']).toBe('pserver');
    expect(raw.body.results[0]['related-to']).toHaveLength(2);
    const simple = await dsl(`pserver*('hostname','${w.h[0]}')`, 'format=simple');
    expect(simple.body.results[0].properties.hostname).toBe(w.h[0]);
  });

  it.each([['simple', 'properties'], ['resource', 'pserver'], ['resource_and_url', 'pserver']])(
    'a select filter shows only its properties (testDslQueryProcessingV2_With%sFormat_WithoutAsTreeQueryParameter)',
    async (format, key) => {
      const res = await dsl(`pserver{'hostname', 'ptnii-equip-name', 'in-maint'}('hostname','${w.h[0]}')`, `format=${format}&depth=0&nodesOnly=true`);
      expect(res.status).toBe(200);
      expect(res.body.results[0][key]).toEqual({ hostname: w.h[0], 'in-maint': false });
    },
  );

  it('answers an empty result set as {"results":[]}', async () => {
    expect((await dsl(`pserver*('hostname','${uid('none')}')`, 'format=resource')).body).toEqual({ results: [] });
  });

  it("refuses A&AI's default format, graphson, which this service does not answer", async () => {
    const res = await c.put(DSL, { dsl: `pserver*('hostname','${w.h[0]}')` });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toContain('Unsupported format query parameter graphson in request.');
  });
});

describe('PUT /aai/v15/dsl: errors', () => {
  it('answers a query without output with AAI_6152 (testDslQueryException)', async () => {
    const res = await dsl('xserver');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(dslError('6152', 'DSL Generic Error', 'Error while processing the query: org.onap.aai.exceptions.AAIException: No nodes marked for output'));
  });

  it('refuses a start node without a filter with AAI_6149 (testAPropertyIsRequiredOnDSLStartNode, testDslQueryOverride)', async () => {
    const res = await dsl('pserver*');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(error6149('No keys sent. Valid keys for pserver are hostname,in-maint,pserver-id,pserver-name2,inv-status'));
    // X-DslOverride does not lift it here: the guard keeps the query from scanning every pserver.
    expect((await c.raw.put(`${DSL}?format=pathed`).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'X-DslOverride': 'x' }).send({ dsl: 'pserver*' })).status).toBe(404);
  });

  it('refuses a start filtered only on properties without an index (testSelectedPropertiesNotRequiredOnDSLStartNode runs it in A&AI)', async () => {
    const res = await dsl("pserver*('equip-model','abc')");
    expect(res.status).toBe(404);
    expect(res.body).toEqual(error6149('No keys sent. Valid keys for pserver are hostname,in-maint,pserver-id,pserver-name2,inv-status'));
    expect(await pathed("pserver*('inv-status','dsl-nothing')")).toEqual([]);
  });

  it('answers a syntax error with AAI_6153, naming where', async () => {
    const res = await dsl(`pserver*('hostname','${w.h[0]}'`);
    expect(res.status).toBe(400);
    const e = res.body.requestError.serviceException;
    expect([e.messageId, e.text, e.variables[1], e.variables[2], e.variables[3]]).toEqual(['SVC6153', 'DSL Syntax Error (msg=%1) (ec=%2)', 'ERR.5.4.6153', 'PUT', 'v15/dsl']);
    expect(e.variables[0]).toMatch(/^DSL Syntax Error:DSL Syntax Error while processing the query: DSL syntax error at line 1, column \d+: expected /);
  });

  it('answers an unknown node type, property or edge with AAI_6149', async () => {
    expect((await dsl("xserver*('hostname','x')")).body).toEqual(error6149('Unknown Object being referenced by the queryxserver'));
    expect((await dsl(`pserver*('hostname','${w.h[0]}')('colour','blue')`)).body).toEqual(error6149('Unknown property being referenced by the query: pserver.colour'));
    expect((await dsl(`pserver*('hostname','${w.h[0]}') > pnf*`)).body).toEqual(error6149('- No EdgeRule found for passed nodeTypes: pserver, pnf'));
  });

  it('refuses a looping query with AAI_6151 unless validate=none', async () => {
    const loop = `pserver*('hostname','${w.h[0]}') > complex > pserver > complex > pserver > complex > pserver`;
    const res = await dsl(loop);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(dslError('6151', 'DSL Validation Error', 'DSL Error while processing the query :Validation error Loop Validation failed'));
    expect(await pathed(loop, 'format=pathed&validate=none')).toEqual([w.uri.p1]);
  });

  it('refuses a body that is not {"dsl": …}', async () => {
    const res = await c.put(`${DSL}?format=pathed`, ['x']);
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[3]).toBe('ERR.5.4.6111');
  });

  it('answers more results than the read budget with AAI_3303, and LIMIT keeps within it', async () => {
    const small = client(testApp({ READ_MAX_OBJECTS: '2' }));
    const res = await dsl(`complex('physical-location-id','${w.complex}') > pserver*`, 'format=pathed', small);
    expect(res.status).toBe(403);
    expect(res.body.requestError.policyException.messageId).toBe('POL3300');
    const limited = await dsl(`complex('physical-location-id','${w.complex}') > pserver* LIMIT 2`, 'format=pathed', small);
    expect(limited.status).toBe(200);
    expect(limited.body.results).toHaveLength(2);
  });
});

describe("PUT /aai/v15/dsl: SO's requests (HeatBridgeImpl through AAIDSLQueryClient)", () => {
  const so = (query: string, format: string) =>
    c.raw.put(`${DSL}?depth=0&format=${format}`).set({ 'X-FromAppId': 'SO', 'X-TransactionId': uid('so'), 'X-DslApiVersion': 'V2', Accept: 'application/json', 'Content-Type': 'application/json' }).send(JSON.stringify({ dsl: query }));

  it('createVlanTagUri: the vlan-tag of a cloud region by its outer vlan id, pathed', async () => {
    const [owner, region] = [uid('so-own'), 'RegionOne'];
    const cr = `/cloud-infrastructure/cloud-regions/cloud-region/${owner}/${region}`;
    await create(c, cr, {
      'cloud-owner': owner,
      'cloud-region-id': region,
      'vlan-ranges': { 'vlan-range': [{ 'vlan-range-id': 'vr1', 'vlan-id-lower': 100, 'vlan-id-upper': 200, 'vlan-type': 'vlan', 'vlan-tags': { 'vlan-tag': [{ 'vlan-tag-id': 'vt1', 'vlan-tag-role': 'r', 'is-private': false, 'vlan-id-outer': 167 }] } }] },
    });
    // DSLQueryBuilder: cloud-region('cloud-owner', …)('cloud-region-id', …) > vlan-range > vlan-tag*('vlan-id-outer', 167)
    const res = await so(`cloud-region('cloud-owner', '${owner}')('cloud-region-id', '${region}') > vlan-range > vlan-tag*('vlan-id-outer', 167)`, 'pathed');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: [{ 'resource-type': 'vlan-tag', 'resource-link': `${V}${cr}/vlan-ranges/vlan-range/vr1/vlan-tags/vlan-tag/vt1` }] });
  });

  it("updateSriovPfToSriovVF: a pserver's sriov-pf by its pci id, pathed", async () => {
    const host = uid('so-host');
    const ps = `/cloud-infrastructure/pservers/pserver/${host}`;
    await create(c, ps, { hostname: host, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'physnet1', 'sriov-pfs': { 'sriov-pf': [{ 'pf-pci-id': '0000:08:00.0' }] } }] } });
    const res = await so(`pserver('hostname', '${host}') > p-interface > sriov-pf*('pf-pci-id', '0000:08:00.0')`, 'pathed');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: [{ 'resource-type': 'sriov-pf', 'resource-link': `${V}${ps}/p-interfaces/p-interface/physnet1/sriov-pfs/sriov-pf/0000%3A08%3A00.0` }] });
  });
});
