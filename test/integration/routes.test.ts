/**
 * Issue "One typed error contract, bulk results as data, a route table": every route is declared
 * once in the table (method, path, read or write), and the app answers exactly through it.
 */
import { describe, expect, it } from 'vitest';
import { routeTable } from '../../src/app.js';
import { client, testDeps } from '../helpers/app.js';

describe('the route table', () => {
  const routes = routeTable(testDeps());

  it('names every route once, and says which read and which write', () => {
    const names = routes.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    const access = Object.fromEntries(routes.filter((r) => r.method !== '*').map((r) => [r.name, r.access]));
    expect(access).toEqual({
      'util.echo': 'read',
      'util.live': 'read',
      'util.ready': 'read',
      metrics: 'read',
      'tokens.create': 'write',
      'tokens.list': 'write',
      'tokens.revoke': 'write',
      'jobs.submit': 'write',
      'jobs.list': 'read',
      'jobs.results': 'read',
      'jobs.get': 'read',
      'jobs.cancel': 'write',
      'openapi.json': 'read',
      'openapi.yaml': 'read',
      'docs.page': 'read',
      'events.head': 'read',
      'events.list': 'read',
      'docs.asset': 'read',
      'search.nodes-query': 'read',
      'search.generic-query': 'read',
      'traversal.dsl': 'read',
      'traversal.query': 'read',
      'bulk.add': 'write',
      'bulk.process': 'write',
      'bulk.single-transaction': 'write',
      'bulk.get': 'read',
      'bulk.sync': 'write',
      'bulk.export': 'read',
      'rest.get': 'read',
      'rest.put': 'write',
      'rest.patch': 'write',
      'rest.delete': 'write',
      'rest.post': 'write',
    });
    for (const r of routes) expect(r.summary, r.name).not.toBe('');
    // Administrative routes (README "Security"): admins only, whatever a policy role allows.
    expect(routes.filter((r) => r.adminOnly).map((r) => r.name)).toEqual(['tokens.create', 'tokens.list', 'tokens.other', 'tokens.revoke', 'tokens.one.other']);
  });

  it('answers any other method on a path of its own with AAI_3012, not as a REST URI', async () => {
    const c = client();
    for (const path of ['/aai/util/echo', '/aai/v15/search/nodes-query', '/aai/v15/search/generic-query', '/aai/v15/dsl', '/aai/v15/query', '/aai/v15/bulkadd', '/aai/v15/bulk/get', '/aai/v15/bulk/jobs', '/aai/v15/bulk/jobs/x/results']) {
      const res = await c.raw.patch(path).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b' }).send({});
      expect(res.status, path).toBe(400);
      expect(res.body.requestError.serviceException.messageId, path).toBe('SVC3012');
    }
  });

  it('checks the version of every /aai/{version} route before anything else', async () => {
    const c = client();
    for (const path of ['/aai/v14/bulkadd', '/aai/v14/bulk/jobs', '/aai/v14/network/pnfs']) {
      const res = await c.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.requestError.serviceException.messageId, path).toBe('SVC3016');
      expect(res.body.requestError.serviceException.variables, path).toContain('v14');
    }
  });
});

describe("the table's query parameters (JSON Schemas, checked before the handler)", () => {
  const invalid = (text: string) => ['GET', '', `Invalid input performing %1 on %2:${text}`, 'ERR.5.2.3000'];
  const cases: [string, string, string, string][] = [
    ['PUT', '/aai/v15/bulkadd?dry-run=yes', 'v15/bulkadd', 'dry-run must be true or false, not "yes"'],
    ['POST', '/aai/v15/bulk/get?dry-run=1', 'v15/bulk/get', 'dry-run must be true or false, not "1"'],
    ['POST', '/aai/v15/bulk/jobs?type=bulkget', 'v15/bulk/jobs', 'type must be bulkadd or bulkprocess, not "bulkget"'],
    ['POST', '/aai/v15/bulk/jobs?dry-run=true&type=bulkget', 'v15/bulk/jobs', 'dry-run is not available for jobs; send the transactions to /bulkadd or /bulkprocess with ?dry-run=true'],
    ['GET', '/aai/v15/bulk/jobs?status=done', 'v15/bulk/jobs', 'status must be one of pending, running, completed, failed, cancelled'],
    ['GET', '/aai/v15/bulk/jobs?limit=1001', 'v15/bulk/jobs', 'limit must be an integer from 1 to 1000'],
    ['GET', '/aai/v15/bulk/jobs?limit=0', 'v15/bulk/jobs', 'limit must be an integer from 1 to 1000'],
    ['GET', '/aai/v15/bulk/jobs/x/results?cursor=-1', 'v15/bulk/jobs/x/results', `cursor must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`],
    ['GET', '/aai/v15/bulk/jobs/x/results?limit=ten', 'v15/bulk/jobs/x/results', 'limit must be an integer from 1 to 1000'],
  ];
  for (const [method, url, path, text] of cases) {
    it(`${method} ${url}: 400 AAI_3000 "${text}", before anything else`, async () => {
      const res = await client().raw[method.toLowerCase() as 'get'](url).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/json' }).send('{}');
      expect(res.status).toBe(400);
      const expected = invalid(text);
      expected[0] = method;
      expected[1] = path;
      expect(res.body.requestError.serviceException.variables).toEqual(expected);
    });
  }

  it('accepts the ends of each range (and leading zeros, as before): the handler answers', async () => {
    const c = client();
    for (const url of ['/aai/v15/bulk/jobs?limit=1000', '/aai/v15/bulk/jobs?limit=0050&status=completed']) expect((await c.get(url)).status, url).toBe(200);
    // A valid query reaches the handler: an unknown job is its 404.
    expect((await c.get('/aai/v15/bulk/jobs/unknown-job/results?cursor=0&limit=1')).status).toBe(404);
  });
});
