/**
 * Declarative sync: a desired state file (JSON or NDJSON) diffed against the inventory
 * (POST /bulk/sync: nothing changes), shown as a tree — by action, then by object, then its
 * property and relationship changes — and applied on request with the diff's base token
 * (POST /bulk/sync?mode=apply&base=TOKEN: 412 when the scope changed since), which starts a job.
 */
import { api, ApiError, fileType } from './api';
import { announce, fill, h, jobHref, link } from './dom';

interface Change {
  action: string;
  uri: string;
  type: string;
  'resource-version'?: string;
  owner?: string;
  reason?: string;
  properties?: Record<string, { old?: unknown; new?: unknown }>;
  relationships?: { added?: Rel[]; removed?: Rel[] };
}

interface Rel {
  'related-to': string;
  'related-link': string;
  'relationship-label'?: string;
}

interface Diff {
  base: string;
  summary: Record<string, number>;
  changes: Change[];
}

const ACTIONS = ['create', 'update', 'delete', 'skip', 'unchanged'];

const show = (v: unknown): string => (v === undefined ? '∅' : JSON.stringify(v));

function changeNode(c: Change): HTMLElement {
  const props = Object.entries(c.properties ?? {});
  const added = c.relationships?.added ?? [];
  const removed = c.relationships?.removed ?? [];
  return h(
    'li',
    { 'data-change': c.action, 'data-uri': c.uri },
    h(
      'details',
      { open: props.length + added.length + removed.length <= 6 },
      h('summary', {}, h('code', {}, c.uri), ` (${c.type})`, c.reason ? ` — ${c.reason}` : ''),
      h(
        'ul',
        {},
        props.map(([k, v]) => h('li', {}, h('code', {}, k), ': ', 'old' in v ? h('del', {}, show(v.old)) : null, 'old' in v && 'new' in v ? ' → ' : null, 'new' in v ? h('ins', {}, show(v.new)) : ' (removed)')),
        added.map((r) => h('li', { class: 'rel-added' }, '+ relationship ', r['relationship-label'] ?? '', ' → ', h('code', {}, r['related-link']))),
        removed.map((r) => h('li', { class: 'rel-removed' }, '− relationship ', r['relationship-label'] ?? '', ' → ', h('code', {}, r['related-link']))),
        c['resource-version'] ? h('li', { class: 'muted' }, `resource-version ${c['resource-version']}`) : null,
        c.owner ? h('li', { class: 'muted' }, `owner ${c.owner}`) : null,
      ),
    ),
  );
}

export function renderSync(main: HTMLElement): void {
  const file = h('input', { id: 'sync-file', type: 'file', accept: '.json,.ndjson,.jsonl', required: true });
  const prune = h('input', { id: 'sync-prune', type: 'checkbox' });
  const unchanged = h('input', { id: 'sync-unchanged', type: 'checkbox' });
  const out = h('div', { id: 'sync-diff', 'aria-live': 'polite' });
  const query = (extra: Record<string, string> = {}): string => {
    const q = new URLSearchParams(extra);
    if (prune.checked) q.set('prune', 'true');
    if (unchanged.checked) q.set('unchanged', 'true');
    const s = q.toString();
    return s ? `?${s}` : '';
  };

  const apply = async (f: File, base: string, button: HTMLButtonElement): Promise<void> => {
    button.disabled = true;
    try {
      const a = await api<{ job: { id: string } | null }>('POST', `/bulk/sync${query({ mode: 'apply', base })}`, { body: f, contentType: fileType(f) });
      const job = a.body.job;
      fill(out, job ? h('p', {}, 'Applying as ', link(jobHref(job.id), `job ${job.id}`, { id: 'sync-job' })) : h('p', {}, 'Nothing to change.'));
      announce(job ? `Applying as job ${job.id}` : 'Nothing to change');
    } catch (e) {
      button.disabled = false;
      out.prepend(h('p', { class: 'error', role: 'alert' }, e instanceof ApiError && e.status === 412 ? `${e.message} — diff again.` : e instanceof Error ? e.message : String(e)));
    }
  };

  const form = h(
    'form',
    { class: 'upload' },
    h('div', { class: 'field' }, h('label', { for: 'sync-file' }, 'Desired state (JSON or NDJSON: scope, then objects)'), file),
    h('div', { class: 'check' }, prune, h('label', { for: 'sync-prune' }, 'Prune (delete objects of the scope that I own and that are not desired)')),
    h('div', { class: 'check' }, unchanged, h('label', { for: 'sync-unchanged' }, 'List unchanged objects')),
    h('button', { type: 'submit' }, 'Show the diff'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = file.files?.[0];
    if (!f) return;
    fill(out, h('p', { class: 'muted' }, 'Computing the diff…'));
    api<Diff>('POST', `/bulk/sync${query()}`, { body: f, contentType: fileType(f) })
      .then(({ body: diff }) => {
        const groups = ACTIONS.map((a) => [a, diff.changes.filter((c) => c.action === a)] as const).filter(([, l]) => l.length > 0);
        const button = h('button', { type: 'button', id: 'sync-apply', class: 'primary' }, 'Apply this diff');
        button.addEventListener('click', () => void apply(f, diff.base, button));
        fill(
          out,
          h('h2', {}, 'Diff'),
          h('dl', { class: 'meta', id: 'sync-summary' }, Object.entries(diff.summary).flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-field': k }, String(v))])),
          h('p', { class: 'muted' }, 'Base token ', h('code', { id: 'sync-base' }, diff.base)),
          h('ul', { class: 'tree' }, groups.map(([a, list]) => h('li', {}, h('details', { open: true }, h('summary', {}, h('strong', {}, a), ` (${list.length})`), h('ul', {}, list.map(changeNode)))))),
          diff.changes.length === 0 ? h('p', {}, 'Nothing would change.') : null,
          button,
        );
        announce(`Diff: ${Object.entries(diff.summary).map(([k, v]) => `${v} ${k}`).join(', ')}`);
      })
      .catch((err: unknown) => fill(out, h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err))));
  });
  fill(main, h('h1', {}, 'Declarative sync'), h('p', { class: 'muted' }, 'Review what a desired state would change, then apply exactly that diff (refused if the inventory changed since).'), form, out);
}
