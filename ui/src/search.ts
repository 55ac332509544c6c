/**
 * Search: a node type, one of its keys or indexed properties, and a value. As you type (debounced),
 * the console asks the nodes API for exact matches (GET /nodes/{plural}?{prop}={value}&format=pathed)
 * and, for a start of a key, looks through the first page of the type's objects it read once.
 * Arrow keys move between the input and the results; Enter opens one.
 */
import { api, ApiError, restPath } from './api';
import { announce, badge, debounce, h, link, nodeHref, fill } from './dom';
import { knownNow, nodeTypes, type NodeTypeInfo } from './schema';

interface Pathed {
  results?: { 'resource-type': string; 'resource-link': string }[];
}

interface Hit {
  type: string;
  uri: string;
}

/** How many of a type's objects are read for prefix matches (once per type and visit). */
const BROWSE = 500;
const browsed = new Map<string, Promise<Hit[]>>();

function toHits(body: Pathed | undefined): Hit[] {
  return (body?.results ?? []).map((r) => ({ type: r['resource-type'], uri: restPath(r['resource-link']) }));
}

async function exact(info: NodeTypeInfo, prop: string, value: string, signal: AbortSignal): Promise<Hit[]> {
  const q = new URLSearchParams({ [prop]: value, format: 'pathed', resultIndex: '1', resultSize: '50' });
  const a = await api<Pathed>('GET', `/nodes/${info.plural}?${q}`, { signal, accept404: true });
  return a.status === 404 ? [] : toHits(a.body);
}

function browse(info: NodeTypeInfo): Promise<Hit[]> {
  let p = browsed.get(info.plural);
  if (p === undefined) {
    const q = new URLSearchParams({ format: 'pathed', resultIndex: '1', resultSize: String(BROWSE) });
    p = api<Pathed>('GET', `/nodes/${info.plural}?${q}`, { accept404: true }).then((a) => (a.status === 404 ? [] : toHits(a.body)));
    browsed.set(info.plural, p);
    p.catch(() => browsed.delete(info.plural));
  }
  return p;
}

/** The last segment of a URI, decoded: the node's own key. */
export function keyOf(uri: string): string {
  const last = uri.split('/').pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function renderSearch(main: HTMLElement, params: URLSearchParams): void {
  let types = knownNow();
  const typeInput = h('input', { id: 'search-type', name: 'type', list: 'node-types', autocomplete: 'off', value: params.get('type') ?? 'pnf', required: true });
  const datalist = h('datalist', { id: 'node-types' });
  const propSelect = h('select', { id: 'search-prop', name: 'prop' });
  const valueInput = h('input', { id: 'search-value', name: 'value', type: 'search', autocomplete: 'off', placeholder: 'a key or property value', value: params.get('value') ?? '', 'aria-controls': 'search-results' });
  const results = h('ul', { id: 'search-results', class: 'results', 'aria-label': 'Search results' });
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });

  const fillTypes = (): void => {
    fill(datalist, [...types.keys()].sort().map((t) => h('option', { value: t })));
  };
  const fillProps = (): void => {
    const info = types.get(typeInput.value.trim());
    const wanted = params.get('prop') ?? propSelect.value;
    fill(propSelect, (info?.props ?? []).map((p) => h('option', { value: p, selected: p === wanted }, p)));
  };
  fillTypes();
  fillProps();
  void nodeTypes().then((t) => {
    types = t;
    fillTypes();
    fillProps();
  });

  let inflight: AbortController | undefined;
  const run = async (): Promise<void> => {
    inflight?.abort();
    const info = types.get(typeInput.value.trim());
    const value = valueInput.value.trim();
    const prop = propSelect.value;
    history.replaceState(null, '', `/ui/search?${new URLSearchParams({ type: typeInput.value.trim(), prop, value })}`);
    if (!info || !prop) {
      fill(summary, info ? '' : `Unknown node type ${typeInput.value}`);
      results.replaceChildren();
      return;
    }
    if (value === '') {
      fill(summary, '');
      results.replaceChildren();
      return;
    }
    const ctrl = new AbortController();
    inflight = ctrl;
    fill(summary, 'Searching…');
    try {
      const isKey = info.props.indexOf(prop) === 0;
      const [found, some] = await Promise.all([exact(info, prop, value, ctrl.signal), isKey ? browse(info) : Promise.resolve([])]);
      if (ctrl.signal.aborted) return;
      const seen = new Set(found.map((f) => f.uri));
      const lower = value.toLowerCase();
      const prefixed = some.filter((s) => !seen.has(s.uri) && keyOf(s.uri).toLowerCase().startsWith(lower)).slice(0, 50);
      const all = [...found, ...prefixed];
      fill(
        results,
        all.map((hit) => h('li', {}, link(nodeHref(hit.uri), [badge(hit.type), ' ', h('span', { class: 'key' }, keyOf(hit.uri)), ' ', h('span', { class: 'uri' }, hit.uri)], { 'data-uri': hit.uri }))),
      );
      const text = all.length === 0 ? `No ${info.type} with ${prop} ${value}` : `${all.length} result${all.length === 1 ? '' : 's'}${prefixed.length ? ` (${prefixed.length} starting with “${value}” among the first ${BROWSE})` : ''}`;
      fill(summary, text);
      announce(text);
    } catch (e) {
      if (ctrl.signal.aborted) return;
      fill(summary, h('span', { class: 'error' }, e instanceof ApiError ? e.message : String(e)));
    }
  };
  const typeAhead = debounce(() => void run(), 250);

  typeInput.addEventListener('change', () => {
    fillProps();
    void run();
  });
  propSelect.addEventListener('change', () => void run());
  valueInput.addEventListener('input', typeAhead);
  // Arrow keys: from the input into the results, and between them.
  const focusResult = (i: number): void => {
    const links = [...results.querySelectorAll<HTMLAnchorElement>('a')];
    if (links.length === 0) return;
    const target = links[Math.max(0, Math.min(links.length - 1, i))];
    target?.focus();
  };
  valueInput.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusResult(0);
    }
  });
  results.addEventListener('keydown', (e) => {
    const links = [...results.querySelectorAll<HTMLAnchorElement>('a')];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusResult(i + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (i <= 0) valueInput.focus();
      else focusResult(i - 1);
    }
  });

  const form = h(
    'form',
    { class: 'search', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); void run(); } },
    h('div', { class: 'field' }, h('label', { for: 'search-type' }, 'Node type'), typeInput, datalist),
    h('div', { class: 'field' }, h('label', { for: 'search-prop' }, 'Key or indexed property'), propSelect),
    h('div', { class: 'field grow' }, h('label', { for: 'search-value' }, 'Value'), valueInput),
    h('button', { type: 'submit' }, 'Search'),
  );
  fill(main, h('h1', {}, 'Search the inventory'), form, summary, results);
  valueInput.focus();
  if (valueInput.value !== '') void run();
}
