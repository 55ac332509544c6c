/**
 * Issue #17 "Health for orchestrators": /aai/util/live and /aai/util/ready, public, each answering
 * within 1 s whatever Neo4j does; while Neo4j is down requests get their 503 at once (the store's
 * connectivity breaker), and everything recovers by itself when Neo4j is back.
 * Uses a Neo4j of its own (the shared one must stay up for the other files).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startLocalServer, type LocalServer } from '../../scripts/neo4j/local-server.js';
import { dockerEngineAnswers } from '../../scripts/neo4j/provision.js';
import { createDriver, waitForBolt } from '../../src/store/driver.js';
import { createGraphStore } from '../../src/store/graph-store.js';
import { runMigrations } from '../../src/store/migrations.js';
import { Schema } from '../../src/schema/schema.js';
import { createJobStore } from '../../src/store/job-store.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { uid } from '../helpers/neo4j.js';
import { until } from '../helpers/wait.js';
import { basic, TEST_PASSWORD, TEST_USER, testAuth } from '../helpers/app.js';

/** The A&AI headers alone: the probes need no credentials. */
const probe = { 'X-FromAppId': 'k8s', 'X-TransactionId': 'probe' };
const headers = { ...probe, Authorization: basic(TEST_USER, TEST_PASSWORD) };

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
}

describe.skipIf(dockerEngineAnswers())('/aai/util/live and /aai/util/ready while Neo4j goes down and comes back', () => {
  const home = mkdtempSync(join(tmpdir(), 'aai-health-'));
  let server: LocalServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('ready is 503 within 1 s while Neo4j is down, requests fail fast, live stays 200, all recover', async () => {
    server = await startLocalServer({ home, heap: '512m', pageCache: '64m' });
    const conn = { uri: server.uri, username: 'neo4j', password: '' };
    await waitForBolt(conn, 90_000);
    const driver = createDriver(conn);
    const schema = Schema.load();
    await runMigrations(driver, 'neo4j', schema);
    const config = loadConfig({ LOG_LEVEL: 'silent', NEO4J_URI: server.uri });
    const store = createGraphStore(driver, 'neo4j', schema, { retries: 8, serverCheck: { acceptUntested: false, report: () => undefined } });
    const app = createApp({ config, logger: createLogger('silent'), schema, store, jobs: createJobStore(driver, 'neo4j'), auth: testAuth(config), tokens: createTokenStore(driver, 'neo4j') });
    const http = supertest(app.callback());
    const name = uid('health');
    const pnf = `/aai/v15/network/pnfs/pnf/${name}`;

    // Up: both public, both 200; other methods answered as the echo answers them.
    expect((await http.get('/aai/util/live').set(probe)).status).toBe(200);
    // A probe as kubelet sends it: no credentials, no A&AI headers.
    expect((await http.get('/aai/util/live')).status).toBe(200);
    expect((await http.get('/aai/util/ready')).status).toBe(200);
    const up = await http.get('/aai/util/ready').set(probe);
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ status: 'ready' });
    const other = await http.post('/aai/util/ready').set(probe);
    const echoOther = await http.post('/aai/util/echo').set(probe);
    expect([other.status, other.body]).toEqual([echoOther.status, echoOther.body]);
    expect(other.status).not.toBe(200);
    expect((await http.put(pnf).set(headers).send({ 'pnf-name': name })).status).toBe(201);

    const port = server.port;
    await server.stop();
    const downAt = Date.now();

    // Down: readiness answers 503 AAI_5105 within 1 s, every time; so does a request; live stays 200.
    const times: Record<string, number[]> = { ready: [], read: [], live: [] };
    for (let i = 0; i < 5; i++) {
      const ready = await timed(() => http.get('/aai/util/ready').set(probe));
      expect(ready.value.status).toBe(503);
      expect(ready.value.body.requestError.serviceException.variables).toEqual(['GET', 'util/ready', 'Unexpected error reading/updating database:Graph database is unavailable', 'ERR.5.4.5105']);
      times['ready']?.push(ready.ms);
      const read = await timed(() => http.get(pnf).set(headers));
      expect(read.value.status).toBe(503);
      times['read']?.push(read.ms);
      const live = await timed(() => http.get('/aai/util/live').set(probe));
      expect(live.value.status).toBe(200);
      times['live']?.push(live.ms);
    }
    console.log(`while Neo4j is down (ms): ${JSON.stringify(times, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`);
    expect(Math.max(...(times['ready'] ?? []))).toBeLessThan(1_000);
    expect(Math.max(...(times['read'] ?? []))).toBeLessThan(2_000);
    // After the breaker's window the next request probes Neo4j again, and still fails fast.
    const later = await until('the fail-fast window to pass', () => timed(() => http.get(pnf).set(headers)), () => Date.now() - downAt > 1_500, 10_000);
    expect(later.value.status).toBe(503);
    expect(later.ms).toBeLessThan(2_000);

    // Back: readiness and requests recover without a restart.
    server = await startLocalServer({ home, port, heap: '512m', pageCache: '64m' });
    await waitForBolt(conn, 90_000);
    const back = await until('readiness to answer 200 again', async () => (await http.get('/aai/util/ready').set(probe)).status, (s) => s === 200, 30_000);
    expect(back).toBe(200);
    expect((await http.get('/aai/util/live').set(probe)).status).toBe(200);
    expect((await http.get(pnf).set(headers)).body).toMatchObject({ 'pnf-name': name });
    await driver.close();
  }, 240_000);
});
