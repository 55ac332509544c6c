/**
 * A&AI's stored ("custom") queries (aai-traversal `schema/onap/query/stored-queries.json`, run by
 * QueryConsumer through GenericQueryProcessor as Gremlin from the start vertices): the ones ONAP's
 * clients call and more, each written here as the steps its Gremlin takes, and turned into a
 * traversal plan (dsl-plan.ts) that src/store/traversal-cypher.ts compiles to ONE Cypher statement.
 *
 * The steps mean what A&AI's GraphTraversalBuilder makes of them:
 * - `hop(kind, from, to)` is createEdgeTraversal(EdgeType.TREE|COUSIN, from, to): the edge rules
 *   between the two types of that kind (containment or not; never private ones), followed out or
 *   in as each rule's direction says, to vertices of type `to`; `private` is
 *   createPrivateEdgeTraversal (the private rules: model-ver's IsA), `any` createEdgeTraversal
 *   without an edge type (every non-private rule). Labels narrow the rules
 *   (createEdgeTraversalWithLabels). No rule at all: every edge, to vertices of type `to`.
 * - `S` is store('x'): the vertices where it stands are results (`.cap('x').unfold().dedup()`);
 *   after a union, the union's vertices.
 * - `has(prop, value)` is getVerticesByProperty: a literal, or a query parameter; an optional
 *   parameter not given drops the test (A&AI's MissingOptionalParameter).
 * - `where(...)` keeps the vertices from which the steps reach something; `union(...)` follows every branch.
 */
import { AaiError } from '../../errors.js';
import { isTreeRule, storedEnds } from '../../schema/edge-rules.js';
import type { Schema } from '../../schema/schema.js';
import type { Scalar } from '../model.js';
import type { PlanEdges, PlanStep, PlanTest, PlanVertex, PlanWhere } from './dsl-plan.js';

export type EdgeKind = 'tree' | 'cousin' | 'private' | 'any';
type Value = { param: string } | { literal: string };

export type QueryStep =
  | { kind: 'hop'; edge: EdgeKind; from: string; to: string; labels?: readonly string[] }
  | { kind: 'store' }
  | { kind: 'has'; prop: string; value: Value }
  | { kind: 'where'; steps: readonly QueryStep[] }
  | { kind: 'union'; branches: readonly (readonly QueryStep[])[] };

export interface StoredQuery {
  /** The node type its start URIs name (what A&AI's query expects; other starts simply reach less). */
  start: string;
  required: readonly string[];
  optional: readonly string[];
  steps: readonly QueryStep[];
}

const S: QueryStep = { kind: 'store' };
const hop = (edge: EdgeKind) => (from: string, to: string, labels?: readonly string[]): QueryStep => ({ kind: 'hop', edge, from, to, ...(labels ? { labels } : {}) });
const T = hop('tree');
const C = hop('cousin');
const P = hop('private');
const A = hop('any');
const U = (...branches: QueryStep[][]): QueryStep => ({ kind: 'union', branches });
const W = (...steps: QueryStep[]): QueryStep => ({ kind: 'where', steps });
const has = (prop: string, value: string): QueryStep => ({ kind: 'has', prop, value: { literal: value } });
const hasParam = (prop: string, param: string): QueryStep => ({ kind: 'has', prop, value: { param } });
const q = (start: string, steps: QueryStep[], required: string[] = [], optional: string[] = []): StoredQuery => ({ start, required, optional, steps });

const GV = 'generic-vnf';
const SI = 'service-instance';
const VS = 'vserver';
const CR = 'cloud-region';
/** vserver → tenant → cloud-region, each stored. */
const toCloudRegion = (store: boolean): QueryStep[] => (store ? [T(VS, 'tenant'), S, T('tenant', CR), S] : [T(VS, 'tenant'), T('tenant', CR)]);

/** The stored queries this service answers, by A&AI's name (first definition wins, as GetCustomQueryConfig reads them). */
export const STORED_QUERIES: ReadonlyMap<string, StoredQuery> = new Map<string, StoredQuery>([
  // Policy (closed loops): A&AI has two closed-loop entries; GetCustomQueryConfig takes the first.
  ['closed-loop', q(VS, [S, U([C(VS, GV), S, U([C(GV, SI), S], [T(GV, 'vf-module'), S])], toCloudRegion(true))])],
  // SO
  ['pservers-fromVnf', q(GV, [U([C(GV, 'pserver'), S], [C(GV, VS), C(VS, 'pserver'), S])])],
  // SDN-C (GENERIC-RESOURCE-API directed graphs, through CCSDK's AAIService custom-query)
  ['cloud-region-fromVnf', q(GV, [S, U([C(GV, 'vnfc'), S, C('vnfc', VS), S, U([C(VS, 'pserver'), S], toCloudRegion(true))], [C(GV, VS), S, U([C(VS, 'pserver'), S], toCloudRegion(true))])])],
  ['owning-entity-fromService-instance', q(SI, [C(SI, 'owning-entity'), S])],
  ['network-name-fromNetwork-role', q(CR, [C(CR, 'l3-network'), hasParam('network-role', 'networkRole'), S, C('l3-network', 'network-policy'), S], ['networkRole'])],
  [
    'vserver-fromVnf',
    q(GV, [C(GV, 'vnfc'), hasParam('nfc-naming-code', 'nfcNamingCode'), S, C('vnfc', VS), S, T(VS, 'l-interface'), S, U([T('l-interface', 'l3-interface-ipv4-address-list'), S], [T('l-interface', 'l3-interface-ipv6-address-list'), S])], ['nfcNamingCode']),
  ],
  ['vfModule-fromServiceInstance', q(SI, [C(SI, GV), T(GV, 'vf-module'), S])],
  ['vnfs-fromServiceInstance', q(SI, [C(SI, GV), S])],
  [
    'vserver-l-interfaces-fromVnfc',
    q('vnfc', [W(C('vnfc', VS), T(VS, 'l-interface'), hasParam('network-name', 'networkName')), C('vnfc', VS), S, T(VS, 'l-interface'), hasParam('network-name', 'networkName'), S, T('l-interface', 'l-interface'), S, T('l-interface', 'vlan'), S], [], ['networkName']),
  ],
  ['getNetworks', q('owning-entity', [C('owning-entity', SI), C(SI, 'l3-network'), hasParam('network-role', 'networkRole'), W(C('l3-network', CR), hasParam('cloud-region-id', 'cloudRegionId')), S], ['networkRole', 'cloudRegionId'])],
  // More of A&AI's queries.
  ['cloud-region-sites', q(CR, [has('aai-node-type', CR), hasParam('cloud-owner', 'owner'), S, C(CR, 'complex'), S], ['owner'])],
  ['pserver-fromConfiguration', q('configuration', [S, C('configuration', 'logical-link'), U([C('logical-link', 'l-interface'), S, T('l-interface', VS), C(VS, 'pserver'), S], [C('logical-link', GV), S, C(GV, 'pnf'), S])])],
  ['vnf-to-service-instance', q(GV, [S, C(GV, SI), S, C(SI, GV), S])],
  ['so-request-vfModule', q('vf-module', [S, U([T('vf-module', GV), S, C(GV, SI), S], [C('vf-module', VS), ...toCloudRegion(false), S], [C('vf-module', 'volume-group'), S])])],
  ['ucpe-instance', q('pserver', [S, U([C('pserver', 'complex')], [C('pserver', CR), C(CR, 'complex')]), S])],
  ['getComplexAndPservers', q('complex', [S, C('complex', 'pserver'), S])],
  ['getComplexByPnfName', q('pnf', [S, C('pnf', 'complex'), S])],
  ['vnf-to-esr-system-info', q(GV, [S, C(GV, VS), S, ...toCloudRegion(true), T(CR, 'esr-system-info'), S])],
  ['getTenantInfoAtSvcInstance', q(SI, [S, C(SI, GV), S, C(GV, VS), S, ...toCloudRegion(true), C(CR, 'complex'), S])],
  [
    'getServiceInstanceSummary',
    q(SI, [S, U([C(SI, 'l3-network'), C('l3-network', CR), S], [T(SI, 'service-subscription'), S, T('service-subscription', 'customer'), S], [C(SI, GV), C(GV, VS), ...toCloudRegion(false), S])]),
  ],
  ['getLogicalLinkByCloudRegionId', q(CR, [S, C(CR, 'logical-link'), S])],
  ['getPinterfacePhysicalLinkBySvcInstId', q(SI, [S, C(SI, GV), S, C(GV, VS), S, C(VS, 'pserver'), S, T('pserver', 'p-interface'), S, C('p-interface', 'physical-link'), S])],
  ['vnf-vserver-fromCustomer', q('customer', [T('customer', 'service-subscription'), T('service-subscription', SI), C(SI, GV), S, C(GV, VS), S])],
  ['topology-summary-fromTenant', q('tenant', [S, U([T('tenant', CR), S], [T('tenant', VS), S, U([C(VS, GV), S], [C(VS, 'pserver'), S])])])],
  ['network-collection-ByServiceInstance', q(SI, [S, C(SI, 'collection'), S, C('collection', 'instance-group'), S, C('instance-group', 'l3-network'), S])],
  ['getSvcSubscriberModelInfo', q(SI, [S, U([T(SI, 'service-subscription'), S], [P(SI, 'model-ver'), S])])],
  ['cloudRegion-fromNfType', q(GV, [C(GV, VS), ...toCloudRegion(false), S])],
  ['nfType-fromCloudRegion', q(CR, [T(CR, 'tenant'), T('tenant', VS), C(VS, GV), S])],
  ['availabilityZoneAndComplex-fromCloudRegion', q(CR, [U([T(CR, 'availability-zone'), S], [C(CR, 'complex'), S])])],
  ['locationNetTypeNetRole-fromCloudRegion', q(CR, [S, C(CR, 'complex'), S, C('complex', 'l3-network'), S])],
  ['complex-fromVnf', q(GV, [S, U([C(GV, 'pserver'), S, C('pserver', 'complex')], [C(GV, VS), C(VS, 'pserver'), S, C('pserver', 'complex')]), S])],
  [
    'genericVnfs-fromPserver',
    q(
      'pserver',
      [U([C('pserver', GV)], [C('pserver', VS), A(VS, GV)]), hasParam('vnf-type', 'vnfType'), hasParam('nf-function', 'nfFunction'), hasParam('nf-role', 'nfRole'), hasParam('nf-naming-code', 'nfNamingCode'), S],
      [],
      ['vnfType', 'nfFunction', 'nfRole', 'nfNamingCode'],
    ),
  ],
  ['sites-byCloudRegionId', q(CR, [C(CR, 'l3-network'), C('l3-network', 'complex'), S])],
  ['cloudRegion-fromCountry', q('complex', [C('complex', CR), S])],
  ['cloudRegion-fromCountryCloudRegionVersion', q('complex', [C('complex', CR), hasParam('cloud-region-version', 'cloudRegionVersion'), S], ['cloudRegionVersion'])],
  ['pnf-from-model', q(SI, [C(SI, 'pnf'), hasParam('equip-vendor', 'equipVendor'), hasParam('equip-model', 'equipModel'), S], ['equipVendor', 'equipModel'])],
  ['images-fromCloudRegionNfType', q(CR, [T(CR, 'tenant'), T('tenant', VS), W(C(VS, GV), hasParam('nf-type', 'nfType')), C(VS, 'image'), S], ['nfType'])],
  ['vserverlogicallink-frompServer', q('pserver', [C('pserver', VS), S, T(VS, 'l-interface'), C('l-interface', 'logical-link'), S])],
  ['getVnfVlanByCircuitId', q('logical-link', [S, C('logical-link', 'vlan'), S, T('vlan', 'l-interface'), S, T('l-interface', GV), S])],
  ['getL3networkCloudRegionByNetworkRole', q('l3-network', [S, C('l3-network', GV), S, C(GV, VS), S, ...toCloudRegion(true)])],
]);

/** A&AI's `related-to` query: from the start, the nodes of one type related by edges of one kind (all kinds when `edgeType` is not given). */
export const RELATED_TO = 'related-to';
const RELATED_TO_QUERY = { required: ['startingNodeType', 'relatedToNodeType'], optional: ['edgeType'] } as const;

/** Every stored query's parameters (required, optional), by name: the registry and `related-to`. */
export function storedQueryParams(name: string): { required: readonly string[]; optional: readonly string[] } | undefined {
  if (name === RELATED_TO) return RELATED_TO_QUERY;
  return STORED_QUERIES.get(name);
}

/** The names this service answers, sorted. */
export const STORED_QUERY_NAMES: readonly string[] = [...STORED_QUERIES.keys(), RELATED_TO].sort();

/** The steps of a stored query for these parameters (`related-to`'s depend on them). */
export function queryStepsOf(schema: Schema, name: string, params: Readonly<Record<string, string>>): StoredQuery | undefined {
  if (name !== RELATED_TO) return STORED_QUERIES.get(name);
  const from = params['startingNodeType'] ?? '';
  const to = params['relatedToNodeType'] ?? '';
  for (const type of [from, to]) if (!schema.nodeTypes.has(type)) throw new AaiError('AAI_6115', `Unknown node type ${type} in the related-to query`);
  const edgeType = params['edgeType'];
  // Groovy coerces the parameter to EdgeType by its name.
  const kind: EdgeKind = edgeType === undefined ? 'any' : edgeType === 'TREE' ? 'tree' : edgeType === 'COUSIN' ? 'cousin' : 'any';
  if (edgeType !== undefined && kind === 'any') throw new AaiError('AAI_3000', `edgeType must be TREE or COUSIN, not ${edgeType}`);
  return { ...RELATED_TO_QUERY, start: from, steps: [hop(kind)(from, to), S] };
}

/** The relationship types of a hop (GraphTraversalBuilder.edgeQueryToVertex); none when no rule matches. */
export function hopEdges(schema: Schema, h: Extract<QueryStep, { kind: 'hop' }>): PlanEdges {
  const out = new Set<string>();
  const inn = new Set<string>();
  for (const rule of schema.edgeRules.between(h.from, h.to)) {
    if (h.edge === 'private' ? !rule.isPrivate : rule.isPrivate) continue;
    if (h.edge === 'tree' && !isTreeRule(rule)) continue;
    if (h.edge === 'cousin' && isTreeRule(rule)) continue;
    if (h.labels && !h.labels.includes(rule.label)) continue;
    const { outType, inType } = storedEnds(rule);
    if (outType === h.from && inType === h.to) out.add(rule.label);
    if (outType === h.to && inType === h.from) inn.add(rule.label);
  }
  return { out: [...out].sort(), in: [...inn].sort() };
}

/** A value of a test, typed like the property (getVerticesByProperty compares typed values). */
function typed(schema: Schema, type: string, prop: string, value: string): Scalar {
  const kind = schema.nodeTypes.has(type) ? schema.type(type).properties[prop]?.type : undefined;
  if (kind === 'boolean') return value.toLowerCase() === 'true';
  if (kind === 'integer' && /^[+-]?\d+$/.test(value)) return Number(value);
  return value;
}

/** Where the steps stand: a vertex, or a union's vertices. */
type Position = { vertex: PlanVertex } | { union: Extract<PlanStep, { kind: 'union' }>; ends: PlanVertex[] };

/**
 * The plan of a stored query's steps from the start vertex `start` (whose tests, where-filters and
 * output the steps before the first hop set), with the request's parameters bound.
 */
export class QueryPlanner {
  constructor(
    private readonly schema: Schema,
    private readonly params: Readonly<Record<string, string>>,
  ) {}

  /** The steps from `at`; returns them and where they end. */
  steps(at: Position, steps: readonly QueryStep[], inWhere: boolean): { steps: PlanStep[]; at: Position } {
    const out: PlanStep[] = [];
    for (const step of steps) {
      switch (step.kind) {
        case 'store':
          if (inWhere) throw new Error('store inside a where');
          if ('vertex' in at) at.vertex.output = true;
          else at.union.output = true;
          break;
        case 'has': {
          const value = 'literal' in step.value ? step.value.literal : this.params[step.value.param];
          if (value === undefined) break; // an optional parameter not given
          for (const v of 'vertex' in at ? [at.vertex] : at.ends) {
            if (v.output) throw new Error('a test after a store');
            const test: PlanTest = { kind: 'in', prop: step.prop, values: [typed(this.schema, v.type, step.prop, value)], list: false };
            v.tests.push(test);
          }
          break;
        }
        case 'where': {
          if (!('vertex' in at)) throw new Error('a where after a union');
          const where: PlanWhere = { negated: false, steps: this.steps({ vertex: { ...at.vertex, tests: [], wheres: [], output: false } }, step.steps, true).steps };
          at.vertex.wheres.push(where);
          break;
        }
        case 'hop': {
          const vertex: PlanVertex = { type: step.to, tests: [], wheres: [], output: false };
          out.push({ kind: 'hop', edges: hopEdges(this.schema, step), vertex });
          at = { vertex };
          break;
        }
        case 'union': {
          const branches = step.branches.map((b) => this.steps(at, b, inWhere));
          const union: Extract<PlanStep, { kind: 'union' }> = { kind: 'union', branches: branches.map((b) => b.steps), output: false };
          out.push(union);
          at = { union, ends: branches.flatMap((b) => ('vertex' in b.at ? [b.at.vertex] : b.at.ends)) };
          break;
        }
      }
    }
    return { steps: out, at };
  }
}
