/**
 * `format=` output (src/domain/formats.ts) against A&AI's aai-core serialization/queryformats and its
 * tests (FormatTest, CountQuerySupportTest, PathedURLTest, UrlBuilderTest, ResourceFormatTest,
 * RawFormatTest, SimpleFormatTest, MultiFormatTest, QueryParamInjectorTest), over a fake FormatDeps.
 * Bodies are compared as JSON text: key order is part of the answer.
 */
import { describe, expect, it } from 'vitest';
import { AaiError, errorMessage } from '../../src/errors.js';
import { FORMATS, formatResults, javaHashOrder, parseFormat, type FormatDeps, type FormatName, type Json } from '../../src/domain/formats.js';
import type { Neighbour, NodeRecord, Props } from '../../src/domain/model.js';
import { Schema } from '../../src/schema/schema.js';

const schema = Schema.load();
const BASE = '/aai/v15';

function node(type: string, uri: string, props: Props = {}): NodeRecord {
  return { uri, type, props: { 'aai-node-type': type, 'aai-uri': uri, 'aai-uuid': `uuid-${uri.split('/').pop() ?? ''}`, ...props } };
}

const pserver = node('pserver', '/cloud-infrastructure/pservers/pserver/hostname-1', { hostname: 'hostname-1', 'resource-version': '1' });
const complex1 = node('complex', '/cloud-infrastructure/complexes/complex/physical-location-id-1', { 'physical-location-id': 'physical-location-id-1', country: 'US' });
const complex2 = node('complex', '/cloud-infrastructure/complexes/complex/physical-location-id-2', { 'physical-location-id': 'physical-location-id-2', country: 'US' });
const pnf = node('pnf', '/network/pnfs/pnf/pnf1', { 'pnf-name': 'pnf1', 'equip-type': 'router', 'in-maint': false, 'resource-version': '7' });
const eth0 = node('p-interface', '/network/pnfs/pnf/pnf1/p-interfaces/p-interface/eth0', { 'interface-name': 'eth0' });
const vnf = node('generic-vnf', '/network/generic-vnfs/generic-vnf/vnf1', { 'vnf-id': 'vnf1', 'vnf-name': 'vnf-name-1' });
const modelVer = node('model-ver', '/service-design-and-creation/models/model/m1/model-vers/model-ver/v1', { 'model-version-id': 'v1' });

/** An edge read from `from`: `outgoing` when it leaves `from`. */
function edge(from: NodeRecord, label: string, outgoing: boolean, to: NodeRecord): Neighbour {
  return { uri: from.uri, label, outgoing, otherUri: to.uri, otherType: to.type, otherProps: to.props };
}

interface Fake extends FormatDeps {
  renders: { uris: string[]; opts: Json }[];
  edgeCalls: number;
}

/** A fake FormatDeps: render answers each node's schema-property body, tagged with the options it got. */
function fake(edges: Neighbour[] = []): Fake {
  const deps: Fake = {
    schema,
    base: BASE,
    renders: [],
    edgeCalls: 0,
    render(nodes, opts) {
      deps.renders.push({ uris: nodes.map((n) => n.uri), opts });
      return Promise.resolve(nodes.map((n) => ({ ...Object.fromEntries(Object.entries(n.props).filter(([k]) => k in schema.type(n.type).properties)), rendered: `depth=${opts.depth}` })));
    },
    edges(nodes) {
      deps.edgeCalls++;
      const uris = new Set(nodes.map((n) => n.uri));
      return Promise.resolve(edges.filter((e) => uris.has(e.uri)));
    },
  };
  return deps;
}

function expectJson(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual, null, 1)).toBe(JSON.stringify(expected, null, 1));
}

function caught(f: () => unknown): AaiError {
  try {
    f();
  } catch (e) {
    if (e instanceof AaiError) return e;
    throw e;
  }
  throw new Error('no error');
}

async function rejected(p: Promise<unknown>): Promise<AaiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AaiError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseFormat (Format.getFormat)', () => {
  it('FormatTest.validFormatTest: count, and every format answered, by its Format.java name', () => {
    expect(parseFormat('count')).toBe('count');
    for (const f of FORMATS) expect(parseFormat(f)).toBe(f);
  });

  it('FormatTest.invalidFormatTest: AAI_6120 (400) "Unsupported format query parameter test in request."', () => {
    const e = caught(() => parseFormat('test'));
    expect(e.code).toBe('AAI_6120');
    expect(e.status).toBe(400);
    expect(errorMessage(e)).toBe('Bad Parameter Passed:Unsupported format query parameter test in request.');
  });

  it('is case-sensitive and refuses the empty name, as Enum.valueOf', () => {
    expect(caught(() => parseFormat('COUNT')).detail).toBe('Unsupported format query parameter COUNT in request.');
    expect(caught(() => parseFormat('')).detail).toBe('Unsupported format query parameter  in request.');
  });

  it("refuses A&AI's formats this service does not answer with AAI_6120, naming the format and those answered", () => {
    for (const f of ['graphson', 'pathed_resourceversion', 'console', 'resource_with_sot', 'state', 'lifecycle', 'changes', 'aggregate', 'tree']) {
      const e = caught(() => parseFormat(f));
      expect(e.code).toBe('AAI_6120');
      expect(e.detail).toBe(`Unsupported format query parameter ${f} in request. This service answers format=count, pathed, id, resource, resource_and_url, raw, simple.`);
    }
  });
});

describe('count (Count, Formatter.output)', () => {
  it('CountQuerySupportTest.verifyComplexVertexCountTest1 / verifyPserverVertexCountTest1: one object per result set', async () => {
    expectJson(await formatResults('count', [complex1, complex2], {}, fake()), { results: [{ complex: 2 }] });
    expectJson(await formatResults('count', [pserver], {}, fake()), { results: [{ pserver: 1 }] });
  });

  it('CountQuerySupportTest.verifyComplexVertexCountTest2 / verifyPserverVertexCountTest2: sums per node type into ONE object', async () => {
    // Key order: the JVM's (ConcurrentHashMap over {complex, pserver, complex} prints complex first).
    expectJson(await formatResults('count', [complex1, pserver, complex2], {}, fake()), { results: [{ complex: 2, pserver: 1 }] });
  });

  it("orders the types as A&AI's ConcurrentHashMap does (orders printed by OpenJDK 17 for the same merges)", async () => {
    const eth1 = node('p-interface', `${pnf.uri}/p-interfaces/p-interface/eth1`);
    const pnf2 = node('pnf', '/network/pnfs/pnf/pnf2');
    expectJson(await formatResults('count', [pnf, eth0, pnf2, eth1, eth0], {}, fake()), { results: [{ 'p-interface': 3, pnf: 2 }] });
    // 16 types: the table grows from 16 to 32 bins at the 12th, and a bin's nodes are split.
    const types = 'pserver,complex,generic-vnf,vserver,tenant,cloud-region,l-interface,vf-module,service-instance,customer,pnf,p-interface,lag-interface,l3-network,subnet,logical-link'.split(',');
    expect(javaHashOrder(types)).toEqual(
      'generic-vnf,l-interface,subnet,lag-interface,pnf,service-instance,vf-module,cloud-region,pserver,p-interface,complex,vserver,l3-network,logical-link,tenant,customer'.split(','),
    );
  });

  it('reads no parameter: depth=all, nodesOnly and as-tree change nothing, nothing is rendered', async () => {
    const deps = fake();
    expectJson(await formatResults('count', [pnf], { depth: 'all', nodesOnly: 'true', 'as-tree': 'true' }, deps), { results: [{ pnf: 1 }] });
    expect(deps.renders).toEqual([]);
    expect(deps.edgeCalls).toBe(0);
  });
});

describe('pathed (PathedURL, UrlBuilder.pathed)', () => {
  it('PathedURLTest.testPathedUrlReturnsResourceVersionWhenIncludeUrlIsNotSet: resource-type and resource-link only', async () => {
    const deps = fake();
    expectJson(await formatResults('pathed', [pserver, eth0], {}, deps), {
      results: [
        { 'resource-type': 'pserver', 'resource-link': '/aai/v15/cloud-infrastructure/pservers/pserver/hostname-1' },
        { 'resource-type': 'p-interface', 'resource-link': '/aai/v15/network/pnfs/pnf/pnf1/p-interfaces/p-interface/eth0' },
      ],
    });
    expect(deps.renders).toEqual([]);
  });
});

describe('id (IdURL, UrlBuilder.id)', () => {
  it('UrlBuilderTest.v11Id: resource-link is base + version + "/resources/id/" + the id (the aai-uuid)', async () => {
    expectJson(await formatResults('id', [pserver], {}, fake()), {
      results: [{ 'resource-type': 'pserver', 'resource-link': '/aai/v15/resources/id/uuid-hostname-1' }],
    });
  });
});

describe('params (QueryParamInjector, params/Depth, params/NodesOnly)', () => {
  it('QueryParamInjectorTest: nodesOnly=true and depth=10 are injected; other parameters are not', async () => {
    const deps = fake();
    await formatResults('resource', [pnf], { nodesOnly: 'true', depth: '10', invalid: '1000' }, deps);
    expect(deps.renders[0]?.opts).toEqual({ depth: 10, nodesOnly: true, skipRelatedTo: false });
  });

  it('nodesOnly is Java\'s Boolean(String) ("TRUE" sets it, "yes" does not); A&AI\'s formats ignore nodes-only', async () => {
    const deps = fake();
    await formatResults('resource', [pnf], { nodesOnly: 'TRUE' }, deps);
    await formatResults('resource', [pnf], { nodesOnly: 'yes' }, deps);
    await formatResults('resource', [pnf], { 'nodes-only': '' }, deps);
    expect(deps.renders.map((r) => r.opts['nodesOnly'])).toEqual([true, false, false]);
  });

  it('depth is `new Integer(value)`: "all", "" and non-integers are AAI_4017 "issue with query params", in every format but count', async () => {
    for (const format of FORMATS.filter((f): f is Exclude<FormatName, 'count'> => f !== 'count')) {
      for (const depth of ['all', '', '1.5', '2147483648']) {
        const e = await rejected(formatResults(format, [pnf], { depth }, fake()));
        expect(e.code).toBe('AAI_4017');
        expect(errorMessage(e)).toBe('Could not set property:issue with query params');
        expect(e.status).toBe(400);
      }
    }
  });

  it('depth takes a sign (+2 is 2); a negative depth leaves the body empty (DBSerializer.dbToObject)', async () => {
    const deps = fake();
    await formatResults('resource', [pnf], { depth: '+2' }, deps);
    expect(deps.renders[0]?.opts['depth']).toBe(2);
    expectJson(await formatResults('resource', [pnf], { depth: '-1' }, deps), { results: [{ pnf: {} }] });
    expect(deps.renders).toHaveLength(1);
  });

  it('skip-related-to (Resource.Builder.isSkipRelatedTo): absent or "false" keeps related-to-property, anything else skips it', async () => {
    const deps = fake();
    for (const v of [undefined, 'false', 'true', 'bogus']) await formatResults('resource', [pnf], v === undefined ? {} : { 'skip-related-to': v }, deps);
    expect(deps.renders.map((r) => r.opts['skipRelatedTo'])).toEqual([false, false, true, true]);
  });

  it('as-tree=true (Formatter.output): the first object alone, unwrapped', async () => {
    expectJson(await formatResults('pathed', [pserver, pnf], { 'as-tree': 'True' }, fake()), {
      'resource-type': 'pserver',
      'resource-link': '/aai/v15/cloud-infrastructure/pservers/pserver/hostname-1',
    });
    expectJson(await formatResults('pathed', [pserver], { 'as-tree': 'false' }, fake()), {
      results: [{ 'resource-type': 'pserver', 'resource-link': '/aai/v15/cloud-infrastructure/pservers/pserver/hostname-1' }],
    });
  });
});

describe('resource and resource_and_url (Resource)', () => {
  it('ResourceFormatTest.testCreatePropertiesObjectReturnsProperProperties: {"<node-type>": the GET body}, depth 1 by default (Resource.Builder)', async () => {
    const deps = fake();
    expectJson(await formatResults('resource', [pnf, pserver], {}, deps), {
      results: [
        { pnf: { 'pnf-name': 'pnf1', 'equip-type': 'router', 'in-maint': false, 'resource-version': '7', rendered: 'depth=1' } },
        { pserver: { hostname: 'hostname-1', 'resource-version': '1', rendered: 'depth=1' } },
      ],
    });
    // One render of all the nodes, in their order, with the builder's defaults.
    expect(deps.renders).toEqual([{ uris: [pnf.uri, pserver.uri], opts: { depth: 1, nodesOnly: false, skipRelatedTo: false } }]);
    expect(deps.edgeCalls).toBe(0);
  });

  it('ResourceFormatTest.testFormattingUnknownVertex: depth=0 renders the nodes at depth 0', async () => {
    const deps = fake();
    await formatResults('resource', [pnf], { depth: '0' }, deps);
    expect(deps.renders[0]?.opts['depth']).toBe(0);
  });

  it('resource_and_url-format.json: "url" (pathed) first, then the node-type key', async () => {
    expectJson(await formatResults('resource_and_url', [eth0], {}, fake()), {
      results: [{ url: '/aai/v15/network/pnfs/pnf/pnf1/p-interfaces/p-interface/eth0', 'p-interface': { 'interface-name': 'eth0', rendered: 'depth=1' } }],
    });
  });
});

describe('raw (RawFormat)', () => {
  const edges = [
    edge(pserver, 'org.onap.relationships.inventory.LocatedIn', true, complex1),
    edge(complex1, 'org.onap.relationships.inventory.LocatedIn', false, pserver),
    edge(pnf, 'tosca.relationships.network.BindsTo', false, eth0),
    edge(pnf, 'org.onap.relationships.inventory.LocatedIn', true, complex2),
    edge(eth0, 'tosca.relationships.network.BindsTo', true, pnf),
    edge(vnf, 'org.onap.relationships.inventory.IsA', true, modelVer),
  ];

  it('RawFormatTest.verifyPserverRelatedToHasEdgeLabel / verifyPserverRelatedToComplexLabel / verifyComplexRelatedToPserverLabel', async () => {
    const body = await formatResults('raw', [pserver, complex1], {}, fake(edges));
    expectJson(body, {
      results: [
        {
          id: 'uuid-hostname-1',
          'node-type': 'pserver',
          url: '/aai/v15/cloud-infrastructure/pservers/pserver/hostname-1',
          properties: { hostname: 'hostname-1', 'resource-version': '1', 'aai-node-type': 'pserver', 'aai-uri': pserver.uri, 'aai-uuid': 'uuid-hostname-1' },
          'related-to': [{ id: 'uuid-physical-location-id-1', 'relationship-label': 'org.onap.relationships.inventory.LocatedIn', 'node-type': 'complex', url: `/aai/v15${complex1.uri}` }],
        },
        {
          id: 'uuid-physical-location-id-1',
          'node-type': 'complex',
          url: `/aai/v15${complex1.uri}`,
          properties: { 'physical-location-id': 'physical-location-id-1', country: 'US', 'aai-node-type': 'complex', 'aai-uri': complex1.uri, 'aai-uuid': 'uuid-physical-location-id-1' },
          'related-to': [{ id: 'uuid-hostname-1', 'relationship-label': 'org.onap.relationships.inventory.LocatedIn', 'node-type': 'pserver', url: '/aai/v15/cloud-infrastructure/pservers/pserver/hostname-1' }],
        },
      ],
    });
  });

  it('RawFormatTest.run (createPropertiesObject): every stored property, bookkeeping included, typed; a string list as its last element', async () => {
    const element = node('model-element', '/service-design-and-creation/models/model/m1/model-vers/model-ver/v1/model-elements/model-element/e1', {
      'model-element-uuid': 'e1',
      'new-data-del-flag': 'T',
      cardinality: 'unbounded',
      'linkage-points': ['a', 'b=c'],
      'aai-created-ts': 1700000000000,
      'source-of-truth': 'me',
    });
    const body = (await formatResults('raw', [element], { nodesOnly: 'true' }, fake())) as { results: Json[] };
    expectJson(body.results[0]?.['properties'], {
      'model-element-uuid': 'e1',
      'new-data-del-flag': 'T',
      cardinality: 'unbounded',
      'linkage-points': 'b=c',
      'aai-created-ts': 1700000000000,
      'aai-node-type': 'model-element',
      'aai-uri': element.uri,
      'aai-uuid': 'uuid-e1',
      'source-of-truth': 'me',
    });
    const pnfProps = ((await formatResults('raw', [pnf], { nodesOnly: 'true' }, fake())) as { results: Json[] }).results[0]?.['properties'] as Json;
    expect(pnfProps['in-maint']).toBe(false);
  });

  it('related-to: incoming edges first, then outgoing (Direction.IN, then OUT), parent/child and private edges included', async () => {
    const body = (await formatResults('raw', [pnf, eth0, vnf], {}, fake(edges))) as { results: Json[] };
    expectJson(body.results[0]?.['related-to'], [
      { id: 'uuid-eth0', 'relationship-label': 'tosca.relationships.network.BindsTo', 'node-type': 'p-interface', url: `/aai/v15${eth0.uri}` },
      { id: 'uuid-physical-location-id-2', 'relationship-label': 'org.onap.relationships.inventory.LocatedIn', 'node-type': 'complex', url: `/aai/v15${complex2.uri}` },
    ]);
    expectJson(body.results[1]?.['related-to'], [{ id: 'uuid-pnf1', 'relationship-label': 'tosca.relationships.network.BindsTo', 'node-type': 'pnf', url: '/aai/v15/network/pnfs/pnf/pnf1' }]);
    expectJson(body.results[2]?.['related-to'], [{ id: 'uuid-v1', 'relationship-label': 'org.onap.relationships.inventory.IsA', 'node-type': 'model-ver', url: `/aai/v15${modelVer.uri}` }]);
  });

  it('a node without edges has an empty related-to; nodesOnly=true leaves related-to out and reads no edge', async () => {
    expect(((await formatResults('raw', [modelVer], {}, fake(edges))) as { results: Json[] }).results[0]?.['related-to']).toEqual([]);
    const deps = fake(edges);
    const body = (await formatResults('raw', [pserver], { nodesOnly: 'true' }, deps)) as { results: Json[] };
    expect(Object.keys(body.results[0] ?? {})).toEqual(['id', 'node-type', 'url', 'properties']);
    expect(deps.edgeCalls).toBe(0);
    expect(deps.renders).toEqual([]);
  });
});

describe('simple (SimpleFormat: RawFormat.Builder.depth(0).modelDriven())', () => {
  const edges = [
    edge(vnf, 'org.onap.relationships.inventory.IsA', true, modelVer),
    edge(vnf, 'tosca.relationships.HostedOn', true, pserver),
    edge(pnf, 'tosca.relationships.network.BindsTo', false, eth0),
  ];

  it('MultiFormatTest expectedAsTreeWithSimpleFormat shape; SimpleFormatTest: properties are the GET body at depth 0, nodes only', async () => {
    const deps = fake(edges);
    expectJson(await formatResults('simple', [vnf, pnf], {}, deps), {
      results: [
        {
          id: 'uuid-vnf1',
          'node-type': 'generic-vnf',
          url: '/aai/v15/network/generic-vnfs/generic-vnf/vnf1',
          properties: { 'vnf-id': 'vnf1', 'vnf-name': 'vnf-name-1', rendered: 'depth=0' },
          // The private IsA edge to model-ver is left out (SimpleFormat.addEdge).
          'related-to': [{ id: 'uuid-hostname-1', 'relationship-label': 'tosca.relationships.HostedOn', 'node-type': 'pserver', url: '/aai/v15/cloud-infrastructure/pservers/pserver/hostname-1' }],
        },
        {
          id: 'uuid-pnf1',
          'node-type': 'pnf',
          url: '/aai/v15/network/pnfs/pnf/pnf1',
          properties: { 'pnf-name': 'pnf1', 'equip-type': 'router', 'in-maint': false, 'resource-version': '7', rendered: 'depth=0' },
          'related-to': [{ id: 'uuid-eth0', 'relationship-label': 'tosca.relationships.network.BindsTo', 'node-type': 'p-interface', url: `/aai/v15${eth0.uri}` }],
        },
      ],
    });
    expect(deps.renders).toEqual([{ uris: [vnf.uri, pnf.uri], opts: { depth: 0, nodesOnly: true, skipRelatedTo: false } }]);
  });

  it('SimpleFormatTest.testFormattingUnknownVertex: depth is injected (depth=2 renders the properties at depth 2)', async () => {
    const deps = fake(edges);
    await formatResults('simple', [pnf], { depth: '2' }, deps);
    expect(deps.renders[0]?.opts).toEqual({ depth: 2, nodesOnly: true, skipRelatedTo: false });
  });

  it('nodesOnly=true leaves related-to out; as-tree=true answers the first object', async () => {
    const deps = fake(edges);
    expectJson(await formatResults('simple', [pnf, vnf], { nodesOnly: 'true', 'as-tree': 'true' }, deps), {
      id: 'uuid-pnf1',
      'node-type': 'pnf',
      url: '/aai/v15/network/pnfs/pnf/pnf1',
      properties: { 'pnf-name': 'pnf1', 'equip-type': 'router', 'in-maint': false, 'resource-version': '7', rendered: 'depth=0' },
    });
    expect(deps.edgeCalls).toBe(0);
  });
});
