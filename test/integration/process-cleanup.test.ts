/**
 * Issue "Service foundation": after the test command ends — passed, failed or interrupted — no
 * Java/Neo4j process it started is left running. Each case runs a nested vitest with the project's
 * real global setup and checks the JVM it started is gone. Also: an owner killed with SIGKILL.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerEngineAnswers } from '../../scripts/neo4j/provision.js';
import { projectRoot } from '../../src/project-root.js';
import { eventually } from '../helpers/wait.js';
import { alive, killGroups } from '../helpers/processes.js';

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const drop = new Set(['NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST', 'NODE_ENV']);
  return Object.fromEntries(Object.entries({ ...process.env, ...extra }).filter(([k]) => !drop.has(k)));
}

interface RunResult {
  code: number | null;
  pid: number;
}

/**
 * Process groups of the nested runs. A vitest main process interrupted with SIGINT alone can leave
 * its fork worker running (vitest-dev/vitest#9123: a terminal's Ctrl-C signals the whole group, a
 * lone SIGINT does not). That worker is vitest's, not a Neo4j this project started, and the checks
 * above are about the latter; once they are done, the groups are killed so nothing outlives the run.
 */
const nestedGroups: number[] = [];
/** The runs' scratch folders (pid files), removed once the runs are over. */
const scratch: string[] = [];

afterAll(() => {
  killGroups(nestedGroups);
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

async function nestedRun(mode: 'pass' | 'fail' | 'interrupt'): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'aai-cleanup-'));
  scratch.push(dir);
  const pidFile = join(dir, 'pid');
  const root = projectRoot();
  const child = spawn(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/fixtures/cleanup/vitest.config.ts'], {
    cwd: root,
    env: childEnv({ PROBE_PID_FILE: pidFile, PROBE_MODE: mode === 'interrupt' ? 'hang' : mode }),
    stdio: 'ignore',
    // Its own process group, so that what vitest itself leaves behind can be reaped (below).
    detached: true,
  });
  if (child.pid !== undefined) nestedGroups.push(child.pid);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const sawPid = await eventually(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 150_000);
  expect(sawPid).toBe(true);
  const pid = Number(readFileSync(pidFile, 'utf8'));
  expect(alive(pid)).toBe(true);
  if (mode === 'interrupt') child.kill('SIGINT');
  const code = await exited;
  return { code, pid };
}

describe.skipIf(dockerEngineAnswers())('test-run process cleanup (local Neo4j)', () => {
  it.concurrent('leaves no Neo4j JVM behind after a passing run', async () => {
    const { code, pid } = await nestedRun('pass');
    expect(code).toBe(0);
    expect(alive(pid)).toBe(false);
  }, 300_000);

  it.concurrent('leaves no Neo4j JVM behind after a failing run', async () => {
    const { code, pid } = await nestedRun('fail');
    expect(code).not.toBe(0);
    expect(alive(pid)).toBe(false);
  }, 300_000);

  it.concurrent('leaves no Neo4j JVM behind after an interrupted (SIGINT) run', async () => {
    const { pid } = await nestedRun('interrupt');
    expect(await eventually(() => !alive(pid), 90_000)).toBe(true);
  }, 300_000);

  it.concurrent('stops the JVM when the process that started it is killed with SIGKILL', async () => {
    const root = projectRoot();
    const dir = mkdtempSync(join(tmpdir(), 'aai-cleanup-'));
  scratch.push(dir);
    const pidFile = join(dir, 'pid');
    const script = `
      import { startLocalServer } from './scripts/neo4j/local-server.ts';
      import { writeFileSync } from 'node:fs';
      const s = await startLocalServer({ heap: '256m', pageCache: '32m' });
      writeFileSync(${JSON.stringify(pidFile)}, String(s.pid));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: childEnv({}), stdio: 'ignore' });
    expect(await eventually(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 120_000)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    expect(await eventually(() => !alive(pid), 90_000)).toBe(true);
  }, 300_000);
});
