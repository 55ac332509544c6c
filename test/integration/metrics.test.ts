/**
 * Issue 17, metrics: GET /metrics in Prometheus text format from the app's own prom-client registry
 * (README "Metrics"): requests by route name and status, bulk transactions and operations by
 * source and outcome, the job queue, Neo4j transaction re-runs and transactions in flight, and the
 * process metrics. The series move with the work done; their names are stable.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { JobWorker } from '../../src/domain/jobs/job-worker.js';
import { Metrics } from '../../src/http/metrics.js';
import { createLogger } from '../../src/logger.js';
import { createGraphStore } from '../../src/store/graph-store.js';
import { authTestApp, basic, client, testDeps } from '../helpers/app.js';
import { testDriver, uid } from '../helpers/neo4j.js';
import { until } from '../helpers/wait.js';

/** An app with its own metrics, given to its store too (as src/server.ts wires them). */
function metricsApp() {
  const deps = testDeps({ JOB_POLL_MS: '50' });
  const metrics = new Metrics();
  const store = createGraphStore(testDriver(), deps.config.neo4j.database, deps.schema, { retries: deps.config.bulk.txRetries, observer: metrics.store });
  const app = createApp({ ...deps, store, metrics });
  return { deps, metrics, store, app, c: client(app) };
}

/** The value of one sample of the exposition: `name` with exactly `labels` (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(m[3]);
  }
  return 0;
}

async function scrape(c: ReturnType<typeof client>): Promise<string> {
  const res = await c.raw.get('/metrics');
  expect(res.status).toBe(200);
  return res.text;
}

const pnf = (name: string) => ({ uri: `/network/pnfs/pnf/${name}`, body: { 'pnf-name': name } });

/** The series this service promises (README "Metrics"): renaming one breaks dashboards and alerts. */
const SERIES = {
  aai_http_requests_total: 'counter',
  aai_http_request_duration_seconds: 'histogram',
  aai_bulk_transactions_total: 'counter',
  aai_bulk_operations_total: 'counter',
  aai_jobs: 'gauge',
  aai_neo4j_transaction_retries_total: 'counter',
  aai_neo4j_transactions_in_flight: 'gauge',
  process_cpu_seconds_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
  nodejs_eventloop_lag_seconds: 'gauge',
} as const;

describe('GET /metrics', () => {
  it('exposes the stable series in the Prometheus text format, to a scrape without A&AI headers', async () => {
    const { c } = metricsApp();
    const res = await c.raw.get('/metrics').set('Accept', 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const types = Object.fromEntries([...res.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    expect(types).toMatchObject(SERIES);
    // The queue depth is read from the job store on scrape; the in-flight gauges start at 0.
    expect(res.text).toMatch(/^aai_jobs\{state="pending"\} \d+$/m);
    expect(res.text).toMatch(/^aai_jobs\{state="running"\} \d+$/m);
    expect(res.text).toMatch(/^aai_neo4j_transaction_retries_total 0$/m);
    expect(sample(res.text, 'aai_neo4j_transactions_in_flight', { access: 'write' })).toBe(0);
    // The previous scrape itself is counted, by route name (never the raw path).
    const after = await scrape(c);
    expect(sample(after, 'aai_http_requests_total', { route: 'metrics', status: '200' })).toBeGreaterThanOrEqual(1);
    // Requests refused before routing (no credentials) have no route.
    await c.raw.get('/aai/v15/network/pnfs').set('Authorization', '');
    expect(sample(await scrape(c), 'aai_http_requests_total', { route: 'none', status: '401' })).toBe(1);
  });

  it('moves with a bulkadd: operations and transactions by outcome, the request histogram of bulk.add', async () => {
    const { c } = metricsApp();
    const before = await scrape(c);
    const a = uid('met');
    const res = await c.put('/aai/v15/bulkadd', { transactions: [{ put: [pnf(`${a}-1`), pnf(`${a}-2`)] }, { put: [pnf(`${a}-3`)] }] });
    expect(res.status).toBe(201);
    const after = await scrape(c);
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('aai_bulk_operations_total', { source: 'bulkadd', outcome: 'ok' })).toBe(3);
    expect(delta('aai_bulk_transactions_total', { source: 'bulkadd', outcome: 'ok' })).toBe(2);
    expect(delta('aai_bulk_transactions_total', { source: 'bulkadd', outcome: 'failed' })).toBe(0);
    expect(delta('aai_http_request_duration_seconds_count', { route: 'bulk.add', status: '201' })).toBe(1);
    expect(delta('aai_http_requests_total', { route: 'bulk.add', status: '201' })).toBe(1);
    expect(delta('aai_http_request_duration_seconds_bucket', { route: 'bulk.add', status: '201', le: '+Inf' })).toBe(1);
    // Every store transaction has closed again.
    expect(sample(after, 'aai_neo4j_transactions_in_flight', { access: 'write' })).toBe(0);
    expect(sample(after, 'aai_neo4j_transactions_in_flight', { access: 'read' })).toBe(0);
  });

  it('counts a failed transaction as failed, with its operations; a dry run is not counted', async () => {
    const { c } = metricsApp();
    const a = uid('metf');
    const before = await scrape(c);
    const missingParent = { uri: `/network/pnfs/pnf/${a}-missing/p-interfaces/p-interface/eth0`, body: { 'interface-name': 'eth0' } };
    const res = await c.put('/aai/v15/bulkprocess', { transactions: [{ put: [pnf(a), missingParent] }, { put: [pnf(`${a}-ok`)] }] });
    expect(res.status).toBe(201);
    await c.put('/aai/v15/bulkadd?dry-run=true', { transactions: [{ put: [pnf(`${a}-dry`)] }] }).expect(201);
    const single = await c.post('/aai/v15/bulk/single-transaction', { operations: [{ action: 'put', uri: missingParent.uri, body: missingParent.body }] });
    expect(single.status).toBe(404);
    const after = await scrape(c);
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('aai_bulk_transactions_total', { source: 'bulkprocess', outcome: 'failed' })).toBe(1);
    expect(delta('aai_bulk_operations_total', { source: 'bulkprocess', outcome: 'failed' })).toBe(2);
    expect(delta('aai_bulk_transactions_total', { source: 'bulkprocess', outcome: 'ok' })).toBe(1);
    expect(delta('aai_bulk_transactions_total', { source: 'bulkadd', outcome: 'ok' })).toBe(0);
    expect(delta('aai_bulk_transactions_total', { source: 'single-transaction', outcome: 'failed' })).toBe(1);
    expect(delta('aai_bulk_operations_total', { source: 'single-transaction', outcome: 'failed' })).toBe(1);
    expect(delta('aai_http_requests_total', { route: 'bulk.single-transaction', status: '404' })).toBe(1);
  });

  it('counts the transactions a job worker applies (throughput, by outcome)', async () => {
    const { deps, metrics, store, c } = metricsApp();
    const worker = new JobWorker(store, deps.jobs, deps.schema, { ...deps.config.jobs, impliedDeleteWhitelist: {}, maxObjects: deps.config.budget.writeObjects }, createLogger('silent'), metrics);
    worker.start();
    try {
      const a = uid('metj');
      const before = sample(await scrape(c), 'aai_bulk_transactions_total', { source: 'jobs', outcome: 'ok' });
      const missing = { uri: `/network/pnfs/pnf/${a}-missing/p-interfaces/p-interface/eth0`, body: {} };
      const res = await c.post('/aai/v15/bulk/jobs', { transactions: [{ put: [pnf(`${a}-1`)] }, { put: [pnf(`${a}-2`)] }, { put: [pnf(`${a}-3`), missing] }] });
      expect(res.status).toBe(202);
      worker.notify();
      // Counted after the chunk commits: wait on the series itself.
      const text = await until('job transactions counted', () => scrape(c), (t) => sample(t, 'aai_bulk_transactions_total', { source: 'jobs', outcome: 'ok' }) >= before + 2);
      expect(sample(text, 'aai_bulk_transactions_total', { source: 'jobs', outcome: 'ok' })).toBe(before + 2);
      expect(sample(text, 'aai_bulk_transactions_total', { source: 'jobs', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'aai_bulk_operations_total', { source: 'jobs', outcome: 'failed' })).toBeGreaterThanOrEqual(2);
    } finally {
      await worker.stop();
    }
  });

  it('follows the normal authentication rules: 401 without credentials, a read-only user may scrape', async () => {
    const app = await authTestApp({ AUTH_USERS: 'prometheus:scrape-secret:read' });
    const c = client(app, { user: 'prometheus', password: 'scrape-secret' });
    const anonymous = await c.raw.get('/metrics').set('Authorization', '');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
    const wrong = await c.raw.get('/metrics').set('Authorization', basic('prometheus', 'nope'));
    expect(wrong.status).toBe(401);
    const ok = await c.raw.get('/metrics');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# TYPE aai_http_requests_total counter');
    // Any other method: A&AI's AAI_3012, as on the service's other paths of its own.
    const post = await c.raw.post('/metrics').send({});
    expect(post.status).toBe(400);
  });
});
