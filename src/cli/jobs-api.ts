/**
 * The job API as the CLI sees it (README "Jobs"): the job representation the service answers
 * (`jobView`), and following a job to its end — progress, the failed transactions written to a
 * file, a summary, and the exit code (1 when any transaction failed or the job did not complete).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Client } from './client.js';
import { CliError, EXIT, type ExitCode } from './exit.js';
import { onInterrupt } from './interrupt.js';
import { humanDuration, progress, type ProgressMode } from './progress.js';

export const API = '/aai/v15';
export const JOBS = `${API}/bulk/jobs`;

export interface Counts {
  total: number;
  completed: number;
  failed: number;
}

export interface JobView {
  id: string;
  status: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  type?: string;
  progress: number;
  transactions: Counts;
  operations: Counts;
  created: string | null;
  started: string | null;
  finished: string | null;
  'cancel-requested'?: boolean;
  error?: string;
  links?: { self: string; results: string };
}

export const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export const jobPath = (job: Pick<JobView, 'id' | 'links'> | string): string =>
  typeof job === 'string' ? `${JOBS}/${encodeURIComponent(job)}` : (job.links?.self ?? `${JOBS}/${encodeURIComponent(job.id)}`);

export function getJob(client: Client, id: string): Promise<JobView> {
  return client.json<JobView>('GET', jobPath(id)).then((a) => a.body);
}

export interface FollowOptions {
  progress: ProgressMode;
  /** Where the failed transactions go (written only when there are some). */
  failuresPath: string;
  /** A resume state file to delete once the job is finished and its failures written. */
  stateFile?: string | undefined;
  /** What to tell the user on Ctrl-C about following the job again. */
  resumeHint: string;
  pollMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How long a follow keeps polling through transient failures (the service restarting, Neo4j away: 503, 429, no connection). */
const TRANSIENT_GRACE_MS = Number(process.env['AAI_FOLLOW_GRACE_MS'] ?? 60_000);

/**
 * The job's state, polled again through transient failures: the job runs server-side whatever
 * the CLI sees, so a follow outlives a service restart (jobs resume after one) for TRANSIENT_GRACE_MS.
 */
async function pollJob(client: Client, id: string): Promise<JobView> {
  const since = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await getJob(client, id);
    } catch (e) {
      const transient = e instanceof CliError && (e.exitCode === EXIT.connect || /^(HTTP )?(503|429|502|504)\b/.test(e.message));
      if (!transient || Date.now() - since > TRANSIENT_GRACE_MS) throw e;
      if (attempt === 0) process.stderr.write(`\n${e.message}: retrying\n`);
      await sleep(Math.min(5000, 500 * 2 ** attempt));
    }
  }
}

/** Transactions processed (committed or failed). */
const done = (j: JobView): number => j.transactions.completed + j.transactions.failed;

/** Seconds between the job's start and its end (or now): the server's clock, so a resumed follow reports the whole run. */
function elapsedMs(j: JobView, localStart: number): number {
  const start = j.started ? Date.parse(j.started) : j.created ? Date.parse(j.created) : localStart;
  const end = j.finished ? Date.parse(j.finished) : Date.now();
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : Date.now() - localStart;
}

/** The summary printed when a job ends (stdout: it is the command's result). */
export function jobSummary(j: JobView, elapsed: number, failuresPath: string | undefined): string {
  const t = j.transactions;
  const o = j.operations;
  const rate = elapsed > 0 ? (done(j) / (elapsed / 1000)).toFixed(1) : '-';
  return [
    `job ${j.id} ${j.status}${j.error ? `: ${j.error}` : ''}`,
    `  transactions: ${t.completed} committed, ${t.failed} failed, ${t.total} in all`,
    `  operations:   ${o.completed} committed, ${o.failed} failed, ${o.total} in all`,
    `  elapsed:      ${humanDuration(elapsed)} (${rate} tx/s)`,
    ...(failuresPath ? [`  failed transactions written to ${failuresPath}`] : []),
  ].join('\n');
}

/** The exit code a finished job means. */
export const jobExitCode = (j: JobView): ExitCode => (j.status === 'completed' && j.transactions.failed === 0 ? EXIT.ok : EXIT.partial);

/** Streams the failed transactions' results (NDJSON, one line each, as the service gives them) to `path`, via a temporary file. */
export async function writeFailures(client: Client, j: JobView, path: string): Promise<void> {
  const a = await client.ok('GET', `${jobPath(j)}/results`, { query: { failed: 'true', format: 'ndjson' }, headers: { Accept: 'application/x-ndjson' } });
  const tmp = `${path}.partial`;
  await pipeline(a.stream, createWriteStream(tmp));
  await rename(tmp, path);
}

/** Follows a job until it ends; prints its summary, writes its failures; resolves with the exit code. */
export async function followJob(client: Client, first: JobView, opts: FollowOptions): Promise<ExitCode> {
  const localStart = Date.now();
  let job = first;
  const bar = progress(
    opts.progress,
    'job {id} |{bar}| {value}/{total} tx | {rate} tx/s | ETA {eta_formatted} | {status}',
    (value, total, p) => `job ${p['id']} ${p['status']}: ${value}/${total ?? '?'} transactions (${p['percent']}%), ${p['failed']} failed, ${p['rate']} tx/s, ETA ${p['eta']}`,
  );
  const unregister = onInterrupt(() => {
    bar.stop();
    process.stderr.write(`\njob ${job.id} keeps running; ${opts.resumeHint}\n`);
  });
  try {
    for (;;) {
      const processed = done(job);
      // The job's own rate (the server's start time): right for a follow resumed mid-job too.
      const secs = elapsedMs(job, localStart) / 1000;
      const rate = job.started && secs > 0 ? processed / secs : 0;
      const left = job.transactions.total - processed;
      bar.update(processed, job.transactions.total, {
        id: job.id,
        status: job.status,
        rate: rate.toFixed(1),
        failed: String(job.transactions.failed),
        percent: String(job.progress),
        eta: left <= 0 ? '-' : rate > 0 ? humanDuration((1000 * left) / rate) : '-',
      });
      if (FINISHED.has(job.status)) break;
      await sleep(opts.pollMs ?? 500);
      job = await pollJob(client, job.id);
    }
  } finally {
    bar.stop();
    unregister();
  }
  let failures: string | undefined;
  if (job.transactions.failed > 0) {
    await writeFailures(client, job, opts.failuresPath);
    failures = opts.failuresPath;
  }
  if (opts.stateFile) await rm(opts.stateFile, { force: true });
  process.stdout.write(`${jobSummary(job, elapsedMs(job, localStart), failures)}\n`);
  return jobExitCode(job);
}
