/**
 * Issue "Service foundation": with Neo4j stopped under a running service, the echo answers 503 and
 * the service stays up; when Neo4j is back, it answers 200 again without a restart.
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
import { startLocalServer, type LocalServer } from '../../src/neo4j-server/local-server.js';
import { dockerEngineAnswers } from '../../src/neo4j-server/provision.js';
import { createDriver, waitForBolt } from '../../src/store/driver.js';
import { createGraphStore } from '../../src/store/graph-store.js';
import { Schema } from '../../src/schema/schema.js';
import { createJobStore } from '../../src/store/job-store.js';

const headers = { 'X-FromAppId': 'a', 'X-TransactionId': 'b' };

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
    const app = createApp({ config, logger: createLogger('silent'), schema, store: createGraphStore(driver, 'neo4j', schema), jobs: createJobStore(driver, 'neo4j') });
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
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await http.get('/aai/util/echo').set(headers)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    await driver.close();
  }, 240_000);
});
