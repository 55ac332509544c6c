/**
 * Issue "Service foundation": with Neo4j stopped under a running service, the echo answers 503 and
 * the service stays up; when Neo4j is back, it answers 200 again without a restart.
 * Uses a Neo4j of its own (the shared one must stay up for the other files).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
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
import { JobWorker } from '../../src/domain/jobs/job-worker.js';
import { Schema } from '../../src/schema/schema.js';
import { createJobStore } from '../../src/store/job-store.js';
import { uid } from '../helpers/neo4j.js';
import { until } from '../helpers/wait.js';
import { basic, TEST_PASSWORD, TEST_USER, testAuth } from '../helpers/app.js';
import { createTokenStore } from '../../src/store/token-store.js';

const headers = { 'X-FromAppId': 'a', 'X-TransactionId': 'b', Authorization: basic(TEST_USER, TEST_PASSWORD) };

describe.skipIf(dockerEngineAnswers())('GET /aai/util/echo while Neo4j goes down and comes back', () => {
  const home = mkdtempSync(join(tmpdir(), 'aai-echo-down-'));
  let server: LocalServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('answers 503 with an A&AI body while Neo4j is down, then 200 again', async () => {
    server = await startLocalServer({ home, heap: '512m', pageCache: '64m' });
    const conn = { uri: server.uri, username: 'neo4j', password: '' };
    await waitForBolt(conn, 90_000);
    const config = loadConfig({ LOG_LEVEL: 'silent', NEO4J_URI: server.uri });
    const driver = createDriver(conn);
    const schema = Schema.load();
    // The server's version is read at the first use and again after the outage (issue "Data integrity on every Neo4j it accepts").
    const versions: string[] = [];
    const store = createGraphStore(driver, 'neo4j', schema, { retries: 8, serverCheck: { acceptUntested: false, report: (info) => versions.push(info.version) } });
    const app = createApp({ config, logger: createLogger('silent'), schema, store, jobs: createJobStore(driver, 'neo4j'), auth: testAuth(config), tokens: createTokenStore(driver, 'neo4j') });
    const http = supertest(app.callback());

    expect((await http.get('/aai/util/echo').set(headers)).status).toBe(200);

    const port = server.port;
    await server.stop();
    const down = await http.get('/aai/util/echo').set(headers);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      requestError: {
        serviceException: {
          messageId: 'SVC3002',
          text: 'Error writing output performing %1 on %2 (msg=%3) (ec=%4)',
          variables: ['GET', 'util/echo', 'Unexpected error reading/updating database:Graph database is unavailable', 'ERR.5.4.5105'],
        },
      },
    });
    expect(JSON.stringify(down.body)).not.toMatch(/ServiceUnavailable|bolt|Error:/);

    server = await startLocalServer({ home, port, heap: '512m', pageCache: '64m' });
    await waitForBolt(conn, 90_000);
    const back = await until('the echo to answer 200 again', async () => (await http.get('/aai/util/echo').set(headers)).status, (s) => s === 200, 30_000);
    expect(back).toBe(200);
    expect(versions).toEqual([server.version, server.version]);
    // Reads and writes recover too, without restarting the service (issue "Bounded under abuse").
    const name = uid('down-back');
    expect((await http.put(`/aai/v15/network/pnfs/pnf/${name}`).set(headers).send({ 'pnf-name': name })).status).toBe(201);
    expect((await http.get(`/aai/v15/network/pnfs/pnf/${name}`).set(headers)).body).toMatchObject({ 'pnf-name': name });
    await driver.close();
  }, 240_000);

  it('pauses a running job while Neo4j is down and finishes it, each transaction once, when it is back', async () => {
    const home2 = mkdtempSync(join(tmpdir(), 'aai-job-down-'));
    let db = await startLocalServer({ home: home2, heap: '512m', pageCache: '64m' });
    const conn = { uri: db.uri, username: 'neo4j', password: '' };
    try {
      await waitForBolt(conn, 90_000);
      const driver = createDriver(conn);
      await runMigrations(driver, 'neo4j', Schema.load());
      const config = loadConfig({ LOG_LEVEL: 'silent', NEO4J_URI: db.uri, JOB_POLL_MS: '100', JOB_LEASE_MS: '2s', JOB_CHUNK_OPERATIONS: '20' });
      const schema = Schema.load();
      const store = createGraphStore(driver, 'neo4j', schema);
      const jobs = createJobStore(driver, 'neo4j');
      // The worker's warnings and errors, to see it meet the outage.
      const logged: { msg?: string; job?: string }[] = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg?: string; job?: string }) });
      const worker = new JobWorker(store, jobs, schema, { ...config.jobs, impliedDeleteWhitelist: {}, maxObjects: config.budget.writeObjects }, logger);
      worker.start();
      const http = supertest(createApp({ config, logger: createLogger('silent'), schema, store, jobs, auth: testAuth(config), tokens: createTokenStore(driver, 'neo4j'), notifyJobs: () => worker.notify() }).callback());
      const total = 600;
      const prefix = uid('down');
      const transactions = Array.from({ length: total }, (_, i) => ({ put: [{ uri: `/network/pnfs/pnf/${prefix}-${i}`, body: {} }] }));
      const submitted = await http.post('/aai/v15/bulk/jobs').set(headers).send({ transactions });
      expect(submitted.status).toBe(202);
      const id = submitted.body.id as string;
      type Status = { status: string; transactions: { total: number; completed: number; failed: number } } | undefined;
      const status = async (): Promise<Status> => {
        const r = await http.get(`/aai/v15/bulk/jobs/${id}`).set(headers);
        return r.status === 200 ? (r.body as Status) : undefined;
      };
      // The job is running and part of it is done when Neo4j goes away.
      const before = await until('the job to complete 20 transactions', status, (s) => (s?.transactions.completed ?? 0) >= 20, 120_000);
      expect(before?.status).toBe('running');
      expect(before?.transactions.completed).toBeGreaterThanOrEqual(20);
      expect(before?.transactions.completed).toBeLessThan(total);
      const port = db.port;
      await db.stop();
      // The worker meets the outage in the middle of the job and pauses it (and must survive that).
      const met = await until('the worker to log meeting the outage while running the job', async () => logged.filter((r) => r.job === id), (rs) => rs.length > 0, 120_000);
      expect(met.map((r) => r.msg)).toContain('bulk job paused: database unavailable');
      expect((await http.get(`/aai/v15/bulk/jobs/${id}`).set(headers)).status).toBe(503);
      db = await startLocalServer({ home: home2, port, heap: '512m', pageCache: '64m' });
      await waitForBolt(conn, 90_000);
      const last = await until('the job to complete after Neo4j is back', () => status().catch(() => undefined), (s) => s?.status === 'completed', 180_000);
      expect(last?.status).toBe('completed');
      expect(last?.transactions).toEqual({ total, completed: total, failed: 0 });
      const n = await driver.executeQuery('MATCH (n:pnf) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: `/network/pnfs/pnf/${prefix}-` }, { database: 'neo4j' });
      expect(n.records[0]?.get('n')).toBe(total);
      await worker.stop();
      await driver.close();
    } finally {
      await db.stop();
      rmSync(home2, { recursive: true, force: true });
    }
  }, 300_000);
});
