/**
 * What an input file is, from its first bytes (never from its name: `-` is stdin, and exports are
 * often renamed):
 *   json         `{"transactions":[…]}`: a bulk job in A&AI's JSON form
 *   ndjson       one transaction per line
 *   sync-ndjson  an export/sync file: a first line `{"scope":{…}}`, then one `{"uri","body"}` per line
 *   sync-json    a sync file as one JSON object `{"scope":…,"objects":[…]}`
 * The head is enough: the scope line is short, and the JSON forms say what they are in their first key.
 */

export type InputFormat = 'json' | 'ndjson' | 'sync-ndjson' | 'sync-json';

/** How many bytes of a file `detectFormat` wants to see (a scope line longer than this is not recognised). */
export const HEAD_BYTES = 1024 * 1024;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The format of an input whose first bytes (up to HEAD_BYTES, UTF-8) are `head`. */
export function detectFormat(head: string): InputFormat {
  const text = head.replace(/^\uFEFF/, '');
  if (/^\s*\{\s*"transactions"\s*:/.test(text)) return 'json';
  if (/^\s*\{\s*"scope"\s*:/.test(text)) {
    // The first line of an export, or a whole JSON document that starts with its scope.
    const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
    try {
      const first: unknown = JSON.parse(firstLine);
      if (isObject(first) && 'scope' in first && !('objects' in first)) return 'sync-ndjson';
      if (isObject(first) && 'objects' in first) return 'sync-json';
    } catch {
      // Not a complete JSON value on the first line: a pretty-printed (or long) JSON document.
    }
    return 'sync-json';
  }
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  try {
    const first: unknown = JSON.parse(firstLine);
    if (isObject(first) && isObject(first['scope'])) return 'sync-ndjson';
  } catch {
    // Not JSON on its own line: still NDJSON as far as the CLI is concerned; the service says what is wrong.
  }
  return 'ndjson';
}

export interface SyncScope {
  uris?: string[];
  types?: string[];
}

/** The first line of a sync body for a scope given on the command line. */
export function scopeLine(scope: SyncScope): string {
  return `${JSON.stringify({ scope: { ...(scope.uris?.length ? { uris: scope.uris } : {}), ...(scope.types?.length ? { types: scope.types } : {}) } })}\n`;
}

/**
 * A sync file in its JSON form as NDJSON lines (the form the sync endpoint reads): the scope line
 * (or `scope` when given), then one line per object.
 */
export function syncJsonToNdjson(doc: unknown, scope?: SyncScope): string[] {
  if (!isObject(doc) || !Array.isArray(doc['objects'])) throw new Error('a sync file in JSON form is an object with "scope" and "objects" (an array)');
  const head = scope ? scopeLine(scope) : `${JSON.stringify({ scope: doc['scope'] ?? {} })}\n`;
  return [head, ...doc['objects'].map((o) => `${JSON.stringify(o)}\n`)];
}
