/**
 * Issue "A&AI v15 inventory model and REST API": PUT (create / full replace, keys, defaults,
 * resource-version, parents, child containers, implied delete) and PATCH (merge-patch) on the
 * single-object REST API, for pnf, p-interface, l-interface, lag-interface, logical-link, complex,
 * pserver, generic-vnf, cloud-region and tenant. Contract: aai-compat.md §5, §6.4-6.5, §7, §11.
 */
import { describe, expect, it } from 'vitest';
import { client, testApp } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';
import { svc, TEXT_3000, TEXT_3001, V } from '../helpers/aai.js';

type Client = ReturnType<typeof client>;
type Row = Record<string, unknown>;


/** The node stored under a canonical aai-uri: its properties and labels, or undefined. */
async function stored(aaiUri: string): Promise<{ p: Row; labels: string[] } | undefined> {
  const rows = await cypher<{ p: Row; labels: string[] }>('MATCH (n:AaiNode {`aai-uri`: $u}) RETURN properties(n) AS p, labels(n) AS labels', { u: aaiUri });
  return rows[0];
}

async function countUnder(aaiUri: string): Promise<number> {
  const rows = await cypher<{ c: number }>('MATCH (n:AaiNode) WHERE n.`aai-uri` = $u OR n.`aai-uri` STARTS WITH $p RETURN count(n) AS c', { u: aaiUri, p: `${aaiUri}/` });
  return Number(rows[0]?.c);
}

async function rvOf(c: Client, url: string): Promise<string> {
  const res = await c.get(url);
  expect(res.status).toBe(200);
  return res.body['resource-version'] as string;
}

const COMPLEX_REQUIRED = { 'physical-location-type': 'office', street1: '1 Main St', city: 'Springfield', 'postal-code': '12345', country: 'US', region: 'NA' };

describe('PUT /aai/v15/network/pnfs/pnf/{pnf-name}: create', () => {
  it('answers 201 with an empty body and stores the node with its labels and canonical aai-uri', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${name}`, { 'pnf-name': name, 'equip-type': 'router' });
    expect(res.status).toBe(201);
    expect(res.text).toBe('');
    const n = await stored(`/network/pnfs/pnf/${name}`);
    expect(n?.labels.sort()).toEqual(['AaiNode', 'pnf']);
    expect(n?.p).toMatchObject({ 'pnf-name': name, 'equip-type': 'router', 'aai-node-type': 'pnf' });
  });

  it('stores A&AI bookkeeping: source-of-truth = X-FromAppId, aai-last-mod-transaction-id = X-TransactionId, aai-uuid, timestamps, resource-version', async () => {
    const c = client();
    const name = uid('pnf');
    const tx = uid('tx');
    const before = Date.now();
    const res = await c.raw
      .put(`${V}/network/pnfs/pnf/${name}`)
      .set({ 'X-FromAppId': 'crud-creator', 'X-TransactionId': tx, 'Content-Type': 'application/json' })
      .send({ 'pnf-name': name });
    expect(res.status).toBe(201);
    const p = (await stored(`/network/pnfs/pnf/${name}`))?.p;
    expect(p?.['source-of-truth']).toBe('crud-creator');
    expect(p?.['last-mod-source-of-truth']).toBe('crud-creator');
    expect(p?.['aai-last-mod-transaction-id']).toBe(tx);
    expect(p?.['aai-uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Number(p?.['aai-created-ts'])).toBeGreaterThanOrEqual(before);
    expect(Number(p?.['aai-last-mod-ts'])).toBe(Number(p?.['aai-created-ts']));
    expect(p?.['resource-version']).toMatch(/^\d{13,}$/);
    expect(p?.['resource-version']).toBe(await rvOf(c, `${V}/network/pnfs/pnf/${name}`));
  });

  it('takes source-of-truth from X-SourceOfTruth before X-FromAppId, and the transaction id from X-ONAP-RequestID first', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.raw
      .put(`${V}/network/pnfs/pnf/${name}`)
      .set({ 'X-FromAppId': 'from-app', 'X-SourceOfTruth': 'the-sot', 'X-TransactionId': 'tx-1', 'X-ONAP-RequestID': 'onap-req-1', 'Content-Type': 'application/json' })
      .send({});
    expect(res.status).toBe(201);
    const p = (await stored(`/network/pnfs/pnf/${name}`))?.p;
    expect(p?.['source-of-truth']).toBe('the-sot');
    expect(p?.['aai-last-mod-transaction-id']).toBe('onap-req-1');
  });

  it('fills required properties that have defaults (in-maint=false)', async () => {
    const c = client();
    const name = uid('pnf');
    expect((await c.put(`${V}/network/pnfs/pnf/${name}`, { 'pnf-name': name })).status).toBe(201);
    expect((await stored(`/network/pnfs/pnf/${name}`))?.p['in-maint']).toBe(false);
    expect((await c.get(`${V}/network/pnfs/pnf/${name}`)).body['in-maint']).toBe(false);
  });

  it('keeps an explicit in-maint=true instead of the default', async () => {
    const c = client();
    const name = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${name}`, { 'in-maint': true });
    expect((await stored(`/network/pnfs/pnf/${name}`))?.p['in-maint']).toBe(true);
  });

  it('injects the key from the URI when the body omits it (or sends null)', async () => {
    const c = client();
    const a = uid('pnf');
    const b = uid('pnf');
    expect((await c.put(`${V}/network/pnfs/pnf/${a}`, { 'equip-type': 'x' })).status).toBe(201);
    expect((await c.put(`${V}/network/pnfs/pnf/${b}`, { 'pnf-name': null })).status).toBe(201);
    expect((await stored(`/network/pnfs/pnf/${a}`))?.p['pnf-name']).toBe(a);
    expect((await stored(`/network/pnfs/pnf/${b}`))?.p['pnf-name']).toBe(b);
  });

  it("answers 400 AAI_3000 \"uri and payload keys don't match\" when the body names another key, and creates nothing", async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${name}`, { 'pnf-name': `${name}-other` });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', `v15/network/pnfs/pnf/${name}`, "Invalid input performing %1 on %2:uri and payload keys don't match", 'ERR.5.2.3000']),
    );
    expect(await countUnder(`/network/pnfs/pnf/${name}`)).toBe(0);
    expect(await countUnder(`/network/pnfs/pnf/${name}-other`)).toBe(0);
  });

  it('answers 412 AAI_6135 when creating with a resource-version, and creates nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${name}`, { 'pnf-name': name, 'resource-version': '1700000000000' });
    expect(res.status).toBe(412);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT',
        `network/pnfs/pnf/${name}`,
        `Resource version specified on create:resource-version passed for create of /network/pnfs/pnf/${name}`,
        'ERR.5.4.6135',
      ]),
    );
    expect(await stored(`/network/pnfs/pnf/${name}`)).toBeUndefined();
  });

  it('accepts an empty resource-version on create (A&AI reads null and "" alike)', async () => {
    const c = client();
    const name = uid('pnf');
    expect((await c.put(`${V}/network/pnfs/pnf/${name}`, { 'resource-version': '' })).status).toBe(201);
  });
});

describe('PUT /aai/v15/network/pnfs/pnf/{pnf-name}: update (full replace)', () => {
  it('answers 200 with an empty body and removes the properties absent from the body', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, { 'equip-type': 'router', 'equip-vendor': 'acme', 'in-maint': true });
    const rv = await rvOf(c, url);
    const res = await c.put(url, { 'pnf-name': name, 'equip-model': 'm2', 'resource-version': rv });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const body = (await c.get(url)).body;
    expect(body['equip-model']).toBe('m2');
    expect(body).not.toHaveProperty('equip-type');
    expect(body).not.toHaveProperty('equip-vendor');
    // in-maint is required with a default: a body without it gets the default again.
    expect(body['in-maint']).toBe(false);
    const p = (await stored(`/network/pnfs/pnf/${name}`))?.p;
    expect(p).not.toHaveProperty('equip-type');
    expect(p).not.toHaveProperty('equip-vendor');
  });

  it('keeps aai-uuid, aai-created-ts and source-of-truth; updates last-mod-source-of-truth, transaction id and resource-version', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.raw.put(url).set({ 'X-FromAppId': 'first-app', 'X-TransactionId': 'tx-a', 'Content-Type': 'application/json' }).send({});
    const before = (await stored(`/network/pnfs/pnf/${name}`))?.p;
    const res = await c.raw
      .put(url)
      .set({ 'X-FromAppId': 'second-app', 'X-TransactionId': 'tx-b', 'Content-Type': 'application/json' })
      .send({ 'equip-type': 'x', 'resource-version': before?.['resource-version'] });
    expect(res.status).toBe(200);
    const after = (await stored(`/network/pnfs/pnf/${name}`))?.p;
    expect(after?.['aai-uuid']).toBe(before?.['aai-uuid']);
    expect(after?.['aai-created-ts']).toBe(before?.['aai-created-ts']);
    expect(after?.['source-of-truth']).toBe('first-app');
    expect(after?.['last-mod-source-of-truth']).toBe('second-app');
    expect(after?.['aai-last-mod-transaction-id']).toBe('tx-b');
    expect(Number(after?.['resource-version'])).toBeGreaterThan(Number(before?.['resource-version']));
    expect(Number(after?.['aai-last-mod-ts'])).toBeGreaterThanOrEqual(Number(before?.['aai-last-mod-ts']));
  });

  it('answers 412 AAI_6130 when updating without resource-version, and changes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, { 'equip-type': 'old' });
    const rv = await rvOf(c, url);
    const res = await c.put(url, { 'pnf-name': name, 'equip-type': 'new' });
    expect(res.status).toBe(412);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', `network/pnfs/pnf/${name}`, `Precondition Required:resource-version not passed for update of /network/pnfs/pnf/${name}`, 'ERR.5.4.6130']),
    );
    const body = (await c.get(url)).body;
    expect(body['equip-type']).toBe('old');
    expect(body['resource-version']).toBe(rv);
  });

  it('answers 412 AAI_6131 when updating with a stale resource-version, and changes nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, { 'equip-type': 'old' });
    const rv = await rvOf(c, url);
    const res = await c.put(url, { 'equip-type': 'new', 'resource-version': String(Number(rv) - 1) });
    expect(res.status).toBe(412);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', `network/pnfs/pnf/${name}`, `Precondition Failed:resource-version MISMATCH for update of /network/pnfs/pnf/${name}`, 'ERR.5.4.6131']),
    );
    expect((await c.get(url)).body['equip-type']).toBe('old');
  });

  it('treats an empty resource-version on update as missing (412 AAI_6130)', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, {});
    const res = await c.put(url, { 'resource-version': '' });
    expect(res.status).toBe(412);
    expect(res.body.requestError.serviceException.variables[3]).toBe('ERR.5.4.6130');
  });
});

describe('PUT of child nodes: p-interface, l-interface (nested), lag-interface', () => {
  it('creates a p-interface under an existing pnf (201), stored under the parent URI and linked to it with BindsTo', async () => {
    const c = client();
    const pnf = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${pnf}`, {});
    const res = await c.put(`${V}/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`, { 'interface-name': 'eth0', 'speed-value': '10' });
    expect(res.status).toBe(201);
    const child = `/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`;
    const n = await stored(child);
    expect(n?.labels.sort()).toEqual(['AaiNode', 'p-interface']);
    expect(n?.p).toMatchObject({ 'interface-name': 'eth0', 'speed-value': '10', 'in-maint': false, 'source-of-truth': 'test-app' });
    const edges = await cypher<{ label: string }>('MATCH (:AaiNode {`aai-uri`: $c})-[e]->(:AaiNode {`aai-uri`: $p}) RETURN type(e) AS label', {
      c: child,
      p: `/network/pnfs/pnf/${pnf}`,
    });
    expect(edges.map((e) => e.label)).toEqual(['tosca.relationships.network.BindsTo']);
  });

  it('answers 404 AAI_6114 "No parent Node" when the parent pnf does not exist, and creates nothing', async () => {
    const c = client();
    const pnf = uid('pnf-missing');
    const path = `network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`;
    const res = await c.put(`${V}/${path}`, {});
    expect(res.status).toBe(404);
    expect(res.body).toEqual(svc('SVC3001', TEXT_3001, ['PUT', path, `Node Not Found:No parent Node of type pnf for ${path}`, 'ERR.5.4.6114']));
    expect(await countUnder(`/network/pnfs/pnf/${pnf}`)).toBe(0);
  });

  it('creates l-interfaces at any depth: p-interface → l-interface → l-interface', async () => {
    const c = client();
    const pnf = uid('pnf');
    const pi = `${V}/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`;
    expect((await c.put(`${V}/network/pnfs/pnf/${pnf}`, {})).status).toBe(201);
    expect((await c.put(pi, {})).status).toBe(201);
    expect((await c.put(`${pi}/l-interfaces/l-interface/l1`, {})).status).toBe(201);
    expect((await c.put(`${pi}/l-interfaces/l-interface/l1/l-interfaces/l-interface/l1.100`, { 'interface-role': 'vlan' })).status).toBe(201);
    const deepest = `/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0/l-interfaces/l-interface/l1/l-interfaces/l-interface/l1.100`;
    const n = await stored(deepest);
    expect(n?.p).toMatchObject({
      'interface-name': 'l1.100',
      'interface-role': 'vlan',
      'aai-node-type': 'l-interface',
      'in-maint': false,
      'is-port-mirrored': false,
      'is-ip-unnumbered': false,
    });
    const res = await c.get(`${pi}/l-interfaces/l-interface/l1/l-interfaces/l-interface/l1.100`);
    expect(res.status).toBe(200);
    expect(res.body['interface-name']).toBe('l1.100');
  });

  it('answers 404 naming the missing intermediate parent type (l-interface) for a nested l-interface', async () => {
    const c = client();
    const pnf = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${pnf}`, {});
    await c.put(`${V}/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`, {});
    const path = `network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0/l-interfaces/l-interface/nope/l-interfaces/l-interface/x`;
    const res = await c.put(`${V}/${path}`, {});
    expect(res.status).toBe(404);
    expect(res.body.requestError.serviceException.variables[2]).toBe(`Node Not Found:No parent Node of type l-interface for ${path}`);
  });

  it('creates a lag-interface under a pnf and an l-interface under the lag-interface', async () => {
    const c = client();
    const pnf = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${pnf}`, {});
    const lag = `${V}/network/pnfs/pnf/${pnf}/lag-interfaces/lag-interface/ae0`;
    expect((await c.put(lag, { 'interface-description': 'bundle' })).status).toBe(201);
    expect((await c.put(`${lag}/l-interfaces/l-interface/ae0.10`, {})).status).toBe(201);
    expect((await stored(`/network/pnfs/pnf/${pnf}/lag-interfaces/lag-interface/ae0`))?.p).toMatchObject({ 'interface-description': 'bundle', 'in-maint': false });
    expect((await stored(`/network/pnfs/pnf/${pnf}/lag-interfaces/lag-interface/ae0/l-interfaces/l-interface/ae0.10`))?.p['aai-node-type']).toBe('l-interface');
  });

  it('names the child by its relative URI (/p-interfaces/p-interface/eth0) in 412 messages', async () => {
    const c = client();
    const pnf = uid('pnf');
    const path = `network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`;
    await c.put(`${V}/network/pnfs/pnf/${pnf}`, {});
    await c.put(`${V}/${path}`, {});
    const missing = await c.put(`${V}/${path}`, { 'speed-value': '1' });
    expect(missing.status).toBe(412);
    expect(missing.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', path, 'Precondition Required:resource-version not passed for update of /p-interfaces/p-interface/eth0', 'ERR.5.4.6130']),
    );
    const stale = await c.put(`${V}/${path}`, { 'resource-version': '1' });
    expect(stale.status).toBe(412);
    expect(stale.body.requestError.serviceException.variables[2]).toBe('Precondition Failed:resource-version MISMATCH for update of /p-interfaces/p-interface/eth0');
    const created = await c.put(`${V}/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth9`, { 'resource-version': '1' });
    expect(created.status).toBe(412);
    expect(created.body.requestError.serviceException.variables[2]).toBe(
      'Resource version specified on create:resource-version passed for create of /p-interfaces/p-interface/eth9',
    );
  });

  it('updates a child with its resource-version (200) and replaces its properties', async () => {
    const c = client();
    const pnf = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`;
    await c.put(`${V}/network/pnfs/pnf/${pnf}`, {});
    await c.put(url, { 'speed-value': '10', 'port-description': 'uplink' });
    const res = await c.put(url, { 'in-maint': true, 'resource-version': await rvOf(c, url) });
    expect(res.status).toBe(200);
    const body = (await c.get(url)).body;
    expect(body['in-maint']).toBe(true);
    expect(body).not.toHaveProperty('speed-value');
    expect(body).not.toHaveProperty('port-description');
  });

  it("answers 400 \"uri and payload keys don't match\" when a child's body names another key", async () => {
    const c = client();
    const pnf = uid('pnf');
    await c.put(`${V}/network/pnfs/pnf/${pnf}`, {});
    const path = `network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`;
    const res = await c.put(`${V}/${path}`, { 'interface-name': 'eth1' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', `v15/${path}`, "Invalid input performing %1 on %2:uri and payload keys don't match", 'ERR.5.2.3000']));
    expect(await countUnder(`/network/pnfs/pnf/${pnf}/p-interfaces`)).toBe(0);
  });
});

describe('PUT with child containers in the body', () => {
  it('creates the children of a pnf (p-interfaces with nested l-interfaces), with defaults and parent edges', async () => {
    const c = client();
    const pnf = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${pnf}`, {
      'p-interfaces': {
        'p-interface': [
          { 'interface-name': 'eth0', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0.1', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0.1.7' }] } }] } },
          { 'interface-name': 'eth1', 'speed-value': '100' },
        ],
      },
    });
    expect(res.status).toBe(201);
    const root = `/network/pnfs/pnf/${pnf}`;
    const rows = await cypher<{ u: string; t: string; sot: string }>(
      'MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN n.`aai-uri` AS u, n.`aai-node-type` AS t, n.`source-of-truth` AS sot ORDER BY u',
      { p: `${root}/` },
    );
    expect(rows).toEqual([
      { u: `${root}/p-interfaces/p-interface/eth0`, t: 'p-interface', sot: 'test-app' },
      { u: `${root}/p-interfaces/p-interface/eth0/l-interfaces/l-interface/eth0.1`, t: 'l-interface', sot: 'test-app' },
      { u: `${root}/p-interfaces/p-interface/eth0/l-interfaces/l-interface/eth0.1/l-interfaces/l-interface/eth0.1.7`, t: 'l-interface', sot: 'test-app' },
      { u: `${root}/p-interfaces/p-interface/eth1`, t: 'p-interface', sot: 'test-app' },
    ]);
    expect((await stored(`${root}/p-interfaces/p-interface/eth1`))?.p).toMatchObject({ 'speed-value': '100', 'in-maint': false });
    const bindsTo = await cypher<{ c: number }>(
      'MATCH (:AaiNode {`aai-uri`: $l})-[e:`tosca.relationships.network.BindsTo`]->(:AaiNode {`aai-uri`: $p}) RETURN count(e) AS c',
      { l: `${root}/p-interfaces/p-interface/eth0/l-interfaces/l-interface/eth0.1`, p: `${root}/p-interfaces/p-interface/eth0` },
    );
    expect(Number(bindsTo[0]?.c)).toBe(1);
  });

  it('creates the l-interfaces and lag-interfaces of a generic-vnf', async () => {
    const c = client();
    const vnf = uid('vnf');
    const res = await c.put(`${V}/network/generic-vnfs/generic-vnf/${vnf}`, {
      'vnf-type': 'vRouter',
      'l-interfaces': { 'l-interface': [{ 'interface-name': 'li-a' }, { 'interface-name': 'li-b' }] },
      'lag-interfaces': { 'lag-interface': [{ 'interface-name': 'lag0', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'lag0.1' }] } }] },
    });
    expect(res.status).toBe(201);
    const root = `/network/generic-vnfs/generic-vnf/${vnf}`;
    expect((await stored(root))?.p).toMatchObject({ 'vnf-type': 'vRouter', 'in-maint': false, 'is-closed-loop-disabled': false });
    expect((await stored(`${root}/l-interfaces/l-interface/li-a`))?.p['aai-node-type']).toBe('l-interface');
    expect((await stored(`${root}/l-interfaces/l-interface/li-b`))?.p['aai-node-type']).toBe('l-interface');
    expect((await stored(`${root}/lag-interfaces/lag-interface/lag0`))?.p['aai-node-type']).toBe('lag-interface');
    expect((await stored(`${root}/lag-interfaces/lag-interface/lag0/l-interfaces/l-interface/lag0.1`))?.p['aai-node-type']).toBe('l-interface');
  });

  it('creates the p-interfaces and lag-interfaces of a pserver', async () => {
    const c = client();
    const host = uid('host');
    const res = await c.put(`${V}/cloud-infrastructure/pservers/pserver/${host}`, {
      'number-of-cpus': 8,
      'p-interfaces': { 'p-interface': [{ 'interface-name': 'p0' }] },
      'lag-interfaces': { 'lag-interface': [{ 'interface-name': 'bond0' }] },
    });
    expect(res.status).toBe(201);
    const root = `/cloud-infrastructure/pservers/pserver/${host}`;
    expect((await stored(root))?.p).toMatchObject({ hostname: host, 'number-of-cpus': 8, 'in-maint': false });
    expect((await stored(`${root}/p-interfaces/p-interface/p0`))?.p['aai-node-type']).toBe('p-interface');
    expect((await stored(`${root}/lag-interfaces/lag-interface/bond0`))?.p['aai-node-type']).toBe('lag-interface');
  });

  it("re-PUT needs each existing child's resource-version: 412 AAI_6130 naming the child, nothing changed", async () => {
    const c = client();
    const pnf = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${pnf}`;
    await c.put(url, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } });
    const rv = await rvOf(c, url);
    const res = await c.put(url, { 'equip-type': 'changed', 'resource-version': rv, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } });
    expect(res.status).toBe(412);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', `network/pnfs/pnf/${pnf}`, 'Precondition Required:resource-version not passed for update of /p-interfaces/p-interface/eth0', 'ERR.5.4.6130']),
    );
    const after = (await c.get(url)).body;
    expect(after).not.toHaveProperty('equip-type');
    expect(after['resource-version']).toBe(rv);
  });

  it("re-PUT with a stale child resource-version answers 412 AAI_6131; a new child carrying one answers 412 AAI_6135", async () => {
    const c = client();
    const pnf = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${pnf}`;
    await c.put(url, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } });
    const rv = await rvOf(c, url);
    const stale = await c.put(url, { 'resource-version': rv, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'resource-version': '1' }] } });
    expect(stale.status).toBe(412);
    expect(stale.body.requestError.serviceException.variables.slice(2)).toEqual([
      'Precondition Failed:resource-version MISMATCH for update of /p-interfaces/p-interface/eth0',
      'ERR.5.4.6131',
    ]);
    const fresh = await c.put(url, {
      'resource-version': rv,
      'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'resource-version': rv }, { 'interface-name': 'eth1', 'resource-version': rv }] },
    });
    expect(fresh.status).toBe(412);
    expect(fresh.body.requestError.serviceException.variables.slice(2)).toEqual([
      'Resource version specified on create:resource-version passed for create of /p-interfaces/p-interface/eth1',
      'ERR.5.4.6135',
    ]);
    expect(await stored(`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth1`)).toBeUndefined();
  });

  it("re-PUT with every existing child's resource-version answers 200, updates them and creates new ones", async () => {
    const c = client();
    const pnf = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${pnf}`;
    await c.put(url, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'speed-value': '1' }] } });
    const rv = await rvOf(c, url);
    const childRv = await rvOf(c, `${url}/p-interfaces/p-interface/eth0`);
    const res = await c.put(url, {
      'resource-version': rv,
      'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'speed-value': '2', 'resource-version': childRv }, { 'interface-name': 'eth1' }] },
    });
    expect(res.status).toBe(200);
    expect((await stored(`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`))?.p['speed-value']).toBe('2');
    expect((await stored(`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth1`))?.p['aai-node-type']).toBe('p-interface');
  });

  it('leaves existing children untouched when the body has no child container', async () => {
    const c = client();
    const pnf = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${pnf}`;
    await c.put(url, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'speed-value': '1' }] } });
    const childBefore = await stored(`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`);
    expect((await c.put(url, { 'equip-type': 'x', 'resource-version': await rvOf(c, url) })).status).toBe(200);
    const childAfter = await stored(`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`);
    expect(childAfter?.p).toEqual(childBefore?.p);
  });

  it('answers 403 AAI_9109 when a present container omits existing children and X-FromAppId is not whitelisted; nothing is deleted', async () => {
    const c = client();
    const pnf = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${pnf}`;
    await c.put(url, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }, { 'interface-name': 'eth1' }] } });
    const rv = await rvOf(c, url);
    const childRv = await rvOf(c, `${url}/p-interfaces/p-interface/eth1`);
    const res = await c.put(url, { 'resource-version': rv, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth1', 'resource-version': childRv }] } });
    expect(res.status).toBe(403);
    // AAI_9109: category 0 → SVC; REST code 3300 "Unauthorized" has no placeholders, so the
    // template variables land after the ec (aai-compat.md §2.1 quirk).
    expect(res.body).toEqual(
      svc('SVC3300', 'Unauthorized (msg=%1) (ec=%2)', ['User is not allowed to perform implicit delete', 'ERR.5.0.9109', 'PUT', `network/pnfs/pnf/${pnf}`]),
    );
    expect(await stored(`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`)).toBeDefined();
    expect((await c.get(url)).body['resource-version']).toBe(rv);
  });

  it('answers 403 AAI_9109 for an empty container too', async () => {
    const c = client();
    const vnf = uid('vnf');
    const url = `${V}/network/generic-vnfs/generic-vnf/${vnf}`;
    await c.put(url, { 'vnf-type': 't', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'a' }] } });
    const res = await c.put(url, { 'vnf-type': 't', 'resource-version': await rvOf(c, url), 'l-interfaces': { 'l-interface': [] } });
    expect(res.status).toBe(403);
    expect(res.body.requestError.serviceException.variables.slice(0, 2)).toEqual(['User is not allowed to perform implicit delete', 'ERR.5.0.9109']);
    expect(await stored(`/network/generic-vnfs/generic-vnf/${vnf}/l-interfaces/l-interface/a`)).toBeDefined();
  });

  it('implicitly deletes omitted children (and their own children) when X-FromAppId is whitelisted with *', async () => {
    const c = client();
    const wl = client(testApp({ IMPLIED_DELETE_WHITELIST: 'test-app=*' }));
    const pnf = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${pnf}`;
    await c.put(url, {
      'p-interfaces': {
        'p-interface': [{ 'interface-name': 'eth0', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'eth0.1' }] } }, { 'interface-name': 'eth1' }],
      },
    });
    const res = await wl.put(url, {
      'resource-version': await rvOf(c, url),
      'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth1', 'resource-version': await rvOf(c, `${url}/p-interfaces/p-interface/eth1`) }] },
    });
    expect(res.status).toBe(200);
    const rows = await cypher<{ u: string }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN n.`aai-uri` AS u', { p: `/network/pnfs/pnf/${pnf}/` });
    expect(rows.map((r) => r.u)).toEqual([`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth1`]);
  });

  it('applies a whitelist naming parent types: generic-vnf allowed, pnf refused (app id compared case-insensitively)', async () => {
    const c = client();
    const wl = client(testApp({ IMPLIED_DELETE_WHITELIST: 'Test-App=generic-vnf' }));
    const vnf = uid('vnf');
    const vnfUrl = `${V}/network/generic-vnfs/generic-vnf/${vnf}`;
    await c.put(vnfUrl, { 'vnf-type': 't', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'a' }] } });
    expect((await wl.put(vnfUrl, { 'vnf-type': 't', 'resource-version': await rvOf(c, vnfUrl), 'l-interfaces': { 'l-interface': [] } })).status).toBe(200);
    expect(await stored(`/network/generic-vnfs/generic-vnf/${vnf}/l-interfaces/l-interface/a`)).toBeUndefined();

    const pnf = uid('pnf');
    const pnfUrl = `${V}/network/pnfs/pnf/${pnf}`;
    await c.put(pnfUrl, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } });
    const refused = await wl.put(pnfUrl, { 'resource-version': await rvOf(c, pnfUrl), 'p-interfaces': { 'p-interface': [] } });
    expect(refused.status).toBe(403);
    expect(await stored(`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`)).toBeDefined();
  });

  it('answers 400 "Missing key property" for a child without its key, and creates nothing', async () => {
    const c = client();
    const pnf = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${pnf}`, { 'p-interfaces': { 'p-interface': [{ 'speed-value': '1' }] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, ['PUT', `v15/network/pnfs/pnf/${pnf}`, 'Invalid input performing %1 on %2:Missing key property: interface-name', 'ERR.5.2.3000']),
    );
    expect(await countUnder(`/network/pnfs/pnf/${pnf}`)).toBe(0);
  });

  it('answers 400 for two children with the same key in one container', async () => {
    const c = client();
    const pnf = uid('pnf');
    const res = await c.put(`${V}/network/pnfs/pnf/${pnf}`, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'a' }, { 'interface-name': 'a' }] } });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[3]).toBe('ERR.5.2.3000');
    expect(await countUnder(`/network/pnfs/pnf/${pnf}`)).toBe(0);
  });

  it('rolls back the whole PUT when a nested child fails validation (no parent without its children)', async () => {
    const c = client();
    const vnf = uid('vnf');
    const res = await c.put(`${V}/network/generic-vnfs/generic-vnf/${vnf}`, {
      'vnf-type': 't',
      'l-interfaces': { 'l-interface': [{ 'interface-name': 'ok' }, { 'interface-name': 'bad', 'is-port-mirrored': 'yes' }] },
    });
    expect(res.status).toBe(400);
    expect(await countUnder(`/network/generic-vnfs/generic-vnf/${vnf}`)).toBe(0);
  });
});

describe('required properties without defaults: complex, logical-link, generic-vnf, tenant', () => {
  it('complex: answers 400 listing every missing required property in schema order', async () => {
    const c = client();
    const id = uid('cplx');
    const res = await c.put(`${V}/cloud-infrastructure/complexes/complex/${id}`, { city: 'Springfield' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT',
        `v15/cloud-infrastructure/complexes/complex/${id}`,
        'Invalid input performing %1 on %2:Missing required property: physical-location-type,Missing required property: street1,Missing required property: postal-code,Missing required property: country,Missing required property: region',
        'ERR.5.2.3000',
      ]),
    );
    expect(await stored(`/cloud-infrastructure/complexes/complex/${id}`)).toBeUndefined();
  });

  it('complex: creates it (201) when every required property is given', async () => {
    const c = client();
    const id = uid('cplx');
    expect((await c.put(`${V}/cloud-infrastructure/complexes/complex/${id}`, COMPLEX_REQUIRED)).status).toBe(201);
    expect((await stored(`/cloud-infrastructure/complexes/complex/${id}`))?.p).toMatchObject({ ...COMPLEX_REQUIRED, 'physical-location-id': id });
  });

  it('logical-link: requires link-type, defaults in-maint', async () => {
    const c = client();
    const link = uid('link');
    const url = `${V}/network/logical-links/logical-link/${link}`;
    const missing = await c.put(url, {});
    expect(missing.status).toBe(400);
    expect(missing.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:Missing required property: link-type');
    expect((await c.put(url, { 'link-type': 'l2' })).status).toBe(201);
    expect((await stored(`/network/logical-links/logical-link/${link}`))?.p).toMatchObject({ 'link-name': link, 'link-type': 'l2', 'in-maint': false });
  });

  it('generic-vnf: requires vnf-type, defaults in-maint and is-closed-loop-disabled', async () => {
    const c = client();
    const vnf = uid('vnf');
    const url = `${V}/network/generic-vnfs/generic-vnf/${vnf}`;
    const missing = await c.put(url, {});
    expect(missing.status).toBe(400);
    expect(missing.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:Missing required property: vnf-type');
    expect((await c.put(url, { 'vnf-type': 'vFW' })).status).toBe(201);
    expect((await stored(`/network/generic-vnfs/generic-vnf/${vnf}`))?.p).toMatchObject({ 'vnf-id': vnf, 'in-maint': false, 'is-closed-loop-disabled': false });
  });

  it('tenant: requires tenant-name', async () => {
    const c = client();
    const owner = uid('owner');
    const region = `${V}/cloud-infrastructure/cloud-regions/cloud-region/${owner}/r1`;
    await c.put(region, {});
    const res = await c.put(`${region}/tenants/tenant/t1`, {});
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:Missing required property: tenant-name');
  });
});

describe('cloud-region (two keys) and tenant', () => {
  it('creates a cloud-region from both URI keys and stores them as properties', async () => {
    const c = client();
    const owner = uid('owner');
    const res = await c.put(`${V}/cloud-infrastructure/cloud-regions/cloud-region/${owner}/RegionOne`, { 'cloud-type': 'openstack' });
    expect(res.status).toBe(201);
    expect((await stored(`/cloud-infrastructure/cloud-regions/cloud-region/${owner}/RegionOne`))?.p).toMatchObject({
      'cloud-owner': owner,
      'cloud-region-id': 'RegionOne',
      'cloud-type': 'openstack',
      'aai-node-type': 'cloud-region',
    });
  });

  it("answers 400 \"uri and payload keys don't match\" when the second key differs", async () => {
    const c = client();
    const owner = uid('owner');
    const path = `cloud-infrastructure/cloud-regions/cloud-region/${owner}/RegionOne`;
    const res = await c.put(`${V}/${path}`, { 'cloud-owner': owner, 'cloud-region-id': 'RegionTwo' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(svc('SVC3000', TEXT_3000, ['PUT', `v15/${path}`, "Invalid input performing %1 on %2:uri and payload keys don't match", 'ERR.5.2.3000']));
  });

  it('creates a tenant under the cloud-region with a BelongsTo edge to it', async () => {
    const c = client();
    const owner = uid('owner');
    const region = `/cloud-infrastructure/cloud-regions/cloud-region/${owner}/RegionOne`;
    await c.put(`${V}${region}`, {});
    expect((await c.put(`${V}${region}/tenants/tenant/t-1`, { 'tenant-name': 'admin' })).status).toBe(201);
    expect((await stored(`${region}/tenants/tenant/t-1`))?.p).toMatchObject({ 'tenant-id': 't-1', 'tenant-name': 'admin' });
    const edges = await cypher<{ label: string }>('MATCH (:AaiNode {`aai-uri`: $t})-[e]->(:AaiNode {`aai-uri`: $r}) RETURN type(e) AS label', {
      t: `${region}/tenants/tenant/t-1`,
      r: region,
    });
    expect(edges.map((e) => e.label)).toEqual(['org.onap.relationships.inventory.BelongsTo']);
  });

  it('answers 404 "No parent Node of type cloud-region" for a tenant under a missing cloud-region', async () => {
    const c = client();
    const owner = uid('owner');
    const path = `cloud-infrastructure/cloud-regions/cloud-region/${owner}/RegionOne/tenants/tenant/t-1`;
    const res = await c.put(`${V}/${path}`, { 'tenant-name': 'admin' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(svc('SVC3001', TEXT_3001, ['PUT', path, `Node Not Found:No parent Node of type cloud-region for ${path}`, 'ERR.5.4.6114']));
  });
});

describe('percent-encoded keys and URI forms', () => {
  it('stores a key with a space and a slash decoded in the property and encoded in aai-uri; GET round-trips', async () => {
    const c = client();
    const name = `${uid('pnf')} 1/a`;
    const url = `${V}/network/pnfs/pnf/${encodeURIComponent(name)}`;
    expect(encodeURIComponent(name)).toMatch(/%201%2Fa$/);
    expect((await c.put(url, { 'pnf-name': name })).status).toBe(201);
    const canonical = `/network/pnfs/pnf/${encodeURIComponent(name)}`;
    expect((await stored(canonical))?.p['pnf-name']).toBe(name);
    const res = await c.get(url);
    expect(res.status).toBe(200);
    expect(res.body['pnf-name']).toBe(name);
  });

  it('uses the decoded path in variables[1] and the encoded URI (A&AI getURI) in 412 messages', async () => {
    const c = client();
    const name = `${uid('pnf')} 1/a`;
    const url = `${V}/network/pnfs/pnf/${encodeURIComponent(name)}`;
    await c.put(url, {});
    const res = await c.put(url, { 'equip-type': 'x' });
    expect(res.status).toBe(412);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'PUT',
        `network/pnfs/pnf/${name}`,
        `Precondition Required:resource-version not passed for update of /network/pnfs/pnf/${encodeURIComponent(name)}`,
        'ERR.5.4.6130',
      ]),
    );
  });

  // A&AI's ValidateEncoding (ValidateEncodingTest.badPath / goodPath) refuses a key that is not
  // canonically percent-encoded — lower-case hex, a raw ":" — with AAI_3008 (aai-errors.test.ts).
  it('addresses keys by their canonical encoding (%2F, %3A); %2f and a raw ":" are refused', async () => {
    const c = client();
    const base = uid('pnf');
    expect((await c.put(`${V}/network/pnfs/pnf/${base}%2Fx`, {})).status).toBe(201);
    expect((await c.get(`${V}/network/pnfs/pnf/${base}%2Fx`)).body['pnf-name']).toBe(`${base}/x`);
    expect(await stored(`/network/pnfs/pnf/${base}%2Fx`)).toBeDefined();
    expect((await c.put(`${V}/network/pnfs/pnf/${base}%2fx`, {})).body.requestError.serviceException.messageId).toBe('SVC3008');
    expect((await c.put(`${V}/network/pnfs/pnf/${base}:1`, {})).body.requestError.serviceException.messageId).toBe('SVC3008');
    expect((await c.put(`${V}/network/pnfs/pnf/${base}%3A1`, {})).status).toBe(201);
    const viaEncoded = await c.get(`${V}/network/pnfs/pnf/${base}%3A1`);
    expect(viaEncoded.status).toBe(200);
    expect(viaEncoded.body['pnf-name']).toBe(`${base}:1`);
    expect(await stored(`/network/pnfs/pnf/${base}%3A1`)).toBeDefined();
  });

  it('encodes child keys too (p-interface "eth0/1"), whether created by URI or inside a container', async () => {
    const c = client();
    const pnf = `${uid('pnf')}/x`;
    const pnfUrl = `${V}/network/pnfs/pnf/${encodeURIComponent(pnf)}`;
    await c.put(pnfUrl, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0/1' }] } });
    expect((await c.put(`${pnfUrl}/p-interfaces/p-interface/eth0%2F2`, { 'interface-name': 'eth0/2' })).status).toBe(201);
    const rows = await cypher<{ u: string }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN n.`aai-uri` AS u ORDER BY u', {
      p: `/network/pnfs/pnf/${encodeURIComponent(pnf)}/`,
    });
    expect(rows.map((r) => r.u)).toEqual([
      `/network/pnfs/pnf/${encodeURIComponent(pnf)}/p-interfaces/p-interface/eth0%2F1`,
      `/network/pnfs/pnf/${encodeURIComponent(pnf)}/p-interfaces/p-interface/eth0%2F2`,
    ]);
    const res = await c.get(`${pnfUrl}/p-interfaces/p-interface/eth0%2F1`);
    expect(res.status).toBe(200);
    expect(res.body['interface-name']).toBe('eth0/1');
    const reput = await c.put(pnfUrl, { 'resource-version': await rvOf(c, pnfUrl), 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0/1' }, { 'interface-name': 'eth0/2' }] } });
    expect(reput.status).toBe(412);
    expect(reput.body.requestError.serviceException.variables[2]).toBe(
      'Precondition Required:resource-version not passed for update of /p-interfaces/p-interface/eth0%2F1',
    );
  });

  it('encodes a multi-key parent (cloud-owner with a space and a slash) in the tenant aai-uri', async () => {
    const c = client();
    const owner = `${uid('own')} x/y`;
    const region = `${V}/cloud-infrastructure/cloud-regions/cloud-region/${encodeURIComponent(owner)}/r%201`;
    expect((await c.put(region, {})).status).toBe(201);
    expect((await c.put(`${region}/tenants/tenant/t%2F1`, { 'tenant-name': 'n' })).status).toBe(201);
    const canonical = `/cloud-infrastructure/cloud-regions/cloud-region/${encodeURIComponent(owner)}/r%201/tenants/tenant/t%2F1`;
    expect((await stored(canonical))?.p['tenant-id']).toBe('t/1');
    expect((await stored(`/cloud-infrastructure/cloud-regions/cloud-region/${encodeURIComponent(owner)}/r%201`))?.p).toMatchObject({
      'cloud-owner': owner,
      'cloud-region-id': 'r 1',
    });
  });

  it('accepts a trailing slash: creates the node under the URI without it', async () => {
    const c = client();
    const name = uid('pnf');
    expect((await c.put(`${V}/network/pnfs/pnf/${name}/`, {})).status).toBe(201);
    expect(await stored(`/network/pnfs/pnf/${name}`)).toBeDefined();
    expect(await countUnder(`/network/pnfs/pnf/${name}`)).toBe(1);
    expect((await c.get(`${V}/network/pnfs/pnf/${name}/`)).body['pnf-name']).toBe(name);
  });

  it('accepts /aai/latest/ like /aai/v15/', async () => {
    const c = client();
    const name = uid('pnf');
    expect((await c.put(`/aai/latest/network/pnfs/pnf/${name}`, {})).status).toBe(201);
    expect(await stored(`/network/pnfs/pnf/${name}`)).toBeDefined();
  });
});

describe('PATCH /aai/v15/... (application/merge-patch+json)', () => {
  it('merges the body into the node: 200, empty body, other properties kept', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, { 'equip-type': 'router', 'equip-vendor': 'acme', 'in-maint': true });
    const res = await c.patch(url, { 'equip-model': 'm1', 'equip-vendor': 'other' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const body = (await c.get(url)).body;
    expect(body).toMatchObject({ 'pnf-name': name, 'equip-type': 'router', 'equip-vendor': 'other', 'equip-model': 'm1', 'in-maint': true });
  });

  it('removes a property set to null', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, { 'equip-type': 'router', 'equip-vendor': 'acme' });
    expect((await c.patch(url, { 'equip-type': null })).status).toBe(200);
    const p = (await stored(`/network/pnfs/pnf/${name}`))?.p;
    expect(p).not.toHaveProperty('equip-type');
    expect(p?.['equip-vendor']).toBe('acme');
  });

  it('needs no resource-version (a stale one is ignored) and gives the node a new, larger one', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, {});
    const rv = await rvOf(c, url);
    expect((await c.patch(url, { 'equip-type': 'a' })).status).toBe(200);
    const rv2 = await rvOf(c, url);
    expect(Number(rv2)).toBeGreaterThan(Number(rv));
    expect((await c.patch(url, { 'equip-type': 'b', 'resource-version': rv })).status).toBe(200);
    expect((await c.get(url)).body['equip-type']).toBe('b');
  });

  it('records last-mod bookkeeping and keeps source-of-truth', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, {});
    const res = await c.raw
      .patch(url)
      .set({ 'X-FromAppId': 'patcher', 'X-TransactionId': 'tx-patch', 'Content-Type': 'application/merge-patch+json' })
      .send(JSON.stringify({ 'equip-type': 'x' }));
    expect(res.status).toBe(200);
    const p = (await stored(`/network/pnfs/pnf/${name}`))?.p;
    expect(p).toMatchObject({ 'source-of-truth': 'test-app', 'last-mod-source-of-truth': 'patcher', 'aai-last-mod-transaction-id': 'tx-patch' });
  });

  it('patches a child node and leaves the children of a patched parent untouched', async () => {
    const c = client();
    const pnf = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${pnf}`;
    await c.put(url, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'speed-value': '1' }] } });
    expect((await c.patch(`${url}/p-interfaces/p-interface/eth0`, { 'speed-units': 'Gbps' })).status).toBe(200);
    expect((await c.patch(url, { 'equip-type': 'x' })).status).toBe(200);
    expect((await stored(`/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/eth0`))?.p).toMatchObject({ 'speed-value': '1', 'speed-units': 'Gbps' });
  });

  it('answers 404 AAI_6114 with method MERGE_PATCH when the node does not exist, and creates nothing', async () => {
    const c = client();
    const name = uid('pnf');
    const res = await c.patch(`${V}/network/pnfs/pnf/${name}`, { 'equip-type': 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(
      svc('SVC3001', TEXT_3001, ['MERGE_PATCH', `network/pnfs/pnf/${name}`, `Node Not Found:No Node of type pnf found at: network/pnfs/pnf/${name}`, 'ERR.5.4.6114']),
    );
    expect(await stored(`/network/pnfs/pnf/${name}`)).toBeUndefined();
  });

  it('answers 400 when the body contains a child container (A&AI restrictDepth(0))', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, {});
    const res = await c.patch(url, { 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      svc('SVC3000', TEXT_3000, [
        'MERGE_PATCH',
        `v15/network/pnfs/pnf/${name}`,
        'Invalid input performing %1 on %2:Maximum allowed depth of this object has been exceeded on: p-interfaces',
        'ERR.5.2.3000',
      ]),
    );
    expect(await stored(`/network/pnfs/pnf/${name}/p-interfaces/p-interface/eth0`)).toBeUndefined();
  });

  it("answers 400 \"uri and payload keys don't match\" when the body renames the key", async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, {});
    const res = await c.patch(url, { 'pnf-name': `${name}-x` });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe("Invalid input performing %1 on %2:uri and payload keys don't match");
    expect(await stored(`/network/pnfs/pnf/${name}-x`)).toBeUndefined();
  });

  it('refuses to remove a required property with null (400 Missing required property)', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, { 'in-maint': true });
    const res = await c.patch(url, { 'in-maint': null });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables[2]).toBe('Invalid input performing %1 on %2:Missing required property: in-maint');
    expect((await stored(`/network/pnfs/pnf/${name}`))?.p['in-maint']).toBe(true);
  });

  it('answers 400 AAI_3000 for an unknown property in a PATCH body', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, {});
    const res = await c.patch(url, { foo: 'bar' });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables).toEqual([
      'MERGE_PATCH',
      `v15/network/pnfs/pnf/${name}`,
      'Invalid input performing %1 on %2:object could not be unmarshalled: unknown property "foo" in pnf',
      'ERR.5.2.3000',
    ]);
  });

  it('treats POST with X-HTTP-Method-Override: PATCH as a PATCH', async () => {
    const c = client();
    const name = uid('pnf');
    const url = `${V}/network/pnfs/pnf/${name}`;
    await c.put(url, { 'equip-type': 'a' });
    const res = await c.raw
      .post(url)
      .set({ 'X-FromAppId': 'test-app', 'X-TransactionId': 'tx', 'X-HTTP-Method-Override': 'PATCH', 'Content-Type': 'application/merge-patch+json' })
      .send(JSON.stringify({ 'equip-vendor': 'v' }));
    expect(res.status).toBe(200);
    expect((await c.get(url)).body).toMatchObject({ 'equip-type': 'a', 'equip-vendor': 'v' });
  });
});
