/**
 * Issue "Sync inventory declaratively": POST /aai/v15/bulk/sync (diff, apply as a job, prune by
 * owner, base token) and GET /aai/v15/bulk/export, against a real Neo4j. Every apply is read back
 * from Neo4j; every test uses its own keys and its own X-FromAppId (the owner a prune is bound to),
 * so no test can prune another's objects, and the suite passes again on the same database.
 */
import { createServer, request } from 'node:http';
import type { Response } from 'superagent';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { JobWorker } from '../../src/domain/jobs/job-worker.js';
import { syncApply, syncDiff } from '../../src/domain/sync/sync-service.js';
import type { JobStorePort } from '../../src/domain/ports.js';
import { readSyncInput } from '../../src/domain/sync/sync-input.js';
import { createLogger } from '../../src/logger.js';
import { createGraphStore } from '../../src/store/graph-store.js';
import { createJobStore } from '../../src/store/job-store.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { edgesBetween, exists, linkPath, pifPath, pnfPath, propsOf, V } from '../helpers/aai.js';
import { AUTH_HEADERS, client, HEADERS, testAuth, testConfig, testSchema } from '../helpers/app.js';
import { expectIntact } from '../helpers/integrity.js';
import { testDriver, uid } from '../helpers/neo4j.js';
import { httpJson, startServiceProcess, type ServiceProcess } from '../helpers/service.js';
import { until } from '../helpers/wait.js';

const SYNC = `${V}/bulk/sync`;
const EXPORT = `${V}/bulk/export`;
const workers: JobWorker[] = [];
const processes: ServiceProcess[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(processes.splice(0).map((p) => p.kill('SIGTERM')));
});

function harnessApp(env: Record<string, string> = {}) {
  const config = testConfig(env);
  const schema = testSchema();
  const store = createGraphStore(testDriver(), config.neo4j.database, schema);
  const jobs = createJobStore(testDriver(), config.neo4j.database);
  return { app: createApp({ config, logger: createLogger('silent'), schema, store, jobs, auth: testAuth(config), tokens: createTokenStore(testDriver(), config.neo4j.database) }) };
}

/** This file's submitters: its workers run their jobs only, never a job another file expects to stay pending. */
const SOURCES = 'app-sync-,app-skill-';

function harness(env: Record<string, string> = {}) {
  const config = testConfig({ JOB_POLL_MS: '50', JOB_LEASE_MS: '5s', JOB_WORKER_SOURCES: SOURCES, ...env });
  const schema = testSchema();
  const store = createGraphStore(testDriver(), config.neo4j.database, schema);
  const jobs = createJobStore(testDriver(), config.neo4j.database);
  const worker = new JobWorker(store, jobs, schema, { ...config.jobs, impliedDeleteWhitelist: {}, maxObjects: config.budget.writeObjects }, createLogger('silent'));
  worker.start();
  workers.push(worker);
  const app = createApp({ config, logger: createLogger('silent'), schema, store, jobs, auth: testAuth(config), tokens: createTokenStore(testDriver(), config.neo4j.database), notifyJobs: () => worker.notify() });
  return { c: client(app), schema, store, jobs };
}

type C = ReturnType<typeof harness>['c'];

interface Change {
  action: string;
  uri: string;
  type: string;
  'resource-version'?: string;
  owner?: string;
  reason?: string;
  properties?: Record<string, { old?: unknown; new?: unknown }>;
  relationships?: { added?: Record<string, string>[]; removed?: Record<string, string>[] };
}
interface Diff {
  base: string;
  summary: Record<string, number>;
  changes: Change[];
}
interface JobView {
  id: string;
  status: string;
  transactions: { total: number; completed: number; failed: number };
}

const headers = (app: string) => ({ ...HEADERS, 'X-FromAppId': app });

function put(c: C, app: string, uri: string, body: object) {
  return c.raw.put(`${V}${uri}`).set(headers(app)).send(body);
}

/** Two pnfs with a p-interface each and a logical-link between the interfaces, created by `app`. */
async function fixture(c: C, p: string, app: string): Promise<{ a: string; b: string; link: string; ia: string; ib: string }> {
  const [a, b, link] = [pnfPath(`${p}-a`), pnfPath(`${p}-b`), linkPath(`${p}-link`)];
  const [ia, ib] = [pifPath(`${p}-a`, 'eth0'), pifPath(`${p}-b`, 'eth0')];
  for (const [uri, body] of [
    [a, { 'pnf-name': `${p}-a`, 'equip-type': 'router', 'equip-vendor': 'acme' }],
    [b, { 'pnf-name': `${p}-b`, 'equip-type': 'switch' }],
    [ia, { 'interface-name': 'eth0', 'port-description': 'uplink' }],
    [ib, { 'interface-name': 'eth0' }],
    [link, { 'link-name': `${p}-link`, 'link-type': 'l2', 'relationship-list': { relationship: [{ 'related-to': 'p-interface', 'related-link': `${V}${ia}` }, { 'related-to': 'p-interface', 'related-link': `${V}${ib}` }] } }],
  ] as const) {
    const r = await put(c, app, uri, body);
    expect(r.status, `${uri}: ${JSON.stringify(r.body)}`).toBe(201);
  }
  return { a, b, link, ia, ib };
}

/** A supertest parser that keeps an NDJSON answer as its text. */
function asText(res: Response, done: (err: Error | null, body: unknown) => void): void {
  let text = '';
  res.on('data', (b: Buffer) => (text += b.toString('utf8')));
  res.on('end', () => done(null, text));
}

/** The export of the URIs, as NDJSON lines (parsed). */
async function exported(c: C, app: string, query: string): Promise<Record<string, unknown>[]> {
  const r = await c.raw.get(`${EXPORT}?${query}`).set(headers(app)).buffer(true).parse(asText);
  expect(r.status, String(r.body)).toBe(200);
  expect(r.headers['content-type']).toMatch(/application\/x-ndjson/);
  return (r.body as string).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

function ndjson(lines: readonly unknown[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

function sync(c: C, app: string, query: string, lines: readonly unknown[]) {
  return c.raw.post(`${SYNC}${query}`).set(headers(app)).set('Content-Type', 'application/x-ndjson').send(ndjson(lines));
}

async function diffOf(c: C, app: string, lines: readonly unknown[], query = ''): Promise<Diff> {
  const r = await sync(c, app, query === '' ? '' : `?${query}`, lines);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Diff;
}

async function finished(c: C, app: string, id: string): Promise<JobView> {
  return until('job finished', async () => (await c.raw.get(`${V}/bulk/jobs/${id}`).set(headers(app))).body as JobView, (j) => ['completed', 'failed', 'cancelled'].includes(j.status));
}

/** Apply and wait for the job: its view. */
async function apply(c: C, app: string, lines: readonly unknown[], query = ''): Promise<{ diff: Diff; job: JobView }> {
  const r = await sync(c, app, `?mode=apply${query === '' ? '' : `&${query}`}`, lines);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect(r.headers['location']).toBe(`${V}/bulk/jobs/${(r.body as { job: JobView }).job.id}`);
  const job = await finished(c, app, (r.body as { job: JobView }).job.id);
  return { diff: r.body as Diff, job };
}

const scopeLine = (uris: string[], extra: Record<string, unknown> = {}) => ({ scope: { uris, ...extra } });

describe('POST /aai/v15/bulk/sync: diff', () => {
  it('an export of the scope, synced back, is an empty diff; every object counts as unchanged', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const lines = await exported(c, app, `uri=${encodeURIComponent(f.a)}&uri=${encodeURIComponent(f.b)}&uri=${encodeURIComponent(f.link)}`);
    expect(lines[0]).toEqual({ scope: { uris: [f.a, f.b, f.link].sort(), types: [], depth: 'all' } });
    // The roots, then their subtrees: every parent before its children.
    expect(lines.slice(1).map((l) => l['uri'])).toEqual([...[f.link, f.a, f.b].sort(), f.ia, f.ib]);
    const diff = await diffOf(c, app, lines);
    expect(diff.changes).toEqual([]);
    expect(diff.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 5, skip: 0, 'relationships-added': 0, 'relationships-removed': 0 });
    expect(diff.base).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // unchanged=true lists them.
    const listed = await diffOf(c, app, lines, 'unchanged=true');
    expect(listed.changes.map((x) => [x.action, x.uri])).toEqual([f.link, f.a, f.ia, f.b, f.ib].sort().map((u) => ['unchanged', u]));
    // The same state gives the same base token.
    expect(listed.base).toBe(diff.base);
  });

  it('reports each kind of change with old and new values, and changes nothing', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const ic = pifPath(`${p}-a`, 'eth1');
    const lines = [
      scopeLine([f.a, f.b, f.link]),
      // a: a property changed, one removed (equip-vendor), one added; a new child; no relationship-list.
      { uri: f.a, body: { 'equip-type': 'firewall', 'serial-number': 'SN1', 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'port-description': 'uplink' }, { 'interface-name': 'eth1' }] } } },
      // b and its interface unchanged (b's interface's relationship to the link is the link's to say).
      { uri: f.b, body: { 'equip-type': 'switch' } },
      { uri: f.ib, body: {} },
      // The link: now related to eth1 instead of b's eth0.
      { uri: f.link, body: { 'link-type': 'l2', 'relationship-list': { relationship: [{ 'related-to': 'p-interface', 'related-link': `${V}${f.ia}` }, { 'related-to': 'p-interface', 'related-link': `${V}${ic}` }] } } },
    ];
    const before = await propsOf(f.a);
    const diff = await diffOf(c, app, lines);
    const byUri = new Map(diff.changes.map((x) => [x.uri, x]));
    expect(byUri.get(f.a)).toEqual({
      action: 'update',
      uri: f.a,
      type: 'pnf',
      'resource-version': before?.['resource-version'],
      properties: { 'equip-type': { old: 'router', new: 'firewall' }, 'serial-number': { new: 'SN1' }, 'equip-vendor': { old: 'acme' } },
    });
    expect(byUri.get(ic)).toEqual({
      action: 'create',
      uri: ic,
      type: 'p-interface',
      // A PUT fills in the type's defaults: the diff shows what it would store.
      properties: { 'interface-name': { new: 'eth1' }, 'in-maint': { new: false } },
      relationships: { added: [{ 'related-to': 'logical-link', 'related-link': `${V}${f.link}`, 'relationship-label': 'tosca.relationships.network.LinksTo' }] },
    });
    const linkChange = byUri.get(f.link);
    expect(linkChange?.action).toBe('update');
    expect(linkChange?.properties).toBeUndefined();
    expect(linkChange?.relationships).toEqual({
      added: [{ 'related-to': 'p-interface', 'related-link': `${V}${ic}`, 'relationship-label': 'tosca.relationships.network.LinksTo' }],
      removed: [{ 'related-to': 'p-interface', 'related-link': `${V}${f.ib}`, 'relationship-label': 'tosca.relationships.network.LinksTo' }],
    });
    // The removed relationship shows on b's interface too (it is desired), the added one on the new interface.
    expect(byUri.get(f.ib)?.relationships).toEqual({ removed: [{ 'related-to': 'logical-link', 'related-link': `${V}${f.link}`, 'relationship-label': 'tosca.relationships.network.LinksTo' }] });
    expect(byUri.has(f.b)).toBe(false);
    expect(diff.summary).toMatchObject({ create: 1, update: 3, delete: 0, unchanged: 2, skip: 0, 'relationships-added': 1, 'relationships-removed': 1 });
    // A diff writes nothing.
    expect(await propsOf(f.a)).toEqual(before);
    expect(await exists(ic)).toBe(false);
    expect((await edgesBetween(f.link, f.ib)).length).toBe(1);
  });

  it('an object left out is a skip without prune, a delete with it; another owner\'s is never one', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    // An interface of b created by another application.
    const other = pifPath(`${p}-b`, 'eth9');
    expect((await put(c, `other-${p}`, other, { 'interface-name': 'eth9' })).status).toBe(201);
    const lines = [scopeLine([f.a, f.b, f.link]), { uri: f.a, body: { 'equip-type': 'router', 'equip-vendor': 'acme' } }, { uri: f.ia, body: { 'port-description': 'uplink' } }];
    const plain = await diffOf(c, app, lines);
    const reasons = new Map(plain.changes.map((x) => [x.uri, [x.action, x.reason]]));
    expect(reasons.get(f.link)).toEqual(['skip', 'not in the desired state (prune not requested)']);
    const pruned = await diffOf(c, app, lines, 'prune=true');
    const acts = new Map(pruned.changes.map((x) => [x.uri, x]));
    expect(acts.get(f.link)).toMatchObject({ action: 'delete', owner: app });
    expect(acts.get(f.ib)).toMatchObject({ action: 'delete', owner: app });
    expect(acts.get(other)).toMatchObject({ action: 'skip', owner: `other-${p}`, reason: `owned by other-${p}` });
    // b holds the other application's interface: deleting b would delete it, so b stays.
    expect(acts.get(f.b)).toMatchObject({ action: 'skip', owner: app });
    expect(acts.get(f.b)?.reason).toContain(`deleting it would delete ${other}`);
    expect(pruned.summary).toMatchObject({ delete: 2, skip: 2, unchanged: 2 });
  });

  it('reads a scope page by page: small pages give the same diff as one', async () => {
    const { c, schema, store } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const lines = await exported(c, app, `uri=${encodeURIComponent(f.a)}&uri=${encodeURIComponent(f.b)}`);
    const input = () => readSyncInput(schema, Readable.from([ndjson(lines.slice(0, -1))]), 'ndjson', { maxBytes: 1e6, maxTransactionBytes: 1e6, maxJsonDepth: 100, maxObjects: 100 }, app);
    const whole = await syncDiff({ store, schema, jobs: createJobStore(testDriver(), 'neo4j') }, await input(), { prune: true, listUnchanged: true });
    for (const pageSize of [1, 2, 3]) {
      const paged = await syncDiff({ store, schema, jobs: createJobStore(testDriver(), 'neo4j') }, await input(), { prune: true, listUnchanged: true, pageSize });
      expect(paged.changes).toEqual(whole.changes);
      expect(paged.base).toBe(whole.base);
    }
    // The last export line (b's interface) was left out: with prune it is the one delete.
    expect(whole.changes.filter((x) => x.action !== 'unchanged').map((x) => [x.action, x.uri])).toEqual([['delete', f.ib]]);
  });

  it('a scope of types: only objects of those types, wherever they are', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const lines = [{ scope: { uris: [f.a, f.b], types: ['p-interface'] } }, { uri: f.ia, body: { 'port-description': 'down' } }];
    const diff = await diffOf(c, app, lines, 'prune=true');
    expect(diff.changes.map((x) => [x.action, x.uri])).toEqual([
      ['update', f.ia],
      ['delete', f.ib],
    ]);
    // An object of another type is outside the scope.
    const r = await sync(c, app, '', [{ scope: { uris: [f.a], types: ['p-interface'] } }, { uri: f.a, body: { 'equip-type': 'x' } }]);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain(`${f.a} (pnf) is outside the scope`);
  });

  it('takes the JSON form and answers the diff as NDJSON when asked', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const body = { scope: { uris: [f.a], depth: 0 }, objects: [{ uri: f.a, body: { 'equip-type': 'router', 'equip-vendor': 'other' } }] };
    const r = await c.raw.post(SYNC).set(headers(app)).set('Accept', 'application/x-ndjson').send(body).buffer(true).parse(asText);
    expect(r.status).toBe(200);
    const out = (r.body as string).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // depth 0: the pnf alone, not its interface.
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ action: 'update', uri: f.a, properties: { 'equip-vendor': { old: 'acme', new: 'other' } } });
    expect(out[1]).toMatchObject({ summary: { update: 1, unchanged: 0, skip: 0 } });
  });
});

describe('POST /aai/v15/bulk/sync: apply', () => {
  it('applies the diff as a job: the scope then equals the desired state, and a second diff is empty', async () => {
    const { c } = harness({ JOB_CHUNK_OPERATIONS: '3' });
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const ic = pifPath(`${p}-a`, 'eth1');
    const c2 = pnfPath(`${p}-c`);
    const lines = [
      scopeLine([f.a, f.b, f.link, c2]),
      { uri: f.a, body: { 'equip-type': 'firewall', 'serial-number': 'SN1', 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'port-description': 'uplink' }, { 'interface-name': 'eth1' }] } } },
      { uri: f.link, body: { 'link-type': 'l3', 'relationship-list': { relationship: [{ 'related-to': 'p-interface', 'related-link': `${V}${f.ia}` }, { 'related-to': 'p-interface', 'related-link': `${V}${ic}` }] } } },
      // A new pnf with a child, related to the link from its own side.
      { uri: c2, body: { 'equip-type': 'olt', 'p-interfaces': { 'p-interface': [{ 'interface-name': 'p1', 'relationship-list': { relationship: [{ 'related-to': 'logical-link', 'related-link': `${V}${f.link}` }] } }] } } },
    ];
    const { diff, job } = await apply(c, app, lines, 'prune=true');
    // b's interface goes with its relationship to the link: the delete removes it, no relationship change does.
    expect(diff.summary).toMatchObject({ create: 3, update: 2, delete: 2, 'relationships-added': 2, 'relationships-removed': 0 });
    expect(job.status).toBe('completed');
    expect(job.transactions.failed).toBe(0);
    // Read back from Neo4j.
    const a = await propsOf(f.a);
    expect(a).toMatchObject({ 'equip-type': 'firewall', 'serial-number': 'SN1' });
    expect(a).not.toHaveProperty('equip-vendor');
    expect(await propsOf(f.link)).toMatchObject({ 'link-type': 'l3' });
    expect(await propsOf(ic)).toMatchObject({ 'interface-name': 'eth1', 'source-of-truth': app });
    expect(await propsOf(`${c2}/p-interfaces/p-interface/p1`)).toMatchObject({ 'interface-name': 'p1' });
    expect(await exists(f.b)).toBe(false);
    expect(await exists(f.ib)).toBe(false);
    expect((await edgesBetween(f.link, f.ia)).length).toBe(1);
    expect((await edgesBetween(f.link, ic)).length).toBe(1);
    expect((await edgesBetween(f.link, `${c2}/p-interfaces/p-interface/p1`)).length).toBe(1);
    const again = await diffOf(c, app, lines, 'prune=true');
    expect(again.changes).toEqual([]);
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0, skip: 0, unchanged: 6 });
    await expectIntact(pnfPath(`${p}-`));
  });

  it('refuses a stale base token with 412 and changes nothing; the current one applies', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const lines = [scopeLine([f.a]), { uri: f.a, body: { 'equip-type': 'desired' } }];
    const first = await diffOf(c, app, lines);
    // Someone changes the scope after the diff.
    const rv = String((await propsOf(f.a))?.['resource-version']);
    expect((await put(c, 'someone-else', f.a, { 'equip-type': 'theirs', 'resource-version': rv })).status).toBe(200);
    const before = await propsOf(f.a);
    const stale = await sync(c, app, `?mode=apply&base=${first.base}`, lines);
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ requestError: { serviceException: { messageId: 'SVC3000' } } });
    expect(JSON.stringify(stale.body)).toContain('the scope changed since the diff');
    expect(await propsOf(f.a)).toEqual(before);
    const second = await diffOf(c, app, lines);
    expect(second.base).not.toBe(first.base);
    const { job } = await apply(c, app, lines, `base=${second.base}`);
    expect(job.status).toBe('completed');
    expect(await propsOf(f.a)).toMatchObject({ 'equip-type': 'desired' });
  });

  it('with nothing to change, answers 200 and no job', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const r = await sync(c, app, '?mode=apply', [scopeLine([f.b], { depth: 0 }), { uri: f.b, body: { 'equip-type': 'switch' } }]);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ job: null, summary: { unchanged: 1 } });
  });

  it('a change between the diff and its transaction fails that object alone, with A&AI\'s 412 in the job results', async () => {
    const { c, schema, store, jobs } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const lines = [scopeLine([f.a, f.b], { depth: 0 }), { uri: f.a, body: { 'equip-type': 'x' } }, { uri: f.b, body: { 'equip-type': 'y' } }];
    const input = await readSyncInput(schema, Readable.from([ndjson(lines)]), 'ndjson', { maxBytes: 1e6, maxTransactionBytes: 1e6, maxJsonDepth: 100, maxObjects: 100 }, app);
    // Someone changes a after the diff, just before the job becomes runnable.
    const racing: JobStorePort = {
      ...jobs,
      publish: async (id, txTotal, opsTotal) => {
        const rv = String((await propsOf(f.a))?.['resource-version']);
        expect((await put(c, 'someone-else', f.a, { 'equip-type': 'theirs', 'resource-version': rv })).status).toBe(200);
        return jobs.publish(id, txTotal, opsTotal);
      },
    };
    const { job: submitted } = await syncApply({ store, schema, jobs: racing }, input, {
      prune: false,
      listUnchanged: false,
      base: undefined,
      job: { limits: { maxBytes: 1e6, maxTransactionBytes: 1e6, maxJsonDepth: 100, maxTransactionOperations: 100 }, sourceOfTruth: app, transactionId: p, owner: 'aai-test', quota: { maxStoredBytes: 1e9, ttlMs: 60_000 } },
    });
    const job = await finished(c, app, submitted?.id ?? '');
    expect(job.transactions).toEqual({ total: 2, completed: 1, failed: 1 });
    const failed = await c.raw.get(`${V}/bulk/jobs/${job.id}/results?failed=true`).set(headers(app));
    expect(JSON.stringify(failed.body)).toContain('"412"');
    expect(JSON.stringify(failed.body)).toContain('resource-version MISMATCH');
    expect(await propsOf(f.a)).toMatchObject({ 'equip-type': 'theirs' });
    expect(await propsOf(f.b)).toMatchObject({ 'equip-type': 'y', 'last-mod-source-of-truth': app });
  });
});

describe('GET /aai/v15/bulk/export', () => {
  it('round trip: export, delete everything, sync the export back: every GET answers as before', async () => {
    const { c } = harness({ JOB_CHUNK_OPERATIONS: '2' });
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const uris = [f.a, f.ia, f.b, f.ib, f.link];
    const get = async (uri: string) => {
      const r = await c.raw.get(`${V}${uri}`).set(headers(app));
      expect(r.status).toBe(200);
      const { 'resource-version': _rv, ...rest } = r.body as Record<string, unknown>;
      return rest;
    };
    const before = await Promise.all(uris.map(get));
    const lines = await exported(c, app, `uri=${encodeURIComponent(f.a)}&uri=${encodeURIComponent(f.b)}&uri=${encodeURIComponent(f.link)}`);
    // Bodies as a GET at depth 0 answers them, without their resource-version.
    expect(lines.find((l) => l['uri'] === f.link)?.['body']).toEqual(before[4]);
    for (const uri of [f.link, f.a, f.b]) {
      const rv = String((await propsOf(uri))?.['resource-version']);
      expect((await c.raw.delete(`${V}${uri}?resource-version=${rv}`).set(headers(app))).status).toBe(204);
    }
    expect(await exists(f.ia)).toBe(false);
    const { diff, job } = await apply(c, app, lines);
    expect(diff.summary).toMatchObject({ create: 5, 'relationships-added': 2 });
    // One PUT per created subtree (a pnf with its interface; the link), each relationship in the PUT
    // of the end created last.
    expect(job.transactions).toEqual({ total: 3, completed: 3, failed: 0 });
    expect(await Promise.all(uris.map(get))).toEqual(before);
    expect((await edgesBetween(f.link, f.ia)).length).toBe(1);
    expect((await edgesBetween(f.link, f.ib)).length).toBe(1);
  });

  it('depth 0 exports the objects alone; a type filter keeps only that type', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const shallow = await exported(c, app, `uri=${encodeURIComponent(f.a)}&depth=0`);
    expect(shallow.map((l) => l['uri'] ?? 'scope')).toEqual(['scope', f.a]);
    expect(shallow[0]).toEqual({ scope: { uris: [f.a], types: [], depth: 0 } });
    const typed = await exported(c, app, `uri=${encodeURIComponent(f.a)}&uri=${encodeURIComponent(f.b)}&type=p-interface`);
    expect(typed.slice(1).map((l) => l['uri'])).toEqual([f.ia, f.ib]);
  });
});

describe('a scope of a whole collection', () => {
  it('/network/logical-links with prune: the caller\'s links go, everyone else\'s are reported and stay', async () => {
    const { c } = harness();
    const p = uid('sync');
    const app = `app-${p}`;
    const f = await fixture(c, p, app);
    const mine = linkPath(`${p}-mine`);
    const theirs = linkPath(`${p}-theirs`);
    expect((await put(c, app, mine, { 'link-name': `${p}-mine`, 'link-type': 'l2' })).status).toBe(201);
    expect((await put(c, `other-${p}`, theirs, { 'link-name': `${p}-theirs`, 'link-type': 'l2' })).status).toBe(201);
    // The desired state keeps f.link only.
    const lines = [{ scope: { uris: ['/network/logical-links'] } }, { uri: f.link, body: { 'link-type': 'l2', 'relationship-list': { relationship: [{ 'related-to': 'p-interface', 'related-link': `${V}${f.ia}` }, { 'related-to': 'p-interface', 'related-link': `${V}${f.ib}` }] } } }];
    const { diff, job } = await apply(c, app, lines, 'prune=true');
    expect(job.status).toBe('completed');
    const { changes } = await diffOf(c, app, lines, 'prune=true&unchanged=true');
    const of = (uri: string) => changes.find((x) => x.uri === uri);
    expect(of(f.link)).toMatchObject({ action: 'unchanged' });
    expect(of(theirs)).toMatchObject({ action: 'skip', reason: `owned by other-${p}` });
    expect(of(mine)).toBeUndefined();
    // Nothing of anyone else was deleted: every delete of the apply was one of the caller's.
    expect(diff.summary['delete']).toBeGreaterThanOrEqual(1);
    expect(await exists(mine)).toBe(false);
    expect(await exists(theirs)).toBe(true);
    expect(changes.filter((x) => x.action === 'delete')).toEqual([]);
  });
});

describe('bounds', () => {
  it('SYNC_CONCURRENCY: a sync beyond the limit waits its turn (429 with Retry-After)', async () => {
    const { app } = harnessApp({ SYNC_CONCURRENCY: '1' });
    const server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const p = uid('sbound');
      // The first sync's body is left open: it holds the one slot.
      const first = request({ host: '127.0.0.1', port, path: SYNC, method: 'POST', headers: { ...AUTH_HEADERS, 'X-FromAppId': `app-${p}`, 'Content-Type': 'application/x-ndjson' } });
      first.on('error', () => undefined);
      first.write(`${JSON.stringify({ scope: { uris: [pnfPath(p)] } })}\n`);
      const second = await until(
        'the second sync refused',
        async () => {
          const r = await fetch(`http://127.0.0.1:${port}${SYNC}`, { method: 'POST', headers: { ...AUTH_HEADERS, 'X-FromAppId': `app-${p}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ scope: { uris: [pnfPath(p)] }, objects: [] }) });
          return { status: r.status, headers: { 'retry-after': r.headers.get('retry-after') }, body: await r.json() };
        },
        (r) => r.status === 429,
        10_000,
      );
      expect(second.headers['retry-after']).toBe('5');
      expect(JSON.stringify(second.body)).toContain('SYNC_CONCURRENCY');
      first.end();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('POST /aai/v15/bulk/sync: bad input', () => {
  const cases: [string, (p: string) => unknown[] | string, number, string][] = [
    ['no scope line', (p) => [{ uri: pnfPath(p), body: {} }], 400, 'the first line must be'],
    ['an empty scope', () => [{ scope: {} }], 400, 'give \\"uris\\" and/or \\"types\\"'],
    ['an unknown type', () => [{ scope: { types: ['no-such-type'] } }], 400, 'unknown node type no-such-type'],
    ['a scope URI that is a relationship', (p) => [{ scope: { uris: [`${pnfPath(p)}/relationship-list/relationship`] } }], 400, 'is not the URI of an object or a collection'],
    ['a collection at depth 0', () => [{ scope: { uris: ['/network/pnfs'], depth: 0 } }], 400, 'a collection has no depth 0'],
    ['another owner', (p) => [{ scope: { uris: [pnfPath(p)], owner: 'someone-else' } }], 400, "owner must be the caller's X-FromAppId"],
    ['an object outside the scope', (p) => [{ scope: { uris: [pnfPath(`${p}-x`)] } }, { uri: pnfPath(`${p}-y`), body: {} }], 400, 'is outside the scope'],
    ['an object given twice', (p) => [{ scope: { uris: [pnfPath(p)] } }, { uri: pnfPath(p), body: {} }, { uri: pnfPath(p), body: {} }], 400, 'is given twice'],
    ['an object that is not {uri, body}', (p) => [{ scope: { uris: [pnfPath(p)] } }, { uri: pnfPath(p) }], 400, 'must be {\\"uri\\"'],
    ['a body the schema refuses', (p) => [{ scope: { uris: [pnfPath(p)] } }, { uri: pnfPath(p), body: { 'in-maint': 'maybe' } }], 400, `object 0 (${'/network/pnfs/pnf/'}`],
    ['a relationship to nothing', (p) => [{ scope: { uris: [pnfPath(p)] } }, { uri: pnfPath(p), body: { 'relationship-list': { relationship: [{ 'related-to': 'logical-link', 'related-link': `${V}${linkPath(`${p}-none`)}` }] } } }], 404, 'Could not find object at'],
    ['a child without its parent', (p) => [{ scope: { types: ['p-interface'] } }, { uri: pifPath(`${p}-none`, 'eth0'), body: {} }], 404, 'No parent Node of type pnf'],
    ['a line that is not JSON', (p) => `${JSON.stringify({ scope: { uris: [pnfPath(p)] } })}\n{"uri": \n`, 400, 'is not valid JSON'],
  ];
  for (const [name, lines, status, text] of cases) {
    it(`${name}: ${status}`, async () => {
      const { c } = harness();
      const p = uid('sbad');
      const input = lines(p);
      const r = typeof input === 'string'
        ? await c.raw.post(SYNC).set(headers(`app-${p}`)).set('Content-Type', 'application/x-ndjson').send(input)
        : await sync(c, `app-${p}`, '', input);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(JSON.stringify(r.body)).toContain(text);
    });
  }

  it('more objects than SYNC_MAX_OBJECTS: 413', async () => {
    const { c } = harness({ SYNC_MAX_OBJECTS: '2' });
    const p = uid('sbad');
    const r = await sync(c, `app-${p}`, '', [{ scope: { uris: [pnfPath(p)] } }, { uri: pnfPath(p), body: { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'a' }, { 'interface-name': 'b' }] } } }]);
    expect(r.status).toBe(413);
    expect(JSON.stringify(r.body)).toContain('SYNC_MAX_OBJECTS');
  });

  it('bad parameters and media types', async () => {
    const { c } = harness();
    const p = uid('sbad');
    const lines = [{ scope: { uris: [pnfPath(p)] } }];
    for (const q of ['?mode=sideways', '?prune=yes', '?base=not%20a%20token', '?unchanged=1']) {
      const r = await sync(c, `app-${p}`, q, lines);
      expect(r.status, q).toBe(400);
    }
    const text = await c.raw.post(SYNC).set(headers(`app-${p}`)).set('Content-Type', 'text/plain').send('x');
    expect(text.status).toBe(415);
    const get = await c.raw.get(SYNC).set(headers(`app-${p}`));
    expect(get.status).toBe(400);
    expect(JSON.stringify(get.body)).toContain('3012');
    const exp = await c.raw.get(`${EXPORT}?depth=2&uri=${encodeURIComponent(pnfPath(p))}`).set(headers(`app-${p}`));
    expect(exp.status).toBe(400);
    const none = await c.raw.get(EXPORT).set(headers(`app-${p}`));
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('give \\"uris\\" and/or \\"types\\"');
  });
});

describe('a sync interrupted by SIGKILL', () => {
  it('resumes after a restart and ends in the desired state', async () => {
    const env = { JOB_POLL_MS: '50', JOB_CHUNK_OPERATIONS: '20', JOB_LEASE_MS: '2s', JOB_WORKER_SOURCES: SOURCES };
    const first = await startServiceProcess(env);
    const p = uid('skill');
    const app = `app-${p}`;
    const n = 400;
    const uris = Array.from({ length: n }, (_, i) => pnfPath(`${p}-${String(i).padStart(4, '0')}`));
    const lines = [{ scope: { uris } }, ...uris.map((uri, i) => ({ uri, body: { 'equip-type': `t${i}`, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } } }))];
    const post = (url: string, query: string) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        void fetch(`${url}${SYNC}${query}`, { method: 'POST', headers: { ...headers(app), 'Content-Type': 'application/x-ndjson' }, body: ndjson(lines) })
          .then(async (r) => resolve({ status: r.status, body: await r.json() }))
          .catch(reject);
      });
    const res = await post(first.url, '?mode=apply');
    expect(res.status).toBe(202);
    const id = (res.body as { job: JobView }).job.id;
    const mid = await until('mid-job', async () => (await httpJson('GET', `${first.url}${V}/bulk/jobs/${id}`)).body as JobView, (j) => j.transactions.completed >= 100, 120_000);
    await first.kill('SIGKILL');
    expect(mid.transactions.completed).toBeLessThan(n);
    const second = await startServiceProcess(env);
    processes.push(second);
    const done = await until('completion after restart', async () => (await httpJson('GET', `${second.url}${V}/bulk/jobs/${id}`)).body as JobView, (j) => j.status === 'completed', 180_000);
    // One transaction per pnf: it and its interface, one nested PUT.
    expect(done.transactions).toEqual({ total: n, completed: n, failed: 0 });
    const again = await post(second.url, '');
    expect(again.status).toBe(200);
    expect((again.body as Diff).changes).toEqual([]);
    expect((again.body as Diff).summary).toMatchObject({ unchanged: 2 * n });
    expect(await propsOf(uris[n - 1] ?? '')).toMatchObject({ 'equip-type': `t${n - 1}`, 'source-of-truth': app });
    await expectIntact(pnfPath(`${p}-`));
  }, 300_000);
});
