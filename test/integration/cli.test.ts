/**
 * The command-line client (`aai-inventory`, src/cli) as users run it: the real binary
 * (`node bin/aai-inventory.js`, a child process) against the real service (a process on the run's
 * Neo4j, with its job worker), asserting on exit codes, stdout/stderr, the files it writes, and
 * what the service then holds (read back over HTTP). The CLI authenticates as a user of its own
 * (unique per run, with the write role): it sees its own jobs only, so "no second job" is countable.
 * Covered: import (NDJSON, JSON, stdin, failures file, progress lines), resume (--detach, Ctrl-C),
 * jobs/job/cancel, exit codes 2/3/4/130, Basic and Bearer auth, HTTPS with --insecure, sync (diff,
 * --apply, --base, --prune, --scope-uri) and the export → import round trip.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/neo4j/local-server.js';
import { projectRoot } from '../../src/project-root.js';
import { basic } from '../helpers/app.js';
import { uid } from '../helpers/neo4j.js';
import { until } from '../helpers/wait.js';
import { serviceEnv, startServiceProcess, type ServiceProcess } from '../helpers/service.js';

const BIN = join(projectRoot(), 'bin', 'aai-inventory.js');
const USER = uid('cli-user');
const PASSWORD = 'cli-test-password';
/** An admin, to make the CLI user an API token. */
const ADMIN = uid('cli-admin');

let service: ServiceProcess;
let dir: string;

beforeAll(async () => {
  // Its worker runs this file's jobs only (the CLI's default X-FromAppId, and cli-…), never another file's.
  service = await startServiceProcess({ JOB_POLL_MS: '100', JOB_WORKER_SOURCES: 'aai-inventory-cli,cli-', AUTH_USERS: `${USER}:${PASSWORD}:write,${ADMIN}:${PASSWORD}:admin` });
  dir = await mkdtemp(join(tmpdir(), 'aai-cli-'));
});
afterAll(async () => {
  await service?.kill('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Started {
  /** Sends a signal to the CLI process. */
  kill(signal: NodeJS.Signals): void;
  /** Writes to its stdin (`end`: and closes it). */
  write(text: string, end?: boolean): void;
  /** What it wrote so far. */
  output(): Run;
  done: Promise<Run>;
}

/** Starts the binary in the test directory, as the test user, against the service (or `env`'s AAI_URL). */
function start(args: readonly string[], env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    // The source, even when dist/ exists: npm-start.test.ts rebuilds dist/ while this file runs.
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', AAI_CLI_SOURCE: '1', AAI_URL: service.url, AAI_USER: USER, AAI_PASSWORD: PASSWORD, AAI_PROGRESS_INTERVAL_MS: '200', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    kill: (signal) => child.kill(signal),
    write: (text, end = false) => (end ? child.stdin.end(text) : child.stdin.write(text)),
    output: () => ({ code: child.exitCode, stdout, stderr }),
    done,
  };
}

/** Runs the binary to its end, `stdin` as its input. */
function cli(args: readonly string[], env: Record<string, string> = {}, stdin = ''): Promise<Run> {
  const started = start(args, env);
  started.write(stdin, true);
  return started.done;
}

/** A request to the service as the CLI's user (or `as`). */
async function aai(method: string, path: string, body?: unknown, as = USER): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${service.url}${path}`, {
    method,
    headers: {
      Authorization: basic(as, PASSWORD),
      'X-FromAppId': 'cli-test',
      'X-TransactionId': uid('cli-tx'),
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const pnfTx = (name: string, extra: Record<string, unknown> = {}): object => ({ put: [{ uri: `/network/pnfs/pnf/${name}`, body: { 'pnf-name': name, 'equip-type': 'router', ...extra } }] });
const ndjson = (txs: readonly object[]): string => txs.map((t) => `${JSON.stringify(t)}\n`).join('');

/** The ids of the CLI user's jobs (its own only: it is not an admin). */
async function myJobs(): Promise<string[]> {
  const r = await cli(['jobs', '--all', '--limit', '1000', '--json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { jobs: { id: string }[] }).jobs.map((j) => j.id);
}

/** The job id of `job <id> submitted|completed…` in an output. */
const jobIdIn = (text: string): string | undefined => /job ([0-9a-f-]{36})/.exec(text)?.[1];

describe('aai-inventory', () => {
  it('--help lists the commands and the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['import', 'sync', 'export', 'jobs', 'job', 'cancel']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(r.stdout).toMatch(/^ {2}130 +interrupted/m);
    const sub = await cli(['import', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--detach/);
    expect(sub.stdout).toMatch(/AAI_URL/);
  });

  it('imports NDJSON with one bad transaction: exit 1, the failed transaction in the failures file, the good objects stored', async () => {
    const p = uid('cli-nd');
    const good = [0, 1, 2, 3].map((i) => `${p}-${i}`);
    const txs = [pnfTx(good[0] ?? ''), pnfTx(good[1] ?? ''), pnfTx(`${p}-bad`, { 'in-maint': 'not-a-boolean' }), pnfTx(good[2] ?? ''), pnfTx(good[3] ?? '')];
    const file = join(dir, `${p}.ndjson`);
    await writeFile(file, ndjson(txs));
    const r = await cli(['import', file]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/completed\n {2}transactions: 4 committed, 1 failed, 5 in all/);
    expect(r.stdout).toContain(`failed transactions written to ${file}.failures.ndjson`);
    // Progress on stderr (not a terminal: lines, not a bar): the upload, and the job to its end.
    expect(r.stderr).toMatch(/uploaded \d+ B of \d+ B/);
    expect(r.stderr).toMatch(/job [0-9a-f-]{36} completed: 5\/5 transactions \(100%\), 1 failed/);
    const lines = (await readFile(`${file}.failures.ndjson`, 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    const failed = JSON.parse(lines[0] ?? '') as { index: number; put: { uri: string; body: Record<string, string> }[] };
    expect(failed.index).toBe(2);
    expect(failed.put[0]?.uri).toBe(`/network/pnfs/pnf/${p}-bad`);
    expect(Object.keys(failed.put[0]?.body ?? {})).toEqual(['400']);
    for (const name of good) {
      const got = await aai('GET', `/aai/v15/network/pnfs/pnf/${name}`);
      expect(got.status).toBe(200);
      expect(got.body['equip-type']).toBe('router');
    }
    expect((await aai('GET', `/aai/v15/network/pnfs/pnf/${p}-bad`)).status).toBe(404);
    // Finished and written: the resume state is gone.
    expect(existsSync(`${file}.aai-job.json`)).toBe(false);
  });

  it('imports the JSON form (and stdin): exit 0, no failures file', async () => {
    const p = uid('cli-json');
    const file = join(dir, `${p}.json`);
    await writeFile(file, JSON.stringify({ transactions: [pnfTx(`${p}-a`), pnfTx(`${p}-b`)] }, null, 2));
    const r = await cli(['import', file, '--type', 'bulkprocess']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/transactions: 2 committed, 0 failed, 2 in all/);
    expect(existsSync(`${file}.failures.ndjson`)).toBe(false);
    expect((await aai('GET', `/aai/v15/network/pnfs/pnf/${p}-b`)).status).toBe(200);

    const fromStdin = await cli(['import', '-', '--no-progress'], {}, ndjson([pnfTx(`${p}-c`)]));
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(fromStdin.stderr).toBe('');
    expect((await aai('GET', `/aai/v15/network/pnfs/pnf/${p}-c`)).status).toBe(200);
  });

  it('jobs lists the job, job ID shows it, cancel of a finished job is exit 3', async () => {
    const p = uid('cli-jobs');
    const file = join(dir, `${p}.ndjson`);
    await writeFile(file, ndjson([pnfTx(p)]));
    const imported = await cli(['import', file, '--no-progress']);
    expect(imported.code, imported.stderr).toBe(0);
    const id = jobIdIn(imported.stdout) ?? '';

    const list = await cli(['jobs']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID +TYPE +STATUS +PROGRESS +COMPLETED +FAILED +TOTAL +CREATED$/m);
    expect(list.stdout).toMatch(new RegExp(`^${id} +bulkadd +completed +100% +1 +0 +1 +\\d{4}-`, 'm'));

    // --all follows the next links: page by page, the same jobs as one page (two jobs at least).
    const second = join(dir, `${p}-2.ndjson`);
    await writeFile(second, ndjson([pnfTx(`${p}-2`)]));
    expect((await cli(['import', second, '--no-progress'])).code).toBe(0);
    const paged = await cli(['jobs', '--all', '--limit', '1', '--json']);
    expect(paged.code).toBe(0);
    const pagedIds = (JSON.parse(paged.stdout) as { jobs: { id: string }[] }).jobs.map((j) => j.id);
    expect(pagedIds.length).toBeGreaterThan(1);
    expect(pagedIds).toEqual(await myJobs());

    const one = await cli(['job', id]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`^id: +${id}$`, 'm'));
    expect(one.stdout).toMatch(/^status: +completed$/m);
    expect(one.stdout).toMatch(/^transactions: 1 committed, 0 failed, 1 in all$/m);

    const followed = await cli(['job', id, '--follow']);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain(`job ${id} completed`);

    const cancel = await cli(['cancel', id]);
    expect(cancel.code).toBe(3);
    expect(cancel.stdout).toBe('');
    expect(cancel.stderr).toMatch(/^aai-inventory: 409: SVC3000: .*already completed and cannot be cancelled/);

    const unknown = await cli(['job', uid('nope')]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/404: SVC3001: Resource not found .*No bulk job found/);
  });

  it('resumes: --detach submits and saves the job; the same import again follows that job, submitting nothing', async () => {
    const p = uid('cli-resume');
    const file = join(dir, `${p}.ndjson`);
    await writeFile(file, ndjson([pnfTx(`${p}-a`), pnfTx(`${p}-b`, { 'in-maint': 7 })]));
    const before = await myJobs();

    const detached = await cli(['import', file, '--detach']);
    expect(detached.code, detached.stderr).toBe(0);
    const id = jobIdIn(detached.stdout) ?? '';
    expect(detached.stdout).toMatch(new RegExp(`^job ${id} submitted \\(pending, 2 transactions\\)$`, 'm'));
    expect(detached.stdout).toContain(`state saved to ${file}.aai-job.json`);
    const state = JSON.parse(await readFile(`${file}.aai-job.json`, 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({ job: id, url: service.url });

    const resumed = await cli(['import', file]);
    expect(resumed.code, resumed.stderr).toBe(1);
    expect(resumed.stderr).toContain(`following job ${id} (from ${file}.aai-job.json`);
    expect(resumed.stdout).toMatch(new RegExp(`^job ${id} completed$`, 'm'));
    expect(resumed.stdout).not.toMatch(/submitted/);
    expect((await readFile(`${file}.failures.ndjson`, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(existsSync(`${file}.aai-job.json`)).toBe(false);
    // One job more than before: the detached one.
    const after = await myJobs();
    expect(after.filter((j) => !before.includes(j))).toEqual([id]);
  });

  it('Ctrl-C while following leaves the job running (exit 130); the same command again follows it to its end', async () => {
    const p = uid('cli-int');
    const file = join(dir, `${p}.ndjson`);
    // Enough transactions that the job is still running when the signal arrives.
    await writeFile(file, ndjson(Array.from({ length: 4000 }, (_, i) => pnfTx(`${p}-${i}`))));
    const first = start(['import', file]);
    const submitted = await until('the job submitted', async () => first.output().stdout, (out) => /submitted/.test(out));
    const id = jobIdIn(submitted) ?? '';
    first.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code, interrupted.stdout).toBe(130);
    expect(interrupted.stderr).toContain(`job ${id} keeps running; run the same command again to follow it`);
    expect(JSON.parse(await readFile(`${file}.aai-job.json`, 'utf8'))).toMatchObject({ job: id });

    const again = await cli(['import', file]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`following job ${id}`);
    expect(again.stdout).toMatch(/transactions: 4000 committed, 0 failed, 4000 in all/);
    expect(existsSync(`${file}.aai-job.json`)).toBe(false);
  });

  it('Ctrl-C during the upload aborts it (exit 130): no job is created', async () => {
    const before = await myJobs();
    const p = uid('cli-upl');
    const upload = start(['import', '-']);
    // The head of the input, then nothing more: the upload is in progress.
    upload.write(ndjson([pnfTx(`${p}-a`), pnfTx(`${p}-b`)]));
    await until('the upload started', async () => upload.output().stderr, (err) => /uploaded/.test(err));
    upload.kill('SIGINT');
    const r = await upload.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('upload interrupted: nothing was submitted');
    expect(r.stdout).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await myJobs()).filter((j) => !before.includes(j))).toEqual([]);
    expect((await aai('GET', `/aai/v15/network/pnfs/pnf/${p}-a`)).status).toBe(404);
  });

  it('a file import refused with 429 (the submitter\'s uploads at their limit) is retried after Retry-After', async () => {
    // An instance allowing one upload per submitter at a time (jobs are run by the file's service).
    const busy = await startServiceProcess({ JOB_WORKER: 'false', JOB_CLIENT_MAX_UPLOADS: '1', AUTH_USERS: `${USER}:${PASSWORD}:write` });
    try {
      const env = { AAI_URL: busy.url, AAI_APP_ID: uid('cli-busy') };
      const p = uid('cli-busy');
      const stalled = start(['import', '-'], env);
      stalled.write(ndjson([pnfTx(`${p}-a`)]));
      await until('the first upload in progress', async () => stalled.output().stderr, (err) => /uploaded/.test(err));
      const file = join(dir, `${p}.ndjson`);
      await writeFile(file, ndjson([pnfTx(`${p}-b`)]));
      const second = start(['import', file, '--detach'], env);
      await until('the 429', async () => second.output().stderr, (err) => /busy \(429\)/.test(err));
      expect(second.output().stderr).toMatch(/the service is busy \(429\): 429: .*already has 1 job uploads in progress\) \(ec=ERR\.5\.4\.6147\); retrying in 5s/);
      // The first upload ends (interrupted): the retry gets the slot.
      stalled.kill('SIGINT');
      expect((await stalled.done).code).toBe(130);
      const r = await second.done;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^job [0-9a-f-]{36} submitted/m);
    } finally {
      await busy.kill('SIGTERM');
    }
  });

  it('exit 4 when the service cannot be reached, 3 on refused credentials', async () => {
    const port = await freePort();
    const refused = await cli(['jobs'], { AAI_URL: `http://127.0.0.1:${port}` });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/cannot connect to http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    const denied = await cli(['jobs', '--password', 'wrong']);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/401: POL\d+: /);
  });

  it('authenticates with an API token (Bearer) instead of a user', async () => {
    const made = await aai('POST', '/aai/util/tokens', { user: USER, name: uid('cli'), scope: 'write', expires: '1h' }, ADMIN);
    expect(made.status).toBe(201);
    const token = String(made.body['token']);
    const withToken = await cli(['jobs', '--limit', '1'], { AAI_USER: '', AAI_PASSWORD: '', AAI_TOKEN: token });
    expect(withToken.code, withToken.stderr).toBe(0);
    const revoked = await cli(['jobs'], { AAI_USER: '', AAI_PASSWORD: '', AAI_TOKEN: `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}` });
    expect(revoked.code).toBe(3);
    expect(revoked.stderr).toMatch(/401: POL\d+/);
    const both = await cli(['jobs', '--token', token]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--token and --user exclude each other');
  });

  it('over HTTPS with a self-signed certificate: exit 4 with a hint, and --insecure accepts it', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
    await writeFile(join(dir, 'cert.pem'), pems.cert);
    await writeFile(join(dir, 'key.pem'), pems.private);
    const port = await freePort();
    const tls = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'src', 'server.ts')], {
      cwd: projectRoot(),
      env: serviceEnv({ PORT: String(port), JOB_WORKER: 'false', LOG_LEVEL: 'warn', TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'key.pem'), AUTH_USERS: `${USER}:${PASSWORD}:write` }),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise((resolve) => tls.once('exit', resolve));
    try {
      const url = `https://127.0.0.1:${port}`;
      await until('the HTTPS service', () => cli(['jobs', '--insecure', '--limit', '1'], { AAI_URL: url }), (r) => r.code === 0 || tls.exitCode !== null, 60_000);
      const strict = await cli(['jobs'], { AAI_URL: url });
      expect(strict.code).toBe(4);
      expect(strict.stderr).toMatch(/TLS: .*--insecure accepts a self-signed certificate/);
      const insecure = await cli(['jobs', '--insecure'], { AAI_URL: url });
      expect(insecure.code, insecure.stderr).toBe(0);
    } finally {
      tls.kill('SIGTERM');
      await exited;
    }
  });

  it('exit 2 on bad arguments or an unreadable file', async () => {
    for (const args of [['jobs', '--bogus'], ['import'], ['import', 'x', '--type', 'nope'], ['jobs', '--limit', '0'], ['export', '/x', '--depth', '3'], ['export'], ['nonsense'], ['import', join(dir, 'missing.ndjson')]]) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toBe('');
    }
    expect((await readdir(dir)).filter((f) => f.startsWith('x'))).toEqual([]);
  });
});
/** Every member but resource-version, at any depth (a round trip writes new ones). */
function withoutResourceVersions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutResourceVersions);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'resource-version').map(([k, x]) => [k, withoutResourceVersions(x)]));
}

/** DELETE an object at its current resource-version. */
async function remove(uri: string): Promise<void> {
  const got = await aai('GET', `/aai/v15${uri}`);
  expect(got.status).toBe(200);
  const rv = String(got.body['resource-version']);
  expect((await aai('DELETE', `/aai/v15${uri}?resource-version=${rv}`)).status).toBe(204);
}

const COMPLEX = { 'physical-location-type': 'office', street1: '1 Main St', city: 'Paris', 'postal-code': '75001', country: 'FR', region: 'EU' };

describe('aai-inventory sync and export', () => {
  it('sync: a dry run prints the diff and its summary; --apply applies it, and the diff is then empty', async () => {
    const p = uid('cli-sync');
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `/network/pnfs/pnf/${p}-${x}`) as [string, string, string];
    expect((await aai('PUT', `/aai/v15${a}`, { 'pnf-name': `${p}-a`, 'equip-type': 'router' })).status).toBe(201);
    expect((await aai('PUT', `/aai/v15${b}`, { 'pnf-name': `${p}-b`, 'equip-type': 'router' })).status).toBe(201);
    const file = join(dir, `${p}.sync.ndjson`);
    await writeFile(
      file,
      ndjson([
        { scope: { uris: [a, b, c] } },
        { uri: a, body: { 'pnf-name': `${p}-a`, 'equip-type': 'switch' } },
        { uri: b, body: { 'pnf-name': `${p}-b`, 'equip-type': 'router' } },
        { uri: c, body: { 'pnf-name': `${p}-c`, 'equip-type': 'router' } },
      ]),
    );

    const diff = await cli(['sync', file]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain(`create (1)\n  + ${c}  pnf\n`);
    expect(diff.stdout).toMatch(new RegExp(`update \\(1\\)\\n  ~ ${a}  pnf\\n {6}equip-type: router → switch\\n`));
    expect(diff.stdout).toMatch(/^1 to create, 1 to update, 0 to delete, 1 unchanged, 0 skipped$/m);
    const base = /^base: (\S+)$/m.exec(diff.stdout)?.[1] ?? '';
    expect(diff.stdout).toContain(`run again with --apply --base ${base} to apply`);
    expect(diff.stdout).not.toContain('\x1b[');
    expect((await cli(['sync', file, '--exit-code'])).code).toBe(10);
    const json = await cli(['sync', file, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ summary: { create: 1, update: 1, delete: 0, unchanged: 1 } });

    const applied = await cli(['sync', file, '--apply', '--base', base]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^sync: 1 to create, 1 to update/m);
    expect(applied.stdout).toMatch(/job [0-9a-f-]{36} completed/);
    expect((await aai('GET', `/aai/v15${a}`)).body['equip-type']).toBe('switch');
    expect((await aai('GET', `/aai/v15${c}`)).status).toBe(200);

    const again = await cli(['sync', file, '--exit-code']);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/^0 to create, 0 to update, 0 to delete, 3 unchanged, 0 skipped$/m);
    // Nothing to do: no job.
    const noop = await cli(['sync', file, '--apply']);
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.stdout).toContain('nothing to do');
  });

  it('sync --apply --base of a stale diff: exit 3, "run the diff again"; --scope-uri replaces the file\'s scope', async () => {
    const p = uid('cli-stale');
    const a = `/network/pnfs/pnf/${p}-a`;
    const file = join(dir, `${p}.sync.json`);
    await writeFile(file, JSON.stringify({ scope: { uris: [a] }, objects: [{ uri: a, body: { 'pnf-name': `${p}-a`, 'equip-type': 'router' } }] }, null, 2));
    const diff = await cli(['sync', file, '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    const { base } = JSON.parse(diff.stdout) as { base: string };
    // The scope changes after the diff.
    expect((await aai('PUT', `/aai/v15${a}`, { 'pnf-name': `${p}-a`, 'equip-type': 'firewall' })).status).toBe(201);
    const stale = await cli(['sync', file, '--apply', '--base', base]);
    expect(stale.code).toBe(3);
    expect(stale.stderr).toContain('the scope changed since the diff: run the diff again');
    expect((await aai('GET', `/aai/v15${a}`)).body['equip-type']).toBe('firewall');
    // The same objects under a scope given on the command line (the JSON file re-sent as NDJSON).
    const byUri = await cli(['sync', file, '--scope-uri', a]);
    expect(byUri.code, byUri.stderr).toBe(0);
    expect(byUri.stdout).toMatch(/equip-type: firewall → router/);
  });

  it('sync --prune deletes the caller\'s own objects of the scope (its X-FromAppId), and skips the others', async () => {
    const p = uid('cli-prune');
    const [keep, extra] = [`/network/pnfs/pnf/${p}-keep`, `/network/pnfs/pnf/${p}-extra`];
    // Both written with X-FromAppId cli-test: their source-of-truth.
    for (const u of [keep, extra]) expect((await aai('PUT', `/aai/v15${u}`, { 'equip-type': 'router' })).status).toBe(201);
    const file = join(dir, `${p}.sync.ndjson`);
    await writeFile(file, ndjson([{ scope: { uris: [keep, extra] } }, { uri: keep, body: { 'pnf-name': `${p}-keep`, 'equip-type': 'router' } }]));

    const other = await cli(['sync', file, '--prune']);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain(`skip (1)\n  ! ${extra}  pnf, owner cli-test`);
    expect(other.stdout).toMatch(/^0 to create, 0 to update, 0 to delete, 1 unchanged, 1 skipped$/m);

    const own = await cli(['sync', file, '--prune', '--apply'], { AAI_APP_ID: 'cli-test' });
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toMatch(/^sync: 0 to create, 0 to update, 1 to delete/m);
    expect((await aai('GET', `/aai/v15${extra}`)).status).toBe(404);
    expect((await aai('GET', `/aai/v15${keep}`)).status).toBe(200);
  });

  it('export → delete → import round-trips: the objects, children and relationships come back the same', async () => {
    const p = uid('cli-rt');
    const complex = `/cloud-infrastructure/complexes/complex/${p}-cx`;
    const pnf = `/network/pnfs/pnf/${p}-x`;
    expect((await aai('PUT', `/aai/v15${complex}`, COMPLEX)).status).toBe(201);
    const relationship = { 'related-to': 'complex', 'relationship-label': 'org.onap.relationships.inventory.LocatedIn', 'related-link': `/aai/v15${complex}` };
    expect((await aai('PUT', `/aai/v15${pnf}`, { 'pnf-name': `${p}-x`, 'equip-type': 'router', 'relationship-list': { relationship: [relationship] } })).status).toBe(201);
    expect((await aai('PUT', `/aai/v15${pnf}/p-interfaces/p-interface/eth0`, { 'interface-name': 'eth0', 'port-description': 'uplink' })).status).toBe(201);
    const before = await Promise.all([complex, pnf].map(async (u) => (await aai('GET', `/aai/v15${u}?depth=all`)).body));

    const file = join(dir, `${p}.export.ndjson`);
    const exported = await cli(['export', pnf, complex, '--depth', 'all', '-o', file]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain(`exported 3 objects to ${file}`);
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toHaveProperty('scope');
    expect(lines.slice(1).map((l) => l['uri'])).toEqual(expect.arrayContaining([complex, pnf, `${pnf}/p-interfaces/p-interface/eth0`]));
    // To stdout too.
    const toStdout = await cli(['export', complex, '--depth', '0']);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout.trim().split('\n')).toHaveLength(2);

    await remove(pnf);
    await remove(complex);
    expect((await aai('GET', `/aai/v15${pnf}`)).status).toBe(404);

    const imported = await cli(['import', file]);
    expect(imported.code, `${imported.stdout}\n${imported.stderr}`).toBe(0);
    expect(imported.stdout).toMatch(/^sync: 3 to create/m);
    const after = await Promise.all([complex, pnf].map(async (u) => (await aai('GET', `/aai/v15${u}?depth=all`)).body));
    expect(withoutResourceVersions(after)).toEqual(withoutResourceVersions(before));
  });
});
