/**
 * Issue #17: `npm run neo4j` with NEO4J_LOCAL_PORT listens on that port, and keeps its store in
 * NEO4J_LOCAL_HOME between runs — so a service started with the URI it printed finds the same
 * server, and the same data, after a restart. A bad port is one sentence and exit 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/neo4j/local-server.js';
import { projectRoot } from '../../src/project-root.js';
import { createDriver } from '../../src/store/driver.js';
import { dockerEngineAnswers } from '../../scripts/neo4j/provision.js';
import { uid } from '../helpers/neo4j.js';
import { alive } from '../helpers/processes.js';
import { until } from '../helpers/wait.js';

const home = mkdtempSync(join(tmpdir(), 'aai-npm-neo4j-'));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.pid !== undefined && alive(c.pid)) c.kill('SIGTERM');
  await until('npm run neo4j to stop', () => Promise.resolve(children.every((c) => c.exitCode !== null || c.signalCode !== null)), (done) => done, 60_000);
  rmSync(home, { recursive: true, force: true });
});

/** `npm run neo4j` with this environment; resolves with its printed URI once ready. */
function runNeo4j(env: Record<string, string>): { child: ChildProcess; ready: Promise<string>; exited: Promise<{ code: number | null; out: string }> } {
  const child = spawn('npm', ['run', '--silent', 'neo4j'], {
    cwd: projectRoot(),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NEO4J_LOCAL_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /NEO4J_URI=(\S+)/.exec(out);
      if (m?.[1] && out.includes('Press Ctrl-C')) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', () => reject(new Error(`npm run neo4j exited: ${out}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<{ code: number | null; out: string }>((resolve) => child.on('exit', (code) => resolve({ code, out })));
  return { child, ready, exited };
}

describe.skipIf(dockerEngineAnswers())('npm run neo4j with NEO4J_LOCAL_PORT', () => {
  it('listens on that port, and after a restart on the same port has the same store', async () => {
    const port = await freePort();
    const marker = uid('kept');
    const first = runNeo4j({ NEO4J_LOCAL_PORT: String(port) });
    const uri = await first.ready;
    expect(uri).toBe(`bolt://127.0.0.1:${port}`);
    const d1 = createDriver({ uri, username: 'neo4j', password: '' });
    await d1.executeQuery('CREATE (:KeptMarker {id: $id})', { id: marker });
    await d1.close();
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = runNeo4j({ NEO4J_LOCAL_PORT: String(port) });
    expect(await second.ready).toBe(uri);
    const d2 = createDriver({ uri, username: 'neo4j', password: '' });
    const rows = await d2.executeQuery('MATCH (m:KeptMarker {id: $id}) RETURN count(m) AS n', { id: marker });
    await d2.close();
    expect(Number(rows.records[0]?.get('n'))).toBe(1);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 240_000);

  it('refuses a port that is not a port number, in one sentence', async () => {
    const bad = runNeo4j({ NEO4J_LOCAL_PORT: 'eighty' });
    const { code, out } = await bad.exited;
    expect(code).toBe(1);
    expect(out.trim()).toBe('NEO4J_LOCAL_PORT="eighty": expected a port number from 1 to 65535');
  });
});
