/**
 * `npm run fuzz:api`: the fuzzer schemathesis against the API description the service serves
 * (GET /aai/v15/openapi.json), on a real service and a real Neo4j, as CI runs it.
 *
 *   1. schemathesis (pinned, from PyPI) in `<repo>/.venv`, made on the first run and reused
 *      (scripts/fuzz/venv.ts); python3 with its venv module is the only requirement.
 *   2. Neo4j as the tests get it (scripts/neo4j/provision.ts, purpose 'test'): NEO4J_URI when set
 *      (the fuzzer then writes its test data there), else a test container when Docker answers,
 *      else a throwaway local server. The service runs the migrations itself at start.
 *   3. The service (src/server.ts through tsx) on a free port with one admin user for the fuzzer,
 *      AUTH_APP_ID=overwrite (a generated X-FromAppId is not refused), the bypass resource-version
 *      allowed (more of the write paths are reached), ready once /aai/util/ready answers 200.
 *   4. schemathesis run: checks not_a_server_error, status_code_conformance,
 *      content_type_conformance, response_schema_conformance and a response-time bound; phases
 *      examples and fuzzing (coverage on request, stateful not run); a fixed seed; hooks in
 *      scripts/fuzz/hooks.py. The JUnit XML report and the service's log go to FUZZ_REPORT_DIR
 *      (default .scratch/fuzz); the NDJSON event stream (every request and response, hundreds of
 *      megabytes) to a temporary file, read for the summary, then removed (FUZZ_KEEP_EVENTS=1
 *      keeps it in the report folder).
 *   5. A summary (operations, test cases, failures with their request and response, wall time);
 *      exit 0 only when schemathesis found nothing. The service, then Neo4j, are stopped at the
 *      end, on failure, and on SIGINT/SIGTERM (a second signal exits at once; the watchdogs still
 *      stop the children).
 *
 * Settings: FUZZ_MAX_EXAMPLES (fuzzing test cases per operation, default 5), FUZZ_SEED (default
 * 20150; `random` for a new one each run), FUZZ_WORKERS (default 1: runs with two worker threads
 * met CPython 3.11's "AST constructor recursion depth mismatch" race), FUZZ_PHASES (default
 * examples,fuzzing; add coverage for a thorough run), FUZZ_MAX_RESPONSE_TIME (seconds, default 5),
 * FUZZ_REPORT_DIR, FUZZ_KEEP_EVENTS.
 * Arguments after `--` go to `schemathesis run` as they are, e.g.
 * `npm run fuzz:api -- --include-path-regex '^/network/'`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';
import { projectRoot } from '../src/project-root.js';
import { provisionNeo4j, ProvisionError, type Neo4jTarget } from './neo4j/provision.js';
import { declaresRequiredHeader, DocumentError, fetchDocument } from './fuzz/document.js';
import { describeFailure, distinctFailures, reportFiles, schemathesisArgs, startSchemathesis, summarise, type FuzzSettings, type RunningFuzzer, type RunSummary } from './fuzz/schemathesis.js';
import { ServiceError, startService, type FuzzService } from './fuzz/service.js';
import { ensureSchemathesis, VenvError } from './fuzz/venv.js';

const DOCUMENT_PATH = '/aai/v15/openapi.json';
/** The share of the operations the fuzzing phase must reach (it skips none on its own). */
const MIN_FUZZED_SHARE = 0.95;
const FUZZ_USER = 'fuzzer';
const DEFAULT_SEED = 20150;
/**
 * The coverage phase is left out by default: it generates every boundary and negative case of each
 * operation whatever FUZZ_MAX_EXAMPLES says (about 170 per node-type write, 160,000 test cases and
 * 13 minutes for the whole API), against about 9,000 for examples and fuzzing together.
 */
const DEFAULT_PHASES = 'examples,fuzzing';
/** A&AI's request headers, and what the fuzzer sends when the description does not declare them. */
const AAI_HEADERS = { 'X-FromAppId': 'aai-fuzz', 'X-TransactionId': 'aai-fuzz-run' } as const;

const log = (m: string): void => console.log(`[fuzz] ${m}`);

class UsageError extends Error {}

/** Everything the run starts, stopped in reverse order by `cleanUp`. */
interface Started {
  neo4j?: Neo4jTarget;
  service?: FuzzService;
  fuzzer?: RunningFuzzer;
  /** The temporary folder of the event stream, removed at the end. */
  eventsDir?: string | undefined;
}

function intSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}.`);
  return n;
}

function seedSetting(): number | undefined {
  return process.env['FUZZ_SEED']?.trim() === 'random' ? undefined : intSetting('FUZZ_SEED', DEFAULT_SEED, 0, 2 ** 31 - 1);
}

function phasesSetting(): string[] {
  const known = ['examples', 'coverage', 'fuzzing', 'stateful'];
  const phases = (process.env['FUZZ_PHASES'] ?? DEFAULT_PHASES).split(',').map((p) => p.trim()).filter((p) => p !== '');
  const unknown = phases.filter((p) => !known.includes(p));
  if (phases.length === 0 || unknown.length > 0) throw new UsageError(`FUZZ_PHASES: expected a comma-separated list of ${known.join(', ')}.`);
  return phases;
}

function reportDir(): string {
  const given = process.env['FUZZ_REPORT_DIR']?.trim();
  return given ? resolve(given) : join(projectRoot(), '.scratch', 'fuzz');
}

/** The service's environment: the Neo4j, one admin user for the fuzzer, quiet logs. */
function serviceEnv(target: Neo4jTarget, password: string): Record<string, string> {
  return {
    NEO4J_URI: target.uri,
    NEO4J_USERNAME: target.username,
    NEO4J_PASSWORD: target.password,
    NEO4J_DATABASE: target.database,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    AUTH_USERS: `${FUZZ_USER}:${password}:admin`,
    AUTH_APP_ID: 'overwrite',
    AUTH_BYPASS_RESOURCE_VERSION: 'true',
  };
}

/** The A&AI headers the description does not declare as required parameters. */
function headersToSend(doc: Parameters<typeof declaresRequiredHeader>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(AAI_HEADERS)) {
    if (!declaresRequiredHeader(doc, name)) headers[name] = value;
  }
  return headers;
}

function printSummary(summary: RunSummary | undefined, exitCode: number, seconds: number, dir: string): void {
  console.log('');
  console.log('==== API fuzz summary ====');
  if (summary === undefined) {
    console.log(`schemathesis wrote no event stream (exit code ${exitCode}): see its output above.`);
  } else {
    const phases = Object.entries(summary.perPhase).map(([p, n]) => `${p} ${n}`).join(', ');
    const perPhase = Object.entries(summary.operationsPerPhase).map(([p, n]) => `${p} ${n}`).join(', ');
    console.log(`operations tested: ${summary.operationsTested} of ${summary.operationsTotal}${perPhase ? ` (${perPhase})` : ''}`);
    console.log(`test cases:        ${summary.testCases}${phases ? ` (${phases})` : ''}`);
    const distinct = distinctFailures(summary.failures);
    console.log(`failures:          ${summary.failures.length} (${distinct.length} distinct causes)${summary.errors.length > 0 ? `, errors: ${summary.errors.length}` : ''}`);
    distinct.forEach(({ failure, count, operations }, i) => {
      const more = count > 1 ? `\n    (the same failure in ${count} test cases on ${operations} operation(s); this is the shortest)` : '';
      console.log(`${describeFailure(failure, i + 1)}${more}`);
    });
    summary.errors.forEach((e, i) => console.log(describeError(e, i + 1)));
    if (!summary.finished) console.log('the run did not finish (interrupted, or schemathesis stopped early)');
  }
  console.log(`wall time:         ${seconds.toFixed(1)} s`);
  console.log(`reports:           ${reportFiles(dir).join(', ')}`);
}

function describeError(e: RunSummary['errors'][number], n: number): string {
  const shown = e.operations.slice(0, 3).map((o) => `      ${o}`);
  const more = e.operations.length > 3 ? [`      … and ${e.operations.length - 3} more`] : [];
  return [`E${n}. ${e.kind}: ${e.message.split('\n')[0]} — ${e.operations.length} operation(s):`, ...shown, ...more].join('\n');
}

async function cleanUp(started: Started): Promise<void> {
  started.fuzzer?.stop();
  if (started.fuzzer) await started.fuzzer.exited;
  if (started.service) await started.service.stop().catch((e: unknown) => log(`could not stop the service: ${String(e)}`));
  if (started.neo4j && started.neo4j.source !== 'env') log('stopping Neo4j');
  if (started.neo4j) await started.neo4j.stop().catch((e: unknown) => log(`could not stop Neo4j: ${String(e)}`));
  if (started.eventsDir) rmSync(started.eventsDir, { recursive: true, force: true });
}

/** The run itself; `interrupted` aborts it between steps (and Neo4j's start). Returns the exit code. */
async function fuzz(started: Started, interrupted: AbortSignal, t0: number): Promise<number> {
  const phases = phasesSetting();
  const settingsBase = { maxExamples: intSetting('FUZZ_MAX_EXAMPLES', 5, 1, 100_000), seed: seedSetting(), workers: intSetting('FUZZ_WORKERS', 1, 1, 64), phases, maxResponseTimeS: intSetting('FUZZ_MAX_RESPONSE_TIME', 5, 1, 3600) };
  const dir = reportDir();
  rmSync(join(dir, 'junit.xml'), { force: true });
  mkdirSync(dir, { recursive: true });
  // The event stream holds every request and response (hundreds of megabytes): kept only when asked.
  const keepEvents = process.env['FUZZ_KEEP_EVENTS'] === '1';
  const eventsDir = keepEvents ? dir : mkdtempSync(join(tmpdir(), 'aai-fuzz-events-'));
  started.eventsDir = keepEvents ? undefined : eventsDir;
  const eventsFile = join(eventsDir, 'events.ndjson');
  rmSync(eventsFile, { force: true });

  const venv = ensureSchemathesis(join(projectRoot(), '.venv'), log);
  if (interrupted.aborted) return 1;

  started.neo4j = await provisionNeo4j(loadConfig(process.env).neo4j, 'test', (m) => log(`[neo4j] ${m}`), { signal: interrupted });
  if (interrupted.aborted) return 1;

  const password = randomBytes(18).toString('hex');
  log('starting the service');
  started.service = await startService({ env: serviceEnv(started.neo4j, password), logFile: join(dir, 'service.log'), signal: interrupted });
  if (interrupted.aborted) return 1;
  log(`service ready on ${started.service.url} (Neo4j ${started.neo4j.uri}, ${started.neo4j.source})`);

  const documentUrl = `${started.service.url}${DOCUMENT_PATH}`;
  const doc = await fetchDocument(documentUrl);
  const settings: FuzzSettings = { ...settingsBase, documentUrl, auth: { user: FUZZ_USER, password }, headers: headersToSend(doc), reportDir: dir, eventsFile, extraArgs: process.argv.slice(2) };
  if (Object.keys(settings.headers).length > 0) log(`sending ${Object.keys(settings.headers).join(' and ')} with every request (not required parameters of the description)`);

  started.fuzzer = startSchemathesis(venv.schemathesis, schemathesisArgs(settings), dir);
  const code = await started.fuzzer.exited;
  delete started.fuzzer;
  const summary = await summarise(eventsFile);
  printSummary(summary, code, (Date.now() - t0) / 1000, dir);
  if (interrupted.aborted) return 1;
  // A phase that ran must have reached (nearly) every operation: a schemathesis worker that dies
  // mid-run ends its operations without any failure reported, and exit code 0.
  const fuzzed = summary?.operationsPerPhase['fuzzing'];
  const fuzzingCovered = !settings.phases.includes('fuzzing') || (fuzzed !== undefined && summary !== undefined && fuzzed >= MIN_FUZZED_SHARE * summary.operationsTotal);
  if (!fuzzingCovered) console.log(`the fuzzing phase reached ${fuzzed ?? 0} of ${summary?.operationsTotal ?? '?'} operations: failing the run (schemathesis stopped early)`);
  const clean = code === 0 && summary !== undefined && summary.finished && summary.failures.length === 0 && summary.errors.length === 0 && fuzzingCovered;
  return clean ? 0 : 1;
}

const KNOWN_ERRORS = [UsageError, VenvError, ProvisionError, ServiceError, DocumentError, ConfigError];

async function main(): Promise<number> {
  const t0 = Date.now();
  const started: Started = {};
  const interrupted = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second signal: leave now; the watchdogs stop the service, schemathesis and Neo4j.
      if (signalled) process.exit(128 + constants.signals[signal]);
      signalled = signal;
      log(`${signal}: stopping`);
      interrupted.abort();
      started.fuzzer?.stop();
    });
  }
  let code: number;
  try {
    code = await fuzz(started, interrupted.signal, t0);
  } catch (e) {
    if (!signalled && !KNOWN_ERRORS.some((k) => e instanceof k)) throw e;
    if (!signalled) console.error(`fuzz:api: ${e instanceof Error ? e.message : String(e)}`);
    code = 1;
  } finally {
    await cleanUp(started);
  }
  return signalled ? 128 + constants.signals[signalled] : code;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`fuzz:api failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
