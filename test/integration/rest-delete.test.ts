/**
 * DELETE through the REST API (aai-compat.md §5.2, §11): resource-version from the query string (or
 * A&AI's bypass UUID), 404/412 bodies, cascade to children, delete-other-v neighbours, and
 * prevent-delete (AAI_6110, whose REST text has one placeholder so the URI lands after the ec).
 * Deletions are checked in Neo4j, not only through GET.
 */
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';
import { BYPASS, TEXT_3000, TEXT_3001, V, create, svc, type Client } from '../helpers/aai.js';

const path = {
  pnf: (pnf: string) => `/network/pnfs/pnf/${pnf}`,
  pInterface: (pnf: string, pif: string) => `${path.pnf(pnf)}/p-interfaces/p-interface/${pif}`,
  lInterface: (pnf: string, pif: string, lif: string) => `${path.pInterface(pnf, pif)}/l-interfaces/l-interface/${lif}`,
  lagInterface: (pnf: string, lag: string) => `${path.pnf(pnf)}/lag-interfaces/lag-interface/${lag}`,
  link: (name: string) => `/network/logical-links/logical-link/${name}`,
  complex: (id: string) => `/cloud-infrastructure/complexes/complex/${id}`,
  pserver: (host: string) => `/cloud-infrastructure/pservers/pserver/${host}`,
  cloudRegion: (owner: string, region: string) => `/cloud-infrastructure/cloud-regions/cloud-region/${owner}/${region}`,
  tenant: (owner: string, region: string, tenant: string) => `${path.cloudRegion(owner, region)}/tenants/tenant/${tenant}`,
};

const varPath = (p: string) => p.replace(/^\//, '');

const TEXT_3100 = 'Unsupported operation %1 (msg=%2) (ec=%3)';

function complexBody(id: string): Record<string, unknown> {
  return { 'physical-location-id': id, 'physical-location-type': 'site', street1: '1 Main St', city: 'Springfield', 'postal-code': '12345', country: 'US', region: 'east' };
}

function linkBody(name: string): Record<string, unknown> {
  return { 'link-name': name, 'link-type': 'physical' };
}

function rel(p: string, label?: string): Record<string, unknown> {
  return label === undefined ? { 'related-link': `${V}${p}` } : { 'related-link': `${V}${p}`, 'relationship-label': label };
}

function withRels(body: Record<string, unknown>, rels: Record<string, unknown>[]): Record<string, unknown> {
  return { ...body, 'relationship-list': { relationship: rels } };
}

async function rv(c: Client, p: string): Promise<string> {
  const r = await c.get(`${V}${p}`);
  expect(r.status, `GET ${p}`).toBe(200);
  return String((r.body as Record<string, unknown>)['resource-version']);
}

function del(c: Client, p: string, resourceVersion?: string) {
  return c.delete(resourceVersion === undefined ? `${V}${p}` : `${V}${p}?resource-version=${encodeURIComponent(resourceVersion)}`);
}

/** aai-uris of stored nodes at or under `prefix`. */
async function storedUnder(prefix: string): Promise<string[]> {
  const rows = await cypher<{ u: string }>('MATCH (n:AaiNode) WHERE n.`aai-uri` = $p OR n.`aai-uri` STARTS WITH $sub RETURN n.`aai-uri` AS u ORDER BY u', {
    p: prefix,
    sub: `${prefix}/`,
  });
  return rows.map((r) => r.u);
}

async function exists(uri: string): Promise<boolean> {
  return (await storedUnder(uri)).includes(uri);
}

async function edgeCount(a: string, b: string): Promise<number> {
  const rows = await cypher<{ n: number }>('MATCH (:AaiNode {`aai-uri`: $a})-[e]-(:AaiNode {`aai-uri`: $b}) RETURN count(e) AS n', { a, b });
  return Number(rows[0]?.n ?? 0);
}

describe('DELETE /aai/v15/…?resource-version=', () => {
  it('deletes a node with its current resource-version: 204, empty body, then GET 404 and gone from Neo4j', async () => {
    const c = client();
    const pnf = uid('pnf');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const r = await del(c, path.pnf(pnf), await rv(c, path.pnf(pnf)));
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await c.get(`${V}${path.pnf(pnf)}`)).status).toBe(404);
    expect(await exists(path.pnf(pnf))).toBe(false);
  });

  it('answers a missing node with 404 AAI_6114', async () => {
    const c = client();
    const p = path.pnf(uid('missing'));
    const r = await del(c, p, '1');
    expect(r.status).toBe(404);
    expect(r.body).toEqual(svc('SVC3001', TEXT_3001, ['DELETE', varPath(p), `Node Not Found:No Node of type pnf found at: ${varPath(p)}`, 'ERR.5.4.6114']));
  });

  it('answers a missing child (parent present) with 404 AAI_6114 of the child type', async () => {
    const c = client();
    const pnf = uid('pnf');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const p = path.pInterface(pnf, 'nope');
    const r = await del(c, p, '1');
    expect(r.status).toBe(404);
    expect(r.body).toEqual(svc('SVC3001', TEXT_3001, ['DELETE', varPath(p), `Node Not Found:No Node of type p-interface found at: ${varPath(p)}`, 'ERR.5.4.6114']));
  });

  it('answers a missing resource-version with 412 AAI_6130 naming the node type, and keeps the node', async () => {
    const c = client();
    const pnf = uid('pnf');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const before = await rv(c, path.pnf(pnf));
    const r = await del(c, path.pnf(pnf));
    expect(r.status).toBe(412);
    expect(r.body).toEqual(svc('SVC3000', TEXT_3000, ['DELETE', varPath(path.pnf(pnf)), 'Precondition Required:resource-version not passed for delete of pnf', 'ERR.5.4.6130']));
    expect(await rv(c, path.pnf(pnf))).toBe(before);
  });

  it('answers an empty resource-version like a missing one (412 AAI_6130)', async () => {
    const c = client();
    const pnf = uid('pnf');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const r = await c.delete(`${V}${path.pnf(pnf)}?resource-version=`);
    expect(r.status).toBe(412);
    expect(r.body).toEqual(svc('SVC3000', TEXT_3000, ['DELETE', varPath(path.pnf(pnf)), 'Precondition Required:resource-version not passed for delete of pnf', 'ERR.5.4.6130']));
  });

  it('answers a wrong resource-version with 412 AAI_6131 and keeps the node and its children', async () => {
    const c = client();
    const pnf = uid('pnf');
    const pif = uid('pif');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    await create(c, path.pInterface(pnf, pif), { 'interface-name': pif });
    const before = await rv(c, path.pnf(pnf));
    const r = await del(c, path.pnf(pnf), '1');
    expect(r.status).toBe(412);
    expect(r.body).toEqual(svc('SVC3000', TEXT_3000, ['DELETE', varPath(path.pnf(pnf)), 'Precondition Failed:resource-version MISMATCH for delete of pnf', 'ERR.5.4.6131']));
    expect(await rv(c, path.pnf(pnf))).toBe(before);
    expect(await storedUnder(path.pnf(pnf))).toEqual([path.pnf(pnf), path.pInterface(pnf, pif)]);
  });

  it('a stale resource-version (from before an update) is a mismatch', async () => {
    const c = client();
    const pnf = uid('pnf');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    const old = await rv(c, path.pnf(pnf));
    expect((await c.put(`${V}${path.pnf(pnf)}`, { 'pnf-name': pnf, 'equip-model': 'x', 'resource-version': old })).status).toBe(200);
    expect((await del(c, path.pnf(pnf), old)).status).toBe(412);
    expect((await del(c, path.pnf(pnf), await rv(c, path.pnf(pnf)))).status).toBe(204);
  });

  it('accepts the bypass UUID whatever the stored resource-version', async () => {
    const c = client();
    const pnf = uid('pnf');
    const pif = uid('pif');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    await create(c, path.pInterface(pnf, pif), { 'interface-name': pif });
    expect((await del(c, path.pInterface(pnf, pif), BYPASS)).status).toBe(204);
    expect((await del(c, path.pnf(pnf), BYPASS)).status).toBe(204);
    expect(await storedUnder(path.pnf(pnf))).toEqual([]);
  });

  it('deletes a child with its own resource-version and leaves the parent untouched', async () => {
    const c = client();
    const pnf = uid('pnf');
    const pif = uid('pif');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    await create(c, path.pInterface(pnf, pif), { 'interface-name': pif });
    const parentRv = await rv(c, path.pnf(pnf));
    expect((await del(c, path.pInterface(pnf, pif), await rv(c, path.pInterface(pnf, pif)))).status).toBe(204);
    expect(await storedUnder(path.pnf(pnf))).toEqual([path.pnf(pnf)]);
    expect(await rv(c, path.pnf(pnf))).toBe(parentRv);
  });
});

describe('DELETE cascade', () => {
  it('deleting a pnf removes every descendant (p-interfaces, their l-interfaces, lag-interfaces and theirs) and their edges', async () => {
    const c = client();
    const pnf = uid('pnf');
    const [pif1, pif2, lif1, lif2, lif3, lag, lagLif] = ['pif', 'pif', 'lif', 'lif', 'lif', 'lag', 'lif'].map((p) => uid(p)) as [string, string, string, string, string, string, string];
    const cx = uid('cx');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pnf(pnf), withRels({ 'pnf-name': pnf }, [rel(path.complex(cx))]));
    await create(c, path.pInterface(pnf, pif1), { 'interface-name': pif1 });
    await create(c, path.pInterface(pnf, pif2), { 'interface-name': pif2 });
    await create(c, path.lInterface(pnf, pif1, lif1), { 'interface-name': lif1 });
    await create(c, path.lInterface(pnf, pif1, lif2), { 'interface-name': lif2 });
    await create(c, path.lInterface(pnf, pif2, lif3), { 'interface-name': lif3 });
    await create(c, path.lagInterface(pnf, lag), { 'interface-name': lag });
    await create(c, `${path.lagInterface(pnf, lag)}/l-interfaces/l-interface/${lagLif}`, { 'interface-name': lagLif });
    expect(await storedUnder(path.pnf(pnf))).toHaveLength(8);
    const nodeIds = await cypher<{ id: string }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN elementId(n) AS id', { p: path.pnf(pnf) });
    expect(nodeIds).toHaveLength(8);

    expect((await del(c, path.pnf(pnf), await rv(c, path.pnf(pnf)))).status).toBe(204);

    expect(await storedUnder(path.pnf(pnf))).toEqual([]);
    const left = await cypher<{ n: number }>('MATCH (n) WHERE elementId(n) IN $ids RETURN count(n) AS n', { ids: nodeIds.map((r) => r.id) });
    expect(Number(left[0]?.n)).toBe(0);
    for (const p of [path.pInterface(pnf, pif1), path.lInterface(pnf, pif1, lif1), path.lagInterface(pnf, lag)]) {
      expect((await c.get(`${V}${p}`)).status).toBe(404);
    }
    // The related complex stays, without the relationship.
    expect(await exists(path.complex(cx))).toBe(true);
    expect((await c.get(`${V}${path.complex(cx)}`)).body).not.toHaveProperty('relationship-list');
  });

  it('deleting a p-interface removes its l-interfaces but not its siblings or its parent', async () => {
    const c = client();
    const pnf = uid('pnf');
    const [pif1, pif2, lif1, lif2] = ['pif', 'pif', 'lif', 'lif'].map((p) => uid(p)) as [string, string, string, string];
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    await create(c, path.pInterface(pnf, pif1), { 'interface-name': pif1 });
    await create(c, path.pInterface(pnf, pif2), { 'interface-name': pif2 });
    await create(c, path.lInterface(pnf, pif1, lif1), { 'interface-name': lif1 });
    await create(c, path.lInterface(pnf, pif2, lif2), { 'interface-name': lif2 });
    expect((await del(c, path.pInterface(pnf, pif1), await rv(c, path.pInterface(pnf, pif1)))).status).toBe(204);
    expect(await storedUnder(path.pnf(pnf))).toEqual([path.pnf(pnf), path.pInterface(pnf, pif2), path.lInterface(pnf, pif2, lif2)].sort());
  });
});

describe('DELETE and prevent-delete (AAI_6110)', () => {
  it('refuses to delete a complex a pnf is located in: 400 SVC3100 with the URI after the ec; nothing changes', async () => {
    const c = client();
    const cx = uid('cx');
    const pnf = uid('pnf');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pnf(pnf), withRels({ 'pnf-name': pnf }, [rel(path.complex(cx))]));
    const cxRv = await rv(c, path.complex(cx));
    const pnfRv = await rv(c, path.pnf(pnf));

    const r = await del(c, path.complex(cx), cxRv);
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3100', TEXT_3100, [
        'DELETE',
        'Node cannot be deleted:Object is being reference by additional objects preventing it from being deleted. Please clean up references from the following types [pnf]',
        'ERR.5.4.6110',
        varPath(path.complex(cx)),
      ]),
    );
    expect(await rv(c, path.complex(cx))).toBe(cxRv);
    expect(await rv(c, path.pnf(pnf))).toBe(pnfRv);
    expect(await edgeCount(path.pnf(pnf), path.complex(cx))).toBe(1);
  });

  it('the bypass UUID does not bypass prevent-delete', async () => {
    const c = client();
    const cx = uid('cx');
    const host = uid('ps');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pserver(host), withRels({ hostname: host }, [rel(path.complex(cx))]));
    const r = await del(c, path.complex(cx), BYPASS);
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3100', TEXT_3100, [
        'DELETE',
        'Node cannot be deleted:Object is being reference by additional objects preventing it from being deleted. Please clean up references from the following types [pserver]',
        'ERR.5.4.6110',
        varPath(path.complex(cx)),
      ]),
    );
    expect(await exists(path.complex(cx))).toBe(true);
  });

  it('lists every referencing type when a pnf and a pserver hold the complex', async () => {
    const c = client();
    const cx = uid('cx');
    const pnf = uid('pnf');
    const host = uid('ps');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pnf(pnf), withRels({ 'pnf-name': pnf }, [rel(path.complex(cx))]));
    await create(c, path.pserver(host), withRels({ hostname: host }, [rel(path.complex(cx))]));
    const r = await del(c, path.complex(cx), await rv(c, path.complex(cx)));
    expect(r.status).toBe(400);
    const vars = (r.body as { requestError: { serviceException: { variables: string[] } } }).requestError.serviceException.variables;
    expect(vars[1]).toMatch(/^Node cannot be deleted:Object is being reference by additional objects preventing it from being deleted\. Please clean up references from the following types \[(pnf, pserver|pserver, pnf)\]$/);
  });

  it('once the referencing relationship is gone, the complex can be deleted; deleting the pnf side is never blocked', async () => {
    const c = client();
    const cx = uid('cx');
    const pnf = uid('pnf');
    await create(c, path.complex(cx), complexBody(cx));
    await create(c, path.pnf(pnf), withRels({ 'pnf-name': pnf }, [rel(path.complex(cx))]));
    // pnf → complex prevents deleting the complex, not the pnf.
    expect((await del(c, path.pnf(pnf), await rv(c, path.pnf(pnf)))).status).toBe(204);
    expect((await del(c, path.complex(cx), await rv(c, path.complex(cx)))).status).toBe(204);
    expect(await exists(path.complex(cx))).toBe(false);
  });

  it('refuses to delete a pserver a logical-link is bridged to (logical-link → pserver protects the pserver)', async () => {
    const c = client();
    const host = uid('ps');
    const link = uid('ll');
    await create(c, path.pserver(host), { hostname: host });
    await create(c, path.link(link), withRels(linkBody(link), [rel(path.pserver(host))]));
    const r = await del(c, path.pserver(host), await rv(c, path.pserver(host)));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3100', TEXT_3100, [
        'DELETE',
        'Node cannot be deleted:Object is being reference by additional objects preventing it from being deleted. Please clean up references from the following types [logical-link]',
        'ERR.5.4.6110',
        varPath(path.pserver(host)),
      ]),
    );
    expect(await exists(path.pserver(host))).toBe(true);
    expect(await exists(path.link(link))).toBe(true);
  });

  it('refuses a delete whose cascade reaches a protected child (cloud-region → availability-zone used by a generic-vnf); nothing is deleted', async () => {
    const c = client();
    const owner = uid('own');
    const region = uid('rg');
    const az = uid('az');
    const vnf = uid('vnf');
    const azPath = `${path.cloudRegion(owner, region)}/availability-zones/availability-zone/${az}`;
    await create(c, path.cloudRegion(owner, region), { 'cloud-owner': owner, 'cloud-region-id': region });
    await create(c, azPath, { 'availability-zone-name': az, 'hypervisor-type': 'kvm' });
    await create(c, `/network/generic-vnfs/generic-vnf/${vnf}`, withRels({ 'vnf-id': vnf, 'vnf-type': 't' }, [rel(azPath)]));
    const regionRv = await rv(c, path.cloudRegion(owner, region));

    const r = await del(c, path.cloudRegion(owner, region), regionRv);
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3100', TEXT_3100, [
        'DELETE',
        'Node cannot be deleted:Object is being reference by additional objects preventing it from being deleted. Please clean up references from the following types [generic-vnf]',
        'ERR.5.4.6110',
        varPath(path.cloudRegion(owner, region)),
      ]),
    );
    expect(await storedUnder(path.cloudRegion(owner, region))).toEqual([path.cloudRegion(owner, region), azPath]);
    expect(await rv(c, path.cloudRegion(owner, region))).toBe(regionRv);
    expect(await edgeCount(`/network/generic-vnfs/generic-vnf/${vnf}`, azPath)).toBe(1);
  });

  // Regression (found in testing): aai-compat §5.2 / DBSerializer: prevent-delete is checked on every edge of every node in the cascade, children's tree edges included; tenant → cloud-region (BelongsTo, prevent-delete !${direction}) therefore blocks deleting a cloud-region that has tenants. The service skips edges inside the cascade and deletes the cloud-region with its tenant.
  it('refuses to delete a cloud-region that still has a tenant (AAI_6110 [tenant])', async () => {
    const c = client();
    const owner = uid('own');
    const region = uid('rg');
    const tenant = uid('ten');
    await create(c, path.cloudRegion(owner, region), { 'cloud-owner': owner, 'cloud-region-id': region });
    await create(c, path.tenant(owner, region, tenant), { 'tenant-id': tenant, 'tenant-name': 'tn' });
    const r = await del(c, path.cloudRegion(owner, region), await rv(c, path.cloudRegion(owner, region)));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      svc('SVC3100', TEXT_3100, [
        'DELETE',
        'Node cannot be deleted:Object is being reference by additional objects preventing it from being deleted. Please clean up references from the following types [tenant]',
        'ERR.5.4.6110',
        varPath(path.cloudRegion(owner, region)),
      ]),
    );
    expect(await storedUnder(path.cloudRegion(owner, region))).toEqual([path.cloudRegion(owner, region), path.tenant(owner, region, tenant)]);
  });
});

describe('DELETE and delete-other-v', () => {
  /** A pnf with a p-interface and an l-interface under it. */
  async function interfaces(c: Client): Promise<{ pnf: string; pifPath: string; lifPath: string }> {
    const pnf = uid('pnf');
    const pif = uid('pif');
    const lif = uid('lif');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    await create(c, path.pInterface(pnf, pif), { 'interface-name': pif });
    await create(c, path.lInterface(pnf, pif, lif), { 'interface-name': lif });
    return { pnf, pifPath: path.pInterface(pnf, pif), lifPath: path.lInterface(pnf, pif, lif) };
  }

  it('deleting an l-interface deletes the logical-link it LinksTo (delete-other-v ${direction} from the l-interface)', async () => {
    const c = client();
    const { pifPath, lifPath } = await interfaces(c);
    const link = uid('ll');
    await create(c, path.link(link), linkBody(link));
    expect((await c.put(`${V}${lifPath}/relationship-list/relationship`, rel(path.link(link)))).status).toBe(200);
    expect(await edgeCount(lifPath, path.link(link))).toBe(1);

    expect((await del(c, lifPath, await rv(c, lifPath))).status).toBe(204);
    expect(await exists(lifPath)).toBe(false);
    expect(await exists(path.link(link))).toBe(false);
    expect((await c.get(`${V}${path.link(link)}`)).status).toBe(404);
    expect(await exists(pifPath)).toBe(true);
  });

  it('deleting the l-interface named as a logical-link Source also deletes the link (delete-other-v !${direction})', async () => {
    const c = client();
    const { lifPath } = await interfaces(c);
    const link = uid('ll');
    await create(c, path.link(link), withRels(linkBody(link), [rel(lifPath, 'org.onap.relationships.inventory.Source')]));
    expect((await del(c, lifPath, await rv(c, lifPath))).status).toBe(204);
    expect(await exists(path.link(link))).toBe(false);
  });

  it('deleting a p-interface cascades to its l-interface and from there to the l-interface’s logical-link', async () => {
    const c = client();
    const { pnf, pifPath, lifPath } = await interfaces(c);
    const link = uid('ll');
    await create(c, path.link(link), linkBody(link));
    expect((await c.put(`${V}${lifPath}/relationship-list/relationship`, rel(path.link(link)))).status).toBe(200);
    expect((await del(c, pifPath, await rv(c, pifPath))).status).toBe(204);
    expect(await storedUnder(path.pnf(pnf))).toEqual([path.pnf(pnf)]);
    expect(await exists(path.link(link))).toBe(false);
  });

  it('deleting a p-interface does NOT delete the logical-link it LinksTo (delete-other-v NONE)', async () => {
    const c = client();
    const { pifPath } = await interfaces(c);
    const link = uid('ll');
    await create(c, path.link(link), linkBody(link));
    expect((await c.put(`${V}${pifPath}/relationship-list/relationship`, rel(path.link(link)))).status).toBe(200);
    expect(await edgeCount(pifPath, path.link(link))).toBe(1);

    // The l-interface under it has no link, so the cascade stops at the p-interface's subtree.
    expect((await del(c, pifPath, await rv(c, pifPath))).status).toBe(204);
    expect(await exists(pifPath)).toBe(false);
    expect(await exists(path.link(link))).toBe(true);
    expect((await c.get(`${V}${path.link(link)}`)).body).not.toHaveProperty('relationship-list');
  });

  it('deleting a lag-interface deletes the logical-link it Uses (delete-other-v ${direction})', async () => {
    const c = client();
    const pnf = uid('pnf');
    const lag = uid('lag');
    const link = uid('ll');
    await create(c, path.pnf(pnf), { 'pnf-name': pnf });
    await create(c, path.link(link), linkBody(link));
    await create(c, path.lagInterface(pnf, lag), withRels({ 'interface-name': lag }, [rel(path.link(link))]));
    expect((await del(c, path.lagInterface(pnf, lag), await rv(c, path.lagInterface(pnf, lag)))).status).toBe(204);
    expect(await exists(path.link(link))).toBe(false);
    expect(await exists(path.pnf(pnf))).toBe(true);
  });

  it('deleting a logical-link leaves the l-interface that links to it', async () => {
    const c = client();
    const { lifPath } = await interfaces(c);
    const link = uid('ll');
    await create(c, path.link(link), linkBody(link));
    expect((await c.put(`${V}${lifPath}/relationship-list/relationship`, rel(path.link(link)))).status).toBe(200);
    expect((await del(c, path.link(link), await rv(c, path.link(link)))).status).toBe(204);
    expect(await exists(lifPath)).toBe(true);
    expect(await edgeCount(lifPath, path.link(link))).toBe(0);
  });

  it('a delete-other-v cascade may remove a node that protects another (logical-link → pserver protects only the pserver)', async () => {
    const c = client();
    const { lifPath } = await interfaces(c);
    const link = uid('ll');
    const host = uid('ps');
    await create(c, path.pserver(host), { hostname: host });
    await create(c, path.link(link), withRels(linkBody(link), [rel(path.pserver(host))]));
    expect((await c.put(`${V}${lifPath}/relationship-list/relationship`, rel(path.link(link)))).status).toBe(200);
    expect((await del(c, lifPath, await rv(c, lifPath))).status).toBe(204);
    expect(await exists(path.link(link))).toBe(false);
    expect(await exists(path.pserver(host))).toBe(true);
  });
});
