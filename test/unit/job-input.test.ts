import { describe, expect, it } from 'vitest';
import { AaiError } from '../../src/errors.js';
import { InputTooLargeError, jsonTransactions, ndjsonTransactions, TransactionTooLargeError } from '../../src/domain/jobs/job-input.js';

const L = { maxBytes: 1e6, maxTransactionBytes: 1e6, maxJsonDepth: 64 };

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function all(gen: AsyncGenerator<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of gen) out.push(v);
  return out;
}

async function failure(gen: AsyncGenerator<unknown>): Promise<unknown> {
  try {
    await all(gen);
  } catch (e) {
    return e;
  }
  return undefined;
}

const body = {
  note: 'before {with} [brackets] and "quotes"',
  transactions: [
    { put: [{ uri: '/network/pnfs/pnf/a', body: { 'pnf-name': 'a', 'equip-model': 'é ü 😀 \\ " } ]' } }] },
    { delete: [{ uri: '/network/pnfs/pnf/b?resource-version=1' }] },
    [],
    42,
  ],
  after: [1, 2, { x: null }],
  flag: true,
};

describe('jsonTransactions', () => {
  it('yields every element of "transactions", whatever the chunking (1 byte to the whole body)', async () => {
    const text = JSON.stringify(body, null, 1);
    for (const size of [1, 2, 3, 7, 64, 1024, text.length]) {
      expect(await all(jsonTransactions(chunks(text, size), L))).toEqual(body.transactions);
    }
  });

  it('handles compact JSON and an empty transactions array', async () => {
    expect(await all(jsonTransactions(chunks(JSON.stringify(body), 5), L))).toEqual(body.transactions);
    expect(await all(jsonTransactions(chunks('{"transactions":[]}', 3), L))).toEqual([]);
  });

  it.each([
    ['an array', '[1,2]', 'AAI_6111'],
    ['a bare string', '"x"', 'AAI_6111'],
    ['an object without transactions', '{"foo": []}', 'AAI_6118'],
    ['transactions that is not an array', '{"transactions": {}}', 'AAI_6111'],
    ['truncated JSON', '{"transactions": [{"put": [', 'AAI_6111'],
    ['an invalid element', '{"transactions": [{"put": tru}]}', 'AAI_6111'],
    ['an invalid other member', '{"x": nope, "transactions": []}', 'AAI_6111'],
    ['trailing garbage', '{"transactions": []} x', 'AAI_6111'],
    ['an empty body', '', 'AAI_6111'],
  ])('rejects %s', async (_name, text, code) => {
    const e = await failure(jsonTransactions(chunks(text, 4), L));
    expect(e).toBeInstanceOf(AaiError);
    expect((e as AaiError).code).toBe(code);
  });

  it('stops at the byte limit', async () => {
    const e = await failure(jsonTransactions(chunks(JSON.stringify(body), 10), { ...L, maxBytes: 50 }));
    expect(e).toBeInstanceOf(InputTooLargeError);
  });
});

describe('ndjsonTransactions', () => {
  it('yields one transaction per line, skipping blank lines, whatever the chunking', async () => {
    const text = body.transactions.map((t) => JSON.stringify(t)).join('\n\n') + '\n';
    for (const size of [1, 5, 100, text.length]) {
      expect(await all(ndjsonTransactions(chunks(text, size), L))).toEqual(body.transactions);
    }
    expect(await all(ndjsonTransactions(chunks('{"a":1}\n{"b":2}', 3), L))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('names the line that is not JSON', async () => {
    const e = await failure(ndjsonTransactions(chunks('{"a":1}\n{oops}\n', 4), L));
    expect((e as AaiError).detail).toBe('input payload does not follow bulk process interface - line 2 is not valid JSON');
  });

  it('stops at the per-transaction limit, whether the line ends or not', async () => {
    const big = JSON.stringify({ put: [{ uri: '/x', body: { 'pnf-name': 'y'.repeat(500) } }] });
    const limits = { ...L, maxTransactionBytes: 100 };
    for (const text of [`{"a":1}\n${big}\n`, `{"a":1}\n${big}`]) {
      const e = await failure(ndjsonTransactions(chunks(text, 64), limits));
      expect(e).toBeInstanceOf(TransactionTooLargeError);
      expect((e as TransactionTooLargeError).index).toBe(1);
    }
    const e = await failure(jsonTransactions(chunks(`{"transactions":[{"a":1},${big}]}`, 64), limits));
    expect(e).toBeInstanceOf(TransactionTooLargeError);
    expect((e as TransactionTooLargeError).index).toBe(1);
  });
});
