/**
 * Issue 13 "Bounded under abuse: no input can cause a 500 or a duplicate": integer keys by value.
 * A&AI looks nodes up by key value, so `…/cvlan-tag/10`, `/010` and `/0010` are one object (the
 * second create is an update without resource-version: 412), `-0` is `0`, and a key no JSON number
 * carries exactly is a 400. The v15 integer keys: cvlan-tag.cvlan-tag, ctag-assignment.vlan-id-inner,
 * forwarder.sequence (there are no boolean keys).
 */
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { create, edgesBetween, svc, TEXT_3000, V, type Client } from '../helpers/aai.js';
import { integrityOf } from '../helpers/integrity.js';
import { cypher, uid } from '../helpers/neo4j.js';

interface Stored {
  uri: string;
  value: unknown;
}

/** The nodes stored under `prefix` and their `prop`, read from Neo4j. */
async function storedUnder(prefix: string, prop: string): Promise<Stored[]> {
  return cypher<Stored>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN n.`aai-uri` AS uri, n[$prop] AS value ORDER BY uri', { p: prefix, prop });
}

/** A vce with a port-group: the parent of cvlan-tags. Returns the port-group's URI. */
async function portGroup(c: Client): Promise<string> {
  const vce = `/network/vces/vce/${uid('vce')}`;
  await create(c, vce, { 'vnf-name': 'n', 'vnf-type': 't' });
  await create(c, `${vce}/port-groups/port-group/pg`, { 'orchestration-status': 'active' });
  return `${vce}/port-groups/port-group/pg`;
}

/** An error before the database work names the request path relative to /aai (A&AI's consumer variables), on a read as on a write. */
const shown = (_method: string, path: string) => `v15${path}`;
const invalidKey = (method: string, path: string, msg: string) => svc('SVC3000', TEXT_3000, [method, shown(method, path), `Invalid input performing %1 on %2:${msg}`, 'ERR.5.2.3000']);

describe('integer keys address nodes by value', () => {
  it('cvlan-tag 10, 010 and 0010 are one node, stored once as /10 with cvlan-tag 10; the later creates are 412', async () => {
    const c = client();
    const pg = await portGroup(c);
    const tags = `${pg}/cvlan-tags/cvlan-tag`;
    expect((await c.put(`${V}${tags}/10`, {})).status).toBe(201);
    for (const key of ['010', '0010']) {
      const again = await c.put(`${V}${tags}/${key}`, {});
      expect(again.status, key).toBe(412);
      // A&AI names a child by its own segment (Introspector.getURI): the canonical one.
      expect(again.body.requestError.serviceException.variables.slice(2)).toEqual(['Precondition Required:resource-version not passed for update of /cvlan-tags/cvlan-tag/10', 'ERR.5.4.6130']);
    }
    expect(await storedUnder(`${pg}/cvlan-tags/`, 'cvlan-tag')).toEqual([{ uri: `${tags}/10`, value: 10 }]);
    const read = await c.get(`${V}${tags}/0010`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ 'cvlan-tag': 10 });
  });

  it('compares the body key with the URI key by value: /010 with "cvlan-tag": 10 is that node, 11 is a mismatch', async () => {
    const c = client();
    const pg = await portGroup(c);
    const tags = `${pg}/cvlan-tags/cvlan-tag`;
    expect((await c.put(`${V}${tags}/010`, { 'cvlan-tag': 10 })).status).toBe(201);
    const mismatch = await c.put(`${V}${tags}/010`, { 'cvlan-tag': 11 });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual(invalidKey('PUT', `${tags}/010`, "uri and payload keys don't match"));
    const rv = String((await c.get(`${V}${tags}/10`)).body['resource-version']);
    expect((await c.put(`${V}${tags}/00010`, { 'cvlan-tag': 10, 'resource-version': rv })).status).toBe(200);
    expect(await storedUnder(`${pg}/cvlan-tags/`, 'cvlan-tag')).toEqual([{ uri: `${tags}/10`, value: 10 }]);
  });

  it('-0 is 0', async () => {
    const c = client();
    const pg = await portGroup(c);
    const tags = `${pg}/cvlan-tags/cvlan-tag`;
    expect((await c.put(`${V}${tags}/-0`, {})).status).toBe(201);
    expect((await c.put(`${V}${tags}/0`, {})).status).toBe(412);
    expect((await c.put(`${V}${tags}/-00`, { 'cvlan-tag': -0 })).status).toBe(412);
    const stored = await storedUnder(`${pg}/cvlan-tags/`, 'cvlan-tag');
    expect(stored).toEqual([{ uri: `${tags}/0`, value: 0 }]);
    expect(Object.is(stored[0]?.value, 0)).toBe(true);
  });

  it.each([
    ['9007199254740993', 'beyond ±9007199254740991, the largest integers JSON numbers carry exactly'],
    ['9007199254740992', 'beyond ±9007199254740991, the largest integers JSON numbers carry exactly'],
    ['-9223372036854775809', 'outside the signed 64-bit range'],
    ['99999999999999999999999999999999999999', 'outside the signed 64-bit range'],
    ['1e3', 'must be an integer'],
    ['ten', 'must be an integer'],
  ])('refuses the key %s with 400 AAI_3000, storing nothing', async (key, problem) => {
    const c = client();
    const pg = await portGroup(c);
    const uri = `${pg}/cvlan-tags/cvlan-tag/${key}`;
    for (const [method, res] of [
      ['PUT', await c.put(`${V}${uri}`, {})],
      ['GET', await c.get(`${V}${uri}`)],
    ] as const) {
      expect(res.status, method).toBe(400);
      expect(res.body).toEqual(invalidKey(method, uri, `Invalid key value "${key}" for cvlan-tag.cvlan-tag: ${problem}`));
    }
    expect(await storedUnder(`${pg}/cvlan-tags/`, 'cvlan-tag')).toEqual([]);
  });

  it('bulkadd: /cvlan-tag/20 and /cvlan-tag/020 in two transactions create one node', async () => {
    const c = client();
    const pg = await portGroup(c);
    const tags = `${pg}/cvlan-tags/cvlan-tag`;
    const res = await c.put('/aai/v15/bulkadd', { transactions: [{ put: [{ uri: `${tags}/20`, body: {} }] }, { put: [{ uri: `${tags}/020`, body: {} }] }] });
    expect(res.status).toBe(201);
    expect(res.body.transaction.map((t: { put: { body: object }[] }) => Object.keys(t.put[0]?.body ?? {})[0])).toEqual(['201', '412']);
    expect(await storedUnder(`${pg}/cvlan-tags/`, 'cvlan-tag')).toEqual([{ uri: `${tags}/20`, value: 20 }]);
  });

  it('ctag-assignment.vlan-id-inner: 7 and 007 are one node', async () => {
    const c = client();
    const net = `/network/l3-networks/l3-network/${uid('net')}`;
    await create(c, net, {});
    expect((await c.put(`${V}${net}/ctag-assignments/ctag-assignment/007`, {})).status).toBe(201);
    expect((await c.put(`${V}${net}/ctag-assignments/ctag-assignment/7`, {})).status).toBe(412);
    expect(await storedUnder(`${net}/`, 'vlan-id-inner')).toEqual([{ uri: `${net}/ctag-assignments/ctag-assignment/7`, value: 7 }]);
  });

  it('forwarder.sequence: 1 and 01 are one node, and relationship-data "01" relates to it', async () => {
    const c = client();
    const fpId = uid('fp');
    const fp = `/network/forwarding-paths/forwarding-path/${fpId}`;
    await create(c, fp, { 'forwarding-path-name': 'p' });
    expect((await c.put(`${V}${fp}/forwarders/forwarder/01`, {})).status).toBe(201);
    expect((await c.put(`${V}${fp}/forwarders/forwarder/1`, {})).status).toBe(412);
    expect(await storedUnder(`${fp}/`, 'sequence')).toEqual([{ uri: `${fp}/forwarders/forwarder/1`, value: 1 }]);

    const vnf = `/network/generic-vnfs/generic-vnf/${uid('vnf')}`;
    const data = [
      { 'relationship-key': 'forwarding-path.forwarding-path-id', 'relationship-value': fpId },
      { 'relationship-key': 'forwarder.sequence', 'relationship-value': '01' },
    ];
    await create(c, vnf, { 'vnf-type': 't', 'relationship-list': { relationship: [{ 'related-to': 'forwarder', 'relationship-data': data }] } });
    expect(await edgesBetween(vnf, `${fp}/forwarders/forwarder/1`)).toEqual([{ label: 'org.onap.relationships.inventory.AppliesTo', from: `${fp}/forwarders/forwarder/1`, to: vnf }]);
  });
});

describe('the integrity check and integer keys', () => {
  it('reports a node stored under /cvlan-tag/010 as bad-uri: not the canonical form of its URI', async () => {
    const c = client();
    const pg = await portGroup(c);
    const bad = `${pg}/cvlan-tags/cvlan-tag/010`;
    await cypher(
      `MATCH (pg:AaiNode {\`aai-uri\`: $pg})
       CREATE (:AaiNode:\`cvlan-tag\` {\`aai-uri\`: $bad, \`aai-node-type\`: 'cvlan-tag', \`resource-version\`: '1', \`cvlan-tag\`: 10})-[:\`org.onap.relationships.inventory.BelongsTo\`]->(pg)`,
      { pg, bad },
    );
    try {
      const report = await integrityOf(`${pg}/cvlan-tags/`);
      expect(report.examples).toEqual([{ kind: 'bad-uri', uri: bad, detail: `not the canonical form of its URI (${pg}/cvlan-tags/cvlan-tag/10)` }]);
    } finally {
      await cypher('MATCH (n:AaiNode {`aai-uri`: $bad}) DETACH DELETE n', { bad });
    }
    expect((await integrityOf(`${pg}/cvlan-tags/`)).total).toBe(0);
  });
});

describe('integers are stored as Neo4j integers', () => {
  it('an integer key, an integer property and the timestamps are INTEGER in Neo4j, on create and on update', async () => {
    const c = client();
    const pg = await portGroup(c);
    const tag = `${pg}/cvlan-tags/cvlan-tag/10`;
    expect((await c.put(`${V}${tag}`, {})).status).toBe(201);
    const server = `/cloud-infrastructure/pservers/pserver/${uid('ps')}`;
    await create(c, server, { 'number-of-cpus': 8 });
    const types = (uri: string, props: string[]) =>
      cypher<Record<string, string>>(`MATCH (n:AaiNode {\`aai-uri\`: $u}) RETURN ${props.map((p, i) => `valueType(n.\`${p}\`) AS t${i}`).join(', ')}`, { u: uri });
    expect(await types(tag, ['cvlan-tag', 'aai-created-ts', 'aai-last-mod-ts'])).toEqual([{ t0: 'INTEGER NOT NULL', t1: 'INTEGER NOT NULL', t2: 'INTEGER NOT NULL' }]);
    expect(await types(server, ['number-of-cpus'])).toEqual([{ t0: 'INTEGER NOT NULL' }]);
    const rv = (await c.get(`${V}${server}`)).body['resource-version'] as string;
    expect((await c.patch(`${V}${server}`, { 'number-of-cpus': 16, 'resource-version': rv })).status).toBe(200);
    expect(await types(server, ['number-of-cpus', 'aai-last-mod-ts'])).toEqual([{ t0: 'INTEGER NOT NULL', t1: 'INTEGER NOT NULL' }]);
    expect((await c.get(`${V}${server}`)).body['number-of-cpus']).toBe(16);
  });
});
