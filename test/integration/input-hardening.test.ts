/**
 * Issue 13 "Bounded under abuse: no input can cause a 500 or a duplicate": what a fuzzer found,
 * each answered with a 400 and A&AI's error body, and nothing stored. Lone UTF-16 surrogates in
 * keys, URIs, property values and relationship-data on every endpoint; JSON nested deeper than
 * MAX_JSON_DEPTH; compressed bodies that do not decompress; integers no JSON number carries exactly;
 * X-FromAppId / X-TransactionId longer than MAX_HEADER_LENGTH; job inputs the streaming parser
 * used to misread. (Integer keys by value: keys-by-value.test.ts.)
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type Koa from 'koa';
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../src/http/context.js';
import { AUTH_HEADERS, client, HEADERS, testApp } from '../helpers/app.js';
import { create, exists, pnfPath, propsOf, REL, svc, TEXT_3000, V } from '../helpers/aai.js';
import { cypher, uid } from '../helpers/neo4j.js';

/** A lone high surrogate: valid in a JSON string escape ("\ud800"), not valid Unicode. */
const LONE = '\uD800';
const NOT_UNICODE = 'is not valid Unicode (a lone UTF-16 surrogate)';

const invalid = (method: string, path: string, msg: string) => svc('SVC3000', TEXT_3000, [method, path, `Invalid input performing %1 on %2:${msg}`, 'ERR.5.2.3000']);
const jsonError = (method: string, path: string, msg: string) => svc('SVC3000', TEXT_3000, [method, path, `JSON processing error:${msg}`, 'ERR.5.4.6111']);
/** AAI_3008 has no placeholders in its REST text: the template variables follow the ec (aai-compat.md §2.1). */
const notUtf8 = (path: string, ...vars: string[]) => svc('SVC3008', 'URI is not encoded in UTF-8 (msg=%1) (ec=%2)', [`URI is not encoded in UTF-8:${path}`, 'ERR.5.6.3008', ...vars]);

type Entry = { uri: string | null; body: Record<string, string | null> };

/** The status and parsed error body of a bulk response entry. */
function entryError(entry: Entry | undefined): [string, unknown] {
  const [status, text] = Object.entries(entry?.body ?? {})[0] ?? ['', null];
  return [status, JSON.parse(text ?? 'null')];
}

async function countUnder(prefix: string): Promise<number> {
  const rows = await cypher<{ n: number }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: prefix });
  return rows[0]?.n ?? -1;
}

/** Job records of a submission, found by its (unique) X-TransactionId. */
async function jobsWithTransactionId(txid: string): Promise<number> {
  const rows = await cypher<{ n: number }>('MATCH (j:AaiBulkJob {transactionId: $txid}) RETURN count(j) AS n', { txid });
  return rows[0]?.n ?? -1;
}

/** `{"l-interfaces":{"l-interface":[…]}}` nested `levels` deep inside a generic-vnf body, as JSON text (3 JSON levels per l-interface). */
function nestedVnfBody(vnfId: string, levels: number): string {
  let inner = '{"interface-name":"leaf"}';
  for (let i = 0; i < levels; i++) inner = `{"interface-name":"l${i}","l-interfaces":{"l-interface":[${inner}]}}`;
  return `{"vnf-id":"${vnfId}","vnf-type":"t","l-interfaces":{"l-interface":[${inner}]}}`;
}

/** A request on a real socket, with a body sent byte for byte (supertest re-encodes Buffers). */
async function rawRequest(app: Koa<AppState>, method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: unknown }> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers: { ...AUTH_HEADERS, ...headers, 'Content-Length': String(body.length) } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('lone UTF-16 surrogates: 400, never a 500 or a U+FFFD stored in their place', () => {
  it('REST PUT: in a property value (AAI_3000 naming where), in a child key, in relationship-data; nothing stored', async () => {
    const c = client();
    const a = uid('sur');
    const cases: [Record<string, unknown>, string][] = [
      [{ 'pnf-name': a, 'equip-type': `x${LONE}y` }, `the string at /equip-type ${NOT_UNICODE}`],
      [{ 'pnf-name': a, 'p-interfaces': { 'p-interface': [{ 'interface-name': `eth${LONE}` }] } }, `the string at /p-interfaces/p-interface/0/interface-name ${NOT_UNICODE}`],
      [
        { 'pnf-name': a, 'relationship-list': { relationship: [{ 'related-to': 'logical-link', 'relationship-data': [{ 'relationship-key': 'logical-link.link-name', 'relationship-value': `l${LONE}` }] }] } },
        `the string at /relationship-list/relationship/0/relationship-data/0/relationship-value ${NOT_UNICODE}`,
      ],
      [{ 'pnf-name': a, [`colour${LONE}`]: 'red' }, `a member name at the top level ${NOT_UNICODE}`],
    ];
    for (const [body, msg] of cases) {
      const res = await c.put(`${V}${pnfPath(a)}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual(invalid('PUT', `v15${pnfPath(a)}`, `object could not be unmarshalled: ${msg}`));
    }
    expect(await countUnder(pnfPath(a))).toBe(0);
  });

  it('REST PATCH and the relationship endpoint: 400 AAI_3000, the node unchanged', async () => {
    const c = client();
    const a = uid('sur');
    await create(c, pnfPath(a), { 'pnf-name': a, 'equip-type': 'router' });
    const patch = await c.patch(`${V}${pnfPath(a)}`, { 'equip-type': `${LONE}` });
    expect(patch.status).toBe(400);
    expect(patch.body).toEqual(invalid('MERGE_PATCH', `v15${pnfPath(a)}`, `object could not be unmarshalled: the string at /equip-type ${NOT_UNICODE}`));
    const rel = await c.put(`${V}${pnfPath(a)}${REL}`, { 'related-to': 'logical-link', 'relationship-data': [{ 'relationship-key': 'logical-link.link-name', 'relationship-value': LONE }] });
    expect(rel.status).toBe(400);
    // Refused before the database work: the endpoint's method (PUT) and the request's path.
    expect(rel.body).toEqual(invalid('PUT', `v15${pnfPath(a)}${REL}`, `object could not be unmarshalled: the string at /relationship-data/0/relationship-value ${NOT_UNICODE}`));
    expect(await propsOf(pnfPath(a))).toMatchObject({ 'equip-type': 'router' });
  });

  it('REST PUT: a key percent-encoded as a UTF-16 surrogate (not UTF-8) is AAI_3008', async () => {
    const a = uid('sur');
    const res = await client().put(`${V}${pnfPath(a)}%ED%A0%80`, { 'pnf-name': a });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(notUtf8(`uri=v15${pnfPath(a)}%ED%A0%80`, 'PUT', `v15${pnfPath(a)}%ED%A0%80`));
  });

  it('bulkadd: the transaction with one fails alone (a URI key: AAI_3008; a value: AAI_3000); the others are kept', async () => {
    const a = uid('sur');
    const res = await client().put('/aai/v15/bulkadd', {
      transactions: [
        { put: [{ uri: pnfPath(`${a}-${LONE}`), body: {} }] },
        { put: [{ uri: pnfPath(`${a}-v`), body: { 'equip-type': LONE } }] },
        { put: [{ uri: pnfPath(`${a}-ok`), body: { 'pnf-name': `${a}-ok` } }] },
      ],
    });
    expect(res.status).toBe(201);
    const [first, second, third] = res.body.transaction as { put: Entry[] }[];
    expect(first?.put).toHaveLength(1);
    expect(first?.put[0]?.uri).toBe(pnfPath(`${a}-${LONE}`));
    expect(entryError(first?.put[0])).toEqual(['400', notUtf8(`uri=${pnfPath(`${a}-${LONE}`)}`, 'PUT', 'v15/bulkadd')]);
    expect(entryError(second?.put[0])).toEqual(['400', invalid('PUT', 'v15/bulkadd', `object could not be unmarshalled: the string at /equip-type ${NOT_UNICODE}`)]);
    expect(third?.put).toEqual([{ uri: pnfPath(`${a}-ok`), body: { '201': null } }]);
    expect(await countUnder(pnfPath(a))).toBe(1);
    expect(await exists(pnfPath(`${a}-ok`))).toBe(true);
  });

  it('bulkprocess: a patch body with one fails its transaction, nothing changed', async () => {
    const c = client();
    const a = uid('sur');
    await create(c, pnfPath(a), { 'pnf-name': a, 'equip-type': 'router' });
    const res = await c.put('/aai/v15/bulkprocess', { transactions: [{ patch: [{ uri: pnfPath(a), body: { 'equip-type': `r${LONE}` } }] }] });
    expect(res.status).toBe(201);
    const entries = (res.body.transaction as { patch: Entry[] }[])[0]?.patch;
    expect(entries).toHaveLength(1);
    // The failing operation's method (BulkConsumer: the BulkOperation's HttpMethod).
    expect(entryError(entries?.[0])).toEqual(['400', invalid('MERGE_PATCH', 'v15/bulkprocess', `object could not be unmarshalled: the string at /equip-type ${NOT_UNICODE}`)]);
    expect(await propsOf(pnfPath(a))).toMatchObject({ 'equip-type': 'router' });
  });

  it('bulk/single-transaction: 400 naming the operation, and nothing of the request is stored', async () => {
    const a = uid('sur');
    const res = await client().post('/aai/v15/bulk/single-transaction', {
      operations: [
        { action: 'put', uri: pnfPath(a), body: { 'pnf-name': a } },
        { action: 'put', uri: pnfPath(`${a}-${LONE}`), body: {} },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(notUtf8(`Error with operation 1: uri=${pnfPath(`${a}-${LONE}`)}`, 'POST', 'v15/bulk/single-transaction'));
    const values = await client().post('/aai/v15/bulk/single-transaction', { operations: [{ action: 'put', uri: pnfPath(a), body: { 'pnf-name': a, 'equip-type': LONE } }] });
    expect(values.status).toBe(400);
    expect(values.body).toEqual(invalid('POST', 'v15/bulk/single-transaction', `Error with operation 0: object could not be unmarshalled: the string at /equip-type ${NOT_UNICODE}`));
    expect(await countUnder(pnfPath(a))).toBe(0);
  });

  it('batch get: the item with one gets its own 400, the others are still answered', async () => {
    const c = client();
    const a = uid('sur');
    await create(c, pnfPath(a), { 'pnf-name': a });
    const bad = `${pnfPath(a)}/p-interfaces/p-interface/${LONE}`;
    const res = await c.post('/aai/v15/bulk/get', { 'batch-get-list': [{ uri: pnfPath(a) }, { uri: bad }, { uri: pnfPath(a) }] });
    expect(res.status).toBe(200);
    const items = res.body['batch-get-list'] as { uri: string; resp: Record<string, unknown> }[];
    expect(items.map((i) => i.resp['pnf-name'])).toEqual([a, undefined, a]);
    expect(items[1]).toEqual({ uri: bad, resp: { ...notUtf8(`uri=${bad}`, 'GET', bad), 'http-status': 400 } });
  });
});

describe('JSON nested deeper than MAX_JSON_DEPTH: 400 AAI_6111 before any validation or serialisation', () => {
  it('REST PUT of 2,000 nested l-interfaces (Ajv overflowed its stack): 400, nothing stored', async () => {
    const a = uid('deep');
    const path = `/network/generic-vnfs/generic-vnf/${a}`;
    const res = await client().raw.put(`${V}${path}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send(nestedVnfBody(a, 2000));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(jsonError('PUT', `v15${path}`, 'the JSON is nested deeper than 64 levels'));
    expect(await countUnder(path)).toBe(0);
  });

  it('bulkadd, bulkprocess, single-transaction and batch get: the request is refused as a whole', async () => {
    const a = uid('deep');
    const body = nestedVnfBody(a, 2000);
    for (const endpoint of ['bulkadd', 'bulkprocess']) {
      const bulk = await client().raw.put(`/aai/v15/${endpoint}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send(`{"transactions":[{"put":[{"uri":"/network/generic-vnfs/generic-vnf/${a}","body":${body}}]}]}`);
      expect(bulk.status).toBe(400);
      expect(bulk.body).toEqual(jsonError('PUT', `v15/${endpoint}`, 'the JSON is nested deeper than 64 levels'));
    }
    const get = await client().raw.post('/aai/v15/bulk/get').set({ ...HEADERS, 'Content-Type': 'application/json' }).send(`{"batch-get-list":[{"uri":"/network/pnfs/pnf/x","more":${'['.repeat(100)}${']'.repeat(100)}}]}`);
    expect(get.status).toBe(400);
    expect(get.body).toEqual(jsonError('POST', 'v15/bulk/get', 'the JSON is nested deeper than 64 levels'));
    const single = await client().raw.post('/aai/v15/bulk/single-transaction').set({ ...HEADERS, 'Content-Type': 'application/json' }).send(`{"operations":[{"action":"put","uri":"/network/generic-vnfs/generic-vnf/${a}","body":${body}}]}`);
    expect(single.status).toBe(400);
    expect(single.body).toEqual(jsonError('POST', 'v15/bulk/single-transaction', 'the JSON is nested deeper than 64 levels'));
    expect(await countUnder(`/network/generic-vnfs/generic-vnf/${a}`)).toBe(0);
  });

  it('counts from the root of the document: MAX_JSON_DEPTH levels pass, one more is refused', async () => {
    // 6 nested l-interfaces under the vnf's own: 1 + 3 × 6 + 3 = 22 levels.
    const a = uid('deep');
    const path = `/network/generic-vnfs/generic-vnf/${a}`;
    const put = (app: Koa<AppState>) => client(app).raw.put(`${V}${path}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send(nestedVnfBody(a, 6));
    const refused = await put(testApp({ MAX_JSON_DEPTH: '21' }));
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(jsonError('PUT', `v15${path}`, 'the JSON is nested deeper than 21 levels'));
    expect((await put(testApp({ MAX_JSON_DEPTH: '22' }))).status).toBe(201);
    expect(await countUnder(`${path}/l-interfaces/l-interface/l5/l-interfaces/l-interface/l4`)).toBe(6);
  });

  it('a job transaction nested 10,000 levels (JSON.stringify threw): 400 AAI_6111, no job stored', async () => {
    const txid = uid('jdeep');
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const res = await client()
      .raw.post('/aai/v15/bulk/jobs')
      .set({ ...HEADERS, 'X-TransactionId': txid, 'Content-Type': 'application/json' })
      .send(`{"transactions":[{"put":[{"uri":"/network/pnfs/pnf/${txid}","body":{"x":${deep}}}]}]}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(jsonError('POST', 'v15/bulk/jobs', 'input payload does not follow bulk process interface - transaction 0 is nested deeper than 64 levels'));
    expect(await jobsWithTransactionId(txid)).toBe(0);
  });
});

describe('compressed bodies that do not decompress: 400 AAI_6111', () => {
  const JSON_TYPE = { 'Content-Type': 'application/json' };

  it.each([
    ['gzip', Buffer.from('this is not gzip')],
    ['gzip', gzipSync(Buffer.from('{"transactions":[]}')).subarray(0, 12)],
    ['br', Buffer.from('this is not brotli')],
    ['deflate', Buffer.from('this is not deflate')],
  ])('Content-Encoding: %s with a body that is not', async (encoding, body) => {
    const a = uid('enc');
    const app = testApp();
    const bulk = await rawRequest(app, 'PUT', '/aai/v15/bulkadd', { ...JSON_TYPE, 'Content-Encoding': encoding }, body);
    expect(bulk).toEqual({ status: 400, body: jsonError('PUT', 'v15/bulkadd', `the body does not decode as Content-Encoding ${encoding}`) });
    const rest = await rawRequest(app, 'PUT', `${V}${pnfPath(a)}`, { ...JSON_TYPE, 'Content-Encoding': encoding }, body);
    expect(rest).toEqual({ status: 400, body: jsonError('PUT', `v15${pnfPath(a)}`, `the body does not decode as Content-Encoding ${encoding}`) });
    expect(await exists(pnfPath(a))).toBe(false);
  });

  it('still accepts gzip and br bodies that do decompress', async () => {
    const a = uid('enc');
    const app = testApp();
    const gz = await rawRequest(app, 'PUT', `${V}${pnfPath(a)}`, { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, gzipSync(JSON.stringify({ 'pnf-name': a })));
    expect(gz.status).toBe(201);
    const br = await rawRequest(app, 'PUT', `${V}${pnfPath(`${a}-br`)}`, { ...JSON_TYPE, 'Content-Encoding': 'br' }, brotliCompressSync(JSON.stringify({ 'pnf-name': `${a}-br` })));
    expect(br.status).toBe(201);
    expect(await countUnder(pnfPath(a))).toBe(2);
  });
});

describe('integers: outside the signed 64-bit range, or beyond what a JSON number carries exactly, are refused', () => {
  it.each([
    ['99999999999999999999', 'outside the signed 64-bit range'],
    ['-10000000000000000000', 'outside the signed 64-bit range'],
    ['1e400', 'outside the signed 64-bit range'],
    ['9007199254740993', 'beyond ±9007199254740991, the largest integers JSON numbers carry exactly'],
  ])('REST PUT and bulkadd of a pserver with number-of-cpus %s: 400, nothing stored', async (value, problem) => {
    const a = uid('int');
    const path = `/cloud-infrastructure/pservers/pserver/${a}`;
    const res = await client().raw.put(`${V}${path}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send(`{"hostname":"${a}","number-of-cpus":${value}}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid('PUT', `v15${path}`, `object could not be unmarshalled: the number at /number-of-cpus is ${problem}`));
    const bulk = await client().raw.put('/aai/v15/bulkadd').set({ ...HEADERS, 'Content-Type': 'application/json' }).send(`{"transactions":[{"put":[{"uri":"${path}","body":{"number-of-cpus":${value}}}]}]}`);
    expect(bulk.status).toBe(201);
    expect(entryError((bulk.body.transaction as { put: Entry[] }[])[0]?.put[0])).toEqual(['400', invalid('PUT', 'v15/bulkadd', `object could not be unmarshalled: the number at /number-of-cpus is ${problem}`)]);
    expect(await exists(path)).toBe(false);
  });

  it('stores an integer JSON carries exactly as that integer', async () => {
    const a = uid('int');
    const path = `/cloud-infrastructure/pservers/pserver/${a}`;
    const res = await client().raw.put(`${V}${path}`).set({ ...HEADERS, 'Content-Type': 'application/json' }).send(`{"hostname":"${a}","number-of-cpus":9007199254740991}`);
    expect(res.status).toBe(201);
    expect((await propsOf(path))?.['number-of-cpus']).toBe(9007199254740991);
  });
});

describe('X-FromAppId and X-TransactionId longer than MAX_HEADER_LENGTH: A&AI header errors', () => {
  const headerError = (msg: string, ec: string) => svc('SVC3000', TEXT_3000, ['null', 'null', msg, ec]);

  it('accepts 255 characters and stores them; refuses 256 with AAI_4009 / AAI_4010, storing nothing', async () => {
    const a = uid('hdr');
    const app = testApp();
    const put = (name: string, headers: Record<string, string>) =>
      client(app)
        .raw.put(`${V}${pnfPath(name)}`)
        .set({ ...HEADERS, ...headers })
        .send({ 'pnf-name': name });
    expect((await put(a, { 'X-FromAppId': 'f'.repeat(255), 'X-TransactionId': 't'.repeat(255) })).status).toBe(201);
    expect(await propsOf(pnfPath(a))).toMatchObject({ 'source-of-truth': 'f'.repeat(255), 'aai-last-mod-transaction-id': 't'.repeat(255) });

    const app256 = await put(`${a}-f`, { 'X-FromAppId': 'f'.repeat(256) });
    expect(app256.status).toBe(400);
    expect(app256.body).toEqual(headerError('Invalid X-FromAppId in header:longer than 255 characters', '4.0.4009'));
    const sot = await put(`${a}-s`, { 'X-SourceOfTruth': 's'.repeat(15_000) });
    expect(sot.status).toBe(400);
    expect(sot.body).toEqual(headerError('Invalid X-FromAppId in header:longer than 255 characters', '4.0.4009'));
    const tx = await put(`${a}-t`, { 'X-TransactionId': 't'.repeat(256) });
    expect(tx.status).toBe(400);
    expect(tx.body).toEqual(headerError('Invalid X-TransactionId in header:longer than 255 characters', '4.0.4010'));
    expect(await countUnder(pnfPath(a))).toBe(1);
  });

  it('refuses a job submission with one, keeping no job', async () => {
    const txid = uid('jhdr');
    const res = await client()
      .raw.post('/aai/v15/bulk/jobs')
      .set({ ...HEADERS, 'X-FromAppId': 'f'.repeat(15_000), 'X-TransactionId': txid })
      .send({ transactions: [{ put: [{ uri: pnfPath(txid), body: {} }] }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(headerError('Invalid X-FromAppId in header:longer than 255 characters', '4.0.4009'));
    expect(await jobsWithTransactionId(txid)).toBe(0);
  });
});

describe('job input the streaming parser misread: 400 AAI_6111, no job stored', () => {
  it.each([
    ['"transactions" twice (bulkadd keeps the last; the job applied both)', (p: string) => `{"transactions":[{"put":[{"uri":"${p}","body":{}}]}],"transactions":[{"put":[{"uri":"${p}-2","body":{}}]}]}`, ' - "transactions" appears more than once'],
    ['NBSP (U+00A0) where JSON allows only whitespace', (p: string) => `{\u00A0"transactions":[{"put":[{"uri":"${p}","body":{}}]}]}`, ''],
    ['NBSP between transactions', (p: string) => `{"transactions":[{"put":[{"uri":"${p}","body":{}}]},\u00A0{"put":[{"uri":"${p}-2","body":{}}]}]}`, ' - transaction 1 is not valid JSON'],
  ])('%s', async (_name, text, detail) => {
    const txid = uid('jparse');
    const res = await client()
      .raw.post('/aai/v15/bulk/jobs')
      .set({ ...HEADERS, 'X-TransactionId': txid, 'Content-Type': 'application/json' })
      .send(text(pnfPath(txid)));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(jsonError('POST', 'v15/bulk/jobs', `input payload does not follow bulk process interface${detail}`));
    expect(await jobsWithTransactionId(txid)).toBe(0);
  });

  it('an NDJSON line padded with NBSP', async () => {
    const txid = uid('jparse');
    const line = JSON.stringify({ put: [{ uri: pnfPath(txid), body: {} }] });
    const res = await client()
      .raw.post('/aai/v15/bulk/jobs')
      .set({ ...HEADERS, 'X-TransactionId': txid, 'Content-Type': 'application/x-ndjson' })
      .send(`\u00A0${line}\n`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(jsonError('POST', 'v15/bulk/jobs', 'input payload does not follow bulk process interface - line 1 is not valid JSON'));
    expect(await jobsWithTransactionId(txid)).toBe(0);
  });
});
