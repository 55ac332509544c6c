/**
 * The neighbourhood graph (cytoscape.js, loaded only here): the node, its parent, children and
 * related nodes to a chosen depth, each read with GET {uri}?format=raw. Nodes are coloured by type.
 * A node with many neighbours stays readable and fast: beyond AGGREGATE neighbours of one type,
 * they are drawn as one "+N p-interfaces" node, which a click opens a page at a time. A click on a
 * node expands its neighbours; a double click (or Enter in the list below) opens its page. The
 * list under the graph says the same for the keyboard and screen readers.
 * window.__cy is the cytoscape instance (the e2e tests read the rendered nodes from it).
 */
import type { Core, NodeSingular } from 'cytoscape';
import { ApiError } from './api';
import { announce, badge, fill, graphHref, h, link, nodeHref, typeColour } from './dom';
import { readNode, shortLabel, type Neighbour } from './neighbours';
import { keyOf } from './search';

/** Neighbours of one type (per node) drawn one by one; more become one aggregate node. */
export const AGGREGATE = 20;
/** Members an aggregate node adds per click. */
const PAGE = 50;
/** Nodes expanded per level of depth (the rest can be expanded by a click). */
const EXPAND_PER_LEVEL = 25;

declare global {
  interface Window {
    __cy?: Core;
  }
}

interface Aggregate {
  members: Neighbour[];
  from: string;
  kind: 'child' | 'related';
}

export async function renderGraph(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const uri = params.get('uri') ?? '';
  const depth = Math.max(1, Math.min(3, Number(params.get('depth') ?? '1') || 1));
  const container = h('div', { id: 'graph', class: 'graph', role: 'img', 'aria-label': `Neighbourhood graph of ${uri}`, 'data-ready': 'false' });
  const info = h('p', { class: 'muted', 'aria-live': 'polite' }, 'Loading…');
  const list = h('ul', { class: 'graph-list', 'aria-label': 'Nodes in the graph' });
  const depthSelect = h(
    'select',
    { id: 'graph-depth', onchange: (e: Event) => { const d = (e.target as HTMLSelectElement).value; history.pushState(null, '', graphHref(uri, Number(d))); window.dispatchEvent(new PopStateEvent('popstate')); } },
    [1, 2, 3].map((d) => h('option', { value: String(d), selected: d === depth }, String(d))),
  );
  fill(
    main,
    h('h1', {}, 'Neighbourhood of ', keyOf(uri)),
    h('p', { class: 'actions' }, link(nodeHref(uri), 'Node page', { class: 'button' }), ' ', h('label', { for: 'graph-depth' }, 'Depth '), depthSelect),
    container,
    info,
    h('details', { class: 'legend', open: true }, h('summary', {}, 'Nodes (click to expand, double-click or open the link for the page)'), list),
  );

  const { default: cytoscape } = await import('cytoscape');
  const cy = cytoscape({
    container,
    minZoom: 0.1,
    maxZoom: 1.6,
    style: [
      { selector: 'node', style: { 'background-color': 'data(color)', label: 'data(label)', 'font-size': 10, color: '#1f2937', 'text-valign': 'bottom', 'text-margin-y': 3, width: 22, height: 22 } },
      { selector: 'node[?root]', style: { width: 34, height: 34, 'border-width': 3, 'border-color': '#111827' } },
      { selector: 'node[?aggregate]', style: { shape: 'round-rectangle', width: 46, 'background-opacity': 0.7, 'border-width': 1, 'border-style': 'dashed', 'border-color': '#374151' } },
      { selector: 'edge', style: { width: 1.2, 'line-color': '#94a3b8', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 7, color: '#64748b', 'text-rotation': 'autorotate' } },
      { selector: 'edge[kind = "child"]', style: { 'line-style': 'dashed' } },
      { selector: ':selected', style: { 'border-width': 3, 'border-color': '#f59e0b' } },
    ],
  });
  window.__cy = cy;

  const expanded = new Set<string>();
  const aggregates = new Map<string, Aggregate>();

  const addNode = (n: { uri: string; type: string }, level: number, root = false): void => {
    if (cy.getElementById(n.uri).nonempty()) return;
    cy.add({ group: 'nodes', data: { id: n.uri, uri: n.uri, type: n.type, label: keyOf(n.uri), color: typeColour(n.type), level, ...(root ? { root: true } : {}) } });
  };
  const addEdge = (a: string, b: string, label: string, kind: string): void => {
    const id = `${a}|${b}|${label}`;
    const reverse = `${b}|${a}|${label}`;
    if (cy.getElementById(id).nonempty() || cy.getElementById(reverse).nonempty()) return;
    cy.add({ group: 'edges', data: { id, source: a, target: b, label: shortLabel(label), kind } });
  };

  /** Reads a node's neighbours and draws them (aggregated per type beyond AGGREGATE); returns the nodes drawn one by one. */
  const expand = async (from: string, level: number): Promise<string[]> => {
    if (expanded.has(from)) return [];
    expanded.add(from);
    const v = await readNode(from);
    const drawn: string[] = [];
    const groups = new Map<string, { kind: 'child' | 'related'; list: Neighbour[] }>();
    if (v.parent) {
      addNode(v.parent, level);
      addEdge(v.parent.uri, from, v.parent.label, 'child');
      drawn.push(v.parent.uri);
    }
    for (const [kind, list] of [['child', v.children], ['related', v.related]] as const) {
      for (const n of list) {
        const key = `${kind} ${n.type}`;
        const g = groups.get(key) ?? { kind, list: [] };
        g.list.push(n);
        groups.set(key, g);
      }
    }
    for (const { kind, list } of groups.values()) {
      const fresh = list.filter((n) => cy.getElementById(n.uri).empty());
      const known = list.filter((n) => cy.getElementById(n.uri).nonempty());
      for (const n of known) addEdge(from, n.uri, n.label, kind);
      if (fresh.length > AGGREGATE) {
        const type = fresh[0]?.type ?? '';
        const id = `agg:${from}:${kind}:${type}`;
        aggregates.set(id, { members: fresh, from, kind });
        cy.add({ group: 'nodes', data: { id, type, aggregate: true, count: fresh.length, label: `+${fresh.length} ${type}s`, color: typeColour(type), level } });
        cy.add({ group: 'edges', data: { id: `${from}|${id}`, source: from, target: id, label: kind === 'child' ? '' : shortLabel(fresh[0]?.label ?? ''), kind } });
      } else {
        for (const n of fresh) {
          addNode(n, level);
          addEdge(from, n.uri, n.label, kind);
          drawn.push(n.uri);
        }
      }
    }
    return drawn;
  };

  /** Opens an aggregate a page at a time: PAGE of its members become nodes, the rest stay aggregated. */
  const openAggregate = (id: string): void => {
    const agg = aggregates.get(id);
    const node = cy.getElementById(id);
    if (!agg || node.empty()) return;
    const level = Number(node.data('level'));
    const page = agg.members.splice(0, PAGE);
    cy.batch(() => {
      for (const n of page) {
        addNode(n, level);
        addEdge(agg.from, n.uri, n.label, agg.kind);
      }
      if (agg.members.length === 0) {
        cy.remove(node);
        aggregates.delete(id);
      } else {
        node.data({ count: agg.members.length, label: `+${agg.members.length} ${String(node.data('type'))}s` });
      }
    });
  };

  const layout = (): void => {
    cy.layout({ name: 'concentric', concentric: (n: NodeSingular) => 10 - Number(n.data('level')), levelWidth: () => 1, minNodeSpacing: 12, animate: false, fit: true, padding: 20 }).run();
  };

  const refreshList = (): void => {
    const items = cy.nodes().map((n) => {
      const d = n.data() as { id: string; uri?: string; type: string; label: string; aggregate?: boolean };
      return h(
        'li',
        {},
        badge(d.type),
        ' ',
        d.aggregate
          ? h('button', { type: 'button', onclick: () => { openAggregate(d.id); layout(); refreshList(); } }, `${d.label}: show ${PAGE} more`)
          : [
              link(nodeHref(d.uri ?? ''), d.label, { 'data-uri': d.uri ?? '' }),
              expanded.has(d.id) ? null : [' ', h('button', { type: 'button', class: 'small', onclick: () => void expandOne(d.id) }, 'expand')],
            ],
      );
    });
    fill(list, items);
    const count = cy.nodes().length;
    container.setAttribute('data-node-count', String(count));
    const text = `${count} nodes, ${cy.edges().length} edges`;
    fill(info, text);
    announce(text);
  };

  const expandOne = async (id: string): Promise<void> => {
    const n = cy.getElementById(id);
    if (n.empty() || n.data('aggregate')) return;
    try {
      await expand(id, Number(n.data('level')) + 1);
    } catch (e) {
      fill(info, h('span', { class: 'error' }, e instanceof ApiError ? e.message : String(e)));
      return;
    }
    layout();
    refreshList();
  };

  try {
    const v = await readNode(uri);
    addNode({ uri: v.uri, type: v.type }, 0, true);
    let frontier = [v.uri];
    for (let level = 1; level <= depth && frontier.length > 0; level++) {
      const next: string[] = [];
      const batch = frontier.slice(0, EXPAND_PER_LEVEL);
      const drawn = await Promise.all(batch.map((f) => expand(f, level)));
      for (const d of drawn) next.push(...d);
      frontier = next;
    }
  } catch (e) {
    fill(info, h('span', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : String(e)));
    return;
  }
  layout();
  refreshList();
  container.setAttribute('data-ready', 'true');

  cy.on('tap', 'node', (e) => {
    const id = (e.target as NodeSingular).id();
    if (aggregates.has(id)) {
      openAggregate(id);
      layout();
      refreshList();
    } else {
      void expandOne(id);
    }
  });
  cy.on('dbltap', 'node', (e) => {
    const d = (e.target as NodeSingular).data() as { uri?: string };
    if (d.uri) {
      history.pushState(null, '', nodeHref(d.uri));
      window.dispatchEvent(new PopStateEvent('popstate'));
    }
  });
}

