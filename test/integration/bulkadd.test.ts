/**
 * Issue "PUT /aai/v15/bulkadd": transaction semantics, payload errors, limits, override, size
 * limit, and concurrent requests — all against the real Neo4j.
 */
import { describe, expect, it } from 'vitest';
import { client, testApp, writerClient } from '../helpers/app.js';
import { expectIntact } from '../helpers/integrity.js';
import { cypher, uid } from '../helpers/neo4j.js';

const pnfPut = (name: string, extra: Record<string, unknown> = {}) => ({ uri: `/network/pnfs/pnf/${name}`, body: { 'pnf-name': name, ...extra } });

async function countUnder(prefix: string): Promise<number> {
  const rows = await cypher<{ n: number }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: prefix });
  return rows[0]?.n ?? -1;
}

function errorOf(entry: { body: Record<string, string | null> }): { status: string; body: { requestError: { serviceException: { variables: string[]; messageId: string } } } } {
  const [status, text] = Object.entries(entry.body)[0] ?? ['', null];
  return { status, body: JSON.parse(text ?? 'null') };
}

describe('PUT /aai/v15/bulkadd transactions', () => {
  it('rolls back the whole transaction when one put fails, and still reports every put', async () => {
    const c = client();
    const a = uid('rb');
    const res = await c.put('/aai/v15/bulkadd', {
      transactions: [
        {
          put: [
            pnfPut(a),
            { uri: `/network/pnfs/pnf/${a}/p-interfaces/p-interface/eth0`, body: { 'interface-name': 'eth0' } },
            { uri: `/network/pnfs/pnf/${a}-missing/p-interfaces/p-interface/eth0`, body: { 'interface-name': 'eth0' } },
            pnfPut(`${a}-after`),
          ],
        },
      ],
    });
    expect(res.status).toBe(201);
    const entries = res.body.transaction[0].put;
    expect(entries.map((e: { body: object }) => Object.keys(e.body)[0])).toEqual(['201', '201', '404', '201']);
    expect(errorOf(entries[2]).body).toEqual({
      requestError: {
        serviceException: {
          messageId: 'SVC3001',
          text: 'Resource not found for %1 using id %2 (msg=%3) (ec=%4)',
          variables: [
            'PUT',
            `/network/pnfs/pnf/${a}-missing/p-interfaces/p-interface/eth0`,
            `Node Not Found:No parent Node of type pnf for /network/pnfs/pnf/${a}-missing/p-interfaces/p-interface/eth0`,
            'ERR.5.4.6114',
          ],
        },
      },
    });
    // Nothing of the transaction is in Neo4j.
    expect(await countUnder(`/network/pnfs/pnf/${a}`)).toBe(0);
  });

  it('keeps transactions independent: a failing one neither stops nor undoes the others', async () => {
    const c = client();
    const a = uid('ind');
    const res = await c.put('/aai/v15/bulkadd', {
      transactions: [
        { put: [pnfPut(`${a}-1`)] },
        { put: [pnfPut(`${a}-2`), { uri: `/network/pnfs/pnf/${a}-2`, body: { 'pnf-name': `${a}-2`, 'in-maint': 'yes' } }] },
        { put: [pnfPut(`${a}-3`)] },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.transaction).toHaveLength(3);
    expect(res.body.transaction[0]).toEqual({ put: [{ uri: `/network/pnfs/pnf/${a}-1`, body: { '201': null } }] });
    expect(res.body.transaction[2]).toEqual({ put: [{ uri: `/network/pnfs/pnf/${a}-3`, body: { '201': null } }] });
    // The middle transaction failed in its payload check: one entry, nothing written.
    expect(res.body.transaction[1].put).toHaveLength(1);
    const err = errorOf(res.body.transaction[1].put[0]);
    expect(err.status).toBe('400');
    expect(err.body.requestError.serviceException.variables).toEqual([
      'PUT',
      'v15/bulkadd',
      `Invalid input performing %1 on %2:object could not be unmarshalled: property "in-maint" of pnf must be boolean`,
      'ERR.5.2.3000',
    ]);
    expect(await countUnder(`/network/pnfs/pnf/${a}-1`)).toBe(1);
    expect(await countUnder(`/network/pnfs/pnf/${a}-2`)).toBe(0);
    expect(await countUnder(`/network/pnfs/pnf/${a}-3`)).toBe(1);
  });

  it('lets later puts see earlier puts of the same transaction (parent, then child, then a relationship to it)', async () => {
    const c = client();
    const a = uid('vis');
    const res = await c.put('/aai/v15/bulkadd', {
      transactions: [
        {
          put: [
            pnfPut(a),
            { uri: `/network/pnfs/pnf/${a}/p-interfaces/p-interface/eth0`, body: { 'interface-name': 'eth0' } },
            { uri: `/network/pnfs/pnf/${a}/p-interfaces/p-interface/eth0/l-interfaces/l-interface/eth0.1`, body: { 'interface-name': 'eth0.1' } },
            {
              uri: `/network/logical-links/logical-link/${a}-ll`,
              body: {
                'link-name': `${a}-ll`,
                'link-type': 'l2',
                'relationship-list': { relationship: [{ 'related-to': 'p-interface', 'related-link': `/aai/v15/network/pnfs/pnf/${a}/p-interfaces/p-interface/eth0` }] },
              },
            },
          ],
        },
      ],
    });
    expect(res.body.transaction[0].put.map((e: { body: object }) => Object.keys(e.body)[0])).toEqual(['201', '201', '201', '201']);
    const ll = await c.get(`/aai/v15/network/logical-links/logical-link/${a}-ll`);
    expect(ll.body['relationship-list'].relationship[0]['related-link']).toBe(`/aai/v15/network/pnfs/pnf/${a}/p-interfaces/p-interface/eth0`);
  });

  it('gives a put the exact semantics of a single-object PUT (update needs the resource-version; 200 when given)', async () => {
    const c = client();
    const a = uid('sem');
    await c.put(`/aai/v15/network/pnfs/pnf/${a}`, { 'pnf-name': a, 'equip-type': 'old' });
    const rv = (await c.get(`/aai/v15/network/pnfs/pnf/${a}`)).body['resource-version'];
    const res = await c.put('/aai/v15/bulkadd', { transactions: [{ put: [pnfPut(a, { 'resource-version': rv, 'equip-model': 'new' })] }] });
    expect(res.body.transaction[0].put[0].body).toEqual({ '200': null });
    const after = (await c.get(`/aai/v15/network/pnfs/pnf/${a}`)).body;
    expect(after['equip-model']).toBe('new');
    expect(after['equip-type']).toBeUndefined(); // full replace
    expect(after['in-maint']).toBe(false); // default
  });

  it('answers 412 AAI_6135 for a create that carries a resource-version', async () => {
    const a = uid('rv');
    const res = await client().put('/aai/v15/bulkadd', { transactions: [{ put: [pnfPut(a, { 'resource-version': '123' })] }] });
    expect(errorOf(res.body.transaction[0].put[0]).body.requestError.serviceException.variables).toEqual([
      'PUT',
      `/network/pnfs/pnf/${a}`,
      `Resource version specified on create:resource-version passed for create of /network/pnfs/pnf/${a}`,
      'ERR.5.4.6135',
    ]);
  });

  it('accepts URIs with the /aai/v15 prefix and reports them as given', async () => {
    const a = uid('pre');
    const res = await client().put('/aai/v15/bulkadd', { transactions: [{ put: [{ uri: `/aai/v15/network/pnfs/pnf/${a}`, body: { 'pnf-name': a } }] }] });
    expect(res.body.transaction[0].put[0]).toEqual({ uri: `/aai/v15/network/pnfs/pnf/${a}`, body: { '201': null } });
    expect(await countUnder(`/network/pnfs/pnf/${a}`)).toBe(1);
  });
});

describe('PUT /aai/v15/bulkadd payload errors inside a transaction', () => {
  const consumer = (msg: string, ec: string) => ['PUT', 'v15/bulkadd', msg, ec];

  it.each([
    ['an unknown method key', { foo: [pnfPut('x')] }, null, '400', consumer('Required Field not passed.:input payload does not follow bulk add interface - missing put', 'ERR.5.4.6118')],
    // BulkConsumer.bulkProcessor names the method of the transaction's key: DELETE (aai-compat.md §1.2).
    ['delete (not allowed in bulkadd)', { delete: [{ uri: '/network/pnfs/pnf/x' }] }, null, '400', ['DELETE', ...consumer('Required Field not passed.:input payload does not follow bulk add interface - missing put', 'ERR.5.4.6118').slice(1)]],
    ['a put that is not an array', { put: { uri: '/network/pnfs/pnf/x' } }, null, '400', consumer('JSON processing error:input payload does not follow bulk add interface', 'ERR.5.4.6111')],
    ['an empty put array', { put: [] }, null, '400', consumer('Required Field not passed.:payload had no objects to operate on', 'ERR.5.4.6118')],
    ['an operation without uri', { put: [{ body: {} }] }, null, '400', consumer('Required Field not passed.:must include object uri', 'ERR.5.4.6118')],
    ['an operation without body', { put: [{ uri: '/network/pnfs/pnf/nobody' }] }, '/network/pnfs/pnf/nobody', '400', consumer('Required Field not passed.:input payload does not follow bulk add interface - missing "body"', 'ERR.5.4.6118')],
    ['a body that is not an object', { put: [{ uri: '/network/pnfs/pnf/arr', body: [] }] }, '/network/pnfs/pnf/arr', '400', consumer('JSON processing error:input payload does not follow bulk add interface', 'ERR.5.4.6111')],
    ['an unknown object in the URI', { put: [{ uri: '/network/pnfs/pnfx/a', body: {} }] }, '/network/pnfs/pnfx/a', '400', consumer('Invalid input performing %1 on %2:Unrecognized AAI object pnfx', 'ERR.5.2.3000')],
    // REST code 3008 has no placeholders: the template variables follow the ec (aai-compat.md §2.1 quirk).
    ['a URI that is not valid percent-encoding', { put: [{ uri: '/network/pnfs/pnf/%E0%A4%A', body: {} }] }, '/network/pnfs/pnf/%E0%A4%A', '400', ['URI is not encoded in UTF-8:uri=/network/pnfs/pnf/%E0%A4%A', 'ERR.5.6.3008', 'PUT', 'v15/bulkadd']],
    ['a URI with bad nesting', { put: [{ uri: '/network/pnfs/pnf/a/l-interfaces/l-interface/b', body: {} }] }, '/network/pnfs/pnf/a/l-interfaces/l-interface/b', '404', consumer('Resource not found for %1 using id %2:/network/pnfs/pnf/a/l-interfaces/l-interface/b not a valid path. l-interfaces not valid', 'ERR.5.6.3001')],
    ['a missing required property', { put: [{ uri: '/network/logical-links/logical-link/nolt', body: {} }] }, '/network/logical-links/logical-link/nolt', '400', consumer('Invalid input performing %1 on %2:Missing required property: link-type', 'ERR.5.2.3000')],
    ['keys that do not match the URI', { put: [{ uri: '/network/pnfs/pnf/k1', body: { 'pnf-name': 'k2' } }] }, '/network/pnfs/pnf/k1', '400', consumer("Invalid input performing %1 on %2:uri and payload keys don't match", 'ERR.5.2.3000')],
    ['an unknown property', { put: [{ uri: '/network/pnfs/pnf/u1', body: { colour: 'red' } }] }, '/network/pnfs/pnf/u1', '400', consumer('Invalid input performing %1 on %2:object could not be unmarshalled: unknown property "colour" in pnf', 'ERR.5.2.3000')],
    ['two method keys (A&AI would run put twice)', { put: [pnfPut('two')], patch: [] }, null, '400', consumer('Required Field not passed.:input payload does not follow bulk add interface - a transaction holds exactly one of put; found put, patch', 'ERR.5.4.6118')],
  ])('fails the transaction before any database work on %s, with one entry', async (_name, tx, uri, status, variables) => {
    const a = uid('fill');
    const res = await client().put('/aai/v15/bulkadd', { transactions: [{ put: [pnfPut(a), pnfPut(`${a}-b`)] }, tx] });
    expect(res.status).toBe(201);
    expect(res.body.transaction[0].put).toHaveLength(2);
    const failed = res.body.transaction[1];
    const entries = Object.values(failed)[0] as { uri: string | null; body: Record<string, string> }[];
    expect(entries).toHaveLength(1);
    expect(entries[0]?.uri).toBe(uri);
    const err = errorOf(entries[0] as { body: Record<string, string> });
    expect(err.status).toBe(status);
    expect(err.body.requestError.serviceException.variables).toEqual(variables);
  });

  it('does no database work for a transaction whose later operation is invalid', async () => {
    const a = uid('nowork');
    const res = await client().put('/aai/v15/bulkadd', { transactions: [{ put: [pnfPut(a), { uri: `/network/pnfs/pnf/${a}-2` }] }] });
    expect(res.body.transaction[0].put).toHaveLength(1);
    expect(await countUnder(`/network/pnfs/pnf/${a}`)).toBe(0);
  });
});

describe('PUT /aai/v15/bulkadd top-level errors', () => {
  const body = (msg: string, ec: string, id = 'SVC3000', text = 'Invalid input performing %1 on %2 (msg=%3) (ec=%4)') => ({
    requestError: { serviceException: { messageId: id, text, variables: ['PUT', 'v15/bulkadd', msg, ec] } },
  });

  it('answers 400 AAI_6111 for JSON that does not parse', async () => {
    const res = await client().raw.put('/aai/v15/bulkadd').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/json' }).send('{');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(body('JSON processing error', 'ERR.5.4.6111'));
  });

  it.each([[[]], [42], ['"text"'], [null]])('answers 400 (A&AI: 500) for a body that is not a JSON object: %j', async (payload) => {
    const res = await client()
      .raw.put('/aai/v15/bulkadd')
      .set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/json' })
      .send(JSON.stringify(payload));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(body('JSON processing error:input payload does not follow bulk add interface', 'ERR.5.4.6111'));
  });

  it('answers 400 AAI_6118 when "transactions" is missing', async () => {
    const res = await client().put('/aai/v15/bulkadd', { transaction: [] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(body('Required Field not passed.:input payload does not follow bulk add interface - missing "transactions"', 'ERR.5.4.6118'));
  });

  it('answers 400 AAI_6118 when "transactions" is empty', async () => {
    const res = await client().put('/aai/v15/bulkadd', { transactions: [] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(body('Required Field not passed.:payload had no objects to operate on', 'ERR.5.4.6118'));
  });

  it('answers 400 AAI_6111 when "transactions" is not an array', async () => {
    const res = await client().put('/aai/v15/bulkadd', { transactions: {} });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(body('JSON processing error:input payload does not follow bulk add interface', 'ERR.5.4.6111'));
  });

  it('answers 400 AAI_3012 for a method other than PUT', async () => {
    const res = await client().post('/aai/v15/bulkadd', { transactions: [] });
    expect(res.status).toBe(400);
    // A&AI's InvalidResponseStatus renders Jersey's 405 without template variables.
    expect(res.body.requestError.serviceException.variables).toEqual(['Unrecognized AAI function', 'ERR.5.6.3012']);
  });

  it('answers 400 AAI_3016 for an unknown version', async () => {
    const res = await client().put('/aai/v14/bulkadd', { transactions: [] });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.messageId).toBe('SVC3016');
  });

  it('answers 413 with an A&AI body when the request is larger than the size limit, and writes nothing', async () => {
    const a = uid('big');
    const c = client(testApp({ BULK_BODY_LIMIT: '2kb' }));
    const res = await c.put('/aai/v15/bulkadd', { transactions: [{ put: [pnfPut(a, { 'equip-model': 'x'.repeat(4000) })] }] });
    expect(res.status).toBe(413);
    expect(res.body).toEqual(body('Payload Limit Reached, reduce payload:Request body is larger than the limit of 2048 bytes', 'ERR.5.4.6147'));
    expect(await countUnder(`/network/pnfs/pnf/${a}`)).toBe(0);
  });
});

describe('PUT /aai/v15/bulkadd operation limit', () => {
  const ops = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => pnfPut(`${prefix}-${i}`));

  it('accepts exactly 30 operations across two transactions', async () => {
    const a = uid('lim');
    const res = await client().put('/aai/v15/bulkadd', { transactions: [{ put: ops(`${a}-a`, 15) }, { put: ops(`${a}-b`, 15) }] });
    expect(res.status).toBe(201);
    expect([...res.body.transaction[0].put, ...res.body.transaction[1].put].every((e: { body: object }) => '201' in e.body)).toBe(true);
    expect(await countUnder(`/network/pnfs/pnf/${a}`)).toBe(30);
  });

  it('rejects 31 operations across two transactions, before doing anything', async () => {
    const a = uid('lim');
    const res = await client().put('/aai/v15/bulkadd', { transactions: [{ put: ops(`${a}-a`, 15) }, { put: ops(`${a}-b`, 16) }] });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[3]).toBe('ERR.5.4.6147');
    expect(await countUnder(`/network/pnfs/pnf/${a}`)).toBe(0);
  });

  it('counts 31 one-put transactions as over the limit', async () => {
    const a = uid('lim');
    const res = await client().put('/aai/v15/bulkadd', { transactions: ops(a, 31).map((p) => ({ put: [p] })) });
    expect(res.status).toBe(400);
  });

  it('uses the configured limit (BULK_OPERATION_LIMIT) in the check and in the message', async () => {
    const a = uid('lim');
    const c = client(testApp({ BULK_OPERATION_LIMIT: '3' }));
    expect((await c.put('/aai/v15/bulkadd', { transactions: [{ put: ops(a, 3) }] })).status).toBe(201);
    const res = await c.put('/aai/v15/bulkadd', { transactions: [{ put: ops(`${a}-x`, 4) }] });
    expect(res.body.requestError.serviceException.variables[2]).toBe('Payload Limit Reached, reduce payload:Payload limit of 3 reached, please reduce payload.');
  });

  // As a user with the write role: an admin may lift the limit by its role (README "Security").
  it('honours X-OverrideLimit only when it equals the configured secret', async () => {
    const a = uid('ovr');
    const withSecret = await writerClient({ BULK_OVERRIDE_SECRET: 's3cret' });
    const payload = { transactions: [{ put: ops(a, 31) }] };
    const wrong = await withSecret.raw.put('/aai/v15/bulkadd').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'X-OverrideLimit': 's3cre' }).send(payload);
    expect(wrong.status).toBe(400);
    const right = await withSecret.raw.put('/aai/v15/bulkadd').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'X-OverrideLimit': 's3cret' }).send(payload);
    expect(right.status).toBe(201);
    expect(right.body.transaction[0].put).toHaveLength(31);
    expect(await countUnder(`/network/pnfs/pnf/${a}`)).toBe(31);
  });

  it('ignores X-OverrideLimit when no secret is configured (the default), even "false"', async () => {
    const a = uid('ovr');
    for (const value of ['false', 'anything']) {
      const res = await (await writerClient()).raw.put('/aai/v15/bulkadd').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'X-OverrideLimit': value }).send({ transactions: [{ put: ops(a, 31) }] });
      expect(res.status).toBe(400);
    }
  });
});

describe('PUT /aai/v15/bulkadd under concurrency', () => {
  it('20 concurrent requests creating overlapping pnfs: no duplicates, each created once, every other attempt a 412 entry', async () => {
    const c = client();
    const a = uid('conc');
    const names = Array.from({ length: 10 }, (_, i) => `${a}-${i}`);
    // Request r puts 5 of the 10 pnfs, each in its own transaction; the sets overlap heavily.
    const requests = Array.from({ length: 20 }, (_, r) => ({
      transactions: Array.from({ length: 5 }, (_, k) => ({ put: [pnfPut(names[(r + k * 2) % 10] as string)] })),
    }));
    const responses = await Promise.all(requests.map((p) => c.put('/aai/v15/bulkadd', p)));
    const created = new Map<string, number>();
    let rejected = 0;
    for (const res of responses) {
      expect(res.status).toBe(201);
      for (const tx of res.body.transaction) {
        const entry = tx.put[0];
        const status = Object.keys(entry.body)[0];
        if (status === '201') created.set(entry.uri, (created.get(entry.uri) ?? 0) + 1);
        else {
          expect(status).toBe('412');
          expect(errorOf(entry).body.requestError.serviceException.variables[3]).toBe('ERR.5.4.6130');
          rejected++;
        }
      }
    }
    expect(created.size).toBe(10);
    expect([...created.values()].every((n) => n === 1)).toBe(true);
    expect(rejected).toBe(20 * 5 - 10);
    const rows = await cypher<{ uri: string; n: number }>(
      'MATCH (n:pnf) WHERE n.`aai-uri` STARTS WITH $p RETURN n.`aai-uri` AS uri, count(*) AS n',
      { p: `/network/pnfs/pnf/${a}-` },
    );
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    await expectIntact(`/network/pnfs/pnf/${a}-`);
  });
});
