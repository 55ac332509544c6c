/**
 * Properties of the lenient (Gson-like) reader of single-transaction bodies (src/http/lenient-json.ts):
 * it reads every strict JSON text as JSON.parse does, and any other input either parses or fails
 * with its own error, quickly — never another exception, never a hang. Seeded for reproducibility.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLenientJson } from '../../src/http/lenient-json.js';

const SEED = 20261130;

/** JSON values without __proto__ keys (both parsers refuse those) and without -0 (JSON.stringify writes 0). */
const json = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"__proto__"'));

describe('lenient JSON reader', () => {
  it('reads any strict JSON text exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(json, (v) => {
        const text = JSON.stringify(v);
        expect(parseLenientJson(text)).toEqual(JSON.parse(text));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('parses or refuses any text with its own error, in linear time', () => {
    const alphabet = fc.constantFrom(...`{}[]:,;='"\\/#*-+.0123456789eEaNnTtrufls \n\t`.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), (chars) => {
        try {
          parseLenientJson(chars.join(''));
        } catch (e) {
          expect((e as Error).name).toBe('LenientJsonError');
        }
      }),
      { seed: SEED, numRuns: 5000 },
    );
    // Deep nesting is refused, not a stack overflow.
    const deep = '['.repeat(100_000);
    expect(() => parseLenientJson(deep)).toThrow(expect.objectContaining({ name: 'LenientJsonError' }));
  });
});
