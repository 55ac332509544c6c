/**
 * Issue "A&AI v15 inventory model and REST API": error answers of the single-object REST API —
 * headers, version, URI parsing, request bodies (syntax, unknown/ill-typed properties, shape, size),
 * unsupported methods — in A&AI's error body format (aai-compat.md §2.1, §7, §8, §9). No error body
 * leaks a stack trace or the database.
 */
import { describe, expect, it } from 'vitest';
import { client, HEADERS, testApp } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';
import { svc, TEXT_3000, TEXT_3001, V } from '../helpers/aai.js';


async function exists(aaiUri: string): Promise<boolean> {
  const rows = await cypher<{ c: number }>('MATCH (n:AaiNode {`aai-uri`: $u}) RETURN count(n) AS c', { u: aaiUri });
  return Number(rows[0]?.c) > 0;
}

function headerError(variables2: string, ec: string) {
  return svc('SVC3000', TEXT_3000, ['null', 'null', variables2, ec]);
}

describe('A&AI headers on /aai/v15 resources', () => {
  it('answers 400 AAI_4009 when X-FromAppId is missing, and writes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.raw.put(`${V}/network/pnfs/pnf/${name}`).set({ 'X-TransactionId': 'tx', 'Content-Type': 'application/json' }).send({});
    expect(res.status).toBe(400);
    expect(res.body).toEqual(headerError('Invalid X-FromAppId in header', '4.0.4009'));
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });

  it('answers 400 AAI_4010 when X-TransactionId is missing, and writes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.raw.put(`${V}/network/pnfs/pnf/${name}`).set({ 'X-FromAppId': 'app', 'Content-Type': 'application/json' }).send({});
    expect(res.status).toBe(400);
    expect(res.body).toEqual(headerError('Invalid X-TransactionId in header', '4.0.4010'));
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });

  it('checks X-FromAppId first when both are missing', async () => {
    const res = await client().raw.get(`${V}/network/pnfs/pnf/${uid('pnf')}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(headerError('Invalid X-FromAppId in header', '4.0.4009'));
  });

  it('treats a blank X-FromAppId as missing', async () => {
    const res = await client().raw.get(`${V}/network/pnfs/pnf/${uid('pnf')}`).set({ 'X-FromAppId': '  ', 'X-TransactionId': 'tx' });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[3]).toBe('4.0.4009');
  });

  it('checks headers before the version and the URI', async () => {
    const res = await client().raw.get('/aai/v14/no/such/thing').set({ 'X-TransactionId': 'tx' });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[3]).toBe('4.0.4009');
  });

  // A&AI's HeaderValidation does not look at Accept: a request with valid headers reaches Jersey's
  // content negotiation, which refuses it with 406 (aai-errors.test.ts has the cases).
  it('answers 406 AAI_4014 for an Accept header naming no JSON- or XML-compatible type', async () => {
    const name = uid('pnf');
    const res = await client().raw.get(`${V}/network/pnfs/pnf/${name}`).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', Accept: 'text/plain' });
    expect(res.status).toBe(406);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['GET', `v15/network/pnfs/pnf/${name}`, 'Invalid Accept header', '4.0.4014']));
  });
});

describe('API version', () => {
  // VersionInterceptor.createInvalidVersionResponse: [method, path, version]; REST code 3016 has one placeholder.
  it('answers 400 AAI_3016 for a version other than v15 (or latest)', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.get(`/aai/v14/network/pnfs/pnf/${name}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3016', 'Request uri is not valid, please check the version %1 (msg=%2) (ec=%3)', [
        'GET',
        'Request uri is not valid, please check the version %1',
        'ERR.5.6.3007',
        `v14/network/pnfs/pnf/${name}`,
        'v14',
      ]),
    );
  });

  it('answers 400 AAI_3016 for a PUT to another version, and writes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.put(`/aai/v16/network/pnfs/pnf/${name}`, {});
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.messageId).toBe('SVC3016');
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });

  // VersionInterceptor: no version matched, so the version variable is null.
  it('answers 400 AAI_3017 (messageId SVC3016) for a malformed version segment', async () => {
    const name = uid('pnf');
    const res = await client().get(`/aai/vx/network/pnfs/pnf/${name}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3016', 'Request uri is not valid, please check the version %1 (msg=%2) (ec=%3)', [
        'GET',
        'Request uri is not valid, please check the uri %1',
        'ERR.5.6.3007',
        `vx/network/pnfs/pnf/${name}`,
        null,
      ]),
    );
  });
});

describe('URI parsing', () => {
  it('answers 400 AAI_3000 "Unrecognized AAI object" for an unknown segment', async () => {
    const res = await client().get(`${V}/network/widgets/widget/x`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['GET', 'v15/network/widgets/widget/x', 'Invalid input performing %1 on %2:Unrecognized AAI object widgets', 'ERR.5.2.3000']));
  });

  it('answers 400 AAI_3000 "Unrecognized AAI object" for an unknown child segment, also on PUT (nothing written)', async () => {
    const c = client();
    const pnf = uid('pnf');
    const get = await c.get(`${V}/network/pnfs/pnf/${pnf}/x-interfaces/x-interface/eth0`);
    expect(get.status).toBe(400);
    expect(get.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:Unrecognized AAI object x-interfaces');
    const put = await c.put(`${V}/network/pnfs/pnf/${pnf}/x-interfaces/x-interface/eth0`, {});
    expect(put.status).toBe(400);
    const v = put.body.requestError.serviceException.variables;
    expect([v[0], v[2], v[3]]).toEqual(['PUT', 'Invalid input performing %1 on %2:Unrecognized AAI object x-interfaces', 'ERR.5.2.3000']);
    expect(await exists(`/network/pnfs/pnf/${pnf}`)).toBe(false);
  });

  it('answers 400 AAI_3000 for an unknown namespace', async () => {
    const res = await client().get(`${V}/networks/pnfs/pnf/x`);
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:Unrecognized AAI object networks');
  });

  it('answers 400 AAI_3000 "does not start from a valid namespace" for a path starting below a namespace', async () => {
    const res = await client().get(`${V}/pnfs/pnf/x`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['GET', 'v15/pnfs/pnf/x', 'Invalid input performing %1 on %2:/pnfs/pnf/x not a valid path. It does not start from a valid namespace', 'ERR.5.2.3000']),
    );
  });

  it('answers 404 AAI_3001 for a bad nesting (tenants under a pnf)', async () => {
    const pnf = uid('pnf');
    const res = await client().get(`${V}/network/pnfs/pnf/${pnf}/tenants/tenant/t1`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(
      svc('SVC3001', TEXT_3001, [
        'GET',
        `v15/network/pnfs/pnf/${pnf}/tenants/tenant/t1`,
        `Resource not found for %1 using id %2:/network/pnfs/pnf/${pnf}/tenants/tenant/t1 not a valid path. tenants not valid`,
        'ERR.5.6.3001',
      ]),
    );
  });

  it('answers 404 AAI_3001 for a bad nesting on PUT, and writes nothing', async () => {
    const c = client();
    const pnf = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${pnf}/tenants/tenant/t1`, { 'tenant-name': 'n' });
    expect(res.status).toBe(404);
    const v = res.body.requestError.serviceException.variables;
    expect(res.body.requestError.serviceException.messageId).toBe('SVC3001');
    expect([v[0], v[2], v[3]]).toEqual([
      'PUT',
      `Resource not found for %1 using id %2:/network/pnfs/pnf/${pnf}/tenants/tenant/t1 not a valid path. tenants not valid`,
      'ERR.5.6.3001',
    ]);
    expect(await exists(`/network/pnfs/pnf/${pnf}`)).toBe(false);
  });

  it('answers 404 AAI_3001 for a cloud-region URI with only one of its two keys', async () => {
    const owner = uid('owner');
    const res = await client().get(`${V}/cloud-infrastructure/cloud-regions/cloud-region/${owner}`);
    expect(res.status).toBe(404);
    expect(res.body.requestError.serviceException.variables[2]).toBe(
      `Resource not found for %1 using id %2:/cloud-infrastructure/cloud-regions/cloud-region/${owner} not a valid path. cloud-region not valid`,
    );
    expect(res.body.requestError.serviceException.variables[3]).toBe('ERR.5.6.3001');
  });

  it('answers 404 AAI_3001 for a PUT to a collection URI', async () => {
    const res = await client().put(`${V}/network/pnfs`, { 'pnf-name': uid('pnf') });
    expect(res.status).toBe(404);
    expect(res.body.requestError.serviceException.variables[3]).toBe('ERR.5.6.3001');
  });

  it('answers 400 AAI_3008 for a path that is not valid UTF-8 percent-encoding', async () => {
    const res = await client().get(`${V}/network/pnfs/pnf/%E0%A4%A`);
    expect(res.status).toBe(400);
    // REST code 3008 has no placeholders: the template variables follow the ec (aai-compat.md §2.1 quirk).
    expect(res.body).toEqual(
      svc('SVC3008', 'URI is not encoded in UTF-8 (msg=%1) (ec=%2)', [
        'URI is not encoded in UTF-8:uri=v15/network/pnfs/pnf/%E0%A4%A',
        'ERR.5.6.3008',
        'GET',
        'v15/network/pnfs/pnf/%E0%A4%A',
      ]),
    );
  });
});

describe('request bodies', () => {
  it('answers 400 AAI_6111 for a body that is not valid JSON, and writes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.raw.put(`${V}/network/pnfs/pnf/${name}`).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/json' }).send('{"pnf-name": ');
    expect(res.status).toBe(400);
    // Consumer-level error (the body is parsed before the URI): %2 is the path relative to /aai.
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', `v15/network/pnfs/pnf/${name}`, 'JSON processing error', 'ERR.5.4.6111']));
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });

  it('answers 400 AAI_6111 for an invalid PATCH body', async () => {
    const c = client();
    const name = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${name}`, {});
    const res = await c.raw
      .patch(`${V}/network/pnfs/pnf/${name}`)
      .set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/merge-patch+json' })
      .send('{oops');
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables.slice(2)).toEqual(['JSON processing error', 'ERR.5.4.6111']);
  });

  it('answers 400 AAI_3000 for an unknown property, and writes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${name}`, { 'pnf-name': name, foo: 'bar' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', `v15/network/pnfs/pnf/${name}`, 'Invalid input performing %1 on %2:object could not be unmarshalled: unknown property "foo" in pnf', 'ERR.5.2.3000']),
    );
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });

  it('answers 400 AAI_3000 for an unknown property inside a child of a container', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${name}`, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', bar: 1 }] } });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toMatch(/^Invalid input performing %1 on %2:object could not be unmarshalled: unknown property "bar"/);
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });

  it('answers 400 AAI_3000 for a property of the wrong JSON type (boolean, integer, string)', async () => {
    const c = client();
    const pnf = uid('pnf');
    const bool = await c.put(`${V}/network/pnfs/pnf/${pnf}`, { 'in-maint': 'yes' });
    expect(bool.status).toBe(400);
    expect(bool.body.requestError.serviceException.messageId).toBe('SVC3000');
    expect(bool.body.requestError.serviceException.variables[2]).toMatch(
      /^Invalid input performing %1 on %2:object could not be unmarshalled: property "in-maint" of pnf must be boolean/,
    );
    expect(bool.body.requestError.serviceException.variables[3]).toBe('ERR.5.2.3000');

    const int = await c.put(`${V}/cloud-infrastructure/pservers/pserver/${uid('host')}`, { 'number-of-cpus': 'four' });
    expect(int.status).toBe(400);
    expect(int.body.requestError.serviceException.variables[2]).toMatch(/property "number-of-cpus" of pserver must be integer/);

    const str = await c.put(`${V}/network/pnfs/pnf/${pnf}`, { 'equip-type': 7 });
    expect(str.status).toBe(400);
    expect(str.body.requestError.serviceException.variables[2]).toMatch(/property "equip-type" of pnf must be string/);
    expect(await exists(`/network/pnfs/pnf/${pnf}`)).toBe(false);
  });

  // MOXy converts a JSON string into a Boolean or Long property; CCSDK's UpdateRequest sends every value as a string.
  it('stores "true"/"FALSE" for a boolean and "4" / "-2" for an integer as typed values (PUT, nested child, PATCH)', async () => {
    const c = client();
    const host = uid('host');
    const put = await c.put(`${V}/cloud-infrastructure/pservers/pserver/${host}`, {
      'number-of-cpus': '4',
      'in-maint': 'TRUE',
      'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'in-maint': 'false' }] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    const stored = await cypher<{ cpus: unknown; maint: unknown; pif: unknown }>(
      'MATCH (n:AaiNode {`aai-uri`: $u}) MATCH (p:AaiNode {`aai-uri`: $u + "/p-interfaces/p-interface/eth0"}) RETURN n.`number-of-cpus` AS cpus, n.`in-maint` AS maint, p.`in-maint` AS pif',
      { u: `/cloud-infrastructure/pservers/pserver/${host}` },
    );
    expect(stored[0]).toEqual({ cpus: 4, maint: true, pif: false });
    const patch = await c.patch(`${V}/cloud-infrastructure/pservers/pserver/${host}`, { 'number-of-cpus': '-2', 'in-maint': 'FALSE' });
    expect(patch.status).toBe(200);
    const got = (await c.get(`${V}/cloud-infrastructure/pservers/pserver/${host}`)).body;
    expect([got['number-of-cpus'], got['in-maint']]).toEqual([-2, false]);
  });

  it('answers 400 AAI_3000 for a resource-version that is not a string', async () => {
    const c = client();
    const res = await c.put(`${V}/network/pnfs/pnf/${uid('pnf')}`, { 'resource-version': 1700000000000 });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toMatch(/property "resource-version" of pnf must be string/);
  });

  it('answers 400 AAI_3000 for a body that is a JSON array, and writes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${name}`, [{ 'pnf-name': name }]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT',
        `v15/network/pnfs/pnf/${name}`,
        'Invalid input performing %1 on %2:object could not be unmarshalled: the body of a pnf must be a JSON object',
        'ERR.5.2.3000',
      ]),
    );
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });

  // An empty body is `{}`, as in A&AI (aai-errors.test.ts).
  for (const [label, raw] of [
    ['a bare string', '"pnf"'],
    ['null', 'null'],
  ] as const) {
    it(`answers 400 AAI_3000 for ${label} as a PUT body`, async () => {
      const c = client();
      const name = uid('pnf');
      const res = await c.raw.put(`${V}/network/pnfs/pnf/${name}`).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/json' }).send(raw);
      expect(res.status).toBe(400);
      expect(res.body.requestError.serviceException.variables.slice(2)).toEqual([
        'Invalid input performing %1 on %2:object could not be unmarshalled: the body of a pnf must be a JSON object',
        'ERR.5.2.3000',
      ]);
      expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
    });
  }

  it('answers 413 AAI_6147 for a body over BULK_BODY_LIMIT, writes nothing, and still accepts small bodies', async () => {
    const c = client(testApp({ BULK_BODY_LIMIT: '1kb' }));
    const name = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${name}`, { 'pnf-name': name, 'equip-model': 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', `v15/network/pnfs/pnf/${name}`, 'Payload Limit Reached, reduce payload:Request body is larger than the limit of 1024 bytes', 'ERR.5.4.6147']),
    );
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
    expect((await c.put(`${V}/network/pnfs/pnf/${name}`, { 'equip-model': 'x'.repeat(500) })).status).toBe(201);
  });

  it('answers 415 (POL3102) for a body that is not JSON', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.raw.put(`${V}/network/pnfs/pnf/${name}`).set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/xml' }).send('<pnf/>');
    expect(res.status).toBe(415);
    expect(res.body.requestError.policyException.messageId).toBe('POL3102');
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });
});

describe('unsupported methods', () => {
  it('answers 400 AAI_3012 for POST to a resource URI, and writes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.post(`${V}/network/pnfs/pnf/${name}`, { 'pnf-name': name });
    expect(res.status).toBe(400);
    // A&AI's InvalidResponseStatus renders Jersey's 405 as AAI_3012 without template variables.
    expect(res.body).toEqual(svc('SVC3012', 'Unrecognized AAI function (msg=%1) (ec=%2)', ['Unrecognized AAI function', 'ERR.5.6.3012']));
    expect(await exists(`/network/pnfs/pnf/${name}`)).toBe(false);
  });

  it('answers 400 AAI_3012 for PATCH and GET on a relationship-list/relationship URI', async () => {
    const c = client();
    const name = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${name}`, {});
    const get = await c.get(`${V}/network/pnfs/pnf/${name}/relationship-list/relationship`);
    expect(get.status).toBe(400);
    expect(get.body.requestError.serviceException.messageId).toBe('SVC3012');
    const patch = await c.patch(`${V}/network/pnfs/pnf/${name}/relationship-list/relationship`, { 'related-to': 'complex' });
    expect(patch.status).toBe(400);
    expect(patch.body.requestError.serviceException.messageId).toBe('SVC3012');
  });
});

describe('no internals in error bodies', () => {
  const LEAK = /neo4j|cypher|\bat [\w$.<>]+ \(|\.ts:\d+|\.js:\d+|stack|traceback/i;

  it('never includes a stack trace, "Neo4j" or "Cypher" in any error body', async () => {
    const c = client();
    const name = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${name}`, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } });
    const small = client(testApp({ BULK_BODY_LIMIT: '1kb' }));
    const headers = { 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'Content-Type': 'application/json' };
    const responses = [
      await c.raw.get(`${V}/network/pnfs/pnf/${name}`),
      await c.get(`/aai/v3/network/pnfs/pnf/${name}`),
      await c.get(`${V}/network/nope/x`),
      await c.get(`${V}/network/pnfs/pnf/${name}/tenants/tenant/x`),
      await c.get(`${V}/network/pnfs/pnf/%FF`),
      await c.get(`${V}/network/pnfs/pnf/${name}?depth=deep`),
      await c.get(`${V}/network/pnfs/pnf/${uid('missing')}`),
      await c.get(`${V}/network/pnfs?nope=1`),
      await c.get(`${V}/network/pnfs?resultIndex=99999999999999999999&resultSize=1`),
      await c.raw.put(`${V}/network/pnfs/pnf/${name}`).set(headers).send('{'),
      await c.put(`${V}/network/pnfs/pnf/${name}`, { foo: 1 }),
      await c.put(`${V}/network/pnfs/pnf/${name}`, {}),
      await c.put(`${V}/network/pnfs/pnf/${name}`, { 'resource-version': '1' }),
      await c.put(`${V}/network/pnfs/pnf/${name}`, { 'pnf-name': 'other' }),
      await c.put(`${V}/network/pnfs/pnf/${uid('p')}/p-interfaces/p-interface/x`, {}),
      await c.put(`${V}/network/pnfs/pnf/${'L'.repeat(9000)}`, {}),
      await c.patch(`${V}/network/pnfs/pnf/${uid('p')}`, { 'equip-type': 'x' }),
      await c.post(`${V}/network/pnfs/pnf/${name}`, {}),
      await small.put(`${V}/network/pnfs/pnf/${name}`, { 'equip-model': 'x'.repeat(2000) }),
    ];
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body).toHaveProperty('requestError');
      expect(res.text).not.toMatch(LEAK);
    }
  });
});

describe('robustness (BUGs found while testing)', () => {
  // Regression (found in testing): GET /aai/v15/network/pnfs?resultIndex=99999999999999999999&resultSize=1 answers 500 AAI_4000 (skip overflows the Neo4j integer).
  it('answers a 4xx, not 500, for a resultIndex beyond any page (resultIndex=99999999999999999999)', async () => {
    const c = client();
    const tag = uid('et');
    await c.put(`${V}/network/pnfs/pnf/${tag}`, { 'equip-type': tag });
    const res = await c.get(`${V}/network/pnfs?equip-type=${tag}&resultIndex=99999999999999999999&resultSize=1`);
    expect([400, 404]).toContain(res.status);
    expect(res.body.requestError.serviceException.variables[3]).toMatch(/^ERR\.5\.(4\.6114|2\.3000)$/);
  });

  // Regression (found in testing): PUT of a pnf whose aai-uri exceeds Neo4j's 8 KB index-key limit (e.g. a 9000-character pnf-name) answers 500 AAI_4000.
  it('never answers 500 for a very long key (9000 characters): it is stored, or refused with a 4xx A&AI error', async () => {
    const c = client();
    const name = `${uid('pnf')}-${'L'.repeat(9000)}`;
    const res = await c.put(`${V}/network/pnfs/pnf/${name}`, {});
    expect(res.status).toBeLessThan(500);
    if (res.status === 201) expect((await c.get(`${V}/network/pnfs/pnf/${name}`)).body['pnf-name']).toBe(name);
    else expect(res.body.requestError.serviceException.variables[0]).toBe('PUT');
  });
});

describe('regressions of the first review', () => {
  it('names the child type and place of an unknown property inside a child container', async () => {
    const c = client();
    const pnf = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${pnf}`, { 'pnf-name': pnf, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', bar: 1 }] } });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe(
      'Invalid input performing %1 on %2:object could not be unmarshalled: unknown property "bar" in p-interface (at /p-interfaces/p-interface/0)',
    );
  });

  it('says which list holds a non-object item', async () => {
    const c = client();
    const pnf = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${pnf}`, { 'pnf-name': pnf, 'p-interfaces': { 'p-interface': ['eth0'] } });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe(
      'Invalid input performing %1 on %2:object could not be unmarshalled: every item of p-interface must be an object (at /p-interfaces/p-interface)',
    );
  });

  it('refuses a boolean filter that is neither true nor false', async () => {
    const res = await client().get(`${V}/network/pnfs?in-maint=yes`);
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:in-maint must be true or false');
  });

  it('answers HEAD like GET, without a body', async () => {
    const c = client();
    const pnf = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${pnf}`, {});
    const res = await c.raw.head(`${V}/network/pnfs/pnf/${pnf}`).set(HEADERS);
    expect(res.status).toBe(200);
    expect(res.text ?? '').toBe('');
    expect((await c.raw.head(`${V}/network/pnfs/pnf/${pnf}-missing`).set(HEADERS)).status).toBe(404);
  });

  // A URI error is a consumer-level error: A&AI names the request path relative to /aai
  // (ResourcesControllerTest.thatUnknownPathReturnsBadRequest; ResourcesService.getLegacy for a read).
  it('reports the path form A&AI does for URI errors on reads and writes', async () => {
    const c = client();
    const get = await c.get(`${V}/network/pnfs/pnfx/a`);
    const put = await c.put(`${V}/network/pnfs/pnfx/a`, {});
    expect(get.body.requestError.serviceException.variables.slice(0, 2)).toEqual(['GET', 'v15/network/pnfs/pnfx/a']);
    expect(put.body.requestError.serviceException.variables.slice(0, 2)).toEqual(['PUT', 'v15/network/pnfs/pnfx/a']);
  });
});
