/**
 * A&AI's ValidateEncoding on a REST request (ResourcesService.validateUriEncoding, the first check
 * of every REST endpoint): every segment of the raw path, and every raw query parameter name and
 * value ('+' read as an encoded space), must be canonically percent-encoded (src/uri/aai-uri.ts
 * isCanonicallyEncoded); else 400 AAI_3008 "uri=<raw path relative to /aai>[?<name>=<value>&…]".
 */
import { AaiError } from '../errors.js';
import { isCanonicallyEncoded } from '../uri/aai-uri.js';
import type { AppContext } from './context.js';
import { LATEST_VERSION } from './error-middleware.js';

/** The raw query parameters, in order ([name, value]; a name without '=' has the value ''). */
function rawQuery(querystring: string): [string, string][] {
  return querystring
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    });
}

/** ValidateEncoding.validate(UriInfo): the raw path's segments and the raw query's names and values. */
export function validEncoding(path: string, querystring: string): boolean {
  const pathOk = path.split('/').every(isCanonicallyEncoded);
  return pathOk && rawQuery(querystring).every(([k, v]) => isCanonicallyEncoded(k) && isCanonicallyEncoded(v.replaceAll('+', '%20')));
}

/** AAI_3008 unless the request's path and query are canonically percent-encoded. */
export function checkUriEncoding(ctx: AppContext): void {
  const path = ctx.path.replace(/^\/aai\/?/, '').replace(/^latest(?=\/|$)/, LATEST_VERSION);
  if (validEncoding(path, ctx.querystring)) return;
  const params = rawQuery(ctx.querystring);
  const query = params.length === 0 ? '' : `?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
  throw new AaiError('AAI_3008', `uri=${path}${query}`);
}
