/**
 * The API description the fuzzer reads, fetched once by the fuzz script first: a service that does
 * not serve it (a 404 before the route exists, a 500) stops the run with one sentence instead of a
 * schemathesis trace, and the description tells whether A&AI's request headers (X-FromAppId,
 * X-TransactionId) are declared parameters — schemathesis then generates them — or have to be sent
 * with every request.
 */
import { request } from 'node:http';

export class DocumentError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function get(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { Accept: 'application/json' }, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end();
  });
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** GET the description, without credentials (it is public); throws a DocumentError saying what went wrong. */
export async function fetchDocument(url: string): Promise<JsonObject> {
  let res: { status: number; text: string };
  try {
    res = await get(url);
  } catch (e) {
    throw new DocumentError(`GET ${url} failed: ${e instanceof Error ? e.message : String(e)}.`);
  }
  if (res.status === 404) throw new DocumentError(`GET ${url} answered 404: this service does not serve its API description (yet), so there is nothing to fuzz.`);
  if (res.status !== 200) throw new DocumentError(`GET ${url} answered ${res.status} instead of the API description: ${res.text.slice(0, 300)}`);
  let doc: Json;
  try {
    doc = JSON.parse(res.text) as Json;
  } catch {
    throw new DocumentError(`GET ${url} answered 200 but not with JSON: ${res.text.slice(0, 200)}`);
  }
  if (!isObject(doc) || typeof doc['openapi'] !== 'string') throw new DocumentError(`GET ${url} answered with JSON that is not an OpenAPI document.`);
  return doc;
}

/** A parameter object, with a `#/components/parameters/…` reference followed. */
function resolveParameter(doc: JsonObject, p: Json): JsonObject | undefined {
  if (!isObject(p)) return undefined;
  const ref = p['$ref'];
  if (typeof ref !== 'string') return p;
  const m = /^#\/components\/parameters\/(.+)$/.exec(ref);
  const components = doc['components'];
  const params = isObject(components) ? components['parameters'] : undefined;
  const target = m?.[1] !== undefined && isObject(params) ? params[decodeURIComponent(m[1].replace(/~1/g, '/').replace(/~0/g, '~'))] : undefined;
  return isObject(target) ? target : undefined;
}

/** Every parameter list of the document: path-level and operation-level. */
function parameterLists(doc: JsonObject): Json[][] {
  const lists: Json[][] = [];
  const paths = doc['paths'];
  if (!isObject(paths)) return lists;
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const [key, value] of Object.entries(item)) {
      if (key === 'parameters' && Array.isArray(value)) lists.push(value);
      else if (isObject(value) && Array.isArray(value['parameters'])) lists.push(value['parameters']);
    }
  }
  return lists;
}

/** True when some operation of the document declares `name` as a required header parameter. */
export function declaresRequiredHeader(doc: JsonObject, name: string): boolean {
  const wanted = name.toLowerCase();
  return parameterLists(doc).some((list) =>
    list.some((p) => {
      const param = resolveParameter(doc, p);
      return param !== undefined && param['in'] === 'header' && typeof param['name'] === 'string' && param['name'].toLowerCase() === wanted && param['required'] === true;
    }),
  );
}

/** How many operations the document describes (for the summary). */
export function operationCount(doc: JsonObject): number {
  const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
  const paths = doc['paths'];
  if (!isObject(paths)) return 0;
  return Object.values(paths).reduce<number>((n, item) => n + (isObject(item) ? Object.keys(item).filter((k) => methods.has(k)).length : 0), 0);
}
