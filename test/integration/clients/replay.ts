/**
 * What the client replays share: a wire-level agent that sends exactly the method, URL, headers and
 * body text a real A&AI client sends (no defaults added but supertest's own Host/Content-Length),
 * the URIs of the node types the replays use, and small readers of A&AI's answers the way the
 * clients read them. The replays run against the real app on the run's Neo4j (test/helpers/app.ts).
 */
import supertest from 'supertest';
import type Koa from 'koa';
import type { AppState } from '../../../src/http/context.js';
import { testApp } from '../../helpers/app.js';

export const V = '/aai/v15';

/** One HTTP call as a client puts it on the wire. */
export interface Call {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** Path and query exactly as the client builds them (under /aai/v15). */
  url: string;
  /** Headers on top of the client's fixed ones (e.g. the PATCH override, a per-call Content-Type). */
  headers?: Record<string, string>;
  /** The body text exactly as the client serialises it; an object is sent as JSON.stringify of it. */
  body?: string | object;
}

export interface Reply {
  status: number;
  /** The parsed JSON body (supertest parses JSON answers), or {} for an empty or non-JSON one. */
  body: Record<string, unknown>;
  text: string;
  headers: Record<string, string>;
}

/** A client's wire: its fixed headers on every call (as its REST layer sets them). */
export function wire(fixed: Record<string, string>, app: Koa<AppState> = testApp()): (call: Call) => Promise<Reply> {
  const agent = supertest(app.callback());
  return async (call) => {
    const m = call.method.toLowerCase() as 'get' | 'put' | 'post' | 'delete' | 'patch';
    let req = agent[m](call.url).set(fixed);
    if (call.headers) req = req.set(call.headers);
    if (call.body !== undefined) req = req.send(typeof call.body === 'string' ? call.body : JSON.stringify(call.body));
    const res = await req;
    const body = res.body !== null && typeof res.body === 'object' && !Array.isArray(res.body) ? (res.body as Record<string, unknown>) : {};
    return { status: res.status, body, text: res.text ?? '', headers: res.headers as Record<string, string> };
  };
}

/** `Basic base64(user:password)`. */
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// ---- URIs (canonical A&AI URIs, without the /aai/v15 prefix) -------------------------------------

export const uri = {
  customer: (c: string) => `/business/customers/customer/${c}`,
  subscription: (c: string, t: string) => `${uri.customer(c)}/service-subscriptions/service-subscription/${t}`,
  serviceInstance: (c: string, t: string, si: string) => `${uri.subscription(c, t)}/service-instances/service-instance/${si}`,
  vnf: (id: string) => `/network/generic-vnfs/generic-vnf/${id}`,
  vfModule: (vnf: string, m: string) => `${uri.vnf(vnf)}/vf-modules/vf-module/${m}`,
  vnfLInterface: (vnf: string, lif: string) => `${uri.vnf(vnf)}/l-interfaces/l-interface/${lif}`,
  l3Network: (id: string) => `/network/l3-networks/l3-network/${id}`,
  subnet: (net: string, s: string) => `${uri.l3Network(net)}/subnets/subnet/${s}`,
  instanceGroup: (id: string) => `/network/instance-groups/instance-group/${id}`,
  pnf: (name: string) => `/network/pnfs/pnf/${name}`,
  pInterface: (pnf: string, pif: string) => `${uri.pnf(pnf)}/p-interfaces/p-interface/${pif}`,
  cloudRegion: (o: string, r: string) => `/cloud-infrastructure/cloud-regions/cloud-region/${o}/${r}`,
  tenant: (o: string, r: string, t: string) => `${uri.cloudRegion(o, r)}/tenants/tenant/${t}`,
  vserver: (o: string, r: string, t: string, v: string) => `${uri.tenant(o, r, t)}/vservers/vserver/${v}`,
  image: (o: string, r: string, i: string) => `${uri.cloudRegion(o, r)}/images/image/${i}`,
  flavor: (o: string, r: string, f: string) => `${uri.cloudRegion(o, r)}/flavors/flavor/${f}`,
  volumeGroup: (o: string, r: string, g: string) => `${uri.cloudRegion(o, r)}/volume-groups/volume-group/${g}`,
  complex: (id: string) => `/cloud-infrastructure/complexes/complex/${id}`,
  pserver: (host: string) => `/cloud-infrastructure/pservers/pserver/${host}`,
  project: (name: string) => `/business/projects/project/${name}`,
  owningEntity: (id: string) => `/business/owning-entities/owning-entity/${id}`,
  platform: (name: string) => `/business/platforms/platform/${name}`,
  lineOfBusiness: (name: string) => `/business/lines-of-business/line-of-business/${name}`,
};

export const LABEL = {
  belongsTo: 'org.onap.relationships.inventory.BelongsTo',
  composedOf: 'org.onap.relationships.inventory.ComposedOf',
  dependsOn: 'org.onap.relationships.inventory.DependsOn',
  hostedOn: 'tosca.relationships.HostedOn',
  locatedIn: 'org.onap.relationships.inventory.LocatedIn',
  uses: 'org.onap.relationships.inventory.Uses',
} as const;

// ---- reading A&AI's answers as the clients do ---------------------------------------------------

export interface RelationshipData {
  'relationship-key': string;
  'relationship-value': string;
}

export interface Relationship {
  'related-to'?: string;
  'relationship-label'?: string;
  'related-link'?: string;
  'relationship-data'?: RelationshipData[];
  'related-to-property'?: { 'property-key': string; 'property-value': string }[];
}

/** relationship-list.relationship[] of a node body (empty when absent). */
export function relationshipsOf(body: Record<string, unknown>): Relationship[] {
  const list = body['relationship-list'] as { relationship?: Relationship[] } | undefined;
  return list?.relationship ?? [];
}

/** The items of a plural answer `{"<type>": [...]}` (empty when absent). */
export function itemsOf(body: Record<string, unknown>, type: string): Record<string, unknown>[] {
  const items = body[type];
  return Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
}

/** The `results` array of a format=… answer (empty when absent). */
export function resultsOf(body: Record<string, unknown>): Record<string, unknown>[] {
  const r = body['results'];
  return Array.isArray(r) ? (r as Record<string, unknown>[]) : [];
}

/**
 * What SO makes of a related-link or resource-link (HttpLookupUri.extractRelatedLink,
 * SimpleBaseUri(type, URI)): the raw path of the link, with every /aai/vNN removed.
 */
export function soStripVersion(link: string): string {
  return new URL(link, 'http://aai.onap').pathname.replace(/\/aai\/v\d+/g, '');
}

/** The relationship-value of `key` in a relationship (undefined when absent). */
export function relData(rel: Relationship, key: string): string | undefined {
  return rel['relationship-data']?.find((d) => d['relationship-key'] === key)?.['relationship-value'];
}
