/**
 * The text of an A&AI error body, for the terminal. A&AI answers errors as
 * `{"requestError":{"serviceException":{"messageId","text","variables"}}}` (or `policyException`),
 * where `text` is a template whose `%1`, `%2`… are the variables: the CLI prints the text with
 * them substituted, prefixed with the message id, so a script's log holds what a user would read.
 */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `%n` replaced by the n-th variable (1-based); a missing variable leaves `%n` as it is. */
export function substitute(text: string, variables: readonly unknown[]): string {
  return text.replace(/%(\d+)/g, (whole, n: string) => {
    const v = variables[Number(n) - 1];
    return v === undefined ? whole : v === null ? 'null' : String(v);
  });
}

/** The message of an A&AI error body (`SVC3001: Resource not found for %1 …` substituted), or undefined when the body is not one. */
export function aaiErrorText(body: unknown): string | undefined {
  if (!isObject(body) || !isObject(body['requestError'])) return undefined;
  const re = body['requestError'];
  const ex = isObject(re['serviceException']) ? re['serviceException'] : isObject(re['policyException']) ? re['policyException'] : undefined;
  if (ex === undefined || typeof ex['text'] !== 'string') return undefined;
  const vars: unknown[] = Array.isArray(ex['variables']) ? ex['variables'] : [];
  // A&AI's msg variable repeats the template ("Invalid input performing %1 on %2:…"): its own %n are the same variables.
  const text = substitute(ex['text'], vars.map((v) => (typeof v === 'string' ? substitute(v, vars) : v)));
  return typeof ex['messageId'] === 'string' ? `${ex['messageId']}: ${text}` : text;
}

/**
 * What the CLI prints for an error answer: the A&AI text when the body is an A&AI error, else the
 * body itself (trimmed to a line or two: a proxy's HTML page is not worth a screenful).
 */
export function errorAnswerText(status: number, bodyText: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const text = aaiErrorText(parsed);
  if (text !== undefined) return `${status}: ${text}`;
  const raw = bodyText.trim().replace(/\s+/g, ' ');
  return raw === '' ? `HTTP ${status}` : `HTTP ${status}: ${raw.length > 300 ? `${raw.slice(0, 300)}…` : raw}`;
}
