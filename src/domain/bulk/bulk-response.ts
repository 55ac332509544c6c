/**
 * The bulkadd / bulkprocess response (aai-compat.md §2.2): `{"transaction":[{"put":[{"uri",
 * "body":{"<status>": null | "<A&AI error body as a JSON string>"}}]}]}` — singular "transaction".
 */
import { renderError } from '../../errors.js';
import type { BulkTxResult } from './bulk-run.js';

export interface BulkResponseEntry {
  uri: string | null;
  body: Record<string, string | null>;
}

export type BulkResponseTransaction = Partial<Record<'put' | 'delete' | 'patch', BulkResponseEntry[]>>;

export function bulkResponseTransaction(r: BulkTxResult): BulkResponseTransaction {
  return {
    [r.key]: r.entries.map((e) => ({
      uri: e.uri,
      body: { [String(e.status)]: e.error ? JSON.stringify(renderError(e.error.error, e.error.vars)) : null },
    })),
  };
}

export function bulkResponse(results: readonly BulkTxResult[]): { transaction: BulkResponseTransaction[] } {
  return { transaction: results.map(bulkResponseTransaction) };
}
