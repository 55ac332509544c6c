/**
 * Issue "Bounded under abuse": nested children in a PUT body count toward WRITE_MAX_OBJECTS (one
 * A&AI transaction's objects), refused with 400 AAI_6147 before any database work. The reported
 * case: a 5 MB PUT with 180,000 nested p-interfaces hit Neo4j's transaction memory limit at commit,
 * was retried 8 × ~11 s as if transient, and got a retryable 503 AAI_6134 after 105–148 s.
 */
import { describe, expect, it } from 'vitest';
import { client, testApp } from '../helpers/app.js';
import { pnfPath, svc, TEXT_3000, V } from '../helpers/aai.js';
import { cypher, uid } from '../helpers/neo4j.js';

const limitText = (n: number, max: number) =>
  `Payload Limit Reached, reduce payload:the transaction would write ${n} objects, more than the limit of ${max} (WRITE_MAX_OBJECTS), nested children included`;

const stored = async (prefix: string): Promise<number> =>
  Number((await cypher<{ n: number }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: prefix }))[0]?.n);

const pifs = (n: number) => ({ 'p-interface': Array.from({ length: n }, (_, i) => ({ 'interface-name': String(i) })) });

describe('the write budget', () => {
  it('refuses at once a 5 MB PUT with 180,000 nested p-interfaces: 400 AAI_6147 naming the limit, nothing written', async () => {
    const name = uid('wb-huge');
    const body = { 'pnf-name': name, 'p-interfaces': pifs(180_000) };
    expect(JSON.stringify(body).length).toBeGreaterThan(4_900_000); // under BULK_BODY_LIMIT (5 MB)
    const started = Date.now();
    const res = await client().put(`${V}${pnfPath(name)}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', pnfPath(name).slice(1), limitText(180_001, 10_000), 'ERR.5.4.6147']));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await stored(pnfPath(name))).toBe(0);
  }, 60_000);

  it('counts nested children at every depth; a body within the limit is written whole', async () => {
    const c = client(testApp({ WRITE_MAX_OBJECTS: '4' }));
    const [ok, over] = [uid('wb-ok'), uid('wb-over')];
    const nested = (n: number) => ({ 'p-interface': [{ 'interface-name': 'p', 'l-interfaces': { 'l-interface': Array.from({ length: n }, (_, i) => ({ 'interface-name': `l${i}` })) } }] });
    expect((await c.put(`${V}${pnfPath(ok)}`, { 'pnf-name': ok, 'p-interfaces': nested(2) })).status).toBe(201);
    expect(await stored(pnfPath(ok))).toBe(4);
    const res = await c.put(`${V}${pnfPath(over)}`, { 'pnf-name': over, 'p-interfaces': nested(3) });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe(limitText(5, 4));
    expect(await stored(pnfPath(over))).toBe(0);
  });

  it('bulkadd: a transaction over the limit fails alone (every operation 400 AAI_6147); the others commit', async () => {
    const c = client(testApp({ WRITE_MAX_OBJECTS: '3' }));
    const [a, b] = [uid('wb-a'), uid('wb-b')];
    const res = await c.put(`${V}/bulkadd`, {
      transactions: [
        { put: [{ uri: pnfPath(a), body: { 'p-interfaces': pifs(2) } }] },
        { put: [{ uri: pnfPath(b), body: { 'p-interfaces': pifs(2) } }, { uri: `${pnfPath(b)}-2`, body: {} }] },
      ],
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.transaction[0].put[0].body)).toEqual(['201']);
    expect(res.body.transaction[1].put.map((e: { body: object }) => Object.keys(e.body)[0])).toEqual(['400', '400']);
    expect(await stored(pnfPath(a))).toBe(3);
    expect(await stored(pnfPath(b))).toBe(0);
  });
});
