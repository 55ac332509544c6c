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
      'jobs.submit': 'write',
      'jobs.list': 'read',
      'jobs.results': 'read',
      'jobs.get': 'read',
      'jobs.cancel': 'write',
      'bulk.add': 'write',
      'bulk.process': 'write',
      'bulk.single-transaction': 'write',
      'bulk.get': 'read',
      'rest.get': 'read',
      'rest.put': 'write',
      'rest.patch': 'write',
      'rest.delete': 'write',
      'rest.post': 'write',
    });
    for (const r of routes) expect(r.summary, r.name).not.toBe('');
  });

  it('answers any other method on a path of its own with AAI_3012, not as a REST URI', async () => {
    const c = client();
    for (const path of ['/aai/util/echo', '/aai/v15/bulkadd', '/aai/v15/bulk/get', '/aai/v15/bulk/jobs', '/aai/v15/bulk/jobs/x/results']) {
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
