/**
 * The browsable API docs under /aai/v15/docs: Swagger UI (the `swagger-ui-dist` package, served
 * from its own files) on the service's API description, /aai/v15/openapi.json. Public for GET and
 * HEAD, without A&AI's headers (open-paths.ts).
 *
 * - GET /aai/v15/docs redirects to /aai/v15/docs/, our own small page (INDEX_HTML), which loads
 *   the viewer's stylesheet and bundle and INIT_JS — no inline script, so its Content-Security-Policy
 *   allows scripts from 'self' only, and nothing on the page may reach another host (no validator,
 *   no fonts or images from elsewhere).
 * - GET /aai/v15/docs/<file> answers a fixed list of files (ASSETS) and nothing else: no path from
 *   the request ever reaches the file system. A GET of any other path under the prefix is A&AI's
 *   404 (AAI_3001); any other method is AAI_3012, as on the service's other paths.
 * - Each file is read once, on first use, and kept in memory (about 2 MB in all), with a strong
 *   ETag: assets are cached for a day, the page revalidated every time; If-None-Match answers 304.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AaiError } from '../errors.js';
import { sendFile, strongEtag, type CachedFile } from './cached.js';
import type { AppContext } from './context.js';
import { DOCS_PATH } from './open-paths.js';
import { unsupportedMethod, type Route, type RouteDoc } from './routes.js';

/** The API description the page shows (served by the description's own route). */
const DESCRIPTION_URL = '/aai/v15/openapi.json';

/** swagger-ui-dist's directory, from its package.json (the package's files are served as they are). */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The page: the viewer's stylesheet, its bundle, and INIT_JS, all from under the docs path. */
const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>A&amp;AI v15 API</title>
    <link rel="stylesheet" href="swagger-ui.css">
    <link rel="stylesheet" href="index.css">
    <link rel="icon" type="image/png" href="favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="favicon-16x16.png" sizes="16x16">
    <script src="swagger-ui-bundle.js" defer></script>
    <script src="init.js" defer></script>
  </head>
  <body>
    <div id="swagger-ui"></div>
  </body>
</html>
`;

/**
 * Starts the viewer on the description: nothing expanded, no "Try it out" until asked for, and no
 * validator badge (validatorUrl null: the default would send the description to swagger.io).
 */
const INIT_JS = `// The A&AI v15 API docs: Swagger UI on the service's API description (src/http/docs-viewer.ts).
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(DESCRIPTION_URL)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  docExpansion: 'none',
  defaultModelsExpandDepth: 0,
  validatorUrl: null,
  tryItOutEnabled: false,
});
`;

/**
 * The page's policy: everything from the service itself; inline styles (Swagger UI sets style
 * attributes) and data: images (its icons); no plugins, no frames, no form posts elsewhere.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const PNG = 'image/png';

/** Where a file's bytes come from: a file of swagger-ui-dist, or text of our own. */
type Source = { file: string } | { text: string };

interface AssetSpec {
  source: Source;
  type: string;
}

/** Every file under the docs path, by name; the only names answered. */
const ASSETS: ReadonlyMap<string, AssetSpec> = new Map([
  ['swagger-ui.css', { source: { file: 'swagger-ui.css' }, type: CSS }],
  ['index.css', { source: { file: 'index.css' }, type: CSS }],
  ['swagger-ui-bundle.js', { source: { file: 'swagger-ui-bundle.js' }, type: JS }],
  ['favicon-32x32.png', { source: { file: 'favicon-32x32.png' }, type: PNG }],
  ['favicon-16x16.png', { source: { file: 'favicon-16x16.png' }, type: PNG }],
  ['init.js', { source: { text: INIT_JS }, type: JS }],
]);

const PAGE: AssetSpec = { source: { text: INDEX_HTML }, type: 'text/html; charset=utf-8' };

/** The files read so far (shared by every app of the process: they never change while it runs). */
const loaded = new Map<AssetSpec, Promise<CachedFile>>();

async function read(spec: AssetSpec): Promise<CachedFile> {
  const body = 'file' in spec.source ? await readFile(join(SWAGGER_UI_DIR, spec.source.file)) : Buffer.from(spec.source.text, 'utf8');
  return { body, type: spec.type, etag: strongEtag(body) };
}

/** The file, read on first use; a failed read is tried again next time. */
function load(spec: AssetSpec): Promise<CachedFile> {
  let p = loaded.get(spec);
  if (p === undefined) {
    p = read(spec);
    loaded.set(spec, p);
    p.catch(() => loaded.delete(spec));
  }
  return p;
}

/** Answers the file with its validators; 304 when the client's If-None-Match holds its ETag. */
async function send(ctx: AppContext, spec: AssetSpec, cacheControl: string): Promise<void> {
  sendFile(ctx, await load(spec), cacheControl);
}

function notFound(ctx: AppContext): never {
  throw new AaiError('AAI_3001', `Resource not found: ${ctx.path}`);
}

/** GET /aai/v15/docs: to the page (the router also matches a trailing slash, so both land here). */
async function page(ctx: AppContext): Promise<void> {
  if (ctx.path === DOCS_PATH) {
    ctx.status = 301;
    ctx.redirect(`${DOCS_PATH}/${ctx.querystring === '' ? '' : `?${ctx.querystring}`}`);
    return;
  }
  if (ctx.path !== `${DOCS_PATH}/`) notFound(ctx);
  await send(ctx, PAGE, 'no-cache');
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.set('Referrer-Policy', 'no-referrer');
}

/** GET /aai/v15/docs/<file>: a listed file, looked up by the raw path's last part (never decoded, never joined to a directory). */
async function asset(ctx: AppContext): Promise<void> {
  const spec = ASSETS.get(ctx.path.slice(DOCS_PATH.length + 1));
  if (spec === undefined) notFound(ctx);
  await send(ctx, spec, 'public, max-age=86400');
}

/** Anything else under the docs path: a GET (or HEAD) is A&AI's 404, any other method AAI_3012. */
function other(ctx: AppContext): Promise<void> {
  return ctx.method === 'GET' || ctx.method === 'HEAD' ? Promise.reject(new AaiError('AAI_3001', `Resource not found: ${ctx.path}`)) : unsupportedMethod();
}

/** What the API description says of the docs (src/http/openapi/document.ts). */
const PAGE_DOC: RouteDoc = {
  tags: ['api'],
  description: 'Swagger UI on this API description, served by the service itself (nothing is loaded from elsewhere). /aai/v15/docs redirects to /aai/v15/docs/.',
  responses: {
    '200': { description: 'the page (at /aai/v15/docs/)', content: { 'text/html': { schema: { type: 'string' } } } },
    '301': { description: 'to /aai/v15/docs/ (from /aai/v15/docs)', headers: { Location: { description: '/aai/v15/docs/', schema: { type: 'string' } } } },
    '304': { description: 'not modified (If-None-Match)' },
  },
};

const ASSET_DOC: RouteDoc = {
  tags: ['api'],
  description: `One of the page's files: ${[...ASSETS.keys()].join(', ')}. Cached for a day, with a strong ETag.`,
  responses: {
    '200': { description: 'the file', content: { 'text/css': { schema: { type: 'string' } }, 'text/javascript': { schema: { type: 'string' } }, 'image/png': { schema: { type: 'string', contentEncoding: 'binary' } } } },
    '304': { description: 'not modified (If-None-Match)' },
  },
  errors: [404],
};

export function docsRoutes(): Route[] {
  return [
    { name: 'docs.page', method: 'GET', path: DOCS_PATH, access: 'read', summary: 'the browsable API docs (Swagger UI)', doc: PAGE_DOC, handle: page },
    { name: 'docs.asset', method: 'GET', path: `${DOCS_PATH}/:file`, access: 'read', summary: "a file of the docs page (its script, stylesheets and icons)", doc: ASSET_DOC, handle: asset },
    { name: 'docs.other', method: '*', path: `${DOCS_PATH}{/*rest}`, access: 'read', summary: 'any other method: AAI_3012; a GET of any other path: AAI_3001', handle: other },
  ];
}
