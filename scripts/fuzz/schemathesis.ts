/**
 * One schemathesis run against the served API description: the command line (the checks, phases,
 * bounds and reports the fuzz run uses), the child process, and what its NDJSON event stream says
 * afterwards (operations, test cases, and every failing check with its request and response, so a
 * CI log holds a reproduction without the report files).
 *
 * schemathesis runs under scripts/neo4j/watchdog.sh in a process group of its own, like the service:
 * it never outlives the fuzz script, and a terminal's Ctrl-C reaches it only through the script.
 * Its working directory is the report folder, where it keeps its cache of past failures
 * (`.schemathesis/`, replayed first on the next local run).
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { watchdogScript } from '../neo4j/local-server.js';

export interface FuzzSettings {
  /** The API description's URL on the running service. */
  documentUrl: string;
  /** Basic credentials of the fuzzer's admin user. */
  auth: { user: string; password: string };
  /** Headers sent with every request (the A&AI headers, when the description does not declare them). */
  headers: Record<string, string>;
  maxExamples: number;
  /** Undefined: schemathesis picks one (and prints it). */
  seed: number | undefined;
  workers: number;
  phases: string[];
  maxResponseTimeS: number;
  reportDir: string;
  /** The NDJSON event stream (large: every request and response of the run). */
  eventsFile: string;
  /** Passed on as they are (`npm run fuzz:api -- --include-path-regex …`). */
  extraArgs: string[];
}

/** The checks every response must pass (schemathesis 4 names; max_response_time is --max-response-time). */
export const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'] as const;

export function schemathesisArgs(s: FuzzSettings): string[] {
  const headers = Object.entries(s.headers).flatMap(([name, value]) => ['--header', `${name}:${value}`]);
  return [
    'run',
    s.documentUrl,
    '--auth',
    `${s.auth.user}:${s.auth.password}`,
    ...headers,
    '--checks',
    CHECKS.join(','),
    '--max-response-time',
    String(s.maxResponseTimeS),
    '--phases',
    s.phases.join(','),
    '--max-examples',
    String(s.maxExamples),
    ...(s.seed === undefined ? [] : ['--seed', String(s.seed)]),
    '--workers',
    String(s.workers),
    // The YAML rendering of the description (5.6 MB) is left out: schemathesis parses every answer it
    // records, and a worker thread once died parsing this one mid-run (a truncated read on its side:
    // the document parses whole with PyYAML), silently ending that worker's operations.
    // test/integration/openapi.test.ts checks it instead.
    '--exclude-path',
    '/openapi.yaml',
    '--report',
    'junit,ndjson',
    '--report-dir',
    s.reportDir,
    '--report-junit-path',
    join(s.reportDir, 'junit.xml'),
    '--report-ndjson-path',
    s.eventsFile,
    ...s.extraArgs,
  ];
}

export interface RunningFuzzer {
  /** Resolves with schemathesis' exit code (128 + n when a signal ended it). */
  exited: Promise<number>;
  stop(): void;
}

/** The hooks module of the run (scripts/fuzz/hooks.py: the NDJSON job upload's serializer). */
export const HOOKS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'hooks.py');

/** Starts `schemathesis args` with its output on this process' terminal. */
export function startSchemathesis(executable: string, args: string[], cwd: string): RunningFuzzer {
  const scratch = mkdtempSync(join(tmpdir(), 'aai-fuzz-st-'));
  const pidFile = join(scratch, 'schemathesis.pid');
  const child = spawn('/bin/sh', [watchdogScript(), String(process.pid), pidFile, scratch, executable, ...args], {
    cwd,
    env: { ...process.env, SCHEMATHESIS_HOOKS: HOOKS_FILE },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + constants.signals[signal] : 1)));
  });
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  return { exited, stop };
}

// ---- The NDJSON event stream ------------------------------------------------------------------

interface Body {
  $base64?: string;
}
interface Interaction {
  request?: { method?: string; uri?: string; headers?: Record<string, string | string[]>; body?: Body | string | null };
  response?: { status_code?: number; headers?: Record<string, string[]>; content?: Body | string | null; elapsed?: number } | null;
}
interface CheckResult {
  name: string;
  status: string;
  failure_info?: { failure?: { code?: string; title?: string; message?: string; operation?: string } };
}
interface ScenarioFinished {
  phase: string;
  status: string;
  recorder?: { label?: string; cases?: Record<string, unknown>; checks?: Record<string, CheckResult[]>; interactions?: Record<string, Interaction> };
}
interface NonFatalError {
  label?: string;
  phase?: string;
  value?: { type?: string; message?: string };
}

export interface Failure {
  operation: string;
  phase: string;
  caseId: string;
  check: string;
  code: string;
  title: string;
  message: string;
  interaction: Interaction | undefined;
}

export interface RunSummary {
  /** Operations with at least one test case run. */
  operationsTested: number;
  operationsTotal: number;
  testCases: number;
  /** Test cases per phase. */
  perPhase: Record<string, number>;
  /** Operations with at least one test case run, per phase. */
  operationsPerPhase: Record<string, number>;
  failures: Failure[];
  /** Errors that are not a check's failure (an operation schemathesis cannot use, a request that failed…), grouped. */
  errors: { kind: string; message: string; operations: string[] }[];
  /** False when the stream has no EngineFinished event (interrupted, or schemathesis failed early). */
  finished: boolean;
}

/** Each line of the stream as `{ EventName: payload }`, read line by line (a run's stream reaches gigabytes). */
async function* events(file: string): AsyncGenerator<[string, unknown]> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut short by an interruption
    }
    for (const entry of Object.entries(parsed)) yield entry;
  }
}

function scenarioFailures(s: ScenarioFinished): Failure[] {
  const rec = s.recorder ?? {};
  const failures: Failure[] = [];
  for (const [caseId, checks] of Object.entries(rec.checks ?? {})) {
    for (const check of checks) {
      if (check.status !== 'failure') continue;
      const f = check.failure_info?.failure ?? {};
      failures.push({
        operation: f.operation ?? rec.label ?? '?',
        phase: s.phase,
        caseId,
        check: check.name,
        code: f.code ?? '',
        title: f.title ?? check.name,
        message: f.message ?? '',
        interaction: rec.interactions?.[caseId],
      });
    }
  }
  return failures;
}

/** Adds an error to the summary, grouped by its kind and message. */
function addError(summary: RunSummary, kind: string, message: string, operation: string): void {
  const found = summary.errors.find((e) => e.kind === kind && e.message === message);
  if (found) found.operations.push(operation);
  else summary.errors.push({ kind, message, operations: [operation] });
}

/** What the run's NDJSON stream in `file` says; undefined when there is no such file. */
export async function summarise(file: string): Promise<RunSummary | undefined> {
  if (!existsSync(file)) return undefined;
  const summary: RunSummary = { operationsTested: 0, operationsTotal: 0, testCases: 0, perPhase: {}, operationsPerPhase: {}, failures: [], errors: [], finished: false };
  const tested = new Set<string>();
  const testedPerPhase = new Map<string, Set<string>>();
  for await (const [name, payload] of events(file)) {
    if (name === 'LoadingFinished') {
      summary.operationsTotal = (payload as { statistic?: { operations?: { selected?: number } } }).statistic?.operations?.selected ?? 0;
    } else if (name === 'ScenarioFinished') {
      const s = payload as ScenarioFinished;
      const cases = Object.keys(s.recorder?.cases ?? {}).length;
      summary.testCases += cases;
      summary.perPhase[s.phase] = (summary.perPhase[s.phase] ?? 0) + cases;
      if (cases > 0 && s.recorder?.label !== undefined) {
        tested.add(s.recorder.label);
        const inPhase = testedPerPhase.get(s.phase) ?? new Set<string>();
        inPhase.add(s.recorder.label);
        testedPerPhase.set(s.phase, inPhase);
      }
      summary.failures.push(...scenarioFailures(s));
    } else if (name === 'NonFatalError') {
      const e = payload as NonFatalError;
      addError(summary, e.value?.type ?? 'error', e.value?.message ?? '', `${e.label ?? '?'} (${e.phase ?? '?'})`);
    } else if (name === 'FatalError') {
      addError(summary, 'fatal', JSON.stringify(payload).slice(0, 500), 'the run');
    } else if (name === 'EngineFinished') {
      summary.finished = true;
    }
  }
  summary.operationsTested = tested.size;
  for (const [phase, ops] of testedPerPhase) summary.operationsPerPhase[phase] = ops.size;
  return summary;
}

// ---- Printing ---------------------------------------------------------------------------------

const MAX_BODY = 600;
const MAX_MESSAGE_LINES = 16;

function bodyText(body: Body | string | null | undefined): string {
  if (body === null || body === undefined) return '';
  const text = typeof body === 'string' ? body : body.$base64 !== undefined ? Buffer.from(body.$base64, 'base64').toString('utf8') : JSON.stringify(body);
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}… (${text.length} characters)` : text;
}

function headerLines(headers: Record<string, string | string[]> | undefined): string[] {
  return Object.entries(headers ?? {})
    .filter(([name]) => !/^(authorization|user-agent|accept-encoding|connection|content-length)$/i.test(name))
    .map(([name, value]) => `      ${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
}

function messageLines(message: string): string[] {
  const lines = message.split('\n').filter((l, i, all) => l.trim() !== '' || (i > 0 && all[i - 1]?.trim() !== ''));
  const shown = lines.slice(0, MAX_MESSAGE_LINES).map((l) => `    ${l}`);
  if (lines.length > MAX_MESSAGE_LINES) shown.push(`    … (${lines.length - MAX_MESSAGE_LINES} more lines in the JUnit report)`);
  return message === '' ? [] : shown;
}

/** Where in the response schema a failure is (schemathesis' `Schema at …:` line), if it says. */
const schemaLocation = (message: string): string => /Schema at ([^\n]*):/.exec(message)?.[1] ?? '';

/**
 * Failures grouped by their cause (check, status, first line of the message, place in the schema),
 * each with the shortest request among them as its reproduction and the operations it was seen on.
 */
export function distinctFailures(failures: Failure[]): { failure: Failure; count: number; operations: number }[] {
  const seen = new Map<string, { failure: Failure; count: number; ops: Set<string> }>();
  const size = (f: Failure): number => (f.interaction?.request?.uri ?? '').length + JSON.stringify(f.interaction?.request?.body ?? '').length;
  for (const f of failures) {
    const key = [f.check, f.code, f.interaction?.response?.status_code ?? '', f.message.split('\n')[0], schemaLocation(f.message)].join(' | ');
    const entry = seen.get(key);
    if (!entry) {
      seen.set(key, { failure: f, count: 1, ops: new Set([f.operation]) });
      continue;
    }
    entry.count++;
    entry.ops.add(f.operation);
    if (size(f) < size(entry.failure)) entry.failure = f;
  }
  return [...seen.values()].map(({ failure, count, ops }) => ({ failure, count, operations: ops.size }));
}

/** One failure as a reproduction: the check, the request, the response. */
export function describeFailure(f: Failure, n: number): string {
  const req = f.interaction?.request;
  const res = f.interaction?.response;
  const lines = [
    `${n}. ${f.operation} — ${f.check}${f.code ? ` (${f.code} ${f.title})` : ''}, ${f.phase} phase, test case ${f.caseId}`,
    ...messageLines(f.message),
    `    request:  ${req?.method ?? '?'} ${req?.uri ?? '?'}`,
    ...headerLines(req?.headers),
  ];
  const reqBody = bodyText(req?.body);
  if (reqBody) lines.push(`      body: ${reqBody}`);
  if (res) {
    lines.push(`    response: ${res.status_code ?? '?'}${res.elapsed !== undefined ? ` in ${Math.round(res.elapsed * 1000)} ms` : ''}`);
    lines.push(...headerLines(res.headers).filter((l) => /content-type/i.test(l)));
    const resBody = bodyText(res.content);
    if (resBody) lines.push(`      body: ${resBody}`);
  } else {
    lines.push('    response: none');
  }
  return lines.join('\n');
}

/** The report files of the run in `dir`, for the closing lines. */
export function reportFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.xml') || f.endsWith('.ndjson') || f === 'service.log')
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}
