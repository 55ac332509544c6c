/**
 * The browsable API docs (src/http/docs-viewer.ts): Swagger UI under /aai/v15/docs, served from
 * swagger-ui-dist's own files, on the service's API description (/aai/v15/openapi.json).
 *
 * Over HTTP: the redirect, the page's policy and caching, the assets' validators (304 on
 * If-None-Match), that only the listed files are answered (anything else, traversal included, is
 * A&AI's 404 AAI_3001; another method AAI_3012), all without credentials while the service asks
 * for them everywhere else.
 *
 * In Debian's Chromium (test/helpers/browser.ts) on the real app listening on a port: the page shows
 * the description's title and its tags, a tag opens onto its operations (PUT …/bulkadd), and every
 * request the browser made went to the service and succeeded — nothing leaves the machine.
 * With UPDATE_SCREENSHOTS=1 it also writes docs/images/api-docs.png (1280×800).
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { projectRoot } from '../../src/project-root.js';
import { AUTH_HEADERS, testDeps } from '../helpers/app.js';
import { freshContext, launchBrowser } from '../helpers/browser.js';

const DOCS = '/aai/v15/docs';
const DESCRIPTION = '/aai/v15/openapi.json';
const SCREENSHOT = join(projectRoot(), 'docs', 'images', 'api-docs.png');
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The test deployment: users and roles, no open access (test/helpers/app.ts). */
const app = createApp(testDeps());
/** Requests as anyone: no credentials, no A&AI headers. */
const anon = supertest(app.callback());

interface ErrorBody {
  requestError?: { serviceException?: { messageId?: unknown; variables?: unknown[] } };
}

/** The messageId of an A&AI error body (SVC3001 for AAI_3001). */
function messageId(body: unknown): unknown {
  return (body as ErrorBody).requestError?.serviceException?.messageId;
}

/** The message variable of an A&AI error body (its third). */
function message(body: unknown): unknown {
  return (body as ErrorBody).requestError?.serviceException?.variables?.[2];
}

/** A GET sent as written (supertest's URL parsing would resolve `..` before sending). */
function rawGet(origin: string, path: string): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET', headers: { Accept: 'application/json' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the docs over HTTP, without credentials', () => {
  it('redirects /aai/v15/docs to the page, keeping the query', async () => {
    const r = await anon.get(DOCS);
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe(`${DOCS}/`);
    expect((await anon.get(`${DOCS}?x=1`)).headers.location).toBe(`${DOCS}/?x=1`);
  });

  it('answers the page with its policy, revalidated every time', async () => {
    const r = await anon.get(`${DOCS}/`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers.etag).toMatch(/^"[^"]+"$/);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    // Every script is a file of ours: none inline.
    const scripts = [...r.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual(['<script src="swagger-ui-bundle.js" defer>', '<script src="init.js" defer>']);
    expect(r.text).not.toMatch(/<script\b[^>]*>[^<]/);
    expect((await anon.get(`${DOCS}/`).set('If-None-Match', String(r.headers.etag))).status).toBe(304);
  });

  it('starts the viewer on the service description, with no validator', async () => {
    const r = await anon.get(`${DOCS}/init.js`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.text).toContain(`url: "${DESCRIPTION}"`);
    expect(r.text).toContain('validatorUrl: null');
  });

  it.each([
    ['swagger-ui.css', 'text/css; charset=utf-8'],
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ['favicon-32x32.png', 'image/png'],
    ['favicon-16x16.png', 'image/png'],
  ])("answers swagger-ui-dist's %s as it is, cached for a day, 304 on If-None-Match", async (file, type) => {
    const r = await anon.get(`${DOCS}/${file}`).buffer(true).parse((res, done) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => done(null, Buffer.concat(parts)));
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.headers['cache-control']).toBe('public, max-age=86400');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(r.body as Buffer, readFileSync(join(SWAGGER_UI_DIR, file)))).toBe(0);
    const etag = String(r.headers.etag);
    expect(etag).toMatch(/^"[^"]+"$/); // strong
    const cached = await anon.get(`${DOCS}/${file}`).set('If-None-Match', `"other", ${etag}`);
    expect(cached.status).toBe(304);
    expect(cached.headers.etag).toBe(etag);
    expect(cached.text ?? '').toBe('');
    expect((await anon.get(`${DOCS}/${file}`).set('If-None-Match', '"other"')).status).toBe(200);
    const head = await anon.head(`${DOCS}/${file}`);
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(etag);
  });

  it.each([
    'swagger-initializer.js', // swagger-ui-dist's, not listed
    'package.json',
    'index.html',
    'init.js/',
    'a/swagger-ui.css',
    'swagger-ui.css.map',
  ])("answers A&AI's 404 for %s, which is not listed", async (file) => {
    const r = await anon.get(`${DOCS}/${file}`).set('Accept', 'application/json');
    expect(r.status).toBe(404);
    expect(messageId(r.body)).toBe('SVC3001');
    expect(message(r.body)).toContain(`Resource not found: ${DOCS}/${file}`);
  });

  it.each([`${DOCS}/../bulkadd`, `${DOCS}/../../../package.json`, `${DOCS}/%2e%2e/%2e%2e/package.json`, `${DOCS}/..%2f..%2f..%2fpackage.json`, `${DOCS}/%2Fetc%2Fpasswd`])(
    'answers 404 to the traversal %s',
    async (path) => {
      const r = await rawGet(origin, path);
      expect(r.status).toBe(404);
      expect(messageId(r.body)).toBe('SVC3001');
      expect(message(r.body)).toContain(`Resource not found: ${path}`);
    },
  );

  it('answers any other method with AAI_3012 (to a caller with credentials; without, 401)', async () => {
    for (const path of [DOCS, `${DOCS}/`, `${DOCS}/init.js`, `${DOCS}/nothing`]) {
      const put = await anon.put(path).set(AUTH_HEADERS).send({});
      expect(put.status, path).toBe(400);
      expect(messageId(put.body), path).toBe('SVC3012');
      expect((await anon.delete(path).set(AUTH_HEADERS)).status, path).toBe(400);
      expect((await anon.put(path).send({})).status, path).toBe(401);
    }
  });

  it('is public while the rest of the service asks for credentials', async () => {
    expect((await anon.get('/aai/v15/network/pnfs').set('Accept', 'application/json')).status).toBe(401);
    expect((await anon.get(`${DOCS}/`)).status).toBe(200);
    expect((await anon.get(`${DOCS}/swagger-ui-bundle.js`)).status).toBe(200);
  });
});

/** The parts of the API description the page test reads. */
interface Description {
  info: { title: string };
  tags?: { name: string }[];
  paths: Record<string, Record<string, { tags?: string[] }>>;
}

describe('the docs page in Chromium', () => {
  let browser: Browser;

  // A fresh machine installs Debian's chromium first (apt-get; minutes on a slow mirror).
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 15 * 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the description and its operations, with every request to the service', async () => {
    const described = await anon.get(DESCRIPTION);
    expect(described.status, `GET ${DESCRIPTION} (the API description the page shows)`).toBe(200);
    const doc = described.body as Description;
    const opTags = Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? []));
    const tags = [...new Set([...(doc.tags ?? []).map((t) => t.name), ...opTags])];
    expect(tags.length).toBeGreaterThan(0);
    const bulkadd = Object.keys(doc.paths).find((p) => p.endsWith('/bulkadd') && doc.paths[p]?.put !== undefined);
    expect(bulkadd, 'the description has PUT …/bulkadd').toBeDefined();
    const bulkTag = doc.paths[bulkadd ?? '']?.put?.tags?.[0] ?? 'default';

    const context = await freshContext(browser);
    const requests: string[] = [];
    const failed: string[] = [];
    const problems: string[] = [];
    try {
      const page = await context.newPage();
      page.on('request', (r) => requests.push(r.url()));
      page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? '?'}`));
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.url()}: ${r.status()}`);
      });
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));

      const opened = await page.goto(`${origin}${DOCS}`);
      expect(opened?.url()).toBe(`${origin}${DOCS}/`);
      const title = page.locator('.information-container .title');
      await title.waitFor();
      expect(await title.innerText()).toContain(doc.info.title);
      for (const tag of tags) await page.locator(`h3.opblock-tag[data-tag="${tag}"]`).waitFor();

      // Nothing is expanded until asked for (docExpansion none); a click opens the tag's operations.
      const op = page.locator(`.opblock.opblock-put:has(.opblock-summary-path[data-path="${bulkadd}"])`);
      expect(await op.count()).toBe(0);
      await page.locator(`h3.opblock-tag[data-tag="${bulkTag}"]`).click();
      await op.waitFor();
      expect(await op.locator('.opblock-summary-method').innerText()).toBe('PUT');
      await page.waitForLoadState('networkidle');

      if (process.env.UPDATE_SCREENSHOTS === '1') {
        await mkdir(dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT });
      }
    } finally {
      await context.close();
    }
    expect(requests).toContain(`${origin}${DESCRIPTION}`);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
  });
});
