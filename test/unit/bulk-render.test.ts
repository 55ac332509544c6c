/**
 * Issue "One typed error contract, bulk results as data": job results stored as data render as
 * bulkadd's elements, and results stored by earlier versions (the rendered element itself, or
 * statuses without a method key) still render the same.
 */
import { describe, expect, it } from 'vitest';
import type { TxResult } from '../../src/domain/bulk/outcome.js';
import { renderJobResult, renderTransaction } from '../../src/http/bulk-render.js';

const failed: TxResult = {
  key: 'put',
  ok: false,
  entries: [
    { uri: '/network/pnfs/pnf/a', status: 201 },
    { uri: '/network/pnfs/pnf/a/p-interfaces/p-interface/x', status: 404, error: { code: 'AAI_6114', detail: 'No Node of type pnf found', vars: ['PUT', '/network/pnfs/pnf/a/p-interfaces/p-interface/x'] } },
  ],
};

describe('renderJobResult', () => {
  it('renders a failed transaction stored as data like the synchronous bulkadd renders it', () => {
    const element = renderJobResult({ seq: 7, result: JSON.stringify(failed), key: null, statuses: null, payload: null });
    expect(element).toEqual({ ...renderTransaction(failed), index: 7 });
    expect(JSON.parse((element['put'] as { body: Record<string, string> }[])[1]?.body['404'] ?? '{}')).toEqual({
      requestError: {
        serviceException: {
          messageId: 'SVC3001',
          text: 'Resource not found for %1 using id %2 (msg=%3) (ec=%4)',
          variables: ['PUT', '/network/pnfs/pnf/a/p-interfaces/p-interface/x', 'Node Not Found:No Node of type pnf found', 'ERR.5.4.6114'],
        },
      },
    });
  });

  it('renders a result stored by an earlier version (the rendered element) unchanged', () => {
    const old = { delete: [{ uri: '/network/pnfs/pnf/b', body: { '412': '{"requestError":{}}' } }] };
    expect(renderJobResult({ seq: 3, result: JSON.stringify(old), key: null, statuses: null, payload: null })).toEqual({ ...old, index: 3 });
  });

  it('renders a successful transaction from its key, its statuses and the stored input; without a key, the key comes from the input', () => {
    const payload = JSON.stringify({ patch: [{ uri: '/network/pnfs/pnf/c?resource-version=1', body: {} }] });
    const expected = { patch: [{ uri: '/network/pnfs/pnf/c', body: { '200': null } }], index: 1 };
    expect(renderJobResult({ seq: 1, result: null, key: 'patch', statuses: [200], payload })).toEqual(expected);
    expect(renderJobResult({ seq: 1, result: null, key: null, statuses: [200], payload })).toEqual(expected);
  });
});
