/**
 * A&AI's search API (issue #19, "A&AI traversal"): GET /aai/v15/search/nodes-query and
 * /search/generic-query, answered as aai-traversal's SearchProvider / SearchGraph answer them
 * (`{"result-data":[…]}`, MOXy's JSON without the root element), with its errors. The A&AI test
 * each case ports is named in it (aai-traversal src/test/java/org/onap/aai/…: SearchProviderRestTest,
 * rest/search/SearchProviderTest, dbgraphmap/SearchGraphTest); the clients' requests are replayed
 * as ONAP Policy, SO and SDN-C (CCSDK) send them, on v15. Every test makes its own uniquely keyed data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { client, testApp } from '../helpers/app.js';
import { uid } from '../helpers/neo4j.js';
import { create, pnfPath, svc, TEXT_3000, TEXT_3001, V, type Client } from '../helpers/aai.js';

const NODES = `${V}/search/nodes-query`;
const GENERIC = `${V}/search/generic-query`;
const TEXT_3303 = 'Too many objects would be returned by this request, please refine your request and retry';

/** A query string of repeated parameters, each value percent-encoded. */
const q = (params: readonly [string, string][]): string => params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

/** The result-data of a search answer. */
const links = (body: unknown): [string, string][] => ((body as { 'result-data'?: { 'resource-type': string; 'resource-link': string }[] })['result-data'] ?? []).map((r) => [r['resource-type'], r['resource-link']]);

/** A&AI's error body of a search endpoint (SearchProvider's template variables). */
const searchError = (operation: 'getNodesQueryResponse' | 'getGenericQueryResponse', message: string, ec: string, text = TEXT_3000, id = 'SVC3000') => svc(id, text, ['GET Search', operation, message, ec]);
const nodesError = (message: string, ec: string) => searchError('getNodesQueryResponse', message, ec);
const genericError = (message: string, ec: string) => searchError('getGenericQueryResponse', message, ec);

/**
 * One small inventory of unique keys: a complex ← pserver ← vserver vs1 (of tenant t1 of a cloud
 * region) ← generic-vnf ← service-instance (of a customer's service-subscription, which uses t1,
 * with an allotted-resource); vs2 of t1 stands alone.
 */
interface World {
  owner: string;
  complex: string;
  host: string;
  vnf: string;
  vs1Name: string;
  customer: string;
  si: string;
  siName: string;
  ar: string;
  uri: Record<'region' | 'tenant' | 'vs1' | 'vs2' | 'pserver' | 'complex' | 'vnf' | 'customer' | 'subscription' | 'si' | 'ar', string>;
}

async function world(c: Client): Promise<World> {
  const [owner, complex, host, vnf, vs1Name, customer, si, siName, ar] = ['sq-owner', 'sq-clli', 'sq-host', 'sq-vnf', 'sq-vs', 'sq-cust', 'sq-si', 'sq-si-name', 'sq-ar'].map((p) => uid(p)) as [string, string, string, string, string, string, string, string, string];
  const region = `/cloud-infrastructure/cloud-regions/cloud-region/${owner}/r1`;
  const tenant = `${region}/tenants/tenant/t1`;
  const subscription = `/business/customers/customer/${customer}/service-subscriptions/service-subscription/st`;
  const uri = {
    region,
    tenant,
    vs1: `${tenant}/vservers/vserver/vs1`,
    vs2: `${tenant}/vservers/vserver/vs2`,
    pserver: `/cloud-infrastructure/pservers/pserver/${host}`,
    complex: `/cloud-infrastructure/complexes/complex/${complex}`,
    vnf: `/network/generic-vnfs/generic-vnf/${vnf}`,
    customer: `/business/customers/customer/${customer}`,
    subscription,
    si: `${subscription}/service-instances/service-instance/${si}`,
    ar: `${subscription}/service-instances/service-instance/${si}/allotted-resources/allotted-resource/${ar}`,
  };
  const rel = (type: string, link: string) => ({ 'related-to': type, 'related-link': `${V}${link}` });
  await create(c, uri.complex, { 'physical-location-id': complex, 'physical-location-type': 'site', street1: 's', city: 'c', 'postal-code': 'p', country: 'FR', region: 'eu' });
  await create(c, uri.pserver, { hostname: host, 'relationship-list': { relationship: [rel('complex', uri.complex)] } });
  await create(c, region, {
    'cloud-owner': owner,
    'cloud-region-id': 'r1',
    tenants: {
      tenant: [
        {
          'tenant-id': 't1',
          'tenant-name': 'tenant one',
          vservers: {
            vserver: [
              { 'vserver-id': 'vs1', 'vserver-name': vs1Name, 'vserver-selflink': 'x', 'prov-status': 'ACTIVE', 'relationship-list': { relationship: [rel('pserver', uri.pserver)] } },
              { 'vserver-id': 'vs2', 'vserver-name': `${vs1Name}-2`, 'vserver-selflink': 'x', 'in-maint': true },
            ],
          },
        },
      ],
    },
  });
  await create(c, uri.vnf, { 'vnf-id': vnf, 'vnf-name': vnf, 'vnf-type': 'vFW', 'relationship-list': { relationship: [rel('vserver', uri.vs1)] } });
  await create(c, uri.customer, {
    'global-customer-id': customer,
    'subscriber-name': 'sub',
    'subscriber-type': 'INFRA',
    'service-subscriptions': {
      'service-subscription': [
        {
          'service-type': 'st',
          'relationship-list': { relationship: [rel('tenant', tenant)] },
          'service-instances': {
            'service-instance': [
              {
                'service-instance-id': si,
                'service-instance-name': siName,
                'relationship-list': { relationship: [rel('generic-vnf', uri.vnf)] },
                'allotted-resources': { 'allotted-resource': [{ id: ar }] },
              },
            ],
          },
        },
      ],
    },
  });
  return { owner, complex, host, vnf, vs1Name, customer, si, siName, ar, uri };
}

const c = client();
let w: World;
beforeAll(async () => {
  w = await world(c);
});

describe('GET /aai/v15/search/nodes-query', () => {
  it('answers result-data without a root element: the nodes\' types and /aai/v15 links, in URI order', async () => {
    const res = await c.get(`${NODES}?${q([['search-node-type', 'vserver'], ['filter', `vserver-name:EQUALS:${w.vs1Name}`]])}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ 'result-data': [{ 'resource-type': 'vserver', 'resource-link': `${V}${w.uri.vs1}` }] });
    expect(Object.keys(res.body['result-data'][0])).toEqual(['resource-type', 'resource-link']);
  });

  it('answers {} when nothing passes (MOXy writes no empty list)', async () => {
    const res = await c.get(`${NODES}?${q([['search-node-type', 'vserver'], ['filter', `vserver-name:EQUALS:${uid('none')}`]])}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it('ANDs filters: EQUALS, DOES-NOT-EQUAL (a node without the property passes), EXISTS, DOES-NOT-EXIST (SearchGraphTest runNodesQueryTestDOESNOTEQUAL, runNodesQueryTestGreaterThanExists)', async () => {
    // Both vservers sit under this run's cloud region; tenant-scoped by the edge filter to its tenant.
    const base: [string, string][] = [['search-node-type', 'vserver'], ['edge-filter', `tenant:EXISTS:tenant-name:tenant one`], ['filter', `vserver-selflink:EQUALS:x`]];
    const found = async (...filters: string[]) => {
      const res = await c.get(`${NODES}?${q([...base, ...filters.map((f): [string, string] => ['filter', f])])}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return links(res.body).map(([, l]) => l).filter((l) => l.startsWith(`${V}${w.uri.tenant}/`));
    };
    expect(await found()).toEqual([`${V}${w.uri.vs1}`, `${V}${w.uri.vs2}`]);
    expect(await found('prov-status:DOES-NOT-EQUAL:ACTIVE')).toEqual([`${V}${w.uri.vs2}`]);
    expect(await found('prov-status:EXISTS')).toEqual([`${V}${w.uri.vs1}`]);
    expect(await found('prov-status:DOES-NOT-EXIST')).toEqual([`${V}${w.uri.vs2}`]);
    // A boolean compares as a boolean (A&AI compares the text "true" with a boolean: nothing).
    expect(await found('in-maint:EQUALS:true')).toEqual([`${V}${w.uri.vs2}`]);
    expect(await found('in-maint:EQUALS:false', `vserver-name:EQUALS:${w.vs1Name}`)).toEqual([`${V}${w.uri.vs1}`]);
    // An extra piece after EXISTS is ignored (SearchGraphTest runNodesQueryTestGreaterThanExists: model:EXISTS:DOES-NOT-EXIST:AAI).
    expect(await found('prov-status:EXISTS:DOES-NOT-EXIST:AAI')).toEqual([`${V}${w.uri.vs1}`]);
  });

  it('takes everything after the second colon as the value (SearchGraphTest runNodesQueryTestGreaterThan3: an IPv6 address)', async () => {
    const pnf = uid('sq-pnf');
    await create(c, pnfPath(pnf), { 'pnf-name': pnf, 'ipaddress-v6-oam': '2001:db8::1' });
    const res = await c.get(`${NODES}?${q([['search-node-type', 'pnf'], ['filter', `pnf-name:EQUALS:${pnf}`], ['filter', 'ipaddress-v6-oam:EQUALS:2001:db8::1']])}`);
    expect(links(res.body)).toEqual([['pnf', `${V}${pnfPath(pnf)}`]]);
    const not = await c.get(`${NODES}?${q([['search-node-type', 'pnf'], ['filter', `pnf-name:EQUALS:${pnf}`], ['filter', 'ipaddress-v6-oam:DOES-NOT-EQUAL:2001:db8::1']])}`);
    expect(not.body).toEqual({});
  });

  it('edge-filter: EXISTS / DOES-NOT-EXIST, with or without a property value, type and kind in any case; every edge filter applies (SearchGraphTest runNodesQueryTest, runNodesQueryExistsTest)', async () => {
    const within = (body: unknown) => links(body).map(([, l]) => l).filter((l) => l.startsWith(`${V}${w.uri.tenant}/`));
    const get = (...edgeFilters: string[]) => c.get(`${NODES}?${q([['search-node-type', 'vserver'], ['filter', 'vserver-selflink:EQUALS:x'], ...edgeFilters.map((f): [string, string] => ['edge-filter', f]), ['edge-filter', 'tenant:EXISTS:tenant-name:tenant one']])}`);
    expect(within((await get(`pserver:EXISTS:hostname:${w.host}`)).body)).toEqual([`${V}${w.uri.vs1}`]);
    expect(within((await get('PServer:exists')).body)).toEqual([`${V}${w.uri.vs1}`]);
    expect(within((await get('pserver:DOES-NOT-EXIST')).body)).toEqual([`${V}${w.uri.vs2}`]);
    expect(within((await get(`pserver:DOES-NOT-EXIST:hostname:${w.host}`)).body)).toEqual([`${V}${w.uri.vs2}`]);
    expect(within((await get(`pserver:EXISTS:hostname:${uid('none')}`)).body)).toEqual([]);
    // Two edge filters (A&AI applies only the first): both must hold.
    expect(within((await get(`pserver:EXISTS:hostname:${w.host}`, 'generic-vnf:DOES-NOT-EXIST')).body)).toEqual([]);
  });

  it('starts at the neighbour an edge filter names by an indexed property (no filter on the search type)', async () => {
    const res = await c.get(`${NODES}?${q([['search-node-type', 'vserver'], ['edge-filter', `pserver:EXISTS:hostname:${w.host}`]])}`);
    expect(links(res.body)).toEqual([['vserver', `${V}${w.uri.vs1}`]]);
    const complexes = await c.get(`${NODES}?${q([['search-node-type', 'complex'], ['edge-filter', `pserver:EXISTS:hostname:${w.host}`], ['filter', 'country:EQUALS:FR']])}`);
    expect(links(complexes.body)).toEqual([['complex', `${V}${w.uri.complex}`]]);
  });

  it('answers every node of the type without filters (SearchGraphTest runNodesQueryTestNoFilterParam), within the read budget (AAI_3303 past it)', async () => {
    const res = await c.get(`${NODES}?search-node-type=allotted-resource`);
    expect(res.status).toBe(200);
    expect(links(res.body)).toContainEqual(['allotted-resource', `${V}${w.uri.ar}`]);
    const small = client(testApp({ READ_MAX_OBJECTS: '1' }));
    const over = await small.get(`${NODES}?search-node-type=vserver&edge-filter=${encodeURIComponent('tenant:EXISTS:tenant-name:tenant one')}`);
    expect(over.status).toBe(403);
    // POL3300's text has no placeholder for the method and path: they follow the message and the code (ErrorLogHelper).
    expect(over.body.requestError.policyException.variables).toEqual([`${TEXT_3303}:the read would return more than 1 objects (READ_MAX_OBJECTS): ask for less depth, filter, or page with resultIndex and resultSize`, 'ERR.5.1.3303', 'GET Search', 'getNodesQueryResponse']);
  });

  describe('errors (SearchGraph.runNodesQuery), with SearchProvider\'s variables', () => {
    const cases: [string, string, unknown][] = [
      // SearchProviderRestTest testNodesQueryInvalidData: a generic query's parameters, no search-node-type.
      ['key=cloud-region.cloud-owner:test-aic&include=cloud-region', 'SearchProviderRestTest testNodesQueryInvalidData', nodesError('Bad Parameter Passed:null or empty target-node-type passed to the node query', 'ERR.5.4.6120')],
      // SearchGraphTest runNodesQuery (target type "") and runNodesQueryTargetNodeTypeNullTest (null).
      ['search-node-type=', 'SearchGraphTest runNodesQuery', nodesError('Bad Parameter Passed:null or empty target-node-type passed to the node query', 'ERR.5.4.6120')],
      ['search-node-type=%20', 'StringUtils.isBlank', nodesError('Bad Parameter Passed:null or empty target-node-type passed to the node query', 'ERR.5.4.6120')],
      // SearchGraphTest runNodesQueryNull: an unknown type ("nnn").
      ['search-node-type=nnn', 'SearchGraphTest runNodesQueryNull', nodesError('Unrecognized NodeType:Unrecognized nodeType [nnn] passed to node query.', 'ERR.5.4.6115')],
      ['search-node-type=vserver&filter=vserver-name', 'bad filter', nodesError('Bad Parameter Passed:bad filter passed to node query: [vserver-name]', 'ERR.5.4.6120')],
      ['search-node-type=vserver&filter=vserver-name:EQUALS:', 'no value', nodesError('Bad Parameter Passed:No value passed for filter: [vserver-name:EQUALS:]', 'ERR.5.4.6120')],
      ['search-node-type=vserver&filter=vserver-name:DOES-NOT-EQUAL', 'no value', nodesError('Bad Parameter Passed:No value passed for filter: [vserver-name:DOES-NOT-EQUAL]', 'ERR.5.4.6120')],
      // SearchGraphTest runNodesQueryTestGreaterThanDoesNotExists: DOES_NOT_EXIST is no filter type (they are case-sensitive).
      ['search-node-type=vserver&filter=vserver-name:DOES_NOT_EXIST:DOES-NOT-EXIST:AAI', 'SearchGraphTest runNodesQueryTestGreaterThanDoesNotExists', nodesError('Bad Parameter Passed:bad filterType passed: [DOES_NOT_EXIST]', 'ERR.5.4.6120')],
      ['search-node-type=vserver&filter=vserver-name:equals:x', 'case-sensitive', nodesError('Bad Parameter Passed:bad filterType passed: [equals]', 'ERR.5.4.6120')],
      // SearchGraphTest runNodesQueryTest filters model-ver by "model", which it does not have: refused here (A&AI matches nothing).
      ['search-node-type=model-ver&filter=model:EQUALS:DOES-NOT-EXIST:AAI', 'SearchGraphTest runNodesQueryTest (unknown property)', nodesError('Unrecognized Property:Unrecognized property [model] of model-ver passed to node query: [model:EQUALS:DOES-NOT-EXIST:AAI]', 'ERR.5.4.6116')],
      ['search-node-type=vserver&filter=in-maint:EQUALS:yes', 'boolean value', nodesError('Bad Parameter Passed:in-maint takes true or false: [in-maint:EQUALS:yes]', 'ERR.5.4.6120')],
      ['search-node-type=pserver&filter=number-of-cpus:EQUALS:many', 'integer value', nodesError('Bad Parameter Passed:number-of-cpus takes an integer: [number-of-cpus:EQUALS:many]', 'ERR.5.4.6120')],
      ['search-node-type=vserver&edge-filter=pserver', 'bad edge filter', nodesError('Bad Parameter Passed:bad edge-filter passed: [pserver]', 'ERR.5.4.6120')],
      ['search-node-type=vserver&edge-filter=pserver:EXISTS:hostname', 'three pieces', nodesError('Bad Parameter Passed:bad edge-filter passed: [pserver:EXISTS:hostname]', 'ERR.5.4.6120')],
      ['search-node-type=vserver&edge-filter=pserver:EXISTS:hostname:h:x', 'five pieces', nodesError('Bad Parameter Passed:bad edge-filter passed: [pserver:EXISTS:hostname:h:x]', 'ERR.5.4.6120')],
      ['search-node-type=vserver&edge-filter=pserver:EQUALS', 'edge filter type', nodesError('Bad Parameter Passed:bad filterType passed: [EQUALS]', 'ERR.5.4.6120')],
      ['search-node-type=vserver&edge-filter=nnn:EXISTS', 'unknown edge type', nodesError('Unrecognized NodeType:Unrecognized nodeType [nnn] passed to node query.', 'ERR.5.4.6115')],
      ['search-node-type=vserver&edge-filter=pserver:EXISTS:color:red', 'unknown edge property', nodesError('Unrecognized Property:Unrecognized property [color] of pserver passed to node query: [pserver:EXISTS:color:red]', 'ERR.5.4.6116')],
      // SearchGraphEdgeRuleTest getEdgeLabelThrowsExceptionWhenNoRuleExists: complex–service (A&AI: 500 AAI_5105).
      ['search-node-type=complex&edge-filter=service:EXISTS', 'SearchGraphEdgeRuleTest getEdgeLabelThrowsExceptionWhenNoRuleExists', nodesError('Bad Parameter Passed:bad edge-filter passed: [service:EXISTS]: no edge rule joins complex and service', 'ERR.5.4.6120')],
    ];
    for (const [query, what, body] of cases) {
      it(`?${query} (${what}): 400`, async () => {
        const res = await c.get(`${NODES}?${query}`);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(body);
      });
    }

    it('SearchProviderTest testNodesQueryTimeoutBypassed / SearchProviderRestTest testGenericQueryBypassTimeout: no X-FromAppId is 400 AAI_4009', async () => {
      for (const url of [`${NODES}?search-node-type=cloud-region`, `${GENERIC}?start-node-type=cloud-region&key=cloud-region.cloud-owner:test-aic&include=cloud-region`]) {
        const res = await c.raw.get(url).set({ 'X-TransactionId': 'JUNIT', 'Real-Time': 'true', Accept: 'application/json' });
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body)).toContain('4009');
      }
    });

    it('SearchProviderTest testProcessNodesQueryResponse_GeneralException: an Accept of nothing JSON or XML is AAI_4014 with the search variables', async () => {
      const res = await c.get(`${NODES}?search-node-type=search-node-type`).set('Accept', 'text/plain');
      expect(res.status).toBe(406);
      expect(res.body.requestError.serviceException.messageId).toBe('SVC3000');
      expect(res.body.requestError.serviceException.variables[3]).toBe('4.0.4014');
    });
  });
});

describe('GET /aai/v15/search/generic-query', () => {
  it('answers the included types within depth edges of the start node, in URI order', async () => {
    const res = await c.get(`${GENERIC}?${q([['start-node-type', 'pserver'], ['key', `pserver.hostname:${w.host}`], ['include', 'vserver'], ['include', 'complex'], ['depth', '1']])}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ 'result-data': [{ 'resource-type': 'vserver', 'resource-link': `${V}${w.uri.vs1}` }, { 'resource-type': 'complex', 'resource-link': `${V}${w.uri.complex}` }].sort((a, b) => (a['resource-link'] < b['resource-link'] ? -1 : 1)) });
  });

  it('walks any edge, either direction, up to depth (2: the vserver\'s tenant and vnf)', async () => {
    const get = (depth: string, ...include: string[]) => c.get(`${GENERIC}?${q([['start-node-type', 'pserver'], ['key', `pserver.hostname:${w.host}`], ...include.map((t): [string, string] => ['include', t]), ['depth', depth]])}`);
    expect(links((await get('2', 'tenant', 'generic-vnf')).body)).toEqual([['tenant', `${V}${w.uri.tenant}`], ['generic-vnf', `${V}${w.uri.vnf}`]].sort((a, b) => ((a[1] ?? '') < (b[1] ?? '') ? -1 : 1)));
    // depth 1 reaches neither.
    expect((await get('1', 'tenant', 'generic-vnf')).status).toBe(204);
    // The start node is answered when its type is included, at any depth.
    expect(links((await get('0', 'pserver')).body)).toEqual([['pserver', `${V}${w.uri.pserver}`]]);
    expect(links((await get('1', 'pserver')).body)).toEqual([['pserver', `${V}${w.uri.pserver}`]]);
    // `all`: everything reached, the start node too.
    expect(links((await get('1', 'all')).body).map(([t]) => t).sort()).toEqual(['complex', 'pserver', 'vserver']);
  });

  it('answers 204 with no body when the start node exists but nothing included is found (A&AI returns a null Response)', async () => {
    const res = await c.get(`${GENERIC}?${q([['start-node-type', 'pserver'], ['key', `pserver.hostname:${w.host}`], ['include', 'pnf'], ['depth', '2']])}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('names the start node by every key of it and its parents, as relationship-data (cloud-region, tenant)', async () => {
    const res = await c.get(`${GENERIC}?${q([['start-node-type', 'tenant'], ['key', `cloud-region.cloud-owner:${w.owner}`], ['key', 'cloud-region.cloud-region-id:r1'], ['key', 'tenant.tenant-id:t1'], ['include', 'vserver'], ['depth', '1']])}`);
    expect(links(res.body)).toEqual([['vserver', `${V}${w.uri.vs1}`], ['vserver', `${V}${w.uri.vs2}`]]);
  });

  it('counts every node it walks against the read budget (AAI_3303)', async () => {
    const small = client(testApp({ READ_MAX_OBJECTS: '2' }));
    const res = await small.get(`${GENERIC}?${q([['start-node-type', 'pserver'], ['key', `pserver.hostname:${w.host}`], ['include', 'pnf'], ['depth', '3']])}`);
    expect(res.status).toBe(403);
    expect(res.body.requestError.policyException.variables).toEqual([`${TEXT_3303}:the read would return more than 2 objects (READ_MAX_OBJECTS): ask for less depth, filter, or page with resultIndex and resultSize`, 'ERR.5.1.3303', 'GET Search', 'getGenericQueryResponse']);
  });

  describe('errors (SearchGraph.runGenericQuery), with SearchProvider\'s variables', () => {
    const cases: [string, string, number, unknown][] = [
      // SearchProviderRestTest testGenericQueryInvalidData; SearchGraphTest testRunGenericQueryFailWhenInvalidRelationshipList1 (null start type).
      ['key=cloud-region.cloud-owner:test-aic&include=cloud-region', 'SearchProviderRestTest testGenericQueryInvalidData', 400, genericError('Bad Parameter Passed:null start-node-type passed to the generic query', 'ERR.5.4.6120')],
      ['start-node-type=pserver&key=pserver.hostname:h&include=pserver&depth=7', 'depth over 6', 400, genericError('Bad Parameter Passed:The maximum depth supported by the generic query is 6', 'ERR.5.4.6120')],
      ['start-node-type=pserver&key=pserver.hostname:h&depth=two', 'depth not an int (JAX-RS: 404, no body)', 400, genericError('Invalid input performing %1 on %2:depth must be an integer, not "two"', 'ERR.5.2.3000')],
      ['start-node-type=pserver&key=hostname&include=pserver', 'key without a colon', 400, genericError('Bad Parameter Passed:Bad key param passed in: [hostname]', 'ERR.5.4.6120')],
      ['start-node-type=pserver&key=:h&include=pserver', 'key starting with a colon', 400, genericError('Bad Parameter Passed:Bad key param passed in: [:h]', 'ERR.5.4.6120')],
      ['start-node-type=pserver&key=pserver.hostname:h&include=nnn', 'unknown include type', 400, genericError('Unrecognized NodeType:Unrecognized nodeType [nnn] passed to generic query.', 'ERR.5.4.6115')],
      // SearchGraphTest testRunGenericQueryFailWhenInvalidRelationshipList: a service-instance named by a cloud-region key.
      ['start-node-type=service-instance&key=cloud-region.cloud-owner:test-aic&include=cloud-region&depth=1', 'SearchGraphTest testRunGenericQueryFailWhenInvalidRelationshipList', 400, genericError('Unrecognized Property:Unrecognized property [cloud-owner] of service-instance passed to generic query: [cloud-region.cloud-owner:test-aic]', 'ERR.5.4.6116')],
      ['start-node-type=service-instance&key=service-instance-id:x&include=service-instance', 'service-instance key without its type', 400, genericError('Bad Parameter Passed:Bad key param passed in: [service-instance-id:x]', 'ERR.5.4.6120')],
      // SearchGraphTest testRunGenericQueryFailWhenInvalidRelationshipList2 / 3: no keys to name the start node (RelationshipToURI).
      ['start-node-type=cloud-region&include=cloud-region&depth=1', 'SearchGraphTest testRunGenericQueryFailWhenInvalidRelationshipList2', 400, genericError('Invalid input performing %1 on %2:nothing to parse', 'ERR.5.2.3000')],
      ['start-node-type=cloud-region&key=cloud-region.cloud-owner:test-aic&include=cloud-region', 'missing key (RelationshipToURI)', 400, genericError('Invalid input performing %1 on %2:Missing key property: cloud-region.cloud-region-id', 'ERR.5.2.3000')],
      ['start-node-type=pserver&key=pserver.hostname:' + 'sq-none' + '&include=pserver', 'no such node', 404, searchError('getGenericQueryResponse', 'Node Not Found:No Node of type pserver ', 'ERR.5.4.6114', TEXT_3001, 'SVC3001')],
    ];
    for (const [query, what, status, body] of cases) {
      it(`?${query} (${what}): ${status}`, async () => {
        const res = await c.get(`${GENERIC}?${query}`);
        expect(res.status).toBe(status);
        expect(res.body).toEqual(body);
      });
    }

    it('a service-instance named by one property that several share is AAI_6112', async () => {
      const name = uid('sq-dup');
      const sub = `/business/customers/customer/${w.customer}/service-subscriptions/service-subscription/st/service-instances/service-instance`;
      for (const id of [uid('sq-a'), uid('sq-b')]) await create(c, `${sub}/${id}`, { 'service-instance-id': id, 'service-instance-name': name });
      const key = `service-instance.service-instance-name:${name}`;
      const res = await c.get(`${GENERIC}?${q([['key', key], ['start-node-type', 'service-instance'], ['include', 'service-instance']])}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(genericError(`More than one node found by getUniqueNode():More than one Node found by getUniqueNode for params: [${key}]\n`, 'ERR.5.4.6112'));
    });
  });
});

describe("the clients' requests, replayed on v15", () => {
  it('Policy AaiGetTenantOperation / AaiManager: search-node-type=vserver&filter=vserver-name:EQUALS:<name>, reading result-data[0].resource-link', async () => {
    const res = await c.get(`${V}/search/nodes-query?search-node-type=vserver&filter=vserver-name:EQUALS:${w.vs1Name}`);
    expect(res.status).toBe(200);
    expect(res.body['result-data'][0]['resource-link']).toBe(`${V}${w.uri.vs1}`);
  });

  it('SO DoCreateE2EServiceInstance and its stubs: service-instance by service-instance-name or -id, allotted-resource by id', async () => {
    const byName = await c.get(`${V}/search/nodes-query?search-node-type=service-instance&filter=service-instance-name:EQUALS:${w.siName}`);
    expect(links(byName.body)).toEqual([['service-instance', `${V}${w.uri.si}`]]);
    const byId = await c.get(`${V}/search/nodes-query?search-node-type=service-instance&filter=service-instance-id:EQUALS:${w.si}`);
    expect(links(byId.body)).toEqual([['service-instance', `${V}${w.uri.si}`]]);
    const ar = await c.get(`${V}/search/nodes-query?search-node-type=allotted-resource&filter=id:EQUALS:${w.ar}`);
    expect(links(ar.body)).toEqual([['allotted-resource', `${V}${w.uri.ar}`]]);
  });

  it('SO MockGetVceGenericQuery: key=service-instance.service-instance-name:<name>&start-node-type=service-instance&include=vce&depth=1 (a service-instance by name)', async () => {
    const vce = uid('sq-vce');
    await create(c, `/network/vces/vce/${vce}`, { 'vnf-id': vce, 'vnf-name': vce, 'vnf-type': 't', 'relationship-list': { relationship: [{ 'related-to': 'service-instance', 'related-link': `${V}${w.uri.si}` }] } });
    const res = await c.get(`${V}/search/generic-query?key=service-instance.service-instance-name:${w.siName}&start-node-type=service-instance&include=vce&depth=1`);
    expect(res.status).toBe(200);
    expect(links(res.body)).toEqual([['vce', `${V}/network/vces/vce/${vce}`]]);
  });

  it('SO MockGetTenantGenericQuery: key=customer.global-customer-id&key=service-subscription.service-type, include=tenant and service-subscription, depth=1', async () => {
    const res = await c.get(`${V}/search/generic-query?key=customer.global-customer-id:${w.customer}&key=service-subscription.service-type:st&start-node-type=service-subscription&include=tenant&include=service-subscription&depth=1`);
    expect(res.status).toBe(200);
    expect(links(res.body)).toEqual([['service-subscription', `${V}${w.uri.subscription}`], ['tenant', `${V}${w.uri.tenant}`]].sort((a, b) => ((a[1] ?? '') < (b[1] ?? '') ? -1 : 1)));
  });

  it('SDN-C query.nodes: search-node-type=generic-vnf&filter=vnf-name:EQUALS:<name> (AAIService.requestNodeQuery)', async () => {
    const res = await c.get(`${V}/search/nodes-query?search-node-type=generic-vnf&filter=vnf-name:EQUALS:${encodeURIComponent(w.vnf)}`);
    expect(links(res.body)).toEqual([['generic-vnf', `${V}${w.uri.vnf}`]]);
  });

  it('SDN-C query.generic: key=<identifier>:<value>&start-node-type=<type>&include=complex&depth=3 (generic-vnf → vserver → pserver → complex)', async () => {
    const res = await c.get(`${V}/search/generic-query?key=generic-vnf.vnf-id:${w.vnf}&start-node-type=generic-vnf&include=complex&depth=3`);
    expect(res.status).toBe(200);
    expect(links(res.body)).toEqual([['complex', `${V}${w.uri.complex}`]]);
  });

  it('SDN-C path.svcinst.query: key=service-instance.service-instance-id:<id>&start-node-type=service-instance&include=service-instance (depth 0)', async () => {
    const res = await c.get(`${V}/search/generic-query?key=service-instance.service-instance-id:${w.si}&start-node-type=service-instance&include=service-instance`);
    expect(res.status).toBe(200);
    expect(links(res.body)).toEqual([['service-instance', `${V}${w.uri.si}`]]);
  });
});
