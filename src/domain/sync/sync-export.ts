/**
 * An export: the objects of a scope as NDJSON that a sync (or the CLI's import) takes back — the
 * scope as the first line, then one `{"uri","body"}` per object in URI order (parents first), each
 * body as a GET at depth 0 answers it (relationship-list included) without its resource-version.
 * Read page by page (sync-scope.ts): an export of any size streams.
 */
import type { Schema } from '../../schema/schema.js';
import { P, type Props } from '../model.js';
import type { GraphStorePort } from '../ports.js';
import { renderObject } from '../read.js';
import type { SyncScope } from './sync-input.js';
import { scopePages } from './sync-scope.js';

function withoutRv(props: Props): Props {
  const { [P.resourceVersion]: _rv, ...rest } = props;
  return rest;
}

export async function* exportLines(store: GraphStorePort, schema: Schema, scope: SyncScope): AsyncGenerator<string> {
  const { uris, types, depth } = scope;
  yield `${JSON.stringify({ scope: { uris, types, depth } })}\n`;
  for await (const page of scopePages(store, schema, scope, { otherProps: true })) {
    let lines = '';
    for (const { node, edges } of page) {
      const body = renderObject(schema, { ...node, props: withoutRv(node.props) }, edges);
      lines += `${JSON.stringify({ uri: node.uri, body })}\n`;
    }
    yield lines;
  }
}
