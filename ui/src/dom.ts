/** A tiny DOM builder: h('a', { href, onclick }, 'text', child…). No framework, no virtual DOM. */
export type Child = Node | string | number | null | undefined | false;
/** A child, or (nested) lists of them. */
export type Kids = Child | readonly Kids[];
type Attr = string | number | boolean | null | undefined | ((e: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Kids[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: readonly Kids[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c as readonly Kids[]);
    else el.append(typeof c === 'number' ? String(c) : (c as Node | string));
  }
}

/** Replaces the element's content. */
export function fill(el: Element, ...children: Kids[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A link to a route of the console (navigated without a reload: main.ts). */
export function link(href: string, text: Kids, attrs: Record<string, Attr> = {}): HTMLAnchorElement {
  return h('a', { href, 'data-link': true, ...attrs }, text);
}

/** Announces a message to screen readers (the page's polite live region). */
export function announce(message: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}

/** Runs `fn` once the calls stop for `ms` (type-ahead). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A node URI's page, graph. */
export const nodeHref = (uri: string): string => `/ui/node?uri=${encodeURIComponent(uri)}`;
export const graphHref = (uri: string, depth = 1): string => `/ui/graph?uri=${encodeURIComponent(uri)}&depth=${depth}`;
export const jobHref = (id: string): string => `/ui/job?id=${encodeURIComponent(id)}`;

/** The colour of a node type (the graph and the type badges): a stable hue from its name. */
export function typeColour(type: string): string {
  let hash = 0;
  for (let i = 0; i < type.length; i++) hash = (hash * 31 + type.charCodeAt(i)) >>> 0;
  return `hsl(${hash % 360}, 65%, 42%)`;
}

export function badge(type: string): HTMLSpanElement {
  return h('span', { class: 'badge', style: `background:${typeColour(type)}` }, type);
}
