/**
 * A&AI's search API (aai-traversal SearchProvider), read in one read transaction within the read
 * budget (src/domain/traversal/search.ts):
 *   GET /aai/v15/search/nodes-query?search-node-type=…&filter=…&edge-filter=…
 *   GET /aai/v15/search/generic-query?start-node-type=…&key=…&include=…&depth=…
 * Both answer A&AI's search-results as MOXy writes them, without the root element:
 * `{"result-data":[{"resource-type":"pnf","resource-link":"/aai/v15/network/pnfs/pnf/p1"}]}`, and
 * `{}` when a nodes-query finds nothing; a generic query that finds nothing answers 204 with no body
 * (A&AI returns a null Response). Errors name ["GET Search", "getNodesQueryResponse" |
 * "getGenericQueryResponse"], as SearchProvider's do.
 */
import type { Config } from '../config.js';
import type { GraphStorePort, NodeRef } from '../domain/ports.js';
import { ReadBudget } from '../domain/read.js';
import { planGenericQuery, planNodesQuery, runGenericQuery, runNodesQuery, MAX_GENERIC_DEPTH } from '../domain/traversal/search.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { jsonContent, ref } from './api-schemas.js';
import { queryValues, type AppContext } from './context.js';
import { unsupportedMethod, type ParameterDoc, type Route } from './routes.js';

export interface SearchDeps {
  schema: Schema;
  store: GraphStorePort;
  config: Config;
}

/** A&AI's search-results body (JSON_MARSHAL_EMPTY_COLLECTIONS off: no nodes, no result-data). */
export function searchResults(version: string, nodes: readonly NodeRef[]): Record<string, unknown> {
  if (nodes.length === 0) return {};
  return { 'result-data': nodes.map((n) => ({ 'resource-type': n.type, 'resource-link': `/aai/${version}${n.uri}` })) };
}

/** Run a search endpoint's work; its A&AI errors answer with SearchProvider's template variables. */
async function asSearch(ctx: AppContext, operation: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    throw e instanceof AaiError ? e.withVars(['GET Search', operation]) : e;
  }
}

const repeated = (name: string, description: string, example: string): ParameterDoc => ({
  name,
  in: 'query',
  description,
  schema: { type: 'array', items: { type: 'string' }, examples: [[example]] },
});

const NODES_PARAMS: readonly ParameterDoc[] = [
  { name: 'search-node-type', in: 'query', required: true, description: 'The node type searched', schema: { type: 'string', examples: ['vserver'] } },
  repeated('filter', 'Repeatable, all must hold: `<property>:EQUALS:<value>`, `<property>:DOES-NOT-EQUAL:<value>` (a node without the property passes), `<property>:EXISTS`, `<property>:DOES-NOT-EXIST`. The value is everything after the second colon. An equality on a key or indexed property seeks its index; otherwise the search reads every node of the type', 'vserver-name:EQUALS:vs1'),
  repeated('edge-filter', 'Repeatable, all must hold (A&AI applies only the first): `<type>:EXISTS`, `<type>:DOES-NOT-EXIST`, or with `:<property>:<value>` — an edge to a node of the type (with that value) exists, or none does', 'pserver:EXISTS:hostname:host1'),
];

const GENERIC_PARAMS: readonly ParameterDoc[] = [
  { name: 'start-node-type', in: 'query', required: true, description: 'The start node\'s type', schema: { type: 'string', examples: ['tenant'] } },
  repeated('key', 'Repeatable: `<type>.<property>:<value>`, every key of the start node and of its parents, as relationship-data names a node; a service-instance may be named by any one property (`service-instance.service-instance-name:x`)', 'cloud-region.cloud-owner:owner1'),
  repeated('include', 'Repeatable: the node types answered, or `all`', 'vserver'),
  { name: 'depth', in: 'query', description: `How many edges from the start node to go (any edge, either direction), 0 to ${MAX_GENERIC_DEPTH}`, schema: { type: 'integer', maximum: MAX_GENERIC_DEPTH, default: 0 } },
];

const RESULTS = jsonContent(ref('search-results'));

/** The search API's routes; any other method on their paths is A&AI's 400 AAI_3012. */
export function searchRoutes(deps: SearchDeps): Route[] {
  const { schema, store, config } = deps;
  const at = (endpoint: string): string => `/aai/:version/search/${endpoint}`;
  const other = (endpoint: string): Route => ({ name: `search.${endpoint}.other`, method: '*', path: at(endpoint), access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod });

  const nodesQuery = (ctx: AppContext): Promise<void> =>
    asSearch(ctx, 'getNodesQueryResponse', async () => {
      const plan = planNodesQuery(schema, queryValues(ctx));
      const nodes = await store.read((reader) => runNodesQuery(reader, plan, new ReadBudget(config.budget.readObjects)));
      ctx.body = searchResults(schema.version, nodes);
    });

  const genericQuery = (ctx: AppContext): Promise<void> =>
    asSearch(ctx, 'getGenericQueryResponse', async () => {
      const plan = planGenericQuery(schema, queryValues(ctx));
      const nodes = await store.read((reader) => runGenericQuery(reader, plan, new ReadBudget(config.budget.readObjects)));
      if (nodes.length === 0) {
        ctx.status = 204;
        return;
      }
      ctx.body = searchResults(schema.version, nodes);
    });

  return [
    {
      name: 'search.nodes-query',
      method: 'GET',
      path: at('nodes-query'),
      access: 'read',
      summary: "A&AI's nodes query: the nodes of a type that pass property and edge filters",
      doc: {
        tags: ['search'],
        description: 'Every node of the type that passes every filter and edge filter, in URI order. Counted against the read budget (READ_MAX_OBJECTS): more nodes than it are refused with AAI_3303',
        parameters: NODES_PARAMS,
        responses: { '200': { description: 'The nodes found (`{}` when none)', content: RESULTS } },
      },
      handle: nodesQuery,
    },
    other('nodes-query'),
    {
      name: 'search.generic-query',
      method: 'GET',
      path: at('generic-query'),
      access: 'read',
      summary: "A&AI's generic query: the nodes of the included types within some edges of one node",
      doc: {
        tags: ['search'],
        description: 'The start node (when its type is included) and the nodes of the included types within `depth` edges of it, in URI order. Every node the walk reaches counts against the read budget (READ_MAX_OBJECTS), included or not: past it, AAI_3303',
        parameters: GENERIC_PARAMS,
        responses: {
          '200': { description: 'The nodes found', content: RESULTS },
          '204': { description: 'The start node exists but nothing of the included types was found (A&AI answers no body)' },
        },
        errors: [404],
      },
      handle: genericQuery,
    },
    other('generic-query'),
  ];
}
