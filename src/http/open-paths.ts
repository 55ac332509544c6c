/**
 * Paths answered to anyone, without credentials: the health checks, the API description and its
 * browsable docs (README "API description"), and the web console's static files (README "Web console"). The description holds no inventory data — it is the
 * published v15 schema and this service's routes — and tools fetch it before they have credentials
 * (a client generator, a fuzzer, the docs page itself). The probes, the description and the docs
 * are also answered without A&AI's X-FromAppId / X-TransactionId headers, which none of those
 * callers send; /aai/util/echo keeps A&AI's header check.
 */
/** The orchestrators' probes (health.ts): answered without credentials and without A&AI's headers (a probe sends neither). */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/aai/util/live', '/aai/util/ready']);

/** The API description, as JSON and as YAML. */
export const DESCRIPTION_PATHS: ReadonlySet<string> = new Set(['/aai/v15/openapi.json', '/aai/v15/openapi.yaml']);
/** The browsable docs: the page and its assets under it. */
export const DOCS_PATH = '/aai/v15/docs';

function isDocs(path: string): boolean {
  return path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`);
}

/**
 * The web console's files (ui-router.ts): its page and scripts hold no inventory data — the console
 * reads everything through the API with the user's own credentials — and must load before it can
 * ask for them.
 */
export const UI_PATH = '/ui';

function isUi(path: string): boolean {
  return path === UI_PATH || path.startsWith(`${UI_PATH}/`);
}

/** Answered without credentials: the health checks, and a GET (or HEAD) of the description, the docs or the console's files. */
export function isPublicPath(method: string, path: string): boolean {
  if (path === '/aai/util/echo' || PROBE_PATHS.has(path)) return true;
  return (method === 'GET' || method === 'HEAD') && (DESCRIPTION_PATHS.has(path) || isDocs(path) || isUi(path));
}

/** Answered without A&AI's request headers. */
export function skipsAaiHeaders(path: string): boolean {
  return PROBE_PATHS.has(path) || DESCRIPTION_PATHS.has(path) || isDocs(path) || isUi(path);
}
