/**
 * JSON request bodies (koa-body): application/json and application/merge-patch+json, bounded by
 * the configured size limit (413), a missing Content-Type read as JSON. Parse errors, bodies whose
 * Content-Encoding does not decode, and JSON nested deeper than MAX_JSON_DEPTH are AAI_6111.
 *
 * A Content-Type the endpoint does not consume is refused when the endpoint reads its body (A&AI's
 * Jersey refuses it with 415 before the endpoint runs, after the method and version checks): the
 * REST API consumes application/json for PUT and for a relationship DELETE,
 * application/merge-patch+json for PATCH, anything for a node DELETE (whose body it ignores)
 * (`checkContentType`); the bulk endpoints any JSON type (`requestBody`).
 *
 * POST …/bulk/single-transaction reads its body as A&AI's Gson does, leniently (src/http/lenient-json.ts).
 */
import type { Next } from 'koa';
import { HttpMethodEnum, koaBody } from 'koa-body';
import { nestedDeeperThan } from '../domain/json-checks.js';
import { AaiError } from '../errors.js';
import type { AppContext } from './context.js';
import { bodyErrorToAai } from './error-middleware.js';
import { parseLenientJson } from './lenient-json.js';

const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/json-patch+json', 'application/*+json'];

/** The media types each kind of REST write consumes (A&AI's ResourcesController @Consumes, less XML). */
export const CONSUMES = {
  json: ['application/json'],
  mergePatch: ['application/merge-patch+json'],
} as const;

/** zlib's and brotli's error codes (Z_DATA_ERROR, Z_BUF_ERROR, ERR__ERROR_FORMAT_PADDING_1, …). */
const DECOMPRESSION_ERROR = /^(Z_|ERR__|ERR_BROTLI)/;

/** The paths whose body A&AI parses leniently (Gson): bulk/single-transaction. */
const LENIENT_PATH = /^\/aai\/[^/]+\/bulk\/single-transaction\/?$/;

/** What the body middleware found out about a request's Content-Type. */
interface BodyInfo {
  /** The Content-Type as sent ('' when none). */
  contentType: string;
  /** Set when it is not a JSON type: the 415 answered when an endpoint reads the body. */
  refused?: AaiError;
}

const info = new WeakMap<AppContext, BodyInfo>();

/** The media type of a Content-Type, lower-cased, without parameters. */
function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** One of JSON_TYPES: application/json or application/<anything>+json. */
function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || /^application\/[^/]+\+json$/.test(mediaType);
}

/** AAI_6111 for a body that does not decompress as its Content-Encoding says (koa-body lets zlib's error through). */
function undecodable(ctx: AppContext, e: unknown): AaiError | undefined {
  const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
  if (typeof code !== 'string' || !DECOMPRESSION_ERROR.test(code)) return undefined;
  return new AaiError('AAI_6111', `the body does not decode as Content-Encoding ${ctx.get('Content-Encoding')}`);
}

function unsupported(contentType: string, send: string): AaiError {
  return new AaiError('AAI_3102', `Content-Type ${contentType} is not supported; send ${send}`, { variant: 'unsupportedMediaType' });
}

/** The body of a failed parse (co-body attaches the text it read), parsed as Gson would, or undefined. */
function lenientBody(e: unknown): { value: unknown } | undefined {
  const text = typeof e === 'object' && e !== null && 'body' in e && typeof e.body === 'string' ? e.body : undefined;
  if (text === undefined) return undefined;
  try {
    return { value: parseLenientJson(text) };
  } catch {
    return undefined;
  }
}

export function jsonBody(limitBytes: number, skip: (ctx: AppContext) => boolean = () => false) {
  const parse = koaBody({
    json: true,
    jsonLimit: limitBytes,
    jsonStrict: false,
    jsonTypes: JSON_TYPES,
    text: false,
    urlencoded: false,
    multipart: false,
    parsedMethods: [HttpMethodEnum.POST, HttpMethodEnum.PUT, HttpMethodEnum.PATCH, HttpMethodEnum.DELETE],
  });
  return async function readJsonBody(ctx: AppContext, next: Next): Promise<void> {
    if (skip(ctx)) return next();
    const contentType = ctx.get('Content-Type');
    const found: BodyInfo = { contentType };
    info.set(ctx, found);
    if (contentType !== '' && !isJsonMediaType(mediaTypeOf(contentType))) found.refused = unsupported(contentType, 'application/json');
    const hasBody = ctx.request.length > 0 || ctx.get('Transfer-Encoding') !== '';
    if (hasBody && contentType === '' && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) ctx.request.headers['content-type'] = 'application/json';
    let parsed = false;
    try {
      await parse(ctx, async () => {
        parsed = true;
        await next();
      });
    } catch (e) {
      if (parsed) throw e; // from a later middleware
      const aai = bodyErrorToAai(e, limitBytes) ?? undecodable(ctx, e);
      if (!aai || aai.status !== 400) throw aai ?? e;
      const lenient = ctx.method === 'POST' && LENIENT_PATH.test(ctx.path) ? lenientBody(e) : undefined;
      if (lenient) (ctx.request as { body?: unknown }).body = lenient.value;
      // Unparseable JSON: kept for the handler, which answers it in its endpoint's own words.
      else ctx.state.bodyError = aai;
      await next();
    }
  };
}

/**
 * AAI_3102 (415) unless the request's Content-Type (as sent) is one of `accepted`, or absent (Jersey
 * matches a request without a Content-Type to any endpoint).
 */
export function checkContentType(ctx: AppContext, accepted: readonly string[]): void {
  const contentType = info.get(ctx)?.contentType ?? ctx.get('Content-Type');
  if (contentType !== '' && !accepted.includes(mediaTypeOf(contentType))) throw unsupported(contentType, accepted.join(' or '));
}

/**
 * The parsed body (undefined when none was sent); throws AAI_3102 (415) for a Content-Type that is
 * not JSON, AAI_6111 when it did not parse, and when it nests deeper than `maxDepth` (checked before
 * anything validates, walks or serialises it).
 */
export function requestBody(ctx: AppContext, maxDepth: number): unknown {
  const refused = info.get(ctx)?.refused;
  if (refused) throw refused;
  if (ctx.state.bodyError) throw ctx.state.bodyError;
  const body = (ctx.request as { body?: unknown }).body;
  if (nestedDeeperThan(body, maxDepth)) throw new AaiError('AAI_6111', `the JSON is nested deeper than ${maxDepth} levels`);
  return body;
}

/** The body was sent but did not parse (or decode) as JSON. */
export function bodyDidNotParse(ctx: AppContext): boolean {
  return ctx.state.bodyError !== undefined;
}

/** Whether the request carried no body at all. */
export function bodyIsEmpty(ctx: AppContext): boolean {
  return !ctx.state.bodyError && Number(ctx.get('Content-Length') || 0) === 0 && ctx.get('Transfer-Encoding') === '';
}

/** Whether a parsed body is an empty one: nothing sent, or zero bytes (A&AI's `content.length() == 0`). */
export function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === '';
}

/** The request carried no body, or an empty one (A&AI's `content.equals("")`), and no parse error. */
export function sentNoBody(ctx: AppContext): boolean {
  return !ctx.state.bodyError && isEmptyBody((ctx.request as { body?: unknown }).body);
}
