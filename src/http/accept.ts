/**
 * The Accept header as A&AI reads it (aai-els-onap-logging ErrorLogHelper.getRESTAPIErrorResponse,
 * JAX-RS MediaType.isCompatible): a media range is usable when it is compatible with
 * application/json or application/xml — `*\/*`, `application/*`, `*\/json`, `application/json`,
 * `application/xml`… but not `text/json`, `text/xml` or `application/merge-patch+json`. No Accept
 * at all is `*\/*`.
 *
 * - An error answered to an Accept with no usable range becomes AAI_4014 "Invalid Accept header",
 *   keeping the error's own status and template variables (ErrorLogHelper); the error middleware does
 *   this.
 * - A request with such an Accept that reaches its endpoint is refused before the endpoint runs:
 *   Jersey's content negotiation answers 406 there (src/http/routes.ts).
 *
 * The jobs API (the service's own) also produces newline-delimited JSON, so those media types count
 * as usable too.
 */

/** The service's own NDJSON media types (job results, src/http/jobs-router.ts). */
const NDJSON_TYPES: ReadonlySet<string> = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines']);

/** The media ranges of an Accept header, lower-cased, without parameters ("*" alone is "*\/*"). */
export function mediaRanges(accept: string): string[] {
  if (accept.trim() === '') return ['*/*'];
  return accept
    .split(',')
    .map((r) => (r.split(';')[0] ?? '').trim().toLowerCase())
    .filter((r) => r !== '')
    .map((r) => (r === '*' ? '*/*' : r));
}

/** JAX-RS MediaType.isCompatible(application/<subtype>, range). */
function compatible(range: string, subtype: string): boolean {
  const slash = range.indexOf('/');
  if (slash <= 0) return false;
  const type = range.slice(0, slash);
  const sub = range.slice(slash + 1);
  if (type === '*') return true;
  return type === 'application' && (sub === '*' || sub === subtype);
}

/** Whether one range of `accept` is compatible with application/json or application/xml (or is NDJSON). */
export function acceptsAaiAnswer(accept: string): boolean {
  return mediaRanges(accept).some((r) => compatible(r, 'json') || compatible(r, 'xml') || NDJSON_TYPES.has(r));
}
