/**
 * A&AI's DSL (aai-traversal DslConsumer, DSL v2): `PUT /aai/v15/dsl?format=…` with the body
 * `{"dsl": "pnf*('pnf-name','p1') > p-interface*"}`, checked before any database work, run as one
 * Cypher read statement seeking an index from its start, in one read transaction within the read
 * budget, and answered in A&AI's query formats (src/domain/traversal/dsl.ts).
 */
import type { Config } from '../config.js';
import type { GraphStorePort } from '../domain/ports.js';
import { ReadBudget } from '../domain/read.js';
import { planDslRequest, runDsl } from '../domain/traversal/dsl.js';
import { planQueryRequest, runQuery } from '../domain/traversal/query.js';
import { STORED_QUERY_NAMES } from '../domain/traversal/stored-queries.js';
import { AaiError } from '../errors.js';
import { FORMATS } from '../domain/formats.js';
import type { Schema } from '../schema/schema.js';
import { jsonContent, ref } from './api-schemas.js';
import { requestBody } from './body.js';
import { firstQueryValues, type AppContext } from './context.js';
import { consumerVars } from './error-middleware.js';
import { unsupportedMethod, type ParameterDoc, type Route } from './routes.js';

export interface TraversalDeps {
  schema: Schema;
  store: GraphStorePort;
  config: Config;
}

const PARAMS: readonly ParameterDoc[] = [
  {
    name: 'format',
    in: 'query',
    description: `The answer's format: ${FORMATS.join(', ')}. A&AI's default, graphson, is not answered (AAI_6120), so a request names its format`,
    schema: { type: 'string', enum: [...FORMATS], examples: ['resource'] },
  },
  { name: 'depth', in: 'query', description: 'Levels of children in the resource formats (default 1; simple: 0)', schema: { type: 'integer', examples: [0] } },
  { name: 'nodesOnly', in: 'query', description: '`true`: no relationships (A&AI\'s format parameter)', schema: { type: 'string', examples: ['true'] } },
  { name: 'as-tree', in: 'query', description: '`true`: the first result alone, without `results`', schema: { type: 'string', examples: ['true'] } },
  {
    name: 'validate',
    in: 'query',
    description: 'A&AI\'s query rules to apply: `all` (default), `loop`, `nodeCount`, or `none`',
    schema: { type: 'string', default: 'all', examples: ['none'] },
  },
];

const DSL_REQUEST = { dsl: "pnf*('pnf-name','pnf-1') > p-interface*" };
/** Policy's closed-loop query (AaiCustomQueryOperation). */
const QUERY_REQUEST = { start: '/cloud-infrastructure/cloud-regions/cloud-region/o1/r1/tenants/tenant/t1/vservers/vserver/vs-1', query: 'query/closed-loop' };

/** The DSL's and the stored queries' routes; any other method on their paths is A&AI's 400 AAI_3012. */
export function traversalRoutes(deps: TraversalDeps): Route[] {
  const { schema, store, config } = deps;
  const dsl = async (ctx: AppContext): Promise<void> => {
    const req = planDslRequest(schema, requestBody(ctx, config.input.maxJsonDepth), firstQueryValues(ctx));
    ctx.body = await store.read((reader) => runDsl(schema, reader, req, new ReadBudget(config.budget.readObjects)));
  };
  const query = async (ctx: AppContext): Promise<void> => {
    try {
      const req = planQueryRequest(schema, requestBody(ctx, config.input.maxJsonDepth), firstQueryValues(ctx));
      ctx.body = await store.read((reader) => runQuery(schema, reader, req, new ReadBudget(config.budget.readObjects)));
    } catch (e) {
      // QueryConsumer answers its errors as a GET's (consumerExceptionResponseGenerator with HttpMethod.GET).
      throw e instanceof AaiError ? e.withVars(consumerVars(ctx, 'GET')) : e;
    }
  };
  return [
    {
      name: 'traversal.query',
      method: 'PUT',
      path: '/aai/:version/query',
      access: 'read',
      summary: "A&AI's stored queries: a named traversal from start URIs",
      doc: {
        tags: ['traversal'],
        description: `A&AI's stored ("custom") query, run as one read from the nodes the start URIs name (each read as a GET path reads it, a query string filtering a container). The query's parameters are in the \`query\` string (\`query/network-name-fromNetwork-role?networkRole=r\`); the request's own parameters are the format's. Missing parameters are AAI_3013, unknown ones AAI_3022, an unknown query AAI_3014, no start node AAI_6148, depth over 1 AAI_3303. Results: the nodes the query stores, each once, in URI order. Queries answered: ${STORED_QUERY_NAMES.join(', ')}`,
        parameters: PARAMS.filter((p) => p.name !== 'validate'),
        body: { required: true, content: jsonContent(ref('query-request'), QUERY_REQUEST) },
        responses: {
          '200': {
            description: 'The results in the format asked for (with as-tree=true, the first result alone)',
            content: jsonContent({ anyOf: [ref('formatted-results'), { type: 'object', description: 'as-tree=true: the first result', additionalProperties: true }] }),
          },
        },
        errors: [403, 404],
      },
      handle: query,
    },
    { name: 'traversal.query.other', method: '*', path: '/aai/:version/query', access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
    {
      name: 'traversal.dsl',
      method: 'PUT',
      path: '/aai/:version/dsl',
      access: 'read',
      summary: "A&AI's DSL (v2): the nodes a traversal from an indexed start node marks for output",
      doc: {
        tags: ['traversal'],
        description:
          "A&AI's DSL v2 query, run as one read. The start node (each head of a start union) needs an equality filter on a key or indexed property of its type, found by that index; else AAI_6149. Each step follows the edge rules between the two node types (`>>`, `<<` and label filters narrow them). Results are the nodes marked with `*`, `{…}` or `]*`, each once, in URI order, at most `LIMIT`; more than the read budget (READ_MAX_OBJECTS) is AAI_3303. Syntax errors are AAI_6153, no output AAI_6152, failed validate rules AAI_6151",
        parameters: PARAMS,
        body: { required: true, content: jsonContent(ref('dsl-request'), DSL_REQUEST) },
        responses: {
          '200': {
            description: 'The results in the format asked for (with as-tree=true, the first result alone)',
            content: jsonContent({ anyOf: [ref('formatted-results'), { type: 'object', description: 'as-tree=true: the first result', additionalProperties: true }] }),
          },
        },
        errors: [404],
      },
      handle: dsl,
    },
    { name: 'traversal.dsl.other', method: '*', path: '/aai/:version/dsl', access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
  ];
}
