/**
 * The API description (issue 18): GET /aai/v15/openapi.json and .yaml, built from the route table
 * and the generated schema. It validates as OpenAPI 3.1; it is the committed schema/v15/openapi.json
 * (npm run generate:openapi); it describes every route of the table, and every operation it
 * describes is answered by a route; its paths and definition names are A&AI's; it is public, cached
 * and gzipped; its examples are what the service answers.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { routeTable } from '../../src/app.js';
import { BATCH_GET_REQUEST, BULKADD_REQUEST, BULKADD_RESPONSE, SINGLE_TRANSACTION_REQUEST, SINGLE_TRANSACTION_RESPONSE } from '../../src/http/api-examples.js';
import { mountRoutes } from '../../src/http/routes.js';
import { OPENAPI_FILE, serviceDocument } from '../../scripts/generate-openapi.js';
import { client, HEADERS, testApp, testDeps, testSchema } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';
import { checkAnswer } from '../helpers/openapi-check.js';
import supertest from 'supertest';

type Doc = { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { operationId?: string; parameters?: { name: string; in: string; schema?: { enum?: string[] }; $ref?: string }[] }>>; components: { schemas: Record<string, unknown>; parameters: Record<string, { name: string; in: string; schema?: { enum?: string[] } }> } };

const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Doc;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** A concrete request path for a documented path: each parameter a sample value (an enum's first). */
function concrete(doc: Doc, path: string, method: string): string {
  const item = doc.paths[path] ?? {};
  const server = (item['servers'] as unknown as { url: string }[] | undefined)?.[0]?.url ?? doc.servers[0]?.url ?? '';
  const params = (item[method]?.parameters ?? []).map((p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop() ?? ''] : p));
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => params.find((p) => p?.name === name && p.in === 'path')?.schema?.enum?.[0] ?? 'x1');
  return `${server === '/' ? '' : server}${filled}`;
}

/** The A&AI-unique-key version of an example: its keys replaced, so the test can run twice on one database. */
function withKeys<T>(example: T, pnf: string, ifName: string): T {
  return JSON.parse(JSON.stringify(example).replaceAll('example-pnf', pnf).replaceAll('eth0', ifName)) as T;
}

describe('the API description', () => {
  it('validates as OpenAPI 3.1', async () => {
    const result = await new Validator().validate(committed as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(committed.openapi).toBe('3.1.0');
  });

  it('is served as committed in schema/v15/openapi.json, which is what npm run generate:openapi writes', async () => {
    const res = await supertest(testApp().callback()).get('/aai/v15/openapi.json');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body).toEqual(committed);
    expect(JSON.parse(await serviceDocument())).toEqual(committed);
  });

  it('is served as YAML too, the same document', async () => {
    const res = await supertest(testApp().callback()).get('/aai/v15/openapi.yaml').buffer(true).parse((r, done) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/yaml');
    expect(parse(res.body as string)).toEqual(committed);
  });

  it('is public (no credentials, no A&AI headers), gzipped when asked, and cached by ETag', async () => {
    const agent = supertest(testApp().callback());
    const plain = await agent.get('/aai/v15/openapi.json').set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gz = await agent.get('/aai/v15/openapi.json').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']) / 5);
    expect(gz.body).toEqual(committed);
    const etag = String(plain.headers['etag']);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await agent.get('/aai/v15/openapi.json').set('If-None-Match', etag)).status).toBe(304);
    // Any other method is no public read: it needs credentials, then is A&AI's AAI_3012.
    expect((await agent.put('/aai/v15/openapi.json').set(HEADERS).send({})).status).toBe(401);
    const put = await client().put('/aai/v15/openapi.json', {});
    expect(put.status).toBe(400);
    expect(put.body.requestError.serviceException.messageId).toBe('SVC3012');
  });

  it('describes every route of the table, and each operation it describes is answered by a route of the table', () => {
    const routes = routeTable(testDeps());
    const described = new Map<string, string>();
    for (const [path, item] of Object.entries(committed.paths)) for (const m of METHODS) if (item[m]) described.set(`${m.toUpperCase()} ${path}`, path);
    for (const route of routes) {
      if (route.method === '*') continue;
      expect(route.doc, `${route.name} has a description`).toBeDefined();
      if (route.doc === 'rest') {
        expect([...described.keys()].some((k) => k.startsWith(`${route.method} /network/`)), route.name).toBe(true);
        continue;
      }
      const path = route.path.replace(/^\/aai\/(:version|v15)(?=\/)/, '').replace(/^\/aai(?=\/util)/, '').replace(/:(\w+)/g, '{$1}');
      expect(described.has(`${route.method} ${path}`), `${route.name}: ${route.method} ${path}`).toBe(true);
    }
    const router = mountRoutes(routes, testSchema());
    for (const [key, path] of described) {
      const method = key.split(' ')[0] ?? '';
      const url = concrete(committed, path, method.toLowerCase());
      const layers = router.match(url, method).pathAndMethod;
      // The first route to match is one for this method (not a `*` route answering AAI_3012).
      expect(layers[0]?.methods.includes(method), `${key} → ${url}`).toBe(true);
      expect(layers[0]?.methods.length, `${key} → ${url}`).toBeLessThan(5);
    }
    expect(described.size).toBeGreaterThan(2000);
    // Every tag an operation names is declared (the docs group operations by them).
    const declared = new Set((committed as unknown as { tags: { name: string }[] }).tags.map((t) => t.name));
    for (const item of Object.values(committed.paths)) for (const m of METHODS) for (const tag of (item[m] as { tags?: string[] } | undefined)?.tags ?? []) expect(declared, tag).toContain(tag);
  });

  it('names paths and definitions as A&AI does', () => {
    const pnf = committed.paths['/network/pnfs/pnf/{pnf-name}'] ?? {};
    expect(Object.keys(pnf).sort()).toEqual(['delete', 'get', 'patch', 'post', 'put']);
    expect(pnf['get']?.operationId).toBe('getNetworkPnfsPnf');
    expect(pnf['put']?.operationId).toBe('createOrUpdateNetworkPnfsPnf');
    expect(committed.paths['/network/pnfs/pnf/{pnf-name}/relationship-list/relationship']?.['put']?.operationId).toBe('createOrUpdateNetworkPnfsPnfRelationshipListRelationship');
    expect(committed.paths['/network/pnfs']?.['get']?.operationId).toBe('getNetworkPnfs');
    expect(committed.paths['/cloud-infrastructure/cloud-regions/cloud-region/{cloud-owner}/{cloud-region-id}/tenants/tenant/{tenant-id}/vservers/vserver/{vserver-id}']).toBeDefined();
    // A key that repeats in a path is named apart (a path's parameters must differ).
    expect(committed.paths['/network/pnfs/pnf/{pnf-name}/p-interfaces/p-interface/{interface-name}/l-interfaces/l-interface/{l-interface-interface-name}']).toBeDefined();
    for (const name of ['pnf', 'pnfs', 'p-interface', 'p-interfaces', 'relationship-list', 'relationship', 'relationship-data', 'zzzz-patch-pnf', 'aai-error']) expect(committed.components.schemas[name], name).toBeDefined();
    // Every node type of the schema is a definition.
    for (const type of testSchema().nodeTypes.keys()) expect(committed.components.schemas[type], type).toBeDefined();
    const relationshipPaths = Object.keys(committed.paths).filter((p) => p.endsWith('/relationship-list/relationship'));
    expect(relationshipPaths.length).toBeGreaterThan(180);
  });
});

describe('what the fuzzer found (npm run fuzz:api), kept fixed', () => {
  it('an error body whose variable is null (a path with a line terminator: AAI_3017) matches the error schema', async () => {
    const res = await client().get('/aai/v15/network/pnfs/pnf/%0D');
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables).toContain(null);
    expect(checkAnswer('GET', '/aai/v15/network/pnfs/pnf/%0D', res.status, 'application/json', res.body)).toEqual([]);
  });

  it('names no path parameter with a dot (schemathesis refuses such names, and left 464 operations untested)', () => {
    const names = Object.keys(committed.paths).flatMap((p) => [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''));
    expect(names.length).toBeGreaterThan(1000);
    expect(names.filter((n) => n.includes('.'))).toEqual([]);
  });
});

describe("the description's examples are what the service answers", () => {
  it('bulkadd', async () => {
    const [pnf, ifName] = [uid('ex-pnf'), uid('eth')];
    const res = await client().put('/aai/v15/bulkadd', withKeys(BULKADD_REQUEST, pnf, ifName));
    expect(res.status).toBe(201);
    expect(res.body).toEqual(withKeys(BULKADD_RESPONSE, pnf, ifName));
    const stored = await cypher<{ name: string; type: string | null; ifs: string[] }>(
      "MATCH (p:pnf {`pnf-name`: $pnf}) OPTIONAL MATCH (i:`p-interface`)-[:`tosca.relationships.network.BindsTo`]->(p) RETURN p.`pnf-name` AS name, p.`equip-type` AS type, collect(i.`interface-name`) AS ifs",
      { pnf },
    );
    expect(stored).toEqual([{ name: pnf, type: 'router', ifs: [ifName] }]);
  });

  it('single-transaction and batch get', async () => {
    const [pnf, ifName] = [uid('ex-pnf'), uid('eth')];
    const res = await client().post('/aai/v15/bulk/single-transaction', withKeys(SINGLE_TRANSACTION_REQUEST, pnf, ifName));
    expect(res.status).toBe(201);
    expect(res.body).toEqual(withKeys(SINGLE_TRANSACTION_RESPONSE, pnf, ifName));
    expect(await cypher('MATCH (p:pnf {`pnf-name`: $pnf}) RETURN p.`equip-type` AS type', { pnf })).toEqual([{ type: 'switch' }]);
    const get = await client().post('/aai/v15/bulk/get', withKeys(BATCH_GET_REQUEST, pnf, ifName));
    expect(get.status).toBe(200);
    expect(get.body['batch-get-list'][0].resp['pnf-name']).toBe(pnf);
    expect(get.body['batch-get-list'][0].resp['equip-type']).toBe('switch');
  });
});
