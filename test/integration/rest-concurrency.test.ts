/**
 * Issue "A&AI v15 inventory model and REST API": no duplicates and no lost updates under concurrent
 * writers. The uniqueness constraint on aai-uri makes a second node impossible; the write lock taken
 * before resource-version is read makes exactly one of the writers holding the same value win.
 */
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { expectIntact, integrityOf } from '../helpers/integrity.js';
import { cypher, uid } from '../helpers/neo4j.js';

describe('concurrent PUTs', () => {
  it('20 concurrent PUTs creating the same URI: exactly one 201, the rest 412, one node', async () => {
    const c = client();
    const name = uid('pnf-race');
    const uri = `/aai/v15/network/pnfs/pnf/${name}`;
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => c.put(uri, { 'pnf-name': name, 'equip-model': `m${i}` })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    for (const r of responses.filter((x) => x.status === 412)) {
      expect(r.body.requestError.serviceException.variables[2]).toBe(`Precondition Required:resource-version not passed for update of /network/pnfs/pnf/${name}`);
    }
    const rows = await cypher<{ n: number }>('MATCH (n:AaiNode {`aai-uri`: $u}) RETURN count(n) AS n', { u: `/network/pnfs/pnf/${name}` });
    expect(rows[0]?.n).toBe(1);
    await expectIntact(`/network/pnfs/pnf/${name}`);
  });

  it('20 concurrent PUTs updating with the same resource-version: exactly one 200, the rest 412', async () => {
    const c = client();
    const name = uid('pnf-upd');
    const uri = `/aai/v15/network/pnfs/pnf/${name}`;
    expect((await c.put(uri, { 'pnf-name': name })).status).toBe(201);
    const rv = (await c.get(uri)).body['resource-version'] as string;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => c.put(uri, { 'pnf-name': name, 'equip-model': `m${i}`, 'resource-version': rv })),
    );
    const ok = responses.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(19);
    for (const r of responses.filter((x) => x.status === 412)) {
      expect(r.body.requestError.serviceException.variables[2]).toBe(`Precondition Failed:resource-version MISMATCH for update of /network/pnfs/pnf/${name}`);
    }
    // The winner's write is the one stored, with a new, larger resource-version.
    const winner = responses.indexOf(ok[0] as (typeof responses)[number]);
    const after = (await c.get(uri)).body;
    expect(after['equip-model']).toBe(`m${winner}`);
    expect(Number(after['resource-version'])).toBeGreaterThan(Number(rv));
    await expectIntact(`/network/pnfs/pnf/${name}`);
  });

  it('gives every write a strictly larger resource-version, even within one millisecond', async () => {
    const c = client();
    const name = uid('pnf-rv');
    const uri = `/aai/v15/network/pnfs/pnf/${name}`;
    await c.put(uri, { 'pnf-name': name });
    let rv = (await c.get(uri)).body['resource-version'] as string;
    for (let i = 0; i < 10; i++) {
      expect((await c.put(uri, { 'pnf-name': name, 'resource-version': rv })).status).toBe(200);
      const next = (await c.get(uri)).body['resource-version'] as string;
      expect(Number(next)).toBeGreaterThan(Number(rv));
      rv = next;
    }
  });
});

describe('a delete racing writes under the node', () => {
  it('never answers 500 when children are created while their parent is deleted', async () => {
    const c = client();
    for (let round = 0; round < 5; round++) {
      const name = uid('pnf-del-race');
      const uri = `/aai/v15/network/pnfs/pnf/${name}`;
      await c.put(uri, { 'pnf-name': name });
      const rv = (await c.get(uri)).body['resource-version'] as string;
      const responses = await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => c.put(`${uri}/p-interfaces/p-interface/eth${i}`, {})),
        c.delete(`${uri}?resource-version=${rv}`),
      ]);
      for (const r of responses) expect([201, 204, 404]).toContain(r.status);
      // Whatever won, nothing is left orphaned: children exist only under an existing parent.
      const orphans = await cypher<{ n: number }>(
        'MATCH (c:`p-interface`) WHERE c.`aai-uri` STARTS WITH $p AND NOT EXISTS { MATCH (:pnf {`aai-uri`: $u}) } RETURN count(c) AS n',
        { p: `/network/pnfs/pnf/${name}/`, u: `/network/pnfs/pnf/${name}` },
      );
      expect(orphans[0]?.n).toBe(0);
      expect((await integrityOf(`/network/pnfs/pnf/${name}`)).examples).toEqual([]);
    }
  });
});
