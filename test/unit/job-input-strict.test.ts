/**
 * Issue 13: the streaming job input parser reads strict JSON — one "transactions" member, JSON's
 * own whitespace only — and refuses, before anything is stored, transactions nested deeper than
 * MAX_JSON_DEPTH or holding a number JSON.stringify would not write back.
 */
import { describe, expect, it } from 'vitest';
import { jsonTransactions, ndjsonTransactions } from '../../src/domain/jobs/job-input.js';
import { AaiError } from '../../src/errors.js';

const L = { maxBytes: 1e6, maxTransactionBytes: 1e6, maxJsonDepth: 16 };
const INTERFACE = 'input payload does not follow bulk process interface';

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function read(gen: AsyncGenerator<unknown>): Promise<unknown[] | AaiError> {
  const out: unknown[] = [];
  try {
    for await (const v of gen) out.push(v);
  } catch (e) {
    if (e instanceof AaiError) return e;
    throw e;
  }
  return out;
}

/** The AAI_6111 detail the input is refused with, or its transactions. */
async function outcome(gen: AsyncGenerator<unknown>): Promise<unknown> {
  const r = await read(gen);
  return r instanceof AaiError ? `${r.code} ${r.detail ?? ''}` : r;
}

/** A transaction nested `levels` deep counted from its own object: {"a":[[…]]}. */
const nested = (levels: number): string => `{"a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;

describe('jsonTransactions, strictly', () => {
  it('refuses a second "transactions" member (storing the first array would already have begun)', async () => {
    for (const size of [1, 7, 1000]) {
      expect(await outcome(jsonTransactions(chunks('{"transactions":[{"a":1}],"transactions":[{"b":2}]}', size), L))).toBe(`AAI_6111 ${INTERFACE} - "transactions" appears more than once`);
    }
    expect(await outcome(jsonTransactions(chunks('{"transactions":[],"transaction\\u0073":[]}', 3), L))).toBe(`AAI_6111 ${INTERFACE} - "transactions" appears more than once`);
  });

  it.each([
    ['before a member', '{\u00A0"transactions":[]}'],
    ['after the body', '{"transactions":[]}\u00A0'],
    ['after a primitive member value', '{"x":true\u00A0,"transactions":[]}'],
    ['a line separator', '{"transactions":[]\u2028}'],
    ['an em space', '\u2003{"transactions":[]}'],
  ])('refuses Unicode whitespace JSON does not have: %s', async (_name, text) => {
    expect(await outcome(jsonTransactions(chunks(text, 2), L))).toMatch(/^AAI_6111 /);
  });

  it('accepts JSON whitespace everywhere, and a leading byte order mark', async () => {
    const text = '\uFEFF \t\r\n{ "transactions" :\n[ { "a" : 1 } ,\r\n{ "b" : [ ] } ] , "x" : 2 }\n';
    for (const size of [1, 2, 5, 1000]) expect(await outcome(jsonTransactions(chunks(text, size), L))).toEqual([{ a: 1 }, { b: [] }]);
  });

  it('counts depth from the root of the input: a transaction may nest MAX_JSON_DEPTH − 2 levels', async () => {
    expect(await outcome(jsonTransactions(chunks(`{"transactions":[${nested(14)}]}`, 5), L))).toHaveLength(1);
    expect(await outcome(jsonTransactions(chunks(`{"transactions":[{"a":1},${nested(15)}]}`, 5), L))).toBe(`AAI_6111 ${INTERFACE} - transaction 1 is nested deeper than 16 levels`);
    expect(await outcome(jsonTransactions(chunks(`{"x":${nested(16)},"transactions":[]}`, 5), L))).toBe(`AAI_6111 ${INTERFACE} - member "x" is nested deeper than 16 levels`);
  });

  it('refuses 10,000 levels without overflowing the stack', async () => {
    expect(await outcome(jsonTransactions(chunks(`{"transactions":[${nested(10_000)}]}`, 4096), L))).toBe(`AAI_6111 ${INTERFACE} - transaction 0 is nested deeper than 16 levels`);
  });

  it('refuses a number JSON.stringify would store as null', async () => {
    expect(await outcome(jsonTransactions(chunks('{"transactions":[{"put":[{"uri":"/x","body":{"n":1e400}}]}]}', 8), L))).toBe(
      `AAI_6111 ${INTERFACE} - transaction 0 holds a number outside the signed 64-bit range`,
    );
  });
});

describe('ndjsonTransactions, strictly', () => {
  it('refuses a line padded with NBSP, and a line of NBSP only (it is not blank)', async () => {
    expect(await outcome(ndjsonTransactions(chunks('{"a":1}\n\u00A0{"b":2}\n', 3), L))).toBe(`AAI_6111 ${INTERFACE} - line 2 is not valid JSON`);
    expect(await outcome(ndjsonTransactions(chunks('{"a":1}\n\u00A0\n', 3), L))).toBe(`AAI_6111 ${INTERFACE} - line 2 is not valid JSON`);
  });

  it('accepts CRLF line ends, blank lines of JSON whitespace, and a leading byte order mark', async () => {
    expect(await outcome(ndjsonTransactions(chunks('\uFEFF{"a":1}\r\n \t\r\n{"b":2}', 2), L))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('counts a line as an element of "transactions" for the depth', async () => {
    expect(await outcome(ndjsonTransactions(chunks(`${nested(14)}\n`, 5), L))).toHaveLength(1);
    expect(await outcome(ndjsonTransactions(chunks(`{"a":1}\n${nested(15)}`, 5), L))).toBe(`AAI_6111 ${INTERFACE} - line 2 is nested deeper than 16 levels`);
  });
});
