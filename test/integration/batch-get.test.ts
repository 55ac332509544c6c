/**
 * Issue "The rest of the bulk family": batch get, POST /aai/v15/bulk/get — many GETs in one call,
 * each answered on its own (the GET body, or the A&AI error object plus "http-status"), depth /
 * nodes-only per item, collections with filters, its own limit (BATCH_GET_LIMIT) and the override.
 */
import { describe, expect, it } from 'vitest';
import { client, testApp, writerClient } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';
import { TEXT_3000, TEXT_3001, V, create, linkPath, pifPath, pnfPath, svc, type Client } from '../helpers/aai.js';

const URL = '/aai/v15/bulk/get';
const BRIDGED_TO = 'org.onap.relationships.inventory.BridgedTo';

const consumer = (msg: string, ec: string) => svc('SVC3000', TEXT_3000, ['POST', 'v15/bulk/get', msg, ec]);

interface Item {
  uri: string | null;
  resp: Record<string, unknown>;
}

/** The body a plain GET answers for a URI given without the /aai/v15 prefix. */
async function getBody(c: Client, uri: string): Promise<unknown> {
  const r = await c.get(`${V}${uri}`);
  expect(r.status, `GET ${uri}`).toBe(200);
  return r.body;
}

async function rvOf(uri: string): Promise<string> {
  const rows = await cypher<{ rv: string }>('MATCH (n:AaiNode {`aai-uri`: $u}) RETURN n.`resource-version` AS rv', { u: uri });
  return rows[0]?.rv ?? '';
}

/** A pnf with two p-interfaces, one of which has an l-interface, related to a logical-link. */
async function seed(c: Client, a: string): Promise<void> {
  await create(c, linkPath(a), { 'link-name': a, 'link-type': 'l2' });
  await create(c, pnfPath(a), { 'pnf-name': a, 'equip-type': 'router', 'relationship-list': { relationship: [{ 'related-to': 'logical-link', 'related-link': `${V}${linkPath(a)}` }] } });
  await create(c, pifPath(a, 'eth0'), { 'interface-name': 'eth0' });
  await create(c, pifPath(a, 'eth1'), { 'interface-name': 'eth1' });
  await create(c, `${pifPath(a, 'eth0')}/l-interfaces/l-interface/eth0.1`, { 'interface-name': 'eth0.1' });
}

describe('POST /aai/v15/bulk/get: answers', () => {
  it('answers each item with exactly the body its GET answers, honouring depth and nodes-only per item, in request order', async () => {
    const c = client();
    const a = uid('bg');
    await seed(c, a);
    const uris = [`${pnfPath(a)}?depth=1`, pnfPath(a), `${pnfPath(a)}?nodes-only=true`, `${pnfPath(a)}?depth=all&nodes-only`, pifPath(a, 'eth0'), `${linkPath(a)}?skip-related-to=true`];
    const res = await c.post(URL, { 'batch-get-list': uris.map((uri) => ({ uri })) });
    expect(res.status).toBe(200);
    const expected = await Promise.all(uris.map(async (uri) => ({ uri, resp: await getBody(c, uri) })));
    expect(res.body).toEqual({ 'batch-get-list': expected });
  });

  it('answers depth 0 as A&AI does: own properties with resource-version and the relationship-list, no children', async () => {
    const c = client();
    const a = uid('bg0');
    await seed(c, a);
    const res = await c.post(URL, { 'batch-get-list': [{ uri: pnfPath(a) }, { uri: `${pnfPath(a)}?depth=1&nodes-only=true` }] });
    expect(res.status).toBe(200);
    const rv = await rvOf(pnfPath(a));
    expect(res.body['batch-get-list'][0]).toEqual({
      uri: pnfPath(a),
      resp: {
        'pnf-name': a,
        'equip-type': 'router',
        'in-maint': false,
        'resource-version': rv,
        'relationship-list': {
          relationship: [
            {
              'related-to': 'logical-link',
              'relationship-label': BRIDGED_TO,
              'related-link': `${V}${linkPath(a)}`,
              'relationship-data': [{ 'relationship-key': 'logical-link.link-name', 'relationship-value': a }],
            },
          ],
        },
      },
    });
    // depth=1 brings the p-interfaces (not their l-interfaces); nodes-only drops relationship-lists.
    const deep = res.body['batch-get-list'][1].resp as Record<string, unknown>;
    expect(deep).not.toHaveProperty('relationship-list');
    const pifs = (deep['p-interfaces'] as { 'p-interface': Record<string, unknown>[] })['p-interface'];
    expect(pifs.map((p) => p['interface-name']).sort()).toEqual(['eth0', 'eth1']);
    expect(pifs.every((p) => !('l-interfaces' in p))).toBe(true);
  });

  it('accepts /aai/v15-prefixed URIs and echoes every URI as sent', async () => {
    const c = client();
    const a = uid('bgp');
    await seed(c, a);
    const res = await c.post(URL, { 'batch-get-list': [{ uri: `${V}${pifPath(a, 'eth1')}` }, { uri: `${V}${pnfPath(a)}?depth=1` }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      'batch-get-list': [
        { uri: `${V}${pifPath(a, 'eth1')}`, resp: await getBody(c, pifPath(a, 'eth1')) },
        { uri: `${V}${pnfPath(a)}?depth=1`, resp: await getBody(c, `${pnfPath(a)}?depth=1`) },
      ],
    });
  });

  it('answers collection URIs with property filters like GET does', async () => {
    const c = client();
    const a = uid('bgc');
    await create(c, pnfPath(`${a}-1`), { 'pnf-name': `${a}-1`, 'equip-type': a, 'equip-model': 'm1' });
    await create(c, pnfPath(`${a}-2`), { 'pnf-name': `${a}-2`, 'equip-type': a, 'equip-model': 'm2' });
    await create(c, pnfPath(`${a}-3`), { 'pnf-name': `${a}-3`, 'equip-type': `${a}-other` });
    const byType = `/network/pnfs?equip-type=${a}`;
    const byTwo = `/network/pnfs?equip-type=${a}&equip-model=m2`;
    const res = await c.post(URL, { 'batch-get-list': [{ uri: byType }, { uri: byTwo }] });
    expect(res.status).toBe(200);
    const [first, second] = res.body['batch-get-list'] as Item[];
    const names = (item: Item | undefined) => ((item?.resp['pnf'] ?? []) as { 'pnf-name': string }[]).map((p) => p['pnf-name']).sort();
    expect(names(first)).toEqual([`${a}-1`, `${a}-2`]);
    expect(names(second)).toEqual([`${a}-2`]);
    expect(res.body).toEqual({ 'batch-get-list': [{ uri: byType, resp: await getBody(c, byType) }, { uri: byTwo, resp: await getBody(c, byTwo) }] });
  });

  it('accepts ?dry-run=true (nothing to roll back) and answers the same', async () => {
    const c = client();
    const a = uid('bgd');
    await seed(c, a);
    const payload = { 'batch-get-list': [{ uri: pnfPath(a) }, { uri: pnfPath(`${a}-none`) }] };
    const real = await c.post(URL, payload);
    const dry = await c.post(`${URL}?dry-run=true`, payload);
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual(real.body);
  });
});

describe('POST /aai/v15/bulk/get: per-item errors', () => {
  it('answers a missing node in its own item (A&AI error body plus http-status 404) and still returns the others', async () => {
    const c = client();
    const a = uid('bge');
    await seed(c, a);
    const missing = pnfPath(`${a}-none`);
    const res = await c.post(URL, { 'batch-get-list': [{ uri: pnfPath(a) }, { uri: missing }, { uri: pifPath(a, 'eth1') }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      'batch-get-list': [
        { uri: pnfPath(a), resp: await getBody(c, pnfPath(a)) },
        {
          uri: missing,
          resp: { ...svc('SVC3001', TEXT_3001, ['GET', missing, `Node Not Found:No Node of type pnf found at: ${missing}`, 'ERR.5.4.6114']), 'http-status': 404 },
        },
        { uri: pifPath(a, 'eth1'), resp: await getBody(c, pifPath(a, 'eth1')) },
      ],
    });
  });

  it('answers invalid URIs, bad query values and missing URIs in their own items', async () => {
    const c = client();
    const a = uid('bgi');
    await seed(c, a);
    const res = await c.post(URL, {
      'batch-get-list': [
        { uri: `/network/pnfs/pnfx/${a}` },
        { uri: `${pnfPath(a)}/l-interfaces/l-interface/x` },
        { uri: `${pnfPath(a)}?depth=deep` },
        { uri: `/network/pnfs?equip-type=${a}-none` },
        {},
        { uri: 42 },
        'not an object',
        { uri: pnfPath(a) },
        { uri: '/network/pnfs/pnf/%E0%A4%A' },
      ],
    });
    expect(res.status).toBe(200);
    const items = res.body['batch-get-list'] as Item[];
    expect(items).toHaveLength(9);
    expect(items[0]).toEqual({
      uri: `/network/pnfs/pnfx/${a}`,
      resp: { ...svc('SVC3000', TEXT_3000, ['GET', `/network/pnfs/pnfx/${a}`, 'Invalid input performing %1 on %2:Unrecognized AAI object pnfx', 'ERR.5.2.3000']), 'http-status': 400 },
    });
    expect(items[1]?.resp['http-status']).toBe(404);
    expect(items[1]?.resp).toMatchObject({ requestError: { serviceException: { messageId: 'SVC3001' } } });
    expect(items[2]?.resp['http-status']).toBe(400);
    expect(items[2]?.resp).toMatchObject({ requestError: { serviceException: { variables: expect.arrayContaining(['4.0.4016']) } } });
    expect(items[3]).toEqual({
      uri: `/network/pnfs?equip-type=${a}-none`,
      resp: { ...svc('SVC3001', TEXT_3001, ['GET', '/network/pnfs', 'Node Not Found:No Node of type pnf found at: /network/pnfs', 'ERR.5.4.6114']), 'http-status': 404 },
    });
    for (const i of [4, 5, 6]) {
      expect(items[i]?.uri).toBeNull();
      expect(items[i]?.resp['http-status']).toBe(400);
      expect(items[i]?.resp).toMatchObject({ requestError: { serviceException: { variables: expect.arrayContaining(['Required Field not passed.:must include object uri', 'ERR.5.4.6118']) } } });
    }
    expect(items[7]).toEqual({ uri: pnfPath(a), resp: await getBody(c, pnfPath(a)) });
    // REST code 3008 has no placeholders: the template variables follow the ec (aai-compat.md §2.1 quirk).
    expect(items[8]).toEqual({
      uri: '/network/pnfs/pnf/%E0%A4%A',
      resp: {
        ...svc('SVC3008', 'URI is not encoded in UTF-8 (msg=%1) (ec=%2)', ['URI is not encoded in UTF-8:uri=/network/pnfs/pnf/%E0%A4%A', 'ERR.5.6.3008', 'GET', '/network/pnfs/pnf/%E0%A4%A']),
        'http-status': 400,
      },
    });
  });
});

describe('POST /aai/v15/bulk/get: request errors and limits', () => {
  it.each([
    ['no batch-get-list', {}, 'ERR.5.4.6118'],
    ['an empty batch-get-list', { 'batch-get-list': [] }, 'ERR.5.4.6118'],
    ['a batch-get-list that is not a list', { 'batch-get-list': { uri: '/network/pnfs/pnf/x' } }, 'ERR.5.4.6111'],
  ])('answers 400 for %s', async (_name, payload, ec) => {
    const res = await client().post(URL, payload);
    expect(res.status).toBe(400);
    const ex = res.body.requestError.serviceException as { messageId: string; variables: string[] };
    expect(ex.messageId).toBe('SVC3000');
    expect(ex.variables.slice(0, 2)).toEqual(['POST', 'v15/bulk/get']);
    expect(ex.variables[3]).toBe(ec);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await client().raw.post(URL).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/json' }).send('{"batch-get-list": [');
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[3]).toBe('ERR.5.4.6111');
  });

  it('answers 400 AAI_3012 for GET and PUT', async () => {
    for (const res of [await client().get(URL), await client().put(URL, { 'batch-get-list': [] })]) {
      expect(res.status).toBe(400);
      expect(res.body.requestError.serviceException.messageId).toBe('SVC3012');
    }
  });

  it('has its own limit of 100 by default (more than the bulk operation limit of 30), answering 101 with 400 AAI_6147', async () => {
    const c = client();
    const a = uid('bgl');
    await create(c, pnfPath(a), { 'pnf-name': a });
    const list = (n: number) => Array.from({ length: n }, (_, i) => ({ uri: i % 2 === 0 ? pnfPath(a) : `${pnfPath(a)}?nodes-only` }));
    const hundred = await c.post(URL, { 'batch-get-list': list(100) });
    expect(hundred.status).toBe(200);
    expect(hundred.body['batch-get-list']).toHaveLength(100);
    expect((hundred.body['batch-get-list'] as Item[]).every((i) => i.resp['pnf-name'] === a)).toBe(true);
    const over = await c.post(URL, { 'batch-get-list': list(101) });
    expect(over.status).toBe(400);
    expect(over.body).toEqual(consumer('Payload Limit Reached, reduce payload:Batch get limit of 100 reached, please reduce payload.', 'ERR.5.4.6147'));
  });

  it('uses BATCH_GET_LIMIT in the check and the message', async () => {
    const c = client(testApp({ BATCH_GET_LIMIT: '2' }));
    const a = uid('bgl');
    expect((await c.post(URL, { 'batch-get-list': [{ uri: pnfPath(a) }, { uri: pnfPath(a) }] })).status).toBe(200);
    const res = await c.post(URL, { 'batch-get-list': [{ uri: pnfPath(a) }, { uri: pnfPath(a) }, { uri: pnfPath(a) }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(consumer('Payload Limit Reached, reduce payload:Batch get limit of 2 reached, please reduce payload.', 'ERR.5.4.6147'));
  });

  it('answers a batch larger than its read-ahead (250 items) in request order, each item its own answer', async () => {
    const c = client(testApp({ BATCH_GET_LIMIT: '300' }));
    const a = uid('bgw');
    await create(c, pnfPath(a), { 'pnf-name': a });
    const uris = Array.from({ length: 250 }, (_, i) => (i % 3 === 0 ? pnfPath(`${a}-missing-${i}`) : `${pnfPath(a)}?n=${i}`));
    const res = await c.post(URL, { 'batch-get-list': uris.map((uri) => ({ uri })) });
    expect(res.status).toBe(200);
    const items = res.body['batch-get-list'] as Item[];
    expect(items.map((it) => it.uri)).toEqual(uris);
    items.forEach((it, i) => expect(it.resp['http-status'] ?? 200).toBe(i % 3 === 0 ? 404 : 200));
    expect(items[1]?.resp['pnf-name']).toBe(a);
  });

  it('lifts the limit with X-OverrideLimit only when it equals BULK_OVERRIDE_SECRET', async () => {
    const a = uid('bgo');
    const payload = { 'batch-get-list': [{ uri: pnfPath(a) }, { uri: pnfPath(a) }, { uri: pnfPath(a) }] };
    // As users with the write role: an admin may lift the limit by its role.
    const withSecret = await writerClient({ BATCH_GET_LIMIT: '2', BULK_OVERRIDE_SECRET: 's' });
    const withoutSecret = await writerClient({ BATCH_GET_LIMIT: '2' });
    const send = (c: Client, value: string) => c.raw.post(URL).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'X-OverrideLimit': value }).send(payload);
    expect((await send(withSecret, 'wrong')).status).toBe(400);
    expect((await send(withoutSecret, 's')).status).toBe(400);
    const right = await send(withSecret, 's');
    expect(right.status).toBe(200);
    expect(right.body['batch-get-list']).toHaveLength(3);
  });
});
