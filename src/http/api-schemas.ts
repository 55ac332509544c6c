/**
 * The shapes of the bodies the service's own endpoints take and answer — the bulk family, batch
 * get, jobs, API tokens, the health checks and A&AI's error body — as JSON Schemas (2020-12, the
 * dialect of OpenAPI 3.1), for the API description (src/http/openapi/). The node types' shapes come
 * from the generated schema instead (src/http/openapi/node-schemas.ts).
 *
 * These describe what the service answers and what a well-formed request looks like; the checks
 * that answer a malformed request with A&AI's errors are the domain's (src/domain/bulk/…). The
 * integration suite validates the service's responses against the document built from these
 * (test/integration/openapi-responses.test.ts), so a change of a body is a change here too.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

/** A reference to a schema of the document's components. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer', format: 'int64' };
const strings: JsonSchema = { type: 'array', items: str };
const nullableString: JsonSchema = { type: ['string', 'null'] };

/** An A&AI URI: a node, relative to /aai/v15 or absolute (`/aai/v15/network/pnfs/pnf/p1`). */
const uri: JsonSchema = { type: 'string', minLength: 1, description: 'The object\'s URI, relative to /aai/v15 or starting with /aai/v15/', examples: ['/network/pnfs/pnf/pnf-1'] };

/** An object whose one key is an HTTP status, as bulkadd reports each operation: null, or A&AI's error body as a JSON string. */
const statusBody: JsonSchema = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  patternProperties: { '^[1-5][0-9][0-9]$': { type: ['string', 'null'] } },
  additionalProperties: false,
  description: 'The operation\'s HTTP status as the one key: null when it succeeded, else A&AI\'s error body as a JSON string',
};

const bulkResult = (description: string): JsonSchema => ({
  type: 'array',
  description,
  items: { type: 'object', required: ['uri', 'body'], additionalProperties: false, properties: { uri: nullableString, body: statusBody } },
});

/** One bulk operation: a URI and, for a put or patch, the object. */
const bulkOperation: JsonSchema = {
  type: 'object',
  required: ['uri'],
  properties: { uri, body: { type: 'object', additionalProperties: true, description: 'The object in A&AI\'s JSON (a put: the whole object, with its children and relationship-list; a patch: the properties to merge)' } },
};

const element = (methods: readonly string[], description: string): JsonSchema => ({
  type: 'object',
  description,
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: Object.fromEntries(methods.map((m) => [m, { type: 'array', minItems: 1, items: bulkOperation }])),
});

const jobCounts: JsonSchema = {
  type: 'object',
  required: ['total', 'completed', 'failed'],
  additionalProperties: false,
  properties: { total: int, completed: int, failed: int },
};

const isoTime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };

/** The exception of an A&AI error body. */
const exception: JsonSchema = {
  type: 'object',
  required: ['messageId', 'text', 'variables'],
  additionalProperties: false,
  properties: {
    messageId: { type: 'string', description: 'SVCnnnn or POLnnnn (the A&AI error\'s REST error code)', examples: ['SVC3001'] },
    text: { type: 'string', description: 'A message with %1…%n placeholders for the variables', examples: ['Resource not found for %1 using id %2 (msg=%3) (ec=%4)'] },
    // A&AI renders a null where a template variable has no value (a request path without a version: AAI_3017).
    variables: { type: 'array', items: { type: ['string', 'null'] } },
  },
};

/** Every schema the route table names, by component name. */
export const API_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  'aai-error': {
    type: 'object',
    description: 'A&AI\'s error body: a service exception (SVCnnnn) or a policy exception (POLnnnn), whose text\'s %n placeholders take the variables (the request\'s method and path, the detail, the error code)',
    required: ['requestError'],
    additionalProperties: false,
    properties: {
      requestError: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
        properties: { serviceException: exception, policyException: exception },
      },
    },
  },
  'bulkadd-request': {
    type: 'object',
    description: 'A&AI transactions, each applied atomically (all its operations, or none); at most BULK_OPERATION_LIMIT (default 30) operations in all unless the override is granted',
    required: ['transactions'],
    properties: { transactions: { type: 'array', minItems: 1, items: element(['put'], 'One A&AI transaction: puts of whole objects') } },
  },
  'bulkprocess-request': {
    type: 'object',
    description: 'A&AI transactions of puts, patches and deletes, each applied atomically',
    required: ['transactions'],
    properties: { transactions: { type: 'array', minItems: 1, items: element(['put', 'patch', 'delete'], 'One A&AI transaction: one kind of operation, each on one URI') } },
  },
  'bulk-response': {
    type: 'object',
    description: 'Each transaction\'s operations with their statuses, in request order (a transaction either committed all its operations or none)',
    required: ['transaction'],
    additionalProperties: false,
    properties: {
      transaction: {
        type: 'array',
        items: { type: 'object', minProperties: 1, additionalProperties: false, properties: { put: bulkResult('puts'), patch: bulkResult('patches'), delete: bulkResult('deletes') } },
      },
    },
  },
  'single-transaction-request': {
    type: 'object',
    description: 'Operations applied in one transaction, all or nothing',
    required: ['operations'],
    properties: {
      operations: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['action', 'uri'],
          properties: { action: { type: 'string', enum: ['put', 'patch', 'delete'] }, uri, body: { type: 'object', additionalProperties: true } },
        },
      },
    },
  },
  'single-transaction-response': {
    type: 'object',
    required: ['operation-responses'],
    additionalProperties: false,
    properties: {
      'operation-responses': {
        type: 'array',
        items: {
          type: 'object',
          required: ['action', 'uri', 'response-status-code', 'response-body'],
          additionalProperties: false,
          properties: { action: str, uri: str, 'response-status-code': { type: 'integer' }, 'response-body': { type: 'null' } },
        },
      },
    },
  },
  'batch-get-request': {
    type: 'object',
    description: 'Many GETs answered from one read transaction; each URI may carry a GET\'s query parameters (depth, format, filters…)',
    required: ['batch-get-list'],
    properties: { 'batch-get-list': { type: 'array', minItems: 1, items: { type: 'object', required: ['uri'], properties: { uri } } } },
  },
  'batch-get-response': {
    type: 'object',
    required: ['batch-get-list'],
    additionalProperties: false,
    properties: {
      'batch-get-list': {
        type: 'array',
        items: {
          type: 'object',
          required: ['uri', 'resp'],
          additionalProperties: false,
          properties: {
            uri: nullableString,
            resp: { type: 'object', additionalProperties: true, description: 'The GET\'s answer, or A&AI\'s error body with its http-status' },
          },
        },
      },
    },
  },
  'job-transactions': {
    type: 'object',
    description: 'A job\'s input as JSON: bulkadd\'s or bulkprocess\'s request body (as NDJSON: one transaction object per line)',
    required: ['transactions'],
    properties: { transactions: { type: 'array', items: { type: 'object', additionalProperties: true } } },
  },
  job: {
    type: 'object',
    required: ['id', 'status', 'type', 'progress', 'transactions', 'operations', 'created', 'started', 'finished', 'cancel-requested', 'links'],
    additionalProperties: false,
    properties: {
      id: str,
      status: { type: 'string', enum: ['pending', 'running', 'completed', 'failed', 'cancelled'] },
      type: { type: 'string', enum: ['bulkadd', 'bulkprocess'] },
      progress: { type: 'integer', minimum: 0, maximum: 100, description: 'Per cent of the transactions processed' },
      transactions: jobCounts,
      operations: jobCounts,
      created: isoTime,
      started: isoTime,
      finished: isoTime,
      'cancel-requested': { type: 'boolean' },
      error: { type: 'string', description: 'Why the job failed as a whole (its input could not be read)' },
      links: { type: 'object', required: ['self', 'results'], additionalProperties: false, properties: { self: str, results: str } },
    },
  },
  'job-list': {
    type: 'object',
    required: ['jobs', 'next'],
    additionalProperties: false,
    properties: { jobs: { type: 'array', items: ref('job') }, next: { ...nullableString, description: 'The next page\'s URL, or null on the last page' } },
  },
  'job-results': {
    type: 'object',
    required: ['transaction', 'next'],
    additionalProperties: false,
    properties: {
      transaction: {
        type: 'array',
        description: 'bulkadd\'s response elements, each with its transaction\'s position in the input',
        items: {
          type: 'object',
          required: ['index'],
          additionalProperties: false,
          properties: { put: bulkResult('puts'), patch: bulkResult('patches'), delete: bulkResult('deletes'), index: { type: 'integer', minimum: 0 } },
        },
      },
      next: { ...nullableString, description: 'The next page\'s URL, or null on the last page' },
    },
  },
  'sync-request': {
    type: 'object',
    description: 'The desired state of a scope (as NDJSON: the scope as the first line, {"scope": {…}}, then one object per line)',
    required: ['scope', 'objects'],
    properties: {
      scope: ref('sync-scope'),
      objects: {
        type: 'array',
        items: { type: 'object', required: ['uri', 'body'], properties: { uri, body: { type: 'object', additionalProperties: true, description: 'The object in A&AI JSON (as a PUT takes it): nested children are objects of the desired state too; a relationship-list gives its relationships' } } },
      },
    },
  },
  'sync-scope': {
    type: 'object',
    description: 'Which objects the sync governs: at or under one of the URIs, of one of the types (at least one of the two)',
    additionalProperties: false,
    properties: {
      uris: { type: 'array', items: uri },
      types: strings,
      depth: { description: 'The subtrees of the URIs ("all", the default) or the objects at the URIs alone (0)', oneOf: [{ type: 'string', enum: ['all', '0'] }, { type: 'integer', enum: [0] }] },
      owner: { type: 'string', description: 'The source-of-truth whose objects a prune may delete: the caller\'s X-FromAppId (the default)' },
    },
  },
  'sync-diff': {
    type: 'object',
    required: ['base', 'scope', 'summary', 'changes'],
    additionalProperties: false,
    properties: {
      base: { type: 'string', description: 'Identifies the state the diff was computed against: give it to the apply (base=) to refuse one when the scope changed since' },
      scope: ref('sync-scope'),
      summary: ref('sync-summary'),
      changes: { type: 'array', items: ref('sync-change') },
    },
  },
  'sync-summary': {
    type: 'object',
    required: ['create', 'update', 'delete', 'unchanged', 'skip', 'relationships-added', 'relationships-removed'],
    additionalProperties: false,
    properties: Object.fromEntries(['create', 'update', 'delete', 'unchanged', 'skip', 'relationships-added', 'relationships-removed'].map((k) => [k, { type: 'integer', minimum: 0 }])),
  },
  'sync-change': {
    type: 'object',
    required: ['action', 'uri', 'type'],
    additionalProperties: false,
    properties: {
      action: { type: 'string', enum: ['create', 'update', 'delete', 'skip', 'unchanged'] },
      uri: str,
      type: str,
      'resource-version': str,
      owner: { type: 'string', description: 'Its source-of-truth (deletes and skips)' },
      reason: { type: 'string', description: 'Why a stored object that is not desired is not deleted' },
      properties: { type: 'object', additionalProperties: { type: 'object', additionalProperties: false, properties: { old: {}, new: {} } } },
      relationships: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(['added', 'removed'].map((k) => [k, { type: 'array', items: { type: 'object', required: ['related-to', 'related-link', 'relationship-label'], additionalProperties: false, properties: { 'related-to': str, 'related-link': str, 'relationship-label': str } } }])),
      },
    },
  },
  'sync-apply': {
    type: 'object',
    required: ['base', 'summary', 'job'],
    additionalProperties: false,
    properties: { base: str, summary: ref('sync-summary'), job: { oneOf: [ref('job'), { type: 'null' }], description: 'The job applying the diff (null: nothing to change)' } },
  },
  'token-request': {
    type: 'object',
    required: ['user'],
    properties: {
      user: { type: 'string', description: 'A configured user the token acts as' },
      name: { type: 'string', maxLength: 200 },
      scope: { type: 'string', enum: ['read', 'write'], default: 'read' },
      expires: { type: 'string', description: 'A duration from 1s to 366d', default: '30d', examples: ['30d', '12h'] },
    },
  },
  token: {
    type: 'object',
    required: ['id', 'user', 'name', 'scope', 'created', 'expires'],
    additionalProperties: false,
    properties: {
      id: str,
      user: str,
      name: str,
      scope: { type: 'string', enum: ['read', 'write'] },
      created: { type: 'string', format: 'date-time' },
      expires: { type: 'string', format: 'date-time' },
      token: { type: 'string', description: 'The secret (aai_<id>_<secret>): in the creation\'s answer only, shown once' },
    },
  },
  'token-list': { type: 'object', required: ['tokens'], additionalProperties: false, properties: { tokens: { type: 'array', items: ref('token') } } },
  echo: {
    type: 'object',
    required: ['responseMessages'],
    properties: {
      responseMessages: {
        type: 'object',
        properties: {
          responseMessage: {
            type: 'array',
            items: {
              type: 'object',
              properties: { messageId: str, text: str, variables: { type: 'object', properties: { variable: strings } } },
            },
          },
        },
      },
    },
  },
  probe: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { type: 'string', enum: ['live', 'ready'] } } },
  'search-results': {
    type: 'object',
    description: 'A&AI\'s search-results (nodes-query, generic-query) as A&AI writes them, without a root element: each node\'s type and URL, in URI order; no result-data when nothing was found',
    additionalProperties: false,
    properties: {
      'result-data': {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['resource-type', 'resource-link'],
          additionalProperties: false,
          properties: {
            'resource-type': { type: 'string', description: 'The node type', examples: ['pnf'] },
            'resource-link': { type: 'string', description: 'The node\'s URL', examples: ['/aai/v15/network/pnfs/pnf/pnf-1'] },
          },
        },
      },
    },
  },
  'aai-event': {
    type: 'object',
    description: "A change event: A&AI's AAI-EVENT (`entity`: the object after the change, before it for a DELETE, wrapped in its ancestors up to the top entity) or, with format=delta, its delta form (`entities`: the object's property and relationship changes); `sequence` is its place in the feed",
    required: ['cambria.partition', 'event-header', 'sequence'],
    additionalProperties: false,
    properties: {
      'cambria.partition': { type: 'string', enum: ['AAI', 'DELTA'] },
      'event-header': {
        type: 'object',
        required: ['id', 'timestamp', 'source-name', 'domain', 'sequence-number', 'severity', 'event-type', 'version', 'action', 'entity-type', 'top-entity-type', 'entity-link'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', description: 'The X-TransactionId of the request that made the change' },
          timestamp: { type: 'string', description: 'When the change was written, yyyyMMdd-HH:mm:ss:SSS (UTC)', examples: ['20261130-23:59:59:123'] },
          'source-name': { type: 'string', description: 'The X-FromAppId of the request' },
          domain: { type: 'string' },
          'sequence-number': { type: 'string', description: 'The sequence, as text' },
          severity: { type: 'string' },
          'event-type': { type: 'string', enum: ['AAI-EVENT', 'DELTA'] },
          version: { type: 'string', examples: ['v15'] },
          action: { type: 'string', enum: ['CREATE', 'UPDATE', 'DELETE'] },
          'entity-type': { type: 'string', examples: ['p-interface'] },
          'top-entity-type': { type: 'string', examples: ['pnf'] },
          'entity-link': { type: 'string', examples: ['/aai/v15/network/pnfs/pnf/pnf-1/p-interfaces/p-interface/eth0'] },
          'entity-uuid': { type: 'string', description: 'The object\'s aai-uuid (delta form only)' },
        },
      },
      entity: { type: 'object', additionalProperties: true },
      entities: { type: 'array', items: { type: 'object', additionalProperties: true } },
      sequence: { type: 'integer', minimum: 1 },
    },
  },
  'event-page': {
    type: 'object',
    required: ['events', 'next'],
    additionalProperties: false,
    properties: { events: { type: 'array', items: ref('aai-event') }, next: { type: 'integer', minimum: 0, description: 'The cursor for the next page (`after`)' } },
  },
  'event-head': {
    type: 'object',
    required: ['sequence', 'oldest'],
    additionalProperties: false,
    properties: {
      sequence: { type: 'integer', minimum: 0, description: 'The newest event\'s sequence number (0: none yet): `after` for a consumer that starts now' },
      oldest: { type: 'integer', minimum: 0, description: 'Events up to this one were pruned: the smallest cursor the feed still accepts' },
    },
  },
  'dsl-request': {
    type: 'object',
    description: 'A&AI\'s DSL v2 query, e.g. `pnf*(\'pnf-name\',\'p1\') > p-interface*`',
    required: ['dsl'],
    properties: { dsl: { type: 'string', description: 'The query', examples: ["cloud-region('cloud-owner','o')('cloud-region-id','r') > tenant > vserver*"] } },
  },
  'query-request': {
    type: 'object',
    description: "A&AI's stored query: start URIs and `query/<name>`, the query's parameters in its query string",
    required: ['query'],
    properties: {
      start: {
        description: 'The start nodes: URIs (relative to /aai/v15, the prefix optional) of nodes, containers or the nodes API, a query string filtering them',
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        examples: ['/network/generic-vnfs/generic-vnf/vnf-1'],
      },
      query: { type: 'string', description: 'query/<name>[?<parameter>=<value>&…]', examples: ['query/cloud-region-sites?owner=o1'] },
    },
  },
  'formatted-results': {
    type: 'object',
    description: 'A GET with ?format= (count, id, pathed, resource, resource_and_url, raw, simple): the results in that format',
    required: ['results'],
    additionalProperties: false,
    properties: { results: { type: 'array', items: { type: 'object', additionalProperties: true } } },
  },
};

/** A JSON body of the description: its schema, and an example when given. */
export function jsonContent(schema: JsonSchema, example?: unknown): Record<string, { schema: JsonSchema; example?: unknown }> {
  return { 'application/json': { schema, ...(example === undefined ? {} : { example }) } };
}
