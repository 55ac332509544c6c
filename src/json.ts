/** JSON values as parsed: the one place that says what a JSON object is. */

export type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
