/**
 * The web console (issue #22, README "Web console"): ui/ built with Vite, served by the service at
 * /ui/ (src/http/ui-router.ts), reading everything through the public API.
 *
 * The build: once per file, `vite build` into a temporary directory, given to the service as
 * UI_DIR (so `npm test` on a fresh clone needs no manual step, and dist/ is never touched).
 *
 * Over HTTP (the app itself, its answers checked against the API description): the redirect, the
 * page's policy and `no-cache`, hashed assets `immutable` with 304 on If-None-Match and gzip, the
 * console's routes answered with the page, A&AI's 404 for a missing file, a missing build, other
 * methods; the files public while the API asks for credentials.
 *
 * In Debian's Chromium (test/helpers/browser.ts) against a real service process (users configured,
 * its job worker running only the console's jobs: JOB_WORKER_SOURCES=aai-console) on the run's
 * Neo4j: sign-in after the API's 401, search with type-ahead finds a pnf, its page shows its
 * p-interfaces and the logical-link relationship, the graph renders the neighbourhood (read from
 * window.__cy) and aggregates 60 children into one node, a job uploaded from the page shows its
 * upload and its progress to completion and its failed transaction, cancel works, a sync diff is
 * shown as a tree and applied, and the pages fit a narrow screen. With UPDATE_SCREENSHOTS=1 it
 * writes docs/ui-search.png, ui-node.png, ui-graph.png, ui-job.png and ui-sync.png (1280×800).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { basic, testApp } from '../helpers/app.js';
import { freshContext, launchBrowser } from '../helpers/browser.js';
import { uid } from '../helpers/neo4j.js';
import { startServiceProcess, type ServiceProcess } from '../helpers/service.js';

const ROOT = projectRoot();
const USER = 'ui-admin';
const PASSWORD = 'ui-admin-password';
const AUTH = basic(USER, PASSWORD);
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1';

let uiDir: string;
let service: ServiceProcess;
let browser: Browser;
let buildMs = 0;

/** Runs `vite build` into `outDir` (the project's vite.config.ts), failing with its output. */
function viteBuild(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code}):\n${output}`))));
  });
}

/** A request to the service process as the test's admin. */
async function call(method: string, path: string, body?: unknown, opts: { appId?: string; type?: string } = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${service.url}/aai/v15${path}`, {
    method,
    headers: {
      'X-FromAppId': opts.appId ?? 'ui-test',
      'X-TransactionId': uid('ui-tx'),
      Accept: 'application/json',
      Authorization: AUTH,
      ...(body === undefined ? {} : { 'Content-Type': opts.type ?? 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** What the tests read in the page (page.evaluate runs these in Chromium; the test's types have no DOM). */
interface CyNode {
  id(): string;
  data(key: string): unknown;
  renderedBoundingBox(): { w: number };
  style(name: string): unknown;
  emit(event: string): void;
}
interface InPage {
  __cy?: { nodes(selector?: string): { length: number; map<T>(f: (n: CyNode) => T): T[] }; getElementById(id: string): CyNode };
  document: { activeElement: { getAttribute(name: string): string | null } | null; documentElement: { scrollWidth: number } };
  innerWidth: number;
  sessionStorage: { setItem(key: string, value: string): void };
}

const P = uid('uipnf');
const PNF_A = `/network/pnfs/pnf/${P}-a`;
const LINK = `/network/logical-links/logical-link/${P}-link`;
const BIG = `/network/pnfs/pnf/${P}-big`;
const CHILDREN = 60;

beforeAll(async () => {
  uiDir = await mkdtemp(join(tmpdir(), 'aai-ui-'));
  const t0 = Date.now();
  await viteBuild(uiDir);
  buildMs = Date.now() - t0;
  console.log(`[ui-console] vite build: ${buildMs} ms`);
  const [svc, b] = await Promise.all([
    startServiceProcess({ UI_DIR: uiDir, JOB_WORKER_SOURCES: 'aai-console', JOB_POLL_MS: '100', AUTH_USERS: `${USER}:${PASSWORD}:admin` }),
    launchBrowser(),
  ]);
  service = svc;
  browser = b;
  // Two pnfs with p-interfaces, a logical link between two of them (and bridged to the first pnf), and a pnf with 60 p-interfaces.
  const iface = (name: string) => ({ 'interface-name': name });
  for (const [uri, body] of [
    [PNF_A, { 'pnf-name': `${P}-a`, 'equip-type': 'router', 'p-interfaces': { 'p-interface': [iface('eth0'), iface('eth1')] } }],
    [`/network/pnfs/pnf/${P}-b`, { 'pnf-name': `${P}-b`, 'p-interfaces': { 'p-interface': [iface('eth0')] } }],
    [BIG, { 'pnf-name': `${P}-big`, 'p-interfaces': { 'p-interface': Array.from({ length: CHILDREN }, (_, i) => iface(`ge-${i}`)) } }],
  ] as const) {
    expect((await call('PUT', uri, body)).status, uri).toBe(201);
  }
  const rel = (type: string, link: string) => ({ 'related-to': type, 'related-link': `/aai/v15${link}` });
  const link = await call('PUT', LINK, {
    'link-name': `${P}-link`,
    'link-type': 'l2',
    'relationship-list': { relationship: [rel('p-interface', `${PNF_A}/p-interfaces/p-interface/eth0`), rel('p-interface', `/network/pnfs/pnf/${P}-b/p-interfaces/p-interface/eth0`), rel('pnf', PNF_A)] },
  });
  expect(link.status, JSON.stringify(link.body)).toBe(201);
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.kill('SIGTERM');
  if (uiDir) await rm(uiDir, { recursive: true, force: true });
});

describe('the console over HTTP', () => {
  const app = () => supertest(testApp({ UI_DIR: uiDir }).callback());

  it('builds in seconds', () => {
    expect(buildMs).toBeLessThan(120_000);
  });

  it('redirects /ui to the page, which is revalidated every time, with its policy', async () => {
    const r = await app().get('/ui');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/ui/');
    const page = await app().get('/ui/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.text).toMatch(/<script type="module" crossorigin src="\/ui\/assets\/index-[\w-]+\.js"><\/script>/);
    expect((await app().get('/ui/').set('If-None-Match', String(page.headers.etag))).status).toBe(304);
    // A route of the console is the page too (the client routes it).
    for (const route of ['/ui/search', '/ui/node', '/ui/jobs']) {
      const r2 = await app().get(route);
      expect(r2.status, route).toBe(200);
      expect(r2.text, route).toBe(page.text);
    }
  });

  it('serves the hashed assets immutable, gzipped when asked, 304 on If-None-Match', async () => {
    const assets = await readdir(join(uiDir, 'assets'));
    const js = assets.find((f) => /^index-.*\.js$/.test(f));
    expect(js).toBeDefined();
    const r = await app().get(`/ui/assets/${js}`).set('Accept-Encoding', 'gzip');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect((await app().get(`/ui/assets/${js}`).set('Accept-Encoding', 'gzip').set('If-None-Match', String(r.headers.etag))).status).toBe(304);
    const plain = await app().get(`/ui/assets/${js}`).set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.etag).not.toBe(r.headers.etag);
    expect((await app().get('/ui/favicon.svg')).headers['cache-control']).toBe('public, max-age=86400');
  });

  it("answers A&AI's 404 for a missing file, and AAI_3012 for another method", async () => {
    for (const path of ['/ui/assets/nothing-1234.js', '/ui/missing.js', '/ui/a/b', '/ui/assets/../index.html', '/ui/index.html']) {
      const r = await app().get(path).set('Accept', 'application/json');
      expect(r.status, path).toBe(404);
      expect(r.body.requestError.serviceException.messageId, path).toBe('SVC3001');
    }
    const put = await app().put('/ui/').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', Authorization: basic('aai-test', 'aai-test-password') }).send({});
    expect(put.status).toBe(400);
    expect(put.body.requestError.serviceException.messageId).toBe('SVC3012');
  });

  it('says to run npm run build when there is no build', async () => {
    const r = await supertest(testApp({ UI_DIR: join(uiDir, 'no-such-dir') }).callback()).get('/ui/').set('Accept', 'application/json');
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.body)).toContain('npm run build');
  });

  it('is public (no credentials, no A&AI headers) while the API asks for credentials', async () => {
    expect((await app().get('/ui/')).status).toBe(200);
    expect((await app().get('/aai/v15/network/pnfs').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', Accept: 'application/json' })).status).toBe(401);
  });
});

/**
 * Page errors and console errors, but Chromium's note of an expected answer: the 401 before signing
 * in, and the 404 of a search that finds nothing (the nodes API's answer to an empty result).
 */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|404)/.test(m.text())) problems.push(m.text());
  });
  return problems;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await mkdir(join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'docs', `ui-${name}.png`) });
}

describe('the console in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    context = await freshContext(browser);
    page = await context.newPage();
    problems = watch(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('renders at once, and asks for credentials when the API does', async () => {
    const t0 = Date.now();
    await page.goto(`${service.url}/ui/jobs`);
    await page.locator('h1').first().waitFor();
    const firstRender = Date.now() - t0;
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    console.log(`[ui-console] first render: ${firstRender} ms (first contentful paint ${Math.round(fcp)} ms)`);
    expect(firstRender).toBeLessThan(5000);
    // The job list got a 401: the sign-in form opens.
    await page.locator('#login').waitFor();
    await page.fill('#login-user', USER);
    await page.fill('#login-password', PASSWORD);
    await page.click('#login-submit');
    await page.locator('#login').waitFor({ state: 'detached' });
    await page.locator('table.jobs').waitFor();
    await expect.poll(() => page.locator('#who').innerText()).toContain(USER);
  });

  it('finds a pnf as you type, and opens it with the keyboard', async () => {
    await page.click('a[data-nav="search"]');
    await page.locator('#search-value').waitFor();
    await page.fill('#search-type', 'pnf');
    await page.locator('#search-type').dispatchEvent('change');
    await expect.poll(() => page.locator('#search-prop').inputValue()).toBe('pnf-name');
    await page.locator('#search-value').pressSequentially(`${P}-a`, { delay: 10 });
    const hit = page.locator(`#search-results a[data-uri="${PNF_A}"]`);
    await hit.waitFor();
    await expect.poll(() => page.locator('#search-results a').count()).toBe(1);
    await shot(page, 'search');
    await page.focus('#search-value');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.getAttribute('data-uri'))).toBe(PNF_A);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ui\/node\?uri=/);
  });

  it("shows the pnf's properties, its p-interfaces and the logical-link relationship with its label", async () => {
    await page.locator('[data-child-type="p-interface"]').waitFor();
    const ifaces = await page.locator('[data-child-type="p-interface"] a').evaluateAll((as) => as.map((a) => a.getAttribute('data-uri')));
    expect(ifaces.sort()).toEqual([`${PNF_A}/p-interfaces/p-interface/eth0`, `${PNF_A}/p-interfaces/p-interface/eth1`]);
    const rel = page.locator('#relationships tr[data-related-type="logical-link"]');
    await rel.waitFor();
    expect(await rel.innerText()).toContain('BridgedTo');
    expect(await rel.locator('a').getAttribute('data-uri')).toBe(LINK);
    expect(await page.locator('[data-field="resource-version"]').innerText()).toMatch(/^\d+$/);
    expect(await page.locator('[data-field="source-of-truth"]').innerText()).toBe('ui-test');
    expect(await page.locator('pre.raw').textContent()).toContain(`"pnf-name": "${P}-a"`);
    await shot(page, 'node');
    // The relationship's link opens the logical link, whose page lists both p-interfaces.
    await rel.locator('a').click();
    await page.locator('#relationships tr[data-related-type="p-interface"]').first().waitFor();
    expect(await page.locator('#relationships tr[data-related-type="p-interface"]').count()).toBe(2);
  });

  it('draws the neighbourhood graph, coloured by type, and expands on a click', async () => {
    await page.goto(`${service.url}/ui/graph?uri=${encodeURIComponent(PNF_A)}&depth=2`);
    await page.locator('#graph[data-ready="true"]').waitFor();
    const nodes = await page.evaluate(() => (globalThis as unknown as InPage).__cy?.nodes().map((n) => ({ id: n.id(), type: String(n.data('type')), color: String(n.data('color')), drawn: n.renderedBoundingBox().w > 0, fill: String(n.style('background-color')) })) ?? []);
    const ids = nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([PNF_A, `${PNF_A}/p-interfaces/p-interface/eth0`, `${PNF_A}/p-interfaces/p-interface/eth1`, LINK, `/network/pnfs/pnf/${P}-b/p-interfaces/p-interface/eth0`]));
    expect(nodes.every((n) => n.drawn)).toBe(true);
    // Drawn in their type's colour (cytoscape's default grey would mean the colour was not understood).
    expect(nodes.filter((n) => n.fill === 'rgb(153,153,153)')).toEqual([]);
    const colour = (id: string) => nodes.find((n) => n.id === id)?.color;
    expect(colour(`${PNF_A}/p-interfaces/p-interface/eth0`)).toBe(colour(`${PNF_A}/p-interfaces/p-interface/eth1`));
    expect(colour(PNF_A)).not.toBe(colour(LINK));
    await shot(page, 'graph');
    // A click (cytoscape's tap) on the far p-interface expands it: its pnf appears.
    const farIface = `/network/pnfs/pnf/${P}-b/p-interfaces/p-interface/eth0`;
    expect(ids).not.toContain(`/network/pnfs/pnf/${P}-b`);
    await page.evaluate((id) => (globalThis as unknown as InPage).__cy?.getElementById(id).emit('tap'), farIface);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as InPage).__cy?.nodes().map((n) => n.id()) ?? [])).toContain(`/network/pnfs/pnf/${P}-b`);
  });

  it('aggregates a node with many children into one "+N p-interfaces" node, opened a page at a time', async () => {
    await page.goto(`${service.url}/ui/graph?uri=${encodeURIComponent(BIG)}&depth=1`);
    await page.locator('#graph[data-ready="true"]').waitFor();
    const agg = await page.evaluate(() => (globalThis as unknown as InPage).__cy?.nodes('[?aggregate]').map((n) => String(n.data('label'))) ?? []);
    expect(agg).toEqual([`+${CHILDREN} p-interfaces`]);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).__cy?.nodes().length)).toBe(2);
    await page.locator('.graph-list button', { hasText: 'show 50 more' }).click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as InPage).__cy?.nodes().length)).toBe(2 + 50);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).__cy?.nodes('[?aggregate]').map((n) => String(n.data('label'))))).toEqual([`+${CHILDREN - 50} p-interfaces`]);
  });

  it('uploads a file as a job, with its upload progress, and follows it to completion and its failed transaction', async () => {
    await page.click('a[data-nav="jobs"]');
    await page.locator('#job-file').waitFor();
    const input = `${JSON.stringify({ put: [{ uri: `/network/pnfs/pnf/${P}-job`, body: { 'pnf-name': `${P}-job` } }] })}\n${JSON.stringify({ delete: [{ uri: `/network/pnfs/pnf/${P}-missing?resource-version=1` }] })}\n`;
    await page.setInputFiles('#job-file', { name: 'job.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(input) });
    await page.click('form.upload button[type="submit"]');
    await page.waitForURL(/\/ui\/job\?id=/);
    await expect.poll(() => page.locator('#job-status').textContent(), { timeout: 30_000 }).toBe('completed');
    expect(await page.locator('#job-progress').getAttribute('value')).toBe('100');
    expect(await page.locator('[data-field="transactions"]').innerText()).toBe('1 completed, 1 failed, of 2');
    const failed = page.locator('#job-failures [data-failed-index="1"]');
    await failed.waitFor();
    expect(await failed.innerText()).toContain(`DELETE /network/pnfs/pnf/${P}-missing`);
    expect(await failed.innerText()).toMatch(/404/);
    expect(await page.locator('#job-cancel').isDisabled()).toBe(true);
    await shot(page, 'job');
    expect((await call('GET', `/network/pnfs/pnf/${P}-job`)).status).toBe(200);
  });

  it('cancels a job', async () => {
    // Submitted by another client (not run by this service's worker: JOB_WORKER_SOURCES), large
    // enough that it is still pending or running when cancelled, whichever worker takes it.
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ delete: [{ uri: `/network/pnfs/pnf/${P}-none-${i}?resource-version=1` }] })).join('\n');
    const submitted = await call('POST', '/bulk/jobs', lines, { appId: uid('ui-held'), type: 'application/x-ndjson' });
    expect(submitted.status).toBe(202);
    const id = (submitted.body as { id: string }).id;
    await page.goto(`${service.url}/ui/job?id=${encodeURIComponent(id)}`);
    const cancel = page.locator('#job-cancel');
    await expect.poll(() => cancel.isEnabled()).toBe(true);
    await cancel.click();
    await expect.poll(() => page.locator('#job-status').textContent(), { timeout: 30_000 }).toBe('cancelled');
    expect(((await call('GET', `/bulk/jobs/${id}`)).body as { status: string }).status).toBe('cancelled');
  });

  it('shows a sync diff as a tree, and applies it', async () => {
    const desired = `${JSON.stringify({ scope: { uris: [`/network/pnfs/pnf/${P}-sync`, PNF_A] } })}\n${JSON.stringify({ uri: `/network/pnfs/pnf/${P}-sync`, body: { 'equip-type': 'switch' } })}\n${JSON.stringify({ uri: PNF_A, body: { 'equip-type': 'firewall' } })}\n`;
    await page.click('a[data-nav="sync"]');
    await page.setInputFiles('#sync-file', { name: 'desired.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(desired) });
    await page.click('form.upload button[type="submit"]');
    await page.locator('#sync-summary').waitFor();
    expect(await page.locator('#sync-summary [data-field="create"]').innerText()).toBe('1');
    expect(await page.locator(`li[data-change="create"][data-uri="/network/pnfs/pnf/${P}-sync"]`).count()).toBe(1);
    const update = page.locator(`li[data-change="update"][data-uri="${PNF_A}"]`);
    expect(await update.innerText()).toMatch(/equip-type: "router"\s*→\s*"firewall"/);
    await shot(page, 'sync');
    await page.click('#sync-apply');
    await page.locator('#sync-job').click();
    await expect.poll(() => page.locator('#job-status').textContent(), { timeout: 30_000 }).toBe('completed');
    expect((await call('GET', `/network/pnfs/pnf/${P}-sync`)).status).toBe(200);
  });

  it('fits a narrow screen', async () => {
    const narrow = await freshContext(browser, { width: 390, height: 844 });
    try {
      const p = await narrow.newPage();
      await p.goto(`${service.url}/ui/search`);
      await p.evaluate(([u, pw]) => (globalThis as unknown as InPage).sessionStorage.setItem('aai-console-auth', JSON.stringify({ kind: 'basic', user: u, password: pw })), [USER, PASSWORD]);
      await p.goto(`${service.url}/ui/node?uri=${encodeURIComponent(PNF_A)}`);
      await p.locator('[data-child-type="p-interface"]').waitFor();
      expect(await p.evaluate(() => (globalThis as unknown as InPage).document.documentElement.scrollWidth <= (globalThis as unknown as InPage).innerWidth)).toBe(true);
    } finally {
      await narrow.close();
    }
    expect(problems).toEqual([]);
  });
});
