/**
 * A declarative sync: the diff (nothing changes), or the diff applied as a job (the job machinery
 * of src/domain/jobs: durable, resumable, progress, results, cancel). With the base token of an
 * earlier diff, an apply is refused (412) when the scope changed since.
 */
import { AaiError } from '../../errors.js';
import { submitJob, type SubmitOptions } from '../jobs/job-service.js';
import type { JobRecord } from '../jobs/jobs.js';
import type { GraphStorePort, JobStorePort } from '../ports.js';
import type { Schema } from '../../schema/schema.js';
import { computeDiff, type DiffOptions, type SyncDiff } from './sync-diff.js';
import type { SyncInput } from './sync-input.js';
import { planSize, planTransactions } from './sync-plan.js';

export interface SyncDeps {
  store: GraphStorePort;
  schema: Schema;
  jobs: JobStorePort;
}

export interface ApplyOptions extends DiffOptions {
  /** The base token of the diff the caller reviewed: refused when the scope changed since. */
  base: string | undefined;
  /** How the job is submitted (its owner, quota and limits), as a job POST would be. */
  job: Omit<SubmitOptions, 'flavour' | 'format' | 'declaredBytes'>;
}

export function syncDiff(deps: SyncDeps, input: SyncInput, opts: DiffOptions): Promise<SyncDiff> {
  return computeDiff(deps.store, deps.schema, input, opts);
}

/** The diff, and the job applying it (none when there is nothing to change). */
export async function syncApply(deps: SyncDeps, input: SyncInput, opts: ApplyOptions): Promise<{ diff: SyncDiff; job: JobRecord | undefined }> {
  const diff = await computeDiff(deps.store, deps.schema, input, opts);
  if (opts.base !== undefined && opts.base !== diff.base) {
    throw new AaiError('AAI_6131', `the scope changed since the diff with base ${opts.base} (it is now ${diff.base}): review the diff again`);
  }
  if (planSize(diff.plan) === 0) return { diff, job: undefined };
  async function* lines(): AsyncGenerator<string> {
    for (const tx of planTransactions(deps.schema, diff.plan)) yield `${JSON.stringify(tx)}\n`;
  }
  const job = await submitJob(deps.jobs, lines(), { ...opts.job, flavour: 'bulkprocess', format: 'ndjson', declaredBytes: 0 });
  return { diff, job };
}
