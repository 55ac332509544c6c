/**
 * GET /aai/v15/openapi.json and /aai/v15/openapi.yaml: the API description (src/http/openapi/),
 * built once from the service's own route table on first request and served with an ETag, gzipped
 * for a client that takes it (4.4 MB of JSON, 0.11 MB gzipped). Public (src/http/open-paths.ts). schema/v15/openapi.json is the same document, committed
 * (`npm run generate:openapi`; a test fails when they drift apart).
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../project-root.js';
import type { Schema } from '../schema/schema.js';
import { notModified, strongEtag } from './cached.js';
import type { AppContext } from './context.js';
import { apiDocument, type OpenApiDocument } from './openapi/document.js';
import { isPublicPath, skipsAaiHeaders } from './open-paths.js';
import { unsupportedMethod, type Route } from './routes.js';

/** The service's version, from its package.json. */
export function serviceVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The document of a route table, as the service describes itself. */
export function describeRoutes(routes: readonly Route[], schema: Schema): OpenApiDocument {
  return apiDocument(routes, schema, { version: serviceVersion(), isPublic: isPublicPath, skipsAaiHeaders: (path) => path === '/metrics' || skipsAaiHeaders(path) });
}

/** The document as the JSON the service serves (and the committed file holds). */
export function documentJson(doc: OpenApiDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

interface Rendered {
  body: string;
  gzipped: Buffer;
  etag: string;
}

/** The description routes; `table` gives the whole route table (these routes included) once the app is built. */
export function openapiRoutes(table: () => readonly Route[], schema: Schema): Route[] {
  let json: Rendered | undefined;
  let yaml: Rendered | undefined;
  const rendered = (body: string): Rendered => ({ body, gzipped: gzipSync(body), etag: strongEtag(body) });
  const doc = (): OpenApiDocument => describeRoutes(table(), schema);

  const send = (ctx: AppContext, r: Rendered, type: string): void => {
    ctx.vary('Accept-Encoding');
    if (notModified(ctx, r.etag, 'no-cache')) return;
    ctx.type = type;
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = r.gzipped;
    } else {
      ctx.body = r.body;
    }
  };
  const description = { tags: ['api'] };
  return [
    {
      name: 'openapi.json',
      method: 'GET',
      path: '/aai/:version/openapi.json',
      access: 'read',
      summary: 'this API description (OpenAPI 3.1, JSON)',
      doc: { ...description, responses: { '200': { description: 'the document', content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } }, '304': { description: 'not modified (If-None-Match)' } } },
      handle: (ctx) => {
        json ??= rendered(JSON.stringify(doc()));
        send(ctx, json, 'application/json');
        return Promise.resolve();
      },
    },
    { name: 'openapi.json.other', method: '*', path: '/aai/:version/openapi.json', access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
    {
      name: 'openapi.yaml',
      method: 'GET',
      path: '/aai/:version/openapi.yaml',
      access: 'read',
      summary: 'this API description (OpenAPI 3.1, YAML)',
      doc: { ...description, responses: { '200': { description: 'the document', content: { 'application/yaml': { schema: {} } } }, '304': { description: 'not modified (If-None-Match)' } } },
      handle: (ctx) => {
        yaml ??= rendered(stringify(doc(), { aliasDuplicateObjects: false, lineWidth: 0 }));
        send(ctx, yaml, 'application/yaml');
        return Promise.resolve();
      },
    },
    { name: 'openapi.yaml.other', method: '*', path: '/aai/:version/openapi.yaml', access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
  ];
}

