/**
 * The web console at /ui/ (README "Web console"): the files `npm run build` writes to dist/ui (Vite,
 * from ui/), served by the service itself. The console is a client of the public API: everything it
 * shows comes from /aai/v15/… with the caller's own credentials, so its files hold no inventory
 * data and are public for GET and HEAD, without A&AI's headers (open-paths.ts) — the page must load
 * before it can ask who you are.
 *
 * - GET /ui redirects to /ui/, the page (index.html, revalidated every time: `no-cache`).
 * - GET /ui/assets/<file>: Vite's content-hashed files, cached for a year (`immutable`).
 * - GET /ui/<name>: a file at the top of the build (an icon: cached for a day), else, for a name
 *   without a dot, the page itself (the console's own routes: /ui/search, /ui/node, /ui/jobs…).
 * - Anything else under /ui: a GET is A&AI's 404 (AAI_3001), another method AAI_3012.
 * - No path from the request reaches the file system: the build's files are listed once (the
 *   directory's top and its assets/), and a request's name is looked up in that list. Each file is
 *   read once, kept in memory with a strong ETag (If-None-Match → 304), and gzipped for clients
 *   that take it. Without a build (no index.html in UI_DIR) /ui/ answers A&AI's 404 (AAI_3001)
 *   saying to run `npm run build`, and looks again on the next request.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AaiError } from '../errors.js';
import { sendFile, strongEtag, type CachedFile } from './cached.js';
import type { AppContext } from './context.js';
import { UI_PATH } from './open-paths.js';
import { unsupportedMethod, type Route, type RouteDoc } from './routes.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const HASHED = 'public, max-age=31536000, immutable';
const PAGE_CACHE = 'no-cache';
const OTHER_CACHE = 'public, max-age=86400';

/**
 * The page's policy: everything from the service itself; inline style attributes (the graph library
 * sizes its canvas with them); no plugins, no frames, no form posts elsewhere.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The build's files by request name: `index.html`, `favicon.svg`, `assets/index-3f9a.js`. */
interface Build {
  files: Map<string, string>;
  loaded: Map<string, Promise<CachedFile>>;
}

async function listBuild(dir: string): Promise<Build | undefined> {
  const files = new Map<string, string>();
  try {
    for (const e of await readdir(dir, { withFileTypes: true })) if (e.isFile()) files.set(e.name, join(dir, e.name));
  } catch {
    return undefined;
  }
  if (!files.has('index.html')) return undefined;
  try {
    for (const e of await readdir(join(dir, 'assets'), { withFileTypes: true })) if (e.isFile()) files.set(`assets/${e.name}`, join(dir, 'assets', e.name));
  } catch {
    /* a build without assets */
  }
  return { files, loaded: new Map() };
}

async function readOne(path: string): Promise<CachedFile> {
  const body = await readFile(path);
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const text = /^(text\/|application\/json|image\/svg)/.test(type);
  const gzipped = text && body.length > 1024 ? gzipSync(body) : undefined;
  return { body, gzipped, type, etag: strongEtag(body) };
}

/** Serves one build directory; a missing build is looked for again on the next request. */
class UiFiles {
  private build: Promise<Build | undefined> | undefined;
  constructor(private readonly dir: string) {}

  private async current(): Promise<Build> {
    this.build ??= listBuild(this.dir);
    const b = await this.build;
    if (b === undefined) {
      this.build = undefined;
      throw new AaiError('AAI_3001', `the web console is not built: run npm run build (no index.html in ${this.dir})`);
    }
    return b;
  }

  /** The named file, read on first use; undefined when the build has no such file. */
  async file(name: string): Promise<CachedFile | undefined> {
    const b = await this.current();
    const path = b.files.get(name);
    if (path === undefined) return undefined;
    let p = b.loaded.get(name);
    if (p === undefined) {
      p = readOne(path);
      b.loaded.set(name, p);
      p.catch(() => b.loaded.delete(name));
    }
    return p;
  }
}

function notFound(ctx: AppContext): never {
  throw new AaiError('AAI_3001', `Resource not found: ${ctx.path}`);
}

async function sendPage(ctx: AppContext, files: UiFiles): Promise<void> {
  const page = await files.file('index.html');
  if (page === undefined) notFound(ctx);
  sendFile(ctx, page, PAGE_CACHE);
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.set('Referrer-Policy', 'no-referrer');
}

const PAGE_DOC: RouteDoc = {
  tags: ['console'],
  description: 'The web console (README "Web console"), served by the service itself from its build (dist/ui, or UI_DIR). /ui redirects to /ui/. Public: the page holds no inventory data; it reads everything through this API with the user\'s own credentials.',
  responses: {
    '200': { description: 'the page (at /ui/)', content: { 'text/html': { schema: { type: 'string' } } } },
    '301': {
      description: 'to /ui/ (from /ui), with a line saying so',
      headers: { Location: { description: '/ui/', schema: { type: 'string' } } },
      content: { 'text/plain': { schema: { type: 'string' } }, 'text/html': { schema: { type: 'string' } } },
    },
    '304': { description: 'not modified (If-None-Match)' },
  },
  errors: [404],
};

const NAME_DOC: RouteDoc = {
  tags: ['console'],
  description: "A file at the top of the console's build, or, for a name without a dot, the page itself (a route of the console: search, node, graph, jobs, job, sync). Files cached for a day, the page revalidated every time.",
  responses: {
    '200': { description: 'the file, or the page', content: { 'text/html': { schema: { type: 'string' } }, 'image/svg+xml': { schema: { type: 'string' } }, 'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } } } },
    '304': { description: 'not modified (If-None-Match)' },
  },
  errors: [404],
};

const ASSET_DOC: RouteDoc = {
  tags: ['console'],
  description: "One of the console's content-hashed files (script, stylesheet): cached for a year (immutable), with a strong ETag.",
  responses: {
    '200': { description: 'the file', content: { 'text/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } }, 'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } } } },
    '304': { description: 'not modified (If-None-Match)' },
  },
  errors: [404],
};

/** The console's routes, serving the build in `dir`. */
export function uiRoutes(dir: string): Route[] {
  const files = new UiFiles(dir);
  return [
    {
      name: 'ui.page',
      method: 'GET',
      path: UI_PATH,
      access: 'read',
      summary: 'the web console',
      doc: PAGE_DOC,
      handle: async (ctx) => {
        if (ctx.path === UI_PATH) {
          ctx.status = 301;
          ctx.redirect(`${UI_PATH}/${ctx.querystring === '' ? '' : `?${ctx.querystring}`}`);
          return;
        }
        if (ctx.path !== `${UI_PATH}/`) notFound(ctx);
        await sendPage(ctx, files);
      },
    },
    {
      name: 'ui.asset',
      method: 'GET',
      path: `${UI_PATH}/assets/:file`,
      access: 'read',
      summary: "a content-hashed file of the web console",
      doc: ASSET_DOC,
      handle: async (ctx) => {
        const file = await files.file(`assets/${ctx.path.slice(`${UI_PATH}/assets/`.length)}`);
        if (file === undefined) notFound(ctx);
        sendFile(ctx, file, HASHED);
      },
    },
    {
      name: 'ui.name',
      method: 'GET',
      path: `${UI_PATH}/:name`,
      access: 'read',
      summary: "a file of the web console, or the page for one of its routes",
      doc: NAME_DOC,
      handle: async (ctx) => {
        const name = ctx.path.slice(UI_PATH.length + 1);
        const file = name === 'index.html' ? undefined : await files.file(name);
        if (file !== undefined) return sendFile(ctx, file, OTHER_CACHE);
        if (!/^[A-Za-z0-9_-]+$/.test(name)) notFound(ctx);
        await sendPage(ctx, files);
      },
    },
    {
      name: 'ui.other',
      method: '*',
      path: `${UI_PATH}{/*rest}`,
      access: 'read',
      summary: 'any other method: AAI_3012; a GET of any other path: AAI_3001',
      handle: (ctx) => (ctx.method === 'GET' || ctx.method === 'HEAD' ? Promise.reject(new AaiError('AAI_3001', `Resource not found: ${ctx.path}`)) : unsupportedMethod()),
    },
  ];
}
