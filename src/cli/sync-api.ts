/**
 * The sync endpoint as the CLI sees it: `POST /aai/v15/bulk/sync?mode=diff|apply[&prune=true][&base=TOKEN]`
 * with an NDJSON body (a scope line, then one `{"uri","body"}` per object). A diff answers what
 * would change (rendered by diff-render.ts); an apply answers 202 with the summary and the job
 * applying it (or 200 with `job: null` when there is nothing to do), or 412 when the scope changed
 * since the diff whose base token it carries.
 */
import type { JobView } from './jobs-api.js';

export const SYNC = '/aai/v15/bulk/sync';
export const EXPORT = '/aai/v15/bulk/export';

export interface SyncSummary {
  create?: number;
  update?: number;
  delete?: number;
  unchanged?: number;
  skip?: number;
  'relationships-added'?: number;
  'relationships-removed'?: number;
}

export interface Relationship {
  'related-link'?: string;
  'relationship-label'?: string;
  'related-to'?: string;
}

export interface SyncChange {
  action: 'create' | 'update' | 'delete' | 'skip';
  uri: string;
  type?: string;
  'resource-version'?: string;
  owner?: string;
  reason?: string;
  properties?: Record<string, { old?: unknown; new?: unknown }>;
  relationships?: { added?: Relationship[]; removed?: Relationship[] };
}

export interface SyncDiff {
  base?: string;
  scope?: { uris?: string[]; types?: string[]; owner?: string };
  summary?: SyncSummary;
  changes?: SyncChange[];
}

export interface SyncApplyAnswer {
  base?: string;
  summary?: SyncSummary;
  job?: JobView | null;
}

/** `3 to create, 2 to update, 1 to delete, 40 unchanged, 1 skipped` (and the relationships added and removed, when the service counts some). */
export function summaryLine(s: SyncSummary = {}): string {
  const edges = (s['relationships-added'] ?? 0) + (s['relationships-removed'] ?? 0) > 0 ? `; relationships: ${s['relationships-added'] ?? 0} to add, ${s['relationships-removed'] ?? 0} to remove` : '';
  return `${s.create ?? 0} to create, ${s.update ?? 0} to update, ${s.delete ?? 0} to delete, ${s.unchanged ?? 0} unchanged, ${s.skip ?? 0} skipped${edges}`;
}

/** Whether a diff changes anything (skips change nothing). */
export const hasChanges = (s: SyncSummary = {}): boolean => (s.create ?? 0) + (s.update ?? 0) + (s.delete ?? 0) > 0;

export function printApplySummary(a: SyncApplyAnswer): void {
  process.stdout.write(`sync: ${summaryLine(a.summary)}\n`);
}
