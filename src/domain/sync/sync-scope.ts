/**
 * Reading a sync's (or an export's) scope from the store: page by page, each page one short read
 * transaction seeking the aai-uri index from where the last page ended (GraphReader.scopePage), so
 * a scope of any size streams in bounded memory and no statement scans what it does not return.
 *  - A subtree is its root (the first entry of the range [root, …)) and then the range
 *    [root + '/', …): never the siblings whose key merely starts like the root's.
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

interface Range {
  prefix: string;
  /** Only the node at exactly this URI (a root, or a root of a depth-0 scope). */
  exact?: string;
}

function rangesOf(schema: Schema, scope: SyncScope): Range[] {
  if (scope.uris.length > 0) {
    return scope.uris.flatMap((root) => (scope.depth === 'all' ? [{ prefix: root, exact: root }, { prefix: `${root}/` }] : [{ prefix: root, exact: root }]));
  }
  const prefixes = scope.types.map((t) => typePrefix(schema, t));
  if (prefixes.some((p) => p === undefined)) return [{ prefix: '' }];
  return [...new Set(prefixes as string[])].sort().map((prefix) => ({ prefix }));
}

/** The scope's nodes, page by page, each with its edges (to anything but its descendants). */
export async function* scopePages(store: GraphStorePort, schema: Schema, scope: SyncScope, opts: { otherProps: boolean; pageSize?: number | undefined }): AsyncGenerator<ScopedNode[]> {
  const types = scope.types.length > 0 ? scope.types : undefined;
  const limit = opts.pageSize ?? SCOPE_PAGE;
  for (const range of rangesOf(schema, scope)) {
    if (range.exact !== undefined) {
      const exact = range.exact;
      const page = await store.read((r) => r.scopePage({ prefix: range.prefix, after: '', types, limit: 1, otherProps: opts.otherProps }));
      const hit = page.filter((n) => n.node.uri === exact);
      if (hit.length > 0) yield hit;
      continue;
    }
    let after = '';
    for (;;) {
      const page = await store.read((r) => r.scopePage({ prefix: range.prefix, after, types, limit, otherProps: opts.otherProps }));
      if (page.length > 0) yield page;
      const last = page[page.length - 1];
      if (!last || page.length < limit) break;
      after = last.node.uri;
    }
  }
}
