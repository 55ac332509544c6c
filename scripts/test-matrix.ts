/**
 * `npm run test:matrix` (what `.ci/run` runs): lint (ESLint and the layer rules), type-check, the
 * unit tests once, then the integration suite once per supported Neo4j at the ends of the tested
 * range (SUPPORTED_NEO4J in src/store/server-version.ts), each on a fresh local server of that
 * version (NEO4J_VERSION).
 * With NEO4J_URI set there is only that server: the integration suite runs once, on it.
 * Ends with the failed tests (name and the first lines of the failure, so a CI log that keeps only its
 * tail still says what failed), one line "N passed, N failed, N skipped" over every run, and exits
 * non-zero if any step failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPPORTED_NEO4J } from '../src/store/server-version.js';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];
const failedTests: string[] = [];

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { name: string; status: string; message?: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

function firstLines(text: string, n = 8): string {
  return text.split('\n').slice(0, n).map((l) => `      ${l}`).join('\n');
}

function recordFailures(step: string, r: Report): void {
  for (const file of r.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) failedTests.push(`  [${step}] ${file.name}\n    ${a.fullName}\n${firstLines(a.failureMessages?.[0] ?? '')}`);
    if (failed.length === 0 && file.status === 'failed') failedTests.push(`  [${step}] ${file.name}\n${firstLines(file.message ?? '')}`);
  }
}
const scratch = mkdtempSync(join(tmpdir(), 'aai-matrix-'));

function step(name: string, cmd: string, args: string[], env: Record<string, string> = {}): void {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `failed (exit ${r.status ?? r.signal})`} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (r.status !== 0) failures.push(name);
}

function vitest(name: string, project: string, env: Record<string, string> = {}): void {
  const report = join(scratch, `${name.replace(/\W+/g, '-')}.json`);
  step(name, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], env);
  try {
    const r = JSON.parse(readFileSync(report, 'utf8')) as Report;
    recordFailures(name, r);
    total.passed += r.numPassedTests;
    total.failed += r.numFailedTests;
    total.skipped += r.numPendingTests + r.numTodoTests;
  } catch {
    /* no report: the step failed before running tests, which failures already records */
  }
}

try {
  step('lint (ESLint, layer rules)', 'npm', ['run', '--silent', 'lint']);
  step('type-check', 'npx', ['tsc', '--noEmit']);
  vitest('unit tests', 'unit');
  if (process.env['NEO4J_URI']) vitest(`integration tests on ${process.env['NEO4J_URI']}`, 'integration');
  else for (const version of [SUPPORTED_NEO4J.oldest, SUPPORTED_NEO4J.newest]) vitest(`integration tests on Neo4j ${version}`, 'integration', { NEO4J_VERSION: version });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failedTests.length > 0) console.log(`\nFailed tests:\n${failedTests.join('\n')}`);
if (failures.length > 0) console.log(`\nFailed steps: ${failures.join('; ')}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failures.length > 0 ? 1 : 0);
