/**
 * The console's shell: routes under /ui/ (History API; the service answers every /ui/<route> with
 * this page), links that navigate without a reload, and the sign-in form a 401 from the API opens.
 * Each view reads the API itself (api.ts); the graph library loads only with the graph view.
 */
import './style.css';
import { currentAuth, setAuth, type Auth } from './api';
import { fill, h } from './dom';
import { renderJob, renderJobs, stopPolling } from './jobs';

type View = (main: HTMLElement, params: URLSearchParams) => unknown;

const views: Record<string, { title: string; nav: string; load: () => Promise<View> }> = {
  search: { title: 'Search', nav: 'search', load: async () => (await import('./search')).renderSearch },
  node: { title: 'Node', nav: 'search', load: async () => (await import('./node')).renderNode },
  graph: { title: 'Graph', nav: 'search', load: async () => (await import('./graph')).renderGraph },
  jobs: { title: 'Jobs', nav: 'jobs', load: () => Promise.resolve(renderJobs) },
  job: { title: 'Job', nav: 'jobs', load: () => Promise.resolve(renderJob) },
  sync: { title: 'Sync', nav: 'sync', load: async () => (await import('./sync')).renderSync },
};

const main = document.getElementById('main') as HTMLElement;
let renderSeq = 0;

async function render(): Promise<void> {
  stopPolling();
  const seq = ++renderSeq;
  const name = location.pathname.replace(/^\/ui\/?/, '').split('/')[0] || 'search';
  const view = views[name];
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
    if (view && a.dataset['nav'] === view.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!view) {
    fill(main, h('h1', {}, 'Not found'), h('p', {}, 'No such page of the console. ', h('a', { href: '/ui/search', 'data-link': true }, 'Search')));
    return;
  }
  document.title = `${view.title} · A&AI console`;
  const fn = await view.load();
  if (seq !== renderSeq) return;
  await fn(main, new URLSearchParams(location.search));
}

/** Follows a console link without reloading the page. */
document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest?.('a[data-link]');
  if (!(a instanceof HTMLAnchorElement) || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  if (a.href !== location.href) history.pushState(null, '', a.href);
  main.focus({ preventScroll: true });
  void render();
});
window.addEventListener('popstate', () => void render());

function renderWho(): void {
  const who = document.getElementById('who');
  if (!who) return;
  const auth = currentAuth();
  fill(
    who,
    auth
      ? [h('span', {}, auth.kind === 'basic' ? auth.user : 'API token'), ' ', h('button', { type: 'button', class: 'small', onclick: () => { setAuth(undefined); renderWho(); void render(); } }, 'Sign out')]
      : h('button', { type: 'button', class: 'small', onclick: () => showSignIn() }, 'Sign in'),
  );
}

/** The sign-in form: a user and password (HTTP basic) or an API token, kept for this tab only. */
let signInOpen = false;
function showSignIn(): void {
  if (signInOpen) return;
  signInOpen = true;
  const user = h('input', { id: 'login-user', autocomplete: 'username' });
  const password = h('input', { id: 'login-password', type: 'password', autocomplete: 'current-password' });
  const token = h('input', { id: 'login-token', type: 'password', autocomplete: 'off', placeholder: 'aai_…' });
  const dialog = h('dialog', { id: 'login', 'aria-labelledby': 'login-h' });
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: 'login-h' }, 'Sign in to the inventory'),
    h('p', { class: 'muted' }, 'The service asks for credentials. They are kept in this tab only (sessionStorage) and sent with every API request.'),
    h('div', { class: 'field' }, h('label', { for: 'login-user' }, 'User'), user),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password),
    h('p', { class: 'muted' }, 'or'),
    h('div', { class: 'field' }, h('label', { for: 'login-token' }, 'API token'), token),
    h('div', { class: 'row' }, h('button', { type: 'submit', id: 'login-submit', class: 'primary' }, 'Sign in'), h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')),
  );
  // Signed in: the page is read again with the credentials; cancelled: it stays as it is.
  let signedIn = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const auth: Auth | undefined = token.value.trim() ? { kind: 'token', token: token.value.trim() } : user.value ? { kind: 'basic', user: user.value, password: password.value } : undefined;
    if (!auth) return;
    setAuth(auth);
    signedIn = true;
    dialog.close();
  });
  dialog.addEventListener('close', () => {
    signInOpen = false;
    dialog.remove();
    renderWho();
    if (signedIn) void render();
  });
  dialog.append(form);
  document.body.append(dialog);
  dialog.showModal();
  user.focus();
}
window.addEventListener('aai-auth-required', () => showSignIn());

if (location.pathname === '/ui/' || location.pathname === '/ui') history.replaceState(null, '', `/ui/search${location.search}`);
renderWho();
void render();
