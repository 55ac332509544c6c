/**
 * `aai-inventory import FILE`: a bulk job from a file (JSON `{"transactions":[…]}` or NDJSON, one
 * transaction per line), or an export/sync file applied through the sync endpoint; then the job
 * followed to its end.
 *
 * The job runs server-side, so following it is resumable: once the job is accepted its id is saved
 * next to FILE (FILE.aai-job.json, with FILE's size and mtime); Ctrl-C leaves the job running, and
 * the same command again follows that job rather than submitting FILE a second time (unless
 * `--restart`, or FILE changed). The state file goes once the job is finished and its failures written.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Client } from '../client.js';
import { CliError, EXIT, type ExitCode } from '../exit.js';
import { readInput, syncBody, type Input } from '../input.js';
import { followJob, getJob, JOBS, type JobView } from '../jobs-api.js';
import { progressMode, type ProgressMode } from '../progress.js';
import { SYNC, type SyncApplyAnswer, printApplySummary } from '../sync-api.js';
import { upload } from '../upload.js';

export interface ImportOptions {
  type: 'bulkadd' | 'bulkprocess';
  failures?: string | undefined;
  progress: boolean;
  detach: boolean;
  restart: boolean;
}

export interface JobState {
  job: string;
  url: string;
  size: number;
  mtimeMs: number;
}

export const stateFileOf = (file: string): string => `${file}.aai-job.json`;
export const failuresFileOf = (file: string): string => (file === '-' ? 'stdin.failures.ndjson' : `${file}.failures.ndjson`);

/** The saved job of FILE, if its state file matches FILE as it is now and the same service. */
async function savedJob(input: Input, url: string): Promise<JobState | undefined> {
  if (input.file === '-') return undefined;
  let state: JobState;
  try {
    state = JSON.parse(await readFile(stateFileOf(input.file), 'utf8')) as JobState;
  } catch {
    return undefined;
  }
  if (typeof state.job !== 'string') return undefined;
  if (state.size !== input.size || state.mtimeMs !== input.mtimeMs || state.url !== url) {
    process.stderr.write(`${stateFileOf(input.file)} is for another version of ${input.file} (or another service): submitting ${input.file} anew\n`);
    return undefined;
  }
  return state;
}

/** The input again from its first byte, for a retry after a 429: a file (sent as it is), never stdin. */
const reopenable = (input: Input): (() => Readable) | undefined => (input.file === '-' ? undefined : () => input.open());

/** Submits the input: a job (bulk file) or a sync apply (export/sync file); the job accepted, or null when a sync had nothing to do. */
async function submit(client: Client, input: Input, opts: ImportOptions, mode: ProgressMode): Promise<JobView | null> {
  if (input.format === 'sync-ndjson' || input.format === 'sync-json') {
    const { stream, size, contentType } = await syncBody(input, undefined);
    const { body } = await upload(client, { path: SYNC, query: { mode: 'apply' }, contentType, body: stream, size, progress: mode, reopen: reopenable(input) });
    const answer = body as SyncApplyAnswer;
    printApplySummary(answer);
    return answer.job ?? null;
  }
  const { body } = await upload(client, {
    path: JOBS,
    query: { type: opts.type },
    contentType: input.format === 'json' ? 'application/json' : 'application/x-ndjson',
    body: input.open(),
    size: input.size,
    progress: mode,
    reopen: reopenable(input),
  });
  return body as JobView;
}

export async function importCommand(client: Client, file: string, opts: ImportOptions): Promise<ExitCode> {
  if (file === '-' && opts.detach) throw new CliError('--detach needs a FILE (stdin cannot be resumed); follow the job later with: aai-inventory job ID --follow', EXIT.usage);
  const input = await readInput(file);
  const mode = progressMode(opts.progress);
  const stateFile = file === '-' ? undefined : stateFileOf(file);
  const url = client.connection.url;
  const failuresPath = opts.failures ?? failuresFileOf(file);
  const resumeHint = stateFile ? 'run the same command again to follow it' : 'follow it with: aai-inventory job ID --follow';

  let job: JobView | null;
  const saved = opts.restart ? undefined : await savedJob(input, url);
  if (saved) {
    process.stderr.write(`following job ${saved.job} (from ${stateFile}; --restart submits ${file} anew)\n`);
    job = await getJob(client, saved.job);
  } else {
    job = await submit(client, input, opts, mode);
    if (job === null) {
      process.stdout.write('nothing to do\n');
      return EXIT.ok;
    }
    if (stateFile && input.size !== undefined && input.mtimeMs !== undefined) {
      const state: JobState = { job: job.id, url, size: input.size, mtimeMs: input.mtimeMs };
      await writeFile(stateFile, `${JSON.stringify(state)}\n`);
    }
    process.stdout.write(`job ${job.id} submitted (${job.status}, ${job.transactions.total} transaction${job.transactions.total === 1 ? '' : 's'})\n`);
  }
  if (opts.detach) {
    process.stdout.write(`state saved to ${stateFile}: run the same command again to follow the job\n`);
    return EXIT.ok;
  }
  const code = await followJob(client, job, { progress: mode, failuresPath, stateFile, resumeHint: resumeHint.replace('ID', job.id) });
  if (stateFile) await rm(stateFile, { force: true });
  return code;
}
