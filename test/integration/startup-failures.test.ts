/**
 * Issue #17 "Failing fast and clearly": a refused NEO4J_URI, wrong credentials and a wrong database
 * name each stop the service (src/server.ts run as a process) with one sentence on stderr and a
 * non-zero exit, never a stack trace or the driver's boilerplate, and a refused address within 5 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startLocalServer, type LocalServer } from '../../scripts/neo4j/local-server.js';
import { dockerEngineAnswers } from '../../scripts/neo4j/provision.js';
import { projectRoot } from '../../src/project-root.js';
import { waitForBolt } from '../../src/store/driver.js';
import { neo4jConnection } from '../helpers/neo4j.js';

interface Outcome {
  code: number | null;
  stderr: string;
  ms: number;
}

function startService(env: Record<string, string>): Promise<Outcome> {
  const c = neo4jConnection();
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'src', 'server.ts')], {
      cwd: projectRoot(),
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NEO4J_URI: c.uri, NEO4J_USERNAME: c.username, NEO4J_PASSWORD: c.password, NEO4J_DATABASE: c.database, PORT: '0', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr, ms: performance.now() - t0 }));
  });
}

/** One line, one sentence, none of the driver's text. */
function expectOneSentence(o: Outcome, pattern: RegExp): void {
  expect(o.code).not.toBe(0);
  expect(o.code).not.toBeNull();
  const text = o.stderr.trim();
  expect(text.split('\n')).toHaveLength(1);
  expect(text).toMatch(pattern);
  expect(text).not.toMatch(/encryption|Neo4jError|ServiceUnavailable|\bat .*\.(js|ts):\d+/);
}

describe('start-up failures', () => {
  it('a refused NEO4J_URI (nothing listens) fails in under 5 s with one sentence', async () => {
    const port = await freePort();
    const o = await startService({ NEO4J_URI: `bolt://127.0.0.1:${port}` });
    console.log(`refused NEO4J_URI: exit ${o.code} after ${Math.round(o.ms)} ms: ${o.stderr.trim()}`);
    expectOneSentence(o, new RegExp(`^Neo4j at bolt://127\\.0\\.0\\.1:${port} refused the connection: nothing listens there .*\\.$`));
    expect(o.ms).toBeLessThan(5_000);
  });

  it('a host name that does not resolve fails in under 5 s with one sentence', async () => {
    const o = await startService({ NEO4J_URI: 'bolt://no-such-host.invalid:7687' });
    expectOneSentence(o, /^Neo4j at bolt:\/\/no-such-host\.invalid:7687 cannot be reached: its host name does not resolve \(check NEO4J_URI\)\.$/);
    expect(o.ms).toBeLessThan(5_000);
  });

  it('a wrong database name fails with one sentence', async () => {
    const o = await startService({ NEO4J_DATABASE: 'nosuchdatabase' });
    expectOneSentence(o, /^Neo4j at \S+ has no database named 'nosuchdatabase': check NEO4J_DATABASE\.$/);
  });

  describe.skipIf(dockerEngineAnswers())('on a Neo4j that requires credentials', () => {
    const home = mkdtempSync(join(tmpdir(), 'aai-auth-neo4j-'));
    let server: LocalServer | undefined;
    afterAll(async () => {
      await server?.stop();
      rmSync(home, { recursive: true, force: true });
    });

    it('wrong credentials fail at once with one sentence', async () => {
      server = await startLocalServer({ home, heap: '512m', pageCache: '64m', auth: true });
      // Its initial credentials (neo4j/neo4j, to be changed) are accepted by the Bolt handshake: the server is ready.
      await waitForBolt({ uri: server.uri, username: 'neo4j', password: 'neo4j' }, 90_000);
      const o = await startService({ NEO4J_URI: server.uri, NEO4J_USERNAME: 'neo4j', NEO4J_PASSWORD: 'wrong-password' });
      console.log(`wrong password: exit ${o.code} after ${Math.round(o.ms)} ms: ${o.stderr.trim()}`);
      expectOneSentence(o, /^Neo4j at \S+ refused the credentials of user 'neo4j': check NEO4J_USERNAME and NEO4J_PASSWORD\.$/);
      expect(o.ms).toBeLessThan(10_000);
    }, 180_000);

    it('a second server on a store in use is refused with one sentence, and the first keeps running', async () => {
      expect(server).toBeDefined();
      const first = server as LocalServer;
      await expect(startLocalServer({ home, heap: '512m', pageCache: '64m' })).rejects.toThrow(
        new RegExp(`^Another Neo4j \\(pid ${first.pid}\\) already uses the store in ${home}, probably another \`npm start\` in this checkout: stop it, or set NEO4J_LOCAL_HOME to another folder\\.$`),
      );
      expect(first.exitCode()).toBeNull();
      await waitForBolt({ uri: first.uri, username: 'neo4j', password: 'neo4j' }, 10_000);
    });
  });
});
