/**
 * The integration suite's responses against the API description (schema/v15/openapi.json): every
 * app the tests build (testApp, authTestApp, client()) answers through a checking middleware that
 * finds the request's operation in the document and records a violation when the status is not one
 * the operation documents, the body does not validate against the documented schema, a documented
 * empty answer has a body, or the Content-Type is not a documented one. Violations are written to
 * the run's directory (test/global-setup.ts provides it); the run fails at teardown if there are any,
 * listing them, so a test that passes while its response departs from the document still fails the
 * run. Bodies the middleware cannot see as JSON (streams, gzipped or binary ones) are checked by
 * status and Content-Type only.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Koa from 'koa';
import type { Next } from 'koa';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { inject } from 'vitest';
import type { AppState } from '../../src/http/context.js';

const DOC_FILE = fileURLToPath(new URL('../../schema/v15/openapi.json', import.meta.url));

interface Media {
  schema?: unknown;
}
interface Response {
  $ref?: string;
  content?: Record<string, Media>;
}
interface Operation {
  operationId: string;
  responses: Record<string, Response>;
}
interface PathItem {
  servers?: { url: string }[];
  [method: string]: unknown;
}
export interface OpenApiDoc {
  servers: { url: string }[];
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, unknown>; responses: Record<string, Response> };
}

export interface Violation {
  method: string;
  path: string;
  status: number;
  operation: string | null;
  problem: string;
}

/**
 * GET paths the document describes in an operation's description, not as paths of their own (they
 * chain without end): a related-to step naming one related object or followed by more steps, and a
 * nodes-API object's children (README "API description").
 */
const PROSE_ONLY: readonly RegExp[] = [/\/related-to\/[^/]+\/[^/]+/, /^\/aai\/v15\/nodes\/[^/]+\/[^/]+\/[^/]+/];

interface Matcher {
  regex: RegExp;
  literals: number;
  item: PathItem;
}

let loaded: { doc: OpenApiDoc; matchers: Matcher[]; ajv: Ajv2020; validators: Map<string, ValidateFunction> } | undefined;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The document, its paths as regular expressions over the concrete path, and one Ajv for its schemas. */
export function openapiModel(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const doc = JSON.parse(readFileSync(DOC_FILE, 'utf8')) as OpenApiDoc;
  const base = doc.servers[0]?.url ?? '';
  const matchers: Matcher[] = Object.entries(doc.paths).map(([path, item]) => {
    const server = item.servers?.[0]?.url ?? base;
    const full = `${server === '/' ? '' : server}${path}`;
    const parts = full.split(/(\{[^}]+\})/);
    const regex = new RegExp(`^${parts.map((p) => (p.startsWith('{') ? '([^/]+)' : escape(p))).join('')}/?$`);
    return { regex, literals: full.split('/').filter((s) => s !== '' && !s.startsWith('{')).length, item };
  });
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  loaded = { doc, matchers, ajv, validators: new Map() };
  return loaded;
}

/** The path item a concrete request path falls under (the one with most literal segments). */
export function pathItemOf(path: string): PathItem | undefined {
  const { matchers } = openapiModel();
  let best: Matcher | undefined;
  for (const m of matchers) if (m.regex.test(path) && (best === undefined || m.literals > best.literals)) best = m;
  return best?.item;
}

function validatorFor(schema: unknown): ValidateFunction {
  const model = openapiModel();
  const key = JSON.stringify(schema);
  let v = model.validators.get(key);
  if (v === undefined) {
    // Local references (#/components/…) resolve against the document.
    const rewritten = JSON.parse(key.replaceAll('"#/components/', '"doc#/components/')) as object;
    v = model.ajv.compile(rewritten);
    model.validators.set(key, v);
  }
  return v;
}

function resolveResponse(r: Response): Response {
  const { doc } = openapiModel();
  return r.$ref ? (doc.components.responses[r.$ref.split('/').pop() ?? ''] ?? r) : r;
}

/** What is wrong with an answer (status, Content-Type, body) to `method path`; empty when nothing. */
export function checkAnswer(method: string, path: string, status: number, contentType: string, body: unknown): Violation[] {
  const out: Violation[] = [];
  // /aai/latest is v15 (README "The API"): described once, under /aai/v15.
  const item = pathItemOf(path.replace(/^\/aai\/latest(?=\/|$)/, '/aai/v15'));
  const op = item?.[method.toLowerCase()] as Operation | undefined;
  const add = (problem: string): void => void out.push({ method, path, status, operation: op?.operationId ?? null, problem });
  if (op === undefined) {
    // No operation (an unknown path or method): only an error may answer, with A&AI's body — but
    // for the read paths the document describes in words rather than one path each.
    if (status < 400) {
      if (!PROSE_ONLY.some((re) => re.test(path))) add('a success answer to a request the document has no operation for');
    } else if (isJsonValue(body) && !validatorFor({ $ref: '#/components/schemas/aai-error' })(body)) add(`error body is not aai-error: ${JSON.stringify(body).slice(0, 200)}`);
    return out;
  }
  const documented = op.responses[String(status)] ?? op.responses['default'];
  if (documented === undefined) {
    add(`status ${status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`);
    return out;
  }
  const response = resolveResponse(documented);
  const content = response.content;
  if (content === undefined) {
    if (body !== undefined && body !== null && body !== '' && status !== 304) add(`documented without a body, answered ${JSON.stringify(body).slice(0, 200)}`);
    return out;
  }
  const type = contentType.split(';')[0]?.trim() ?? '';
  const media = content[type];
  if (media === undefined) {
    add(`Content-Type ${type || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`);
    return out;
  }
  if (media.schema !== undefined && isJsonValue(body) && type.endsWith('json')) {
    const v = validatorFor(media.schema);
    if (!v(body)) add(`body does not match: ${v.errors?.map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ') ?? ''} — ${JSON.stringify(body).slice(0, 300)}`);
  }
  return out;
}

function isJsonValue(body: unknown): boolean {
  return body === null || (typeof body === 'object' && !Buffer.isBuffer(body) && !(typeof (body as { pipe?: unknown }).pipe === 'function'));
}

function record(violations: readonly Violation[]): void {
  if (violations.length === 0) return;
  let dir: string | undefined;
  try {
    dir = inject('openapiViolations');
  } catch {
    dir = undefined;
  }
  if (dir === undefined) throw new Error(`response departs from the API description: ${JSON.stringify(violations)}`);
  appendFileSync(join(dir, `${process.pid}.ndjson`), violations.map((v) => `${JSON.stringify(v)}\n`).join(''));
}

const checked = new WeakSet<object>();

/** Check every answer of `app` against the document (once per app; the check runs outermost). */
export function checkResponses<T extends Koa<AppState>>(app: T): T {
  if (checked.has(app)) return app;
  checked.add(app);
  app.middleware.unshift(async (ctx: Koa.ParameterizedContext<AppState>, next: Next) => {
    await next();
    const body: unknown = ctx.body;
    let json: unknown = body;
    if (typeof body === 'string' && ctx.response.type.endsWith('json') && body !== '') {
      try {
        json = JSON.parse(body) as unknown;
      } catch {
        json = body;
      }
    }
    record(checkAnswer(ctx.method === 'HEAD' ? 'GET' : ctx.method, ctx.path, ctx.status, ctx.response.type, json ?? (body === undefined ? undefined : body)));
  });
  return app;
}
