/**
 * Issue 14 "provisioning out of the product": the service binary needs NEO4J_URI and provisions
 * nothing; `npm start` (scripts/neo4j/start.ts) provisions a local Neo4j when NEO4J_URI is unset and
 * runs the built service on it as one foreground command. SIGTERM to the npm process stops the
 * service and that Neo4j, and npm exits with the service's code; a start script killed with SIGKILL
 * leaves neither behind (both run under the watchdog).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/neo4j/local-server.js';
import { dockerEngineAnswers } from '../../scripts/neo4j/provision.js';
import { projectRoot } from '../../src/project-root.js';
import { httpJson } from '../helpers/service.js';
import { eventually } from '../helpers/wait.js';
import { alive, killGroups } from '../helpers/processes.js';

/** The environment of a shell without this test run's Neo4j or vitest's variables. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const drop = new Set(['NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD', 'NEO4J_DATABASE', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST', 'NODE_ENV']);
  return Object.fromEntries(Object.entries({ ...process.env, ...extra }).filter(([k]) => !drop.has(k) && !k.startsWith('npm_')));
}

/** Parent pid of every process, from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(entry), ppid);
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

function descendants(root: number): number[] {
  const tree = parents();
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift();
    for (const [child, parent] of tree) {
      if (parent === pid) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

const commandOf = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
};

interface Started {
  npm: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
  /** Every process under npm once the service answered: the start script, the watchdogs, the service, the JVM. */
  tree: number[];
}

const homes: string[] = [];
const groups: number[] = [];

afterAll(() => {
  // A failed test may leave its npm running: kill its group (the start script is in it; the
  // watchdogs then stop the service and the JVM), then remove the stores.
  killGroups(groups);
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** `npm start` with NEO4J_URI unset, on a throwaway store; resolves once the echo answers 200. */
async function npmStart(): Promise<Started> {
  const home = mkdtempSync(join(tmpdir(), 'aai-npm-start-'));
  homes.push(home);
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: projectRoot(),
    env: cleanEnv({ PORT: String(port), NEO4J_LOCAL_HOME: home, LOG_LEVEL: 'info', JOB_WORKER: 'false' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (npm.pid !== undefined) groups.push(npm.pid);
  let output = '';
  npm.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  npm.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/aai/util/echo`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    const status = await httpJson('GET', url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not answer on ${url}:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { npm, exited, output: () => output, tree: descendants(npm.pid ?? 0) };
}

describe('the service binary', () => {
  it('refuses to start without NEO4J_URI, in one sentence, and provisions nothing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot(), 'src', 'server.ts')], {
      cwd: projectRoot(),
      env: cleanEnv({ PORT: '0' }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('NEO4J_URI is not set: point it (with NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) at a Neo4j server, or run `npm start`, which provisions one.');
  });
});

describe.skipIf(dockerEngineAnswers())('npm start with NEO4J_URI unset (local Neo4j)', () => {
  it('serves the echo on a Neo4j it started; SIGTERM to npm stops the service and that Neo4j, exit code 0', async () => {
    const started = await npmStart();
    const commands = started.tree.map(commandOf);
    expect(commands.some((c) => c.includes('dist/src/server.js')), commands.join('\n')).toBe(true);
    expect(commands.some((c) => c.includes('org.neo4j.server.')), commands.join('\n')).toBe(true);

    const signalled = Date.now();
    started.npm.kill('SIGTERM');
    const code = await started.exited;
    const took = Date.now() - signalled;
    expect(code, started.output()).toBe(0);
    // The service's shutdown (SHUTDOWN_TIMEOUT_MS, 10 s) then Neo4j's; in practice a few seconds.
    expect(took).toBeLessThan(30_000);
    expect(await eventually(() => started.tree.every((pid) => !alive(pid)), 5_000), started.tree.filter(alive).map(commandOf).join('\n')).toBe(true);
    expect(started.output()).toContain('"msg":"stopped"');
  }, 300_000);

  // Issue #17: signals reach the service however it is started (scripts, supervisors and CI signal
  // npm; an operator may signal the node process itself).
  it.each([
    ['SIGINT', 'npm'],
    ['SIGTERM', 'the service (node dist/src/server.js)'],
    ['SIGINT', 'the service (node dist/src/server.js)'],
  ] as const)('%s to %s stops the service and its Neo4j within the shutdown timeout', async (signal, target) => {
    const started = await npmStart();
    const service = started.tree.find((pid) => commandOf(pid).includes('dist/src/server.js'));
    expect(service, started.tree.map(commandOf).join('\n')).toBeDefined();
    const signalled = Date.now();
    if (target === 'npm') started.npm.kill(signal);
    else process.kill(service ?? 0, signal);
    await started.exited;
    expect(Date.now() - signalled).toBeLessThan(30_000);
    expect(await eventually(() => started.tree.every((pid) => !alive(pid)), 10_000), started.tree.filter(alive).map(commandOf).join('\n')).toBe(true);
    expect(started.output()).toContain('"msg":"stopped"');
  }, 300_000);

  it('leaves neither the service nor its Neo4j running when the start script is killed with SIGKILL', async () => {
    const started = await npmStart();
    const script = started.tree.find((pid) => commandOf(pid).includes('scripts/neo4j/start.ts'));
    expect(script, started.tree.map(commandOf).join('\n')).toBeDefined();
    process.kill(script ?? 0, 'SIGKILL');
    await started.exited;
    // The watchdogs notice within half a second; the service and the JVM then shut down cleanly.
    expect(await eventually(() => started.tree.every((pid) => !alive(pid)), 60_000), started.tree.filter(alive).map(commandOf).join('\n')).toBe(true);
  }, 300_000);
});
