/**
 * `aai-inventory jobs` (a table, or JSON), `job ID [--follow]` and `cancel ID`.
 */
import type { Client } from '../client.js';
import { CliError, EXIT, type ExitCode } from '../exit.js';
import { FINISHED, followJob, getJob, jobPath, JOBS, type JobView } from '../jobs-api.js';
import { progressMode } from '../progress.js';

export interface JobsOptions {
  status?: string | undefined;
  limit?: number | undefined;
  all: boolean;
  json: boolean;
}

/** Columns padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export function jobsTable(jobs: readonly JobView[]): string {
  return table(
    ['ID', 'TYPE', 'STATUS', 'PROGRESS', 'COMPLETED', 'FAILED', 'TOTAL', 'CREATED'],
    jobs.map((j) => [j.id, j.type ?? '', j.status, `${j.progress}%`, String(j.transactions.completed), String(j.transactions.failed), String(j.transactions.total), j.created ?? '']),
  );
}

export async function jobsCommand(client: Client, opts: JobsOptions): Promise<ExitCode> {
  const jobs: JobView[] = [];
  let next: string | null = JOBS;
  let query: Record<string, string | undefined> = { status: opts.status, limit: opts.limit === undefined ? undefined : String(opts.limit) };
  while (next !== null) {
    const page: { body: { jobs: JobView[]; next: string | null } } = await client.json('GET', next, { query });
    jobs.push(...page.body.jobs);
    // The next link carries the whole query (status, limit, cursor).
    next = opts.all ? page.body.next : null;
    query = {};
  }
  process.stdout.write(opts.json ? `${JSON.stringify({ jobs }, null, 2)}\n` : jobs.length === 0 ? 'no jobs\n' : `${jobsTable(jobs)}\n`);
  return EXIT.ok;
}

export function jobDetails(j: JobView): string {
  const t = j.transactions;
  const o = j.operations;
  return [
    `id:           ${j.id}`,
    `type:         ${j.type ?? ''}`,
    `status:       ${j.status}${j['cancel-requested'] && !FINISHED.has(j.status) ? ' (cancel requested)' : ''}`,
    ...(j.error ? [`error:        ${j.error}`] : []),
    `progress:     ${j.progress}%`,
    `transactions: ${t.completed} committed, ${t.failed} failed, ${t.total} in all`,
    `operations:   ${o.completed} committed, ${o.failed} failed, ${o.total} in all`,
    `created:      ${j.created ?? '-'}`,
    `started:      ${j.started ?? '-'}`,
    `finished:     ${j.finished ?? '-'}`,
  ].join('\n');
}

export interface JobOptions {
  follow: boolean;
  failures?: string | undefined;
  json: boolean;
  progress: boolean;
}

export async function jobCommand(client: Client, id: string, opts: JobOptions): Promise<ExitCode> {
  const job = await getJob(client, id);
  if (!opts.follow) {
    process.stdout.write(opts.json ? `${JSON.stringify(job, null, 2)}\n` : `${jobDetails(job)}\n`);
    return EXIT.ok;
  }
  return followJob(client, job, {
    progress: progressMode(opts.progress),
    failuresPath: opts.failures ?? `${id}.failures.ndjson`,
    resumeHint: `follow it again with: aai-inventory job ${id} --follow`,
  });
}

export async function cancelCommand(client: Client, id: string): Promise<ExitCode> {
  const { status, body } = await client.json<JobView>('DELETE', jobPath(id), {}, []);
  if (status !== 200) throw new CliError(`unexpected answer ${status}`, EXIT.service);
  process.stdout.write(`job ${body.id}: ${body.status}${body['cancel-requested'] && !FINISHED.has(body.status) ? ' (cancel requested: it stops after its transaction in progress)' : ''}\n`);
  return EXIT.ok;
}
