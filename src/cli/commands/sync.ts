/**
 * `aai-inventory sync FILE`: what the inventory would become if the scope held exactly FILE's
 * objects. A dry run by default (the diff, printed); `--apply` applies it as a job, followed like
 * an import. `--base TOKEN` (the diff's) makes the apply refuse (412) when the scope changed since.
 */
import type { Client } from '../client.js';
import { renderDiff } from '../diff-render.js';
import { CliError, EXIT, type ExitCode } from '../exit.js';
import { readInput, syncBody } from '../input.js';
import type { SyncScope } from '../input-format.js';
import { followJob } from '../jobs-api.js';
import { progressMode } from '../progress.js';
import { hasChanges, printApplySummary, SYNC, type SyncApplyAnswer, type SyncDiff } from '../sync-api.js';
import { upload } from '../upload.js';
import { failuresFileOf } from './import.js';

export interface SyncOptions {
  scopeUri: string[];
  scopeType: string[];
  prune: boolean;
  apply: boolean;
  base?: string | undefined;
  json: boolean;
  exitCode: boolean;
  progress: boolean;
  failures?: string | undefined;
}

export async function syncCommand(client: Client, file: string, opts: SyncOptions): Promise<ExitCode> {
  if (opts.base !== undefined && !opts.apply) throw new CliError('--base goes with --apply (a diff answers the base token)', EXIT.usage);
  const input = await readInput(file);
  const scope: SyncScope | undefined = opts.scopeUri.length || opts.scopeType.length ? { uris: opts.scopeUri, types: opts.scopeType } : undefined;
  const { stream, size, contentType } = await syncBody(input, scope);
  const mode = progressMode(opts.progress);
  const query = { mode: opts.apply ? 'apply' : 'diff', prune: opts.prune ? 'true' : undefined, base: opts.base };
  const { status, body } = await upload(client, {
    path: SYNC,
    query,
    contentType,
    body: stream,
    size,
    progress: opts.apply ? mode : 'off',
    accept: [412],
    // The file as it is can be sent again after a 429; a body with a replaced scope is made once.
    reopen: input.file !== '-' && scope === undefined ? () => input.open() : undefined,
  });
  if (status === 412) throw new CliError('the scope changed since the diff: run the diff again', EXIT.service);
  if (!opts.apply) {
    const diff = body as SyncDiff;
    process.stdout.write(opts.json ? `${JSON.stringify(diff, null, 2)}\n` : renderDiff(diff, process.stdout.isTTY === true));
    return opts.exitCode && hasChanges(diff.summary) ? EXIT.changes : EXIT.ok;
  }
  const answer = body as SyncApplyAnswer;
  if (opts.json) process.stdout.write(`${JSON.stringify(answer)}\n`);
  else printApplySummary(answer);
  if (!answer.job) {
    process.stdout.write('nothing to do\n');
    return EXIT.ok;
  }
  process.stdout.write(`job ${answer.job.id} submitted (${answer.job.status}, ${answer.job.transactions.total} transaction${answer.job.transactions.total === 1 ? '' : 's'})\n`);
  return followJob(client, answer.job, {
    progress: mode,
    failuresPath: opts.failures ?? failuresFileOf(file),
    resumeHint: `follow it with: aai-inventory job ${answer.job.id} --follow`,
  });
}
