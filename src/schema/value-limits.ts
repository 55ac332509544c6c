/**
 * What a value of the inventory can be, whatever the endpoint (issue 13). Strings are Unicode text:
 * a lone UTF-16 surrogate (valid in a JSON escape, "\ud800") cannot be encoded in UTF-8, so
 * `encodeURIComponent` throws on it and Neo4j would store U+FFFD in its place. Integers are A&AI's
 * Java longs, but they arrive as JSON numbers, which JavaScript reads as doubles: only integers up to
 * ±(2^53 − 1) arrive exactly (9007199254740993 reads as 9007199254740992), so larger ones are
 * refused rather than stored rounded, and those beyond the signed 64-bit range as A&AI refuses them.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `s` is valid Unicode: it holds no lone UTF-16 surrogate. */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

export const NOT_UNICODE = 'is not valid Unicode (a lone UTF-16 surrogate)';
export const OUTSIDE_INT64 = 'outside the signed 64-bit range';
export const NOT_EXACT = `beyond ±${Number.MAX_SAFE_INTEGER}, the largest integers JSON numbers carry exactly`;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const EXACT = BigInt(Number.MAX_SAFE_INTEGER);
/** Digits of the longest int64 (9223372036854775807): longer texts are out of range without parsing them. */
const INT64_DIGITS = 19;

/** Why the integer `n` cannot be stored (OUTSIDE_INT64 or NOT_EXACT); undefined when it can. */
export function integerProblem(n: bigint): string | undefined {
  if (n < INT64_MIN || n > INT64_MAX) return OUTSIDE_INT64;
  if (n < -EXACT || n > EXACT) return NOT_EXACT;
  return undefined;
}

/**
 * Why a JSON number cannot be stored; undefined when it can. Fractions are left to the schema's type
 * check. An overflowing literal (1e400) reads as Infinity, outside any range.
 */
export function numberProblem(n: number): string | undefined {
  if (!Number.isFinite(n)) return OUTSIDE_INT64;
  return Number.isInteger(n) ? integerProblem(BigInt(n)) : undefined;
}

/** An integer written as text in canonical decimal form ('010' → '10', '-0' → '0'), or why it is not one that can be stored. */
export function canonicalInteger(text: string): { value: string } | { problem: string } {
  const m = /^(-?)0*(\d+)$/.exec(text);
  const digits = m?.[2];
  if (!m || digits === undefined) return { problem: 'must be an integer' };
  if (digits.length > INT64_DIGITS) return { problem: OUTSIDE_INT64 };
  const n = BigInt(`${m[1] ?? ''}${digits}`);
  const problem = integerProblem(n);
  return problem === undefined ? { value: n.toString() } : { problem };
}
