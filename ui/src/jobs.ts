/**
 * Jobs: the list (GET /bulk/jobs), a file uploaded as a new job with its upload progress
 * (XMLHttpRequest's upload events; POST /bulk/jobs[?type=bulkadd]), and a job's page: its live
 * progress (polled: status, counts, rate, ETA), its failed transactions with their errors
 * (GET …/results?failed=true), and cancel (DELETE /bulk/jobs/{id}).
 */
import { aaiMessage, api, ApiError, get, upload } from './api';
import { announce, fill, h, jobHref, link } from './dom';

export interface Job {
  id: string;
  status: string;
  type: string;
  progress: number;
  transactions: { total: number; completed: number; failed: number };
  operations: { total: number; completed: number; failed: number };
  created: string | null;
  started: string | null;
  finished: string | null;
  'cancel-requested': boolean;
  error?: string;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);
const POLL_MS = 500;

/** The page's polling timer: stopped when the route changes (main.ts calls stopPolling). */
let timer: ReturnType<typeof setTimeout> | undefined;
export function stopPolling(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

function errorText(e: unknown): string {
  return e instanceof ApiError || e instanceof Error ? e.message : String(e);
}

function uploadForm(onDone: (job: Job) => void): HTMLFormElement {
  const file = h('input', { id: 'job-file', type: 'file', accept: '.json,.ndjson,.jsonl,application/json,application/x-ndjson', required: true });
  const type = h('select', { id: 'job-type' }, h('option', { value: 'bulkprocess' }, 'bulkprocess (put, patch, delete)'), h('option', { value: 'bulkadd' }, 'bulkadd (put)'));
  const bar = h('progress', { id: 'upload-progress', max: '100', value: '0', 'aria-label': 'Upload progress' });
  const text = h('span', { id: 'upload-text', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Upload as a job');
  const form = h(
    'form',
    { class: 'upload', 'aria-labelledby': 'upload-h' },
    h('h2', { id: 'upload-h' }, 'New job from a file'),
    h('div', { class: 'field' }, h('label', { for: 'job-file' }, 'JSON or NDJSON transactions'), file),
    h('div', { class: 'field' }, h('label', { for: 'job-type' }, 'Kind'), type),
    submit,
    h('div', { class: 'progress-row' }, bar, text),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = file.files?.[0];
    if (!f) return;
    submit.disabled = true;
    fill(text, 'Uploading…');
    const q = type.value === 'bulkadd' ? '?type=bulkadd' : '';
    upload(`/bulk/jobs${q}`, f, (sent, total) => {
      const pct = total > 0 ? Math.round((100 * sent) / total) : 0;
      bar.value = pct;
      fill(text, `${pct}% (${sent.toLocaleString()} of ${total.toLocaleString()} bytes)`);
    })
      .then((a) => {
        bar.value = 100;
        const job = a.body as Job;
        fill(text, `Uploaded: job ${job.id}`);
        announce(`Uploaded: job ${job.id}`);
        onDone(job);
      })
      .catch((err: unknown) => fill(text, h('span', { class: 'error', role: 'alert' }, errorText(err))))
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
}

function go(href: string): void {
  history.pushState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export async function renderJobs(main: HTMLElement): Promise<void> {
  const table = h('tbody', {});
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const refresh = async (): Promise<void> => {
    try {
      const list = await get<{ jobs: Job[] }>('/bulk/jobs?limit=50');
      fill(
        table,
        list.jobs.map((j) =>
          h(
            'tr',
            { 'data-job': j.id },
            h('td', {}, link(jobHref(j.id), j.id.slice(0, 8), { title: j.id })),
            h('td', {}, h('span', { class: `status status-${j.status}` }, j.status)),
            h('td', {}, j.type),
            h('td', {}, h('progress', { max: '100', value: String(j.progress), 'aria-label': `Progress of ${j.id}` }), ` ${j.progress}%`),
            h('td', { class: 'num' }, `${j.transactions.completed} ✓ / ${j.transactions.failed} ✗ / ${j.transactions.total}`),
            h('td', {}, j.created ? new Date(j.created).toLocaleString() : ''),
          ),
        ),
      );
      fill(status, list.jobs.length === 0 ? 'No jobs yet.' : `${list.jobs.length} most recent jobs`);
      if (list.jobs.some((j) => !FINISHED.has(j.status))) timer = setTimeout(() => void refresh(), 2000);
    } catch (e) {
      fill(status, h('span', { class: 'error' }, errorText(e)));
    }
  };
  fill(
    main,
    h('h1', {}, 'Jobs'),
    uploadForm((job) => go(jobHref(job.id))),
    h('h2', {}, 'Recent jobs ', h('button', { type: 'button', class: 'small', onclick: () => { stopPolling(); void refresh(); } }, 'Refresh')),
    status,
    h(
      'table',
      { class: 'jobs', 'aria-label': 'Jobs' },
      h('thead', {}, h('tr', {}, ['Job', 'Status', 'Kind', 'Progress', 'Transactions (ok / failed / all)', 'Created'].map((c) => h('th', { scope: 'col' }, c)))),
      table,
    ),
  );
  await refresh();
}

interface ResultElement {
  index: number;
  [method: string]: unknown;
}

/** A failed transaction's operations: method, URI, status and the error's text. */
function failedTransaction(r: ResultElement): HTMLElement {
  const ops: HTMLElement[] = [];
  for (const [method, list] of Object.entries(r)) {
    if (!Array.isArray(list)) continue;
    for (const op of list as { uri?: string; body?: Record<string, string | null> }[]) {
      const [status, err] = Object.entries(op.body ?? {})[0] ?? ['?', null];
      let message = '';
      if (err) {
        try {
          message = aaiMessage(JSON.parse(err)) ?? err;
        } catch {
          message = err;
        }
      }
      ops.push(h('li', { class: Number(status) >= 400 ? 'op-failed' : 'op-ok' }, h('code', {}, `${method.toUpperCase()} ${op.uri ?? ''}`), ` → ${status}`, message ? h('div', { class: 'error' }, message) : null));
    }
  }
  return h('li', { 'data-failed-index': String(r.index) }, h('strong', {}, `Transaction ${r.index}`), h('ul', {}, ops));
}

/** Rate and ETA from the counts and the times (transactions per second since the job started). */
function rateAndEta(job: Job): { rate: string; eta: string } {
  const processed = job.transactions.completed + job.transactions.failed;
  if (!job.started || processed === 0) return { rate: '—', eta: FINISHED.has(job.status) ? '—' : 'unknown' };
  const end = job.finished ? Date.parse(job.finished) : Date.now();
  const seconds = Math.max(0.001, (end - Date.parse(job.started)) / 1000);
  const perSecond = processed / seconds;
  const opsPerSecond = (job.operations.completed + job.operations.failed) / seconds;
  const left = job.transactions.total - processed;
  const eta = FINISHED.has(job.status) ? 'finished' : left <= 0 ? 'any moment' : `${Math.ceil(left / perSecond)} s`;
  return { rate: `${perSecond.toFixed(1)} transactions/s (${opsPerSecond.toFixed(1)} operations/s)`, eta };
}

export async function renderJob(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const id = params.get('id') ?? '';
  const statusEl = h('span', { id: 'job-status', class: 'status' });
  const bar = h('progress', { id: 'job-progress', max: '100', value: '0', 'aria-label': 'Job progress' });
  const pct = h('span', { id: 'job-percent' });
  const counts = h('dl', { class: 'meta', id: 'job-counts' });
  const live = h('p', { 'aria-live': 'polite', class: 'muted' });
  const failures = h('ol', { id: 'job-failures', class: 'failures' });
  const failuresNote = h('p', { class: 'muted' });
  const cancel = h('button', { type: 'button', id: 'job-cancel', class: 'danger' }, 'Cancel job');
  const errorEl = h('p', { class: 'error', role: 'alert' });
  let shownFailed = -1;

  const loadFailures = async (job: Job): Promise<void> => {
    if (job.transactions.failed === shownFailed) return;
    shownFailed = job.transactions.failed;
    if (job.transactions.failed === 0) {
      fill(failuresNote, 'No failed transactions.');
      failures.replaceChildren();
      return;
    }
    const page = await get<{ transaction: ResultElement[]; next: unknown }>(`/bulk/jobs/${encodeURIComponent(id)}/results?failed=true&limit=100`);
    fill(failures, page.transaction.map(failedTransaction));
    fill(failuresNote, `${job.transactions.failed} failed transaction${job.transactions.failed === 1 ? '' : 's'}${page.next ? ' (the first 100 shown)' : ''}`);
  };

  const show = (job: Job): void => {
    fill(statusEl, job.status);
    statusEl.className = `status status-${job.status}`;
    bar.value = job.progress;
    fill(pct, `${job.progress}%`);
    const { rate, eta } = rateAndEta(job);
    fill(
      counts,
      [
        ['Kind', job.type],
        ['Transactions', `${job.transactions.completed} completed, ${job.transactions.failed} failed, of ${job.transactions.total}`],
        ['Operations', `${job.operations.completed} completed, ${job.operations.failed} failed, of ${job.operations.total}`],
        ['Rate', rate],
        ['ETA', eta],
        ['Created', job.created ?? '—'],
        ['Started', job.started ?? '—'],
        ['Finished', job.finished ?? '—'],
      ].flatMap(([k, v]) => [h('dt', {}, k ?? ''), h('dd', { 'data-field': (k ?? '').toLowerCase() }, v ?? '')]),
    );
    cancel.disabled = FINISHED.has(job.status) || job['cancel-requested'];
    if (job.error) fill(errorEl, job.error);
  };

  const poll = async (): Promise<void> => {
    try {
      const job = await get<Job>(`/bulk/jobs/${encodeURIComponent(id)}`);
      show(job);
      await loadFailures(job);
      if (FINISHED.has(job.status)) {
        announce(`Job ${job.status}: ${job.transactions.completed} transactions completed, ${job.transactions.failed} failed`);
        fill(live, `Job ${job.status}.`);
        return;
      }
      fill(live, `Job ${job.status}: ${job.progress}%`);
      timer = setTimeout(() => void poll(), POLL_MS);
    } catch (e) {
      fill(errorEl, errorText(e));
    }
  };

  cancel.addEventListener('click', () => {
    cancel.disabled = true;
    api('DELETE', `/bulk/jobs/${encodeURIComponent(id)}`)
      .then((a) => {
        show(a.body as Job);
        announce('Cancel requested');
        stopPolling();
        void poll();
      })
      .catch((e: unknown) => {
        fill(errorEl, errorText(e));
        cancel.disabled = false;
      });
  });

  fill(
    main,
    h('p', { class: 'crumbs' }, link('/ui/jobs', '← All jobs')),
    h('h1', {}, 'Job ', h('code', {}, id)),
    h('p', {}, statusEl, ' ', bar, ' ', pct, ' ', cancel),
    live,
    errorEl,
    counts,
    h('section', { 'aria-labelledby': 'fail-h' }, h('h2', { id: 'fail-h' }, 'Failed transactions'), failuresNote, failures),
  );
  await poll();
}
