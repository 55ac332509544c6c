/**
 * Reading a sync's (or an export's) scope from the store: page by page, each page one short read
 * transaction seeking the aai-uri index from where the last page ended (GraphReader.scopePage), so
 * a scope of any size streams in bounded memory and no statement scans what it does not return.
 *  - Roots are read many at a time: their nodes by exact URI, then their subtrees (the ranges
 *    [root + '/', …), never the siblings whose key merely starts like the root's) in one statement
 *    while they hold no more than a page, else each subtree paged alone. A collection URI
 *    (/network/pnfs) is a root without a node of its own.
 *  - A scope of types alone reads each top-level type's container (a URI prefix, e.g.
 *    /network/pnfs/pnf/); a type that can be nested has no prefix, and is read from the whole
 *    index, filtered by type.
 */
import type { Schema } from '../../schema/schema.js';
import type { GraphStorePort, ScopedNode } from '../ports.js';
import type { SyncScope } from './sync-input.js';

/** Nodes per page (one read transaction each). */
export const SCOPE_PAGE = 1000;

/** The URI prefix that holds every node of a type, when it has one (a type that is never nested). */
function typePrefix(schema: Schema, type: string): string | undefined {
  const entry = schema.topLevelOf(type);
  if (!entry) return undefined;
  for (const d of schema.nodeTypes.values()) if (d.children.some((c) => c.type === type)) return undefined;
  return `/${entry.path.join('/')}/`;
}

/** Roots read together: their exact nodes in one statement, their subtrees in one while they are small. */
const EXACT_BATCH = 1000;
const SUBTREE_BATCH = 100;
const MAX_SUBTREE_BATCH = 1000;

/** The scope's nodes, page by page, each with its edges (to anything but its descendants). */
export async function* scopePages(store: GraphStorePort, schema: Schema, scope: SyncScope, opts: { otherProps: boolean; pageSize?: number | undefined }): AsyncGenerator<ScopedNode[]> {
  const types = scope.types.length > 0 ? scope.types : undefined;
  const limit = opts.pageSize ?? SCOPE_PAGE;
  const { otherProps } = opts;
  /** Every node whose aai-uri starts with `prefix`, in pages of `limit`. */
  async function* paged(prefix: string): AsyncGenerator<ScopedNode[]> {
    let after = '';
    for (;;) {
      const page = await store.read((r) => r.scopePage({ prefix, after, types, limit, otherProps }));
      if (page.length > 0) yield page;
      const last = page[page.length - 1];
      if (!last || page.length < limit) return;
      after = last.node.uri;
    }
  }
  if (scope.uris.length === 0) {
    const prefixes = scope.types.map((t) => typePrefix(schema, t));
    const all = prefixes.some((p) => p === undefined) ? [''] : [...new Set(prefixes as string[])].sort();
    for (const prefix of all) yield* paged(prefix);
    return;
  }
  for (let i = 0; i < scope.uris.length; i += EXACT_BATCH) {
    const uris = scope.uris.slice(i, i + EXACT_BATCH);
    const page = await store.read((r) => r.scopeBatch({ uris, exact: true, types, limit: uris.length, otherProps }));
    if (page.length > 0) yield page;
  }
  if (scope.depth === 0) return;
  // Small subtrees come many to a statement (at most a page of rows): the number of roots per
  // statement doubles while the subtrees are small (an empty scope: a thousand roots a statement)
  // and halves when they are not; a batch over a page has each of its subtrees paged alone.
  let batch = SUBTREE_BATCH;
  for (let i = 0; i < scope.uris.length; ) {
    const uris = scope.uris.slice(i, i + batch);
    i += uris.length;
    const page = await store.read((r) => r.scopeBatch({ uris, exact: false, types, limit: limit + 1, otherProps }));
    if (page.length <= limit) {
      if (page.length > 0) yield page;
      if (page.length <= limit / 4) batch = Math.min(batch * 2, MAX_SUBTREE_BATCH);
      continue;
    }
    batch = Math.max(1, Math.floor(batch / 2));
    for (const u of uris) yield* paged(`${u}/`);
  }
}
