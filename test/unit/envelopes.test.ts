/**
 * The request envelopes as JSON Schemas (src/schema/envelope.ts) answer A&AI's errors in A&AI's
 * order: each case is one departure from the envelope, and the first one wins. The texts are those
 * of aai-compat.md §1.2–1.3 (A&AI's BulkConsumer / BulkSingleTransactionConsumer).
 */
import { describe, expect, it } from 'vitest';
import { BULK_ADD, BULK_PROCESS, checkBulkEnvelope } from '../../src/domain/bulk/bulk-payload.js';
import { checkBatchGet } from '../../src/domain/bulk/batch-get.js';
import { checkSingleTransaction } from '../../src/domain/bulk/single-transaction.js';
import { AaiError } from '../../src/errors.js';
import { envelopeError } from '../../src/schema/envelope.js';
import { Schema } from '../../src/schema/schema.js';

const schema = Schema.load();

function failure(f: () => unknown): [string, string | undefined] {
  try {
    f();
  } catch (e) {
    if (e instanceof AaiError) return [e.code, e.detail];
    throw e;
  }
  throw new Error('no error');
}

const pnf = { uri: '/network/pnfs/pnf/p', body: { 'pnf-name': 'p' } };

describe('bulkadd / bulkprocess envelope', () => {
  const add = 'input payload does not follow bulk add interface';
  const strict = { limit: 3, override: false };
  const cases: [string, unknown, string, string][] = [
    ['not an object', [], 'AAI_6111', add],
    ['a string', 'x', 'AAI_6111', add],
    ['no transactions', {}, 'AAI_6118', `${add} - missing "transactions"`],
    ['transactions not an array (checked before it is looked at further)', { transactions: {} }, 'AAI_6111', add],
    ['transactions null', { transactions: null }, 'AAI_6111', add],
    ['no transactions in the array', { transactions: [] }, 'AAI_6118', 'payload had no objects to operate on'],
    ['a transaction that is not an object', { transactions: [{ put: [pnf] }, 7] }, 'AAI_6111', add],
    ['more transactions than the limit', { transactions: [{}, {}, {}, {}] }, 'AAI_6147', 'Payload limit of 3 reached, please reduce payload.'],
    ['more operations than the limit', { transactions: [{ put: [pnf, pnf] }, { put: [pnf, pnf] }] }, 'AAI_6147', 'Payload limit of 3 reached, please reduce payload.'],
  ];
  it.each(cases)('%s', (_name, body, code, text) => {
    expect(failure(() => checkBulkEnvelope(schema, body, BULK_ADD, strict))).toEqual([code, text]);
  });

  it("names bulkprocess's module in its texts", () => {
    expect(failure(() => checkBulkEnvelope(schema, {}, BULK_PROCESS, strict))).toEqual(['AAI_6118', 'input payload does not follow bulk process interface - missing "transactions"']);
  });

  it('with the limit overridden, takes an empty list or non-object transactions (they fail one by one later), but not a missing list', () => {
    const overridden = { limit: 1, override: true };
    expect(checkBulkEnvelope(schema, { transactions: [] }, BULK_ADD, overridden)).toEqual([]);
    expect(checkBulkEnvelope(schema, { transactions: [7, { put: [pnf, pnf] }] }, BULK_ADD, overridden)).toHaveLength(2);
    expect(failure(() => checkBulkEnvelope(schema, { transactions: 'x' }, BULK_ADD, overridden))).toEqual(['AAI_6111', add]);
  });

  it('answers the transactions of a payload that fits', () => {
    expect(checkBulkEnvelope(schema, { transactions: [{ put: [pnf] }] }, BULK_ADD, strict)).toEqual([{ put: [pnf] }]);
  });
});

describe('batch get envelope', () => {
  const text = 'input payload does not follow batch get interface';
  const cases: [string, unknown, string, string][] = [
    ['not an object', 1, 'AAI_6111', text],
    ['no list', {}, 'AAI_6118', `${text} - missing "batch-get-list"`],
    ['a list that is not an array', { 'batch-get-list': 'x' }, 'AAI_6111', text],
    ['an empty list', { 'batch-get-list': [] }, 'AAI_6118', 'payload had no objects to operate on'],
    ['over the limit', { 'batch-get-list': [{}, {}, {}] }, 'AAI_6147', 'Batch get limit of 2 reached, please reduce payload.'],
  ];
  it.each(cases)('%s', (_name, body, code, expected) => {
    expect(failure(() => checkBatchGet(schema, body, 2))).toEqual([code, expected]);
  });

  it('leaves the items to be answered one by one (a non-object item passes the envelope)', () => {
    expect(checkBatchGet(schema, { 'batch-get-list': [7, { uri: '/network/pnfs' }] }, undefined)).toHaveLength(2);
  });
});

describe('single-transaction envelope', () => {
  const shape = 'Input payload does not follow bulk/single-transaction interface';
  const op = { action: 'put', uri: '/network/pnfs/pnf/p', body: { 'pnf-name': 'p' } };
  const cases: [string, unknown, string, string][] = [
    ['not an object', [], 'AAI_6111', shape],
    ['no operations', {}, 'AAI_6118', ' Payload has no objects to operate on'],
    ['operations null', { operations: null }, 'AAI_6118', ' Payload has no objects to operate on'],
    ['operations not an array', { operations: 'x' }, 'AAI_6111', shape],
    ['no operations in the array', { operations: [] }, 'AAI_6118', ' Payload has no objects to operate on'],
    ['over the limit, checked before the operations themselves', { operations: [op, 1, op] }, 'AAI_6147', ' Allowed limit = 2'],
    ['an operation that is not an object', { operations: [op, 1] }, 'AAI_6111', shape],
    ['an action that is not a string', { operations: [{ ...op, action: 1 }] }, 'AAI_6111', shape],
    ['a body that is an array', { operations: [{ ...op, body: [] }] }, 'AAI_6111', shape],
    [
      'every missing or invalid field, of every operation, together and in order',
      { operations: [{ action: 'get', body: null }, { action: '', uri: 'u', body: {} }] },
      'AAI_6111',
      "input payload missing required properties. [Operation 0 has invalid action 'get', Operation 0 missing 'uri', Operation 0 missing 'body', Operation 1 missing 'action']",
    ],
  ];
  it.each(cases)('%s', (_name, body, code, text) => {
    expect(failure(() => checkSingleTransaction(schema, body, 2))).toEqual([code, text]);
  });

  it('answers the operations of a payload that fits', () => {
    expect(checkSingleTransaction(schema, { operations: [op] }, undefined)).toEqual([op]);
  });
});

describe('envelopeError', () => {
  it('is a programming error (not an answer) when the schema names no error for the failing keyword', () => {
    expect(() => envelopeError({ type: 'object' }, { keyword: 'type', schemaPath: '#/type', instancePath: '', params: {} })).toThrow(/no x-aai-error for #\/type/);
  });

  it('takes the nearest "*" above a failing keyword that names none', () => {
    const e = envelopeError({ 'x-aai-error': { '*': { code: 'AAI_6111', text: 'outer' } }, properties: { a: { type: 'string' } } }, { keyword: 'type', schemaPath: '#/properties/a/type', instancePath: '/a', params: {} });
    expect([e.code, e.detail]).toEqual(['AAI_6111', 'outer']);
  });
});
