/**
 * A node's page: its properties, resource-version and source-of-truth, its parent, its children by
 * type, its relationships with their labels (each a link to the related node's page), and the raw
 * A&AI JSON (GET {uri}?depth=0, as any client reads it).
 */
import { ApiError, get } from './api';
import { badge, fill, graphHref, h, link, nodeHref } from './dom';
import { byType, readNode, shortLabel, type Neighbour, type NodeView } from './neighbours';
import { keyOf } from './search';

/** Children of one type listed before "and N more". */
const SHOWN = 100;

function value(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

function neighbourLink(n: Neighbour): HTMLAnchorElement {
  return link(nodeHref(n.uri), [badge(n.type), ' ', keyOf(n.uri)], { 'data-uri': n.uri, title: n.uri });
}

export async function renderNode(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const uri = params.get('uri') ?? '';
  fill(main, h('h1', {}, keyOf(uri)), h('p', { class: 'muted' }, 'Loading…'));
  let view: NodeView;
  let body: unknown;
  try {
    [view, body] = await Promise.all([readNode(uri), get(`${uri}?depth=0`)]);
  } catch (e) {
    fill(main, h('h1', {}, keyOf(uri)), h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : String(e)));
    return;
  }
  const p = view.properties;
  const own = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const shownProps = Object.entries(own).filter(([k, v]) => k !== 'relationship-list' && (typeof v !== 'object' || v === null));

  const children = byType(view.children);
  const childSections = [...children].map(([type, list]) =>
    h(
      'section',
      { class: 'group', 'data-child-type': type },
      h('h3', {}, badge(type), ` ${list.length} ${type}${list.length === 1 ? '' : 's'}`),
      h('ul', { class: 'links' }, list.slice(0, SHOWN).map((n) => h('li', {}, neighbourLink(n)))),
      list.length > SHOWN ? h('p', { class: 'muted' }, `and ${list.length - SHOWN} more (see the graph, or GET ${uri}/… with resultIndex/resultSize)`) : null,
    ),
  );

  const rels = h(
    'table',
    { class: 'rels', 'aria-label': 'Relationships' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Label'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Related node'))),
    h(
      'tbody',
      {},
      view.related.map((r) => h('tr', { 'data-related-type': r.type }, h('td', { title: r.label }, shortLabel(r.label)), h('td', {}, badge(r.type)), h('td', {}, link(nodeHref(r.uri), r.uri, { 'data-uri': r.uri })))),
    ),
  );

  fill(
    main,
    h('p', { class: 'crumbs' }, view.parent ? ['Parent: ', neighbourLink(view.parent)] : 'Top-level object'),
    h('h1', {}, badge(view.type), ' ', keyOf(view.uri)),
    h('p', { class: 'uri' }, view.uri),
    h('p', { class: 'actions' }, link(graphHref(view.uri), 'Neighbourhood graph', { class: 'button' })),
    h(
      'dl',
      { class: 'meta' },
      h('dt', {}, 'resource-version'),
      h('dd', { 'data-field': 'resource-version' }, value(p['resource-version'] ?? own['resource-version'] ?? '—')),
      h('dt', {}, 'source-of-truth'),
      h('dd', { 'data-field': 'source-of-truth' }, value(p['source-of-truth'] ?? '—')),
      h('dt', {}, 'last-mod-source-of-truth'),
      h('dd', {}, value(p['last-mod-source-of-truth'] ?? '—')),
    ),
    h('section', { 'aria-labelledby': 'props-h' }, h('h2', { id: 'props-h' }, 'Properties'), h('dl', { class: 'props' }, shownProps.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, value(v))]))),
    h('section', { 'aria-labelledby': 'children-h', id: 'children' }, h('h2', { id: 'children-h' }, `Children (${view.children.length})`), childSections.length ? childSections : h('p', { class: 'muted' }, 'None')),
    h('section', { 'aria-labelledby': 'rels-h', id: 'relationships' }, h('h2', { id: 'rels-h' }, `Relationships (${view.related.length})`), view.related.length ? rels : h('p', { class: 'muted' }, 'None')),
    h('section', { 'aria-labelledby': 'raw-h' }, h('details', {}, h('summary', { id: 'raw-h' }, 'Raw A&AI JSON (GET ?depth=0)'), h('pre', { class: 'raw', tabindex: '0' }, JSON.stringify(body, null, 2)))),
  );
}
