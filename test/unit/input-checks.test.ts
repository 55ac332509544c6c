/**
 * Issue 13: the pure checks behind the input limits — what a stored value can be
 * (src/schema/value-limits.ts), the JSON walks (src/domain/json-checks.ts), MAX_JSON_DEPTH's default
 * against the deepest body the v15 OXM allows, and the configuration keys.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { hasNonFiniteNumber, nestedDeeperThan, unstorableValue } from '../../src/domain/json-checks.js';
import type { NodeTypesFile } from '../../src/schema/types.js';
import { canonicalInteger, integerProblem, isWellFormed, NOT_EXACT, numberProblem, OUTSIDE_INT64 } from '../../src/schema/value-limits.js';

describe('value limits', () => {
  it('tells lone UTF-16 surrogates from pairs', () => {
    expect(isWellFormed('plain é 😀')).toBe(true);
    expect(isWellFormed('\uD83D\uDE00')).toBe(true);
    for (const s of ['\uD800', 'a\uD800b', '\uDC00', 'x\uDE00', '\uDE00\uD83D', '😀\uD800']) expect(isWellFormed(s), JSON.stringify(s)).toBe(false);
  });

  it('keeps integers a JSON number carries exactly, within the signed 64-bit range', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    expect(integerProblem(max)).toBeUndefined();
    expect(integerProblem(-max)).toBeUndefined();
    expect(integerProblem(max + 1n)).toBe(NOT_EXACT);
    expect(integerProblem(2n ** 63n - 1n)).toBe(NOT_EXACT);
    expect(integerProblem(-(2n ** 63n))).toBe(NOT_EXACT);
    expect(integerProblem(2n ** 63n)).toBe(OUTSIDE_INT64);
    expect(integerProblem(-(2n ** 63n) - 1n)).toBe(OUTSIDE_INT64);
  });

  it('checks JSON numbers: overflowing literals are out of range, fractions are left to the schema', () => {
    expect(numberProblem(JSON.parse('1e400') as number)).toBe(OUTSIDE_INT64);
    expect(numberProblem(JSON.parse('-1e400') as number)).toBe(OUTSIDE_INT64);
    expect(numberProblem(JSON.parse('9007199254740993') as number)).toBe(NOT_EXACT);
    expect(numberProblem(1e19)).toBe(OUTSIDE_INT64);
    expect(numberProblem(1.5)).toBeUndefined();
    expect(numberProblem(-0)).toBeUndefined();
    expect(numberProblem(42)).toBeUndefined();
  });

  it.each([
    ['10', '10'],
    ['010', '10'],
    ['0010', '10'],
    ['-0', '0'],
    ['-000', '0'],
    ['0', '0'],
    ['-7', '-7'],
    ['-007', '-7'],
    [`${'0'.repeat(40)}9007199254740991`, '9007199254740991'],
  ])('canonicalInteger(%s) is %s', (text, value) => {
    expect(canonicalInteger(text)).toEqual({ value });
  });

  it.each([
    ['', 'must be an integer'],
    ['+1', 'must be an integer'],
    ['1e3', 'must be an integer'],
    ['1.0', 'must be an integer'],
    [' 1', 'must be an integer'],
    ['9007199254740992', NOT_EXACT],
    ['-9223372036854775808', NOT_EXACT],
    ['9223372036854775808', OUTSIDE_INT64],
    ['9'.repeat(100_000), OUTSIDE_INT64],
  ])('canonicalInteger(%s) refuses: %s', (text, problem) => {
    expect(canonicalInteger(text)).toEqual({ problem });
  });
});

describe('nestedDeeperThan', () => {
  it('counts {} and [] as a level each from the root; scalars are no level', () => {
    expect(nestedDeeperThan('x', 0)).toBe(false);
    expect(nestedDeeperThan({}, 1)).toBe(false);
    expect(nestedDeeperThan({}, 0)).toBe(true);
    expect(nestedDeeperThan({ a: [1, { b: [] }] }, 4)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: [] }] }, 3)).toBe(true);
    expect(nestedDeeperThan([[], [[]], []], 3)).toBe(false);
    expect(nestedDeeperThan([[], [[]], []], 2)).toBe(true);
  });

  it('walks any depth without recursion (100,000 levels)', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(nestedDeeperThan(deep, 64)).toBe(true);
    expect(nestedDeeperThan(deep, 100_000)).toBe(false);
    expect(hasNonFiniteNumber(deep)).toBe(false);
    expect(unstorableValue(deep)).toBeUndefined();
  });
});

describe('unstorableValue', () => {
  it('names the first string, member name or number that cannot be stored, by JSON pointer', () => {
    expect(unstorableValue({ a: 'ok', b: [1, 'x', { 'c/d~e': ['\uD800'] }] })).toBe('the string at /b/2/c~1d~0e/0 is not valid Unicode (a lone UTF-16 surrogate)');
    expect(unstorableValue({ a: { ['k\uDC00']: 1 } })).toBe('a member name at /a is not valid Unicode (a lone UTF-16 surrogate)');
    expect(unstorableValue({ ['\uDC00']: 1 })).toBe('a member name at the top level is not valid Unicode (a lone UTF-16 surrogate)');
    expect(unstorableValue('\uD800')).toBe('the string at the top level is not valid Unicode (a lone UTF-16 surrogate)');
    expect(unstorableValue({ n: [0, JSON.parse('1e400')] })).toBe(`the number at /n/1 is ${OUTSIDE_INT64}`);
    expect(unstorableValue({ n: 9007199254740992 })).toBe(`the number at /n is ${NOT_EXACT}`);
  });

  it('passes what can be stored: Unicode text, surrogate pairs, exact integers, fractions, booleans, null', () => {
    expect(unstorableValue({ s: 'é 😀', n: [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, -0], b: true, z: null, e: {}, l: [] })).toBeUndefined();
  });

  it('reports in document order', () => {
    expect(unstorableValue([{ a: 1e300 }, '\uD800'])).toBe(`the number at /0/a is ${OUTSIDE_INT64}`);
  });
});

describe('hasNonFiniteNumber', () => {
  it('finds a number JSON.stringify would write as null', () => {
    expect(hasNonFiniteNumber({ a: [1, { b: JSON.parse('1e400') }] })).toBe(true);
    expect(hasNonFiniteNumber({ a: [1e300, -0, '1e400'] })).toBe(false);
  });
});

describe('MAX_JSON_DEPTH and MAX_HEADER_LENGTH', () => {
  const file = JSON.parse(readFileSync(new URL('../../schema/v15/node-types.json', import.meta.url), 'utf8')) as NodeTypesFile;

  /** JSON levels of the deepest body of `type` in which no node type repeats (recursive types nest once). */
  function deepestBody(type: string, path: readonly string[]): number {
    const def = file.nodeTypes[type];
    if (!def) throw new Error(`unknown node type ${type}`);
    // relationship-list {} › relationship [] › {} › relationship-data [] › {}
    let deepest = def.hasRelationshipList ? 1 + 5 : 1;
    for (const c of def.children) {
      if (path.includes(c.type)) continue;
      // wrapper: container {} › element [] › child; direct list: [] › child
      deepest = Math.max(deepest, 1 + (c.wrapper ? 2 : 1) + deepestBody(c.type, [...path, c.type]));
    }
    return deepest;
  }

  it('defaults to 64: the deepest v15 body (21 levels) inside bulkadd (5 more) with room for a dozen recursive levels', () => {
    const deepest = Math.max(...Object.keys(file.nodeTypes).map((t) => deepestBody(t, [t])));
    expect(deepest).toBe(21);
    const bulkadd = 5; // {"transactions":[{"put":[{"body": …}]}]}
    const { maxJsonDepth } = loadConfig({}).input;
    expect(maxJsonDepth).toBe(64);
    // Each extra level of a recursive type (l-interface in l-interface, model-element in model-element) costs 3.
    expect(Math.floor((maxJsonDepth - deepest - bulkadd) / 3)).toBeGreaterThanOrEqual(12);
    expect(loadConfig({}).jobs.maxJsonDepth).toBe(maxJsonDepth);
  });

  it('reads both keys, within their ranges', () => {
    const c = loadConfig({ MAX_JSON_DEPTH: '100', MAX_HEADER_LENGTH: '1024' });
    expect(c.input).toEqual({ maxJsonDepth: 100, maxHeaderLength: 1024 });
    expect(c.jobs.maxJsonDepth).toBe(100);
    expect(loadConfig({}).input.maxHeaderLength).toBe(255);
    for (const env of [{ MAX_JSON_DEPTH: '15' }, { MAX_JSON_DEPTH: '1001' }, { MAX_HEADER_LENGTH: '0' }, { MAX_HEADER_LENGTH: 'long' }]) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(ConfigError);
    }
  });
});
