/**
 * Issue "The rest of the bulk family": PUT /aai/v15/bulkprocess — put / patch / delete
 * transactions, relationship operations through …/relationship-list/relationship URIs,
 * per-transaction atomicity, bulkadd's response format, payload errors, limits and the override —
 * all against the real Neo4j, every test on its own uniquely keyed nodes.
 */
import { describe, expect, it } from 'vitest';
import { client, writerClient } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';
import { BYPASS, REL, TEXT_3000, TEXT_3001, V, create, edgesBetween, exists, linkPath, linkRel, pifPath, pnfPath, propsOf, rvOf, svc } from '../helpers/aai.js';

const BRIDGED_TO = 'org.onap.relationships.inventory.BridgedTo';

interface Entry {
  uri: string | null;
  body: Record<string, string | null>;
}

/** An error entry exactly as A&AI writes it: the error body as a JSON string under its status. */
const errorEntry = (uri: string | null, status: number, body: unknown): Entry => ({ uri, body: { [String(status)]: JSON.stringify(body) } });

/** The entry's status and its error body parsed back from the JSON string. */
function parseEntry(entry: Entry): { status: string; body: unknown } {
  const [status, text] = Object.entries(entry.body)[0] ?? ['', null];
  return { status, body: text === null ? null : JSON.parse(text) };
}

/**
 * An error before any database work: the endpoint's path, and the method A&AI names — the failing
 * operation's HttpMethod, or the transaction key's (BulkConsumer.bulkProcessor; aai-compat.md §2.2).
 */
const consumer = (msg: string, ec: string, method = 'PUT') => svc('SVC3000', TEXT_3000, [method, 'v15/bulkprocess', msg, ec]);
const METHOD_OF_KEY: Record<string, string> = { put: 'PUT', delete: 'DELETE', patch: 'MERGE_PATCH' };

describe('PUT /aai/v15/bulkprocess: successful transactions', () => {
  it('runs put, patch, delete and relationship put/delete transactions and answers each in bulkadd format', async () => {
    const c = client();
    const a = uid('bp');
    await create(c, pnfPath(`${a}-patch`), { 'pnf-name': `${a}-patch`, 'equip-type': 'old', 'equip-model': 'keep' });
    await create(c, pnfPath(`${a}-del`), { 'pnf-name': `${a}-del` });
    await create(c, pnfPath(`${a}-rel`), { 'pnf-name': `${a}-rel` });
    await create(c, linkPath(`${a}-l1`), { 'link-name': `${a}-l1`, 'link-type': 'l2' });
    await create(c, linkPath(`${a}-l2`), { 'link-name': `${a}-l2`, 'link-type': 'l2' });
    // l2 is related to the pnf beforehand; the bulk request removes that edge.
    expect((await c.put(`${V}${pnfPath(`${a}-rel`)}${REL}`, linkRel(`${a}-l2`))).status).toBe(200);
    const delRv = await rvOf(pnfPath(`${a}-del`));

    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [
        { put: [{ uri: pnfPath(`${a}-new`), body: { 'pnf-name': `${a}-new`, 'equip-type': 'router' } }] },
        { patch: [{ uri: pnfPath(`${a}-patch`), body: { 'equip-type': 'new', 'equip-model': null } }] },
        { delete: [{ uri: `${pnfPath(`${a}-del`)}?resource-version=${delRv ?? ''}` }] },
        { put: [{ uri: `${pnfPath(`${a}-rel`)}${REL}`, body: linkRel(`${a}-l1`) }] },
        { delete: [{ uri: `${pnfPath(`${a}-rel`)}${REL}`, body: linkRel(`${a}-l2`) }] },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transaction: [
        { put: [{ uri: pnfPath(`${a}-new`), body: { '201': null } }] },
        { patch: [{ uri: pnfPath(`${a}-patch`), body: { '200': null } }] },
        { delete: [{ uri: pnfPath(`${a}-del`), body: { '204': null } }] },
        { put: [{ uri: `${pnfPath(`${a}-rel`)}${REL}`, body: { '200': null } }] },
        { delete: [{ uri: `${pnfPath(`${a}-rel`)}${REL}`, body: { '204': null } }] },
      ],
    });

    expect(await propsOf(pnfPath(`${a}-new`))).toMatchObject({ 'pnf-name': `${a}-new`, 'equip-type': 'router', 'in-maint': false });
    const patched = await propsOf(pnfPath(`${a}-patch`));
    expect(patched).toMatchObject({ 'equip-type': 'new' });
    expect(patched).not.toHaveProperty('equip-model');
    expect(await exists(pnfPath(`${a}-del`))).toBe(false);
    expect(await edgesBetween(linkPath(`${a}-l1`), pnfPath(`${a}-rel`))).toEqual([{ label: BRIDGED_TO, from: linkPath(`${a}-l1`), to: pnfPath(`${a}-rel`) }]);
    expect(await edgesBetween(linkPath(`${a}-l2`), pnfPath(`${a}-rel`))).toEqual([]);
  });

  it('applies PATCH as a JSON merge patch without a resource-version: null removes, absent keeps, the resource-version changes', async () => {
    const c = client();
    const a = uid('mp');
    await create(c, pnfPath(a), { 'pnf-name': a, 'equip-type': 't', 'equip-model': 'm', 'equip-vendor': 'v' });
    const before = await rvOf(pnfPath(a));
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [{ patch: [{ uri: pnfPath(a), body: { 'equip-type': 't2', 'equip-vendor': null, 'in-maint': true } }] }],
    });
    expect(res.body).toEqual({ transaction: [{ patch: [{ uri: pnfPath(a), body: { '200': null } }] }] });
    const after = await propsOf(pnfPath(a));
    expect(after).toMatchObject({ 'pnf-name': a, 'equip-type': 't2', 'equip-model': 'm', 'in-maint': true });
    expect(after).not.toHaveProperty('equip-vendor');
    expect(after?.['resource-version']).not.toBe(before);
  });

  it('ignores a resource-version in a PATCH body, even a wrong one (PATCH is not subject to concurrency control)', async () => {
    const c = client();
    const a = uid('mprv');
    await create(c, pnfPath(a), { 'pnf-name': a });
    const res = await c.put('/aai/v15/bulkprocess', { transactions: [{ patch: [{ uri: pnfPath(a), body: { 'resource-version': '1', 'equip-type': 'x' } }] }] });
    expect(res.body).toEqual({ transaction: [{ patch: [{ uri: pnfPath(a), body: { '200': null } }] }] });
    const after = await propsOf(pnfPath(a));
    expect(after).toMatchObject({ 'equip-type': 'x' });
    expect(after?.['resource-version']).not.toBe('1');
  });

  it('runs several operations of one method in one transaction, each seeing the earlier ones (delete then recreate, put then patch)', async () => {
    const c = client();
    const a = uid('seq');
    await create(c, pnfPath(a), { 'pnf-name': a });
    await create(c, pifPath(a, 'eth0'), { 'interface-name': 'eth0', 'interface-role': 'old' });
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [
        {
          delete: [
            { uri: `${pifPath(a, 'eth0')}?resource-version=${BYPASS}` },
            { uri: `${pnfPath(a)}?resource-version=${BYPASS}` },
          ],
        },
        {
          put: [
            { uri: pnfPath(a), body: { 'pnf-name': a, 'equip-type': 'recreated' } },
            { uri: pifPath(a, 'eth1'), body: { 'interface-name': 'eth1' } },
          ],
        },
        { patch: [{ uri: pifPath(a, 'eth1'), body: { 'interface-role': 'uplink' } }] },
      ],
    });
    expect(res.body).toEqual({
      transaction: [
        { delete: [{ uri: pifPath(a, 'eth0'), body: { '204': null } }, { uri: pnfPath(a), body: { '204': null } }] },
        { put: [{ uri: pnfPath(a), body: { '201': null } }, { uri: pifPath(a, 'eth1'), body: { '201': null } }] },
        { patch: [{ uri: pifPath(a, 'eth1'), body: { '200': null } }] },
      ],
    });
    expect(await exists(pifPath(a, 'eth0'))).toBe(false);
    expect(await propsOf(pnfPath(a))).toMatchObject({ 'equip-type': 'recreated' });
    expect(await propsOf(pifPath(a, 'eth1'))).toMatchObject({ 'interface-role': 'uplink' });
  });

  it('accepts /aai/v15-prefixed URIs and reports each entry\'s URI as given, without the query', async () => {
    const c = client();
    const a = uid('pre');
    await create(c, pnfPath(`${a}-d`), { 'pnf-name': `${a}-d` });
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [
        { put: [{ uri: `${V}${pnfPath(a)}`, body: { 'pnf-name': a } }] },
        { delete: [{ uri: `${V}${pnfPath(`${a}-d`)}?resource-version=${BYPASS}` }] },
      ],
    });
    expect(res.body).toEqual({
      transaction: [{ put: [{ uri: `${V}${pnfPath(a)}`, body: { '201': null } }] }, { delete: [{ uri: `${V}${pnfPath(`${a}-d`)}`, body: { '204': null } }] }],
    });
    expect(await exists(pnfPath(a))).toBe(true);
    expect(await exists(pnfPath(`${a}-d`))).toBe(false);
  });
});

describe('PUT /aai/v15/bulkprocess: DELETE and the resource-version', () => {
  it('deletes with the bypass UUID whatever the stored resource-version, and cascades to children', async () => {
    const c = client();
    const a = uid('byp');
    await create(c, pnfPath(a), { 'pnf-name': a });
    await create(c, pifPath(a, 'eth0'), { 'interface-name': 'eth0' });
    const res = await c.put('/aai/v15/bulkprocess', { transactions: [{ delete: [{ uri: `${pnfPath(a)}?resource-version=${BYPASS}` }] }] });
    expect(res.body).toEqual({ transaction: [{ delete: [{ uri: pnfPath(a), body: { '204': null } }] }] });
    expect(await exists(pnfPath(a))).toBe(false);
    expect(await exists(pifPath(a, 'eth0'))).toBe(false);
  });

  it('reads the resource-version only from the URI query: one in a DELETE body is ignored (412 AAI_6130)', async () => {
    const c = client();
    const a = uid('rvq');
    await create(c, pnfPath(a), { 'pnf-name': a });
    const rv = (await rvOf(pnfPath(a))) ?? '';
    const res = await c.put('/aai/v15/bulkprocess', { transactions: [{ delete: [{ uri: pnfPath(a), body: { 'resource-version': rv } }] }] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transaction: [
        {
          delete: [
            errorEntry(pnfPath(a), 412, svc('SVC3000', TEXT_3000, ['DELETE', pnfPath(a), 'Precondition Required:resource-version not passed for delete of pnf', 'ERR.5.4.6130'])),
          ],
        },
      ],
    });
    expect(await rvOf(pnfPath(a))).toBe(rv);
  });

  it('answers a wrong resource-version with 412 AAI_6131 and a missing node with 404 AAI_6114, deleting nothing', async () => {
    const c = client();
    const a = uid('rvw');
    await create(c, pnfPath(a), { 'pnf-name': a });
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [{ delete: [{ uri: `${pnfPath(a)}?resource-version=1` }] }, { delete: [{ uri: `${pnfPath(`${a}-gone`)}?resource-version=1` }] }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transaction: [
        { delete: [errorEntry(pnfPath(a), 412, svc('SVC3000', TEXT_3000, ['DELETE', pnfPath(a), 'Precondition Failed:resource-version MISMATCH for delete of pnf', 'ERR.5.4.6131']))] },
        {
          delete: [
            errorEntry(
              pnfPath(`${a}-gone`),
              404,
              svc('SVC3001', TEXT_3001, ['DELETE', pnfPath(`${a}-gone`), `Node Not Found:No Node of type pnf found at: ${pnfPath(`${a}-gone`)}`, 'ERR.5.4.6114']),
            ),
          ],
        },
      ],
    });
    expect(await exists(pnfPath(a))).toBe(true);
  });

  it('needs a body for a relationship DELETE (and for put/patch), but not for a node DELETE, whose body is ignored', async () => {
    const c = client();
    const a = uid('nob');
    await create(c, pnfPath(a), { 'pnf-name': a });
    await create(c, linkPath(a), { 'link-name': a, 'link-type': 'l2' });
    expect((await c.put(`${V}${pnfPath(a)}${REL}`, linkRel(a))).status).toBe(200);
    const missingBody = (uri: string, method: string) =>
      errorEntry(uri, 400, consumer('Required Field not passed.:input payload does not follow bulk process interface - missing "body"', 'ERR.5.4.6118', method));
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [
        { delete: [{ uri: `${pnfPath(a)}${REL}` }] },
        { patch: [{ uri: pnfPath(a) }] },
        { put: [{ uri: pnfPath(`${a}-x`) }] },
      ],
    });
    expect(res.body).toEqual({
      transaction: [{ delete: [missingBody(`${pnfPath(a)}${REL}`, 'DELETE_EDGE')] }, { patch: [missingBody(pnfPath(a), 'MERGE_PATCH')] }, { put: [missingBody(pnfPath(`${a}-x`), 'PUT')] }],
    });
    expect(await edgesBetween(linkPath(a), pnfPath(a))).toHaveLength(1);

    await create(c, pnfPath(`${a}-2`), { 'pnf-name': `${a}-2` });
    const noBody = await c.put('/aai/v15/bulkprocess', {
      transactions: [{ delete: [{ uri: `${pnfPath(a)}?resource-version=${BYPASS}` }, { uri: `${pnfPath(`${a}-2`)}?resource-version=${BYPASS}`, body: 'ignored' }] }],
    });
    expect(noBody.body).toEqual({ transaction: [{ delete: [{ uri: pnfPath(a), body: { '204': null } }, { uri: pnfPath(`${a}-2`), body: { '204': null } }] }] });
    expect(await exists(pnfPath(a))).toBe(false);
    expect(await exists(pnfPath(`${a}-2`))).toBe(false);
  });
  it('refuses to delete a node held by a prevent-delete edge: 400 AAI_6110 (SVC3100, URI after the ec), nothing deleted', async () => {
    const c = client();
    const a = uid('prev');
    const cx = `/cloud-infrastructure/complexes/complex/${a}`;
    await create(c, cx, { 'physical-location-id': a, 'physical-location-type': 'site', street1: '1 Main St', city: 'X', 'postal-code': '1', country: 'US', region: 'e' });
    await create(c, pnfPath(a), { 'pnf-name': a, 'relationship-list': { relationship: [{ 'related-to': 'complex', 'related-link': `${V}${cx}` }] } });
    const rv = await rvOf(cx);
    const res = await c.put('/aai/v15/bulkprocess', { transactions: [{ delete: [{ uri: `${cx}?resource-version=${BYPASS}` }] }] });
    expect(res.body).toEqual({
      transaction: [
        {
          delete: [
            errorEntry(
              cx,
              400,
              svc('SVC3100', 'Unsupported operation %1 (msg=%2) (ec=%3)', [
                'DELETE',
                'Node cannot be deleted:Object is being reference by additional objects preventing it from being deleted. Please clean up references from the following types [pnf]',
                'ERR.5.4.6110',
                cx,
              ]),
            ),
          ],
        },
      ],
    });
    expect(await rvOf(cx)).toBe(rv);
  });
});

describe('PUT /aai/v15/bulkprocess: relationship operations', () => {
  it('adds an edge with a relationship put (200, an identical one is a no-op) and removes it with a relationship delete (204)', async () => {
    const c = client();
    const a = uid('rel');
    await create(c, pnfPath(a), { 'pnf-name': a });
    await create(c, linkPath(a), { 'link-name': a, 'link-type': 'l2' });
    const relUri = `${pnfPath(a)}${REL}`;
    const put = await c.put('/aai/v15/bulkprocess', { transactions: [{ put: [{ uri: relUri, body: linkRel(a) }, { uri: relUri, body: linkRel(a) }] }] });
    expect(put.body).toEqual({ transaction: [{ put: [{ uri: relUri, body: { '200': null } }, { uri: relUri, body: { '200': null } }] }] });
    expect(await edgesBetween(linkPath(a), pnfPath(a))).toEqual([{ label: BRIDGED_TO, from: linkPath(a), to: pnfPath(a) }]);

    const del = await c.put('/aai/v15/bulkprocess', { transactions: [{ delete: [{ uri: relUri, body: linkRel(a) }] }] });
    expect(del.body).toEqual({ transaction: [{ delete: [{ uri: relUri, body: { '204': null } }] }] });
    expect(await edgesBetween(linkPath(a), pnfPath(a))).toEqual([]);
    expect(await exists(pnfPath(a))).toBe(true);
    expect(await exists(linkPath(a))).toBe(true);
  });

  it('answers relationship operations on a missing node with 404 AAI_6114 naming the full relationship URI; a relationship delete to a missing target is a 204 no-op', async () => {
    const c = client();
    const a = uid('relown');
    await create(c, linkPath(a), { 'link-name': a, 'link-type': 'l2' });
    await create(c, pnfPath(`${a}-here`), { 'pnf-name': `${a}-here` });
    const relUri = `${pnfPath(a)}${REL}`;
    const notFound = (method: string) =>
      errorEntry(relUri, 404, svc('SVC3001', TEXT_3001, [method, relUri, `Node Not Found:No Node of type pnf found at: ${relUri}`, 'ERR.5.4.6114']));
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [
        { put: [{ uri: relUri, body: linkRel(a) }] },
        { delete: [{ uri: relUri, body: linkRel(a) }] },
        { delete: [{ uri: `${pnfPath(`${a}-here`)}${REL}`, body: linkRel(`${a}-none`) }] },
      ],
    });
    expect(res.body).toEqual({
      transaction: [{ put: [notFound('PUT_EDGE')] }, { delete: [notFound('DELETE_EDGE')] }, { delete: [{ uri: `${pnfPath(`${a}-here`)}${REL}`, body: { '204': null } }] }],
    });
    expect(await exists(pnfPath(a))).toBe(false);
  });

  it('answers a relationship put to a missing target with 404 AAI_6129 (SVC3003) and makes no edge', async () => {
    const c = client();
    const a = uid('rel404');
    await create(c, pnfPath(a), { 'pnf-name': a });
    const relUri = `${pnfPath(a)}${REL}`;
    const res = await c.put('/aai/v15/bulkprocess', { transactions: [{ put: [{ uri: relUri, body: linkRel(`${a}-none`) }] }] });
    expect(res.body).toEqual({
      transaction: [
        {
          put: [
            errorEntry(
              relUri,
              404,
              svc('SVC3003', 'Failed to make edge to missing target node of type %3 with keys %4 performing %1 on %2 (msg=%5) (ec=%6)', [
                'PUT_EDGE',
                relUri,
                'logical-link',
                linkPath(`${a}-none`),
                `Error making edge to target node:Node of type logical-link. Could not find object at: ${linkPath(`${a}-none`)}`,
                'ERR.5.4.6129',
              ]),
            ),
          ],
        },
      ],
    });
    const rows = await cypher<{ n: number }>('MATCH (:AaiNode {`aai-uri`: $u})-[e]-() RETURN count(e) AS n', { u: pnfPath(a) });
    expect(rows[0]?.n).toBe(0);
  });
});

describe('PUT /aai/v15/bulkprocess: atomicity of a transaction', () => {
  it('rolls back every operation of a failing transaction (create, patch, delete, edge) while reporting each, and commits the other transactions', async () => {
    const c = client();
    const a = uid('atom');
    await create(c, pnfPath(`${a}-p`), { 'pnf-name': `${a}-p`, 'equip-type': 'orig' });
    await create(c, pnfPath(`${a}-d`), { 'pnf-name': `${a}-d` });
    await create(c, linkPath(a), { 'link-name': a, 'link-type': 'l2' });
    const rvP = await rvOf(pnfPath(`${a}-p`));
    const rvD = await rvOf(pnfPath(`${a}-d`));
    const rvL = await rvOf(linkPath(a));

    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [
        { put: [{ uri: pnfPath(`${a}-ok`), body: { 'pnf-name': `${a}-ok` } }] },
        {
          patch: [
            { uri: pnfPath(`${a}-p`), body: { 'equip-type': 'changed' } },
            { uri: pnfPath(`${a}-missing`), body: { 'equip-type': 'x' } },
          ],
        },
        {
          delete: [
            { uri: `${pnfPath(`${a}-d`)}?resource-version=${BYPASS}` },
            { uri: `${pnfPath(`${a}-p`)}${REL}`, body: linkRel(a) },
            { uri: `${pnfPath(`${a}-d`)}?resource-version=${BYPASS}` },
          ],
        },
        {
          put: [
            { uri: pnfPath(`${a}-new`), body: { 'pnf-name': `${a}-new` } },
            { uri: `${pnfPath(`${a}-new`)}${REL}`, body: linkRel(a) },
            { uri: pifPath(`${a}-nope`, 'eth0'), body: { 'interface-name': 'eth0' } },
          ],
        },
        { put: [{ uri: pnfPath(`${a}-ok2`), body: { 'pnf-name': `${a}-ok2` } }] },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transaction: [
        { put: [{ uri: pnfPath(`${a}-ok`), body: { '201': null } }] },
        {
          patch: [
            { uri: pnfPath(`${a}-p`), body: { '200': null } },
            errorEntry(
              pnfPath(`${a}-missing`),
              404,
              svc('SVC3001', TEXT_3001, ['MERGE_PATCH', pnfPath(`${a}-missing`), `Node Not Found:No Node of type pnf found at: ${pnfPath(`${a}-missing`)}`, 'ERR.5.4.6114']),
            ),
          ],
        },
        {
          delete: [
            { uri: pnfPath(`${a}-d`), body: { '204': null } },
            { uri: `${pnfPath(`${a}-p`)}${REL}`, body: { '204': null } },
            // The node is already gone inside the transaction.
            errorEntry(
              pnfPath(`${a}-d`),
              404,
              svc('SVC3001', TEXT_3001, ['DELETE', pnfPath(`${a}-d`), `Node Not Found:No Node of type pnf found at: ${pnfPath(`${a}-d`)}`, 'ERR.5.4.6114']),
            ),
          ],
        },
        {
          put: [
            { uri: pnfPath(`${a}-new`), body: { '201': null } },
            { uri: `${pnfPath(`${a}-new`)}${REL}`, body: { '200': null } },
            errorEntry(
              pifPath(`${a}-nope`, 'eth0'),
              404,
              svc('SVC3001', TEXT_3001, ['PUT', pifPath(`${a}-nope`, 'eth0'), `Node Not Found:No parent Node of type pnf for ${pifPath(`${a}-nope`, 'eth0')}`, 'ERR.5.4.6114']),
            ),
          ],
        },
        { put: [{ uri: pnfPath(`${a}-ok2`), body: { '201': null } }] },
      ],
    });

    // The failing transactions left nothing behind.
    expect(await propsOf(pnfPath(`${a}-p`))).toMatchObject({ 'equip-type': 'orig', 'resource-version': rvP });
    expect(await rvOf(pnfPath(`${a}-d`))).toBe(rvD);
    expect(await exists(pnfPath(`${a}-new`))).toBe(false);
    expect(await rvOf(linkPath(a))).toBe(rvL);
    const edges = await cypher<{ n: number }>('MATCH (:AaiNode {`aai-uri`: $u})-[e]-() RETURN count(e) AS n', { u: linkPath(a) });
    expect(edges[0]?.n).toBe(0);
    // The independent ones are committed.
    expect(await exists(pnfPath(`${a}-ok`))).toBe(true);
    expect(await exists(pnfPath(`${a}-ok2`))).toBe(true);
  });

  it('fails a transaction in its payload check with one entry and does no database work, even for earlier valid operations', async () => {
    const c = client();
    const a = uid('fill');
    await create(c, pnfPath(a), { 'pnf-name': a });
    const rv = await rvOf(pnfPath(a));
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [
        {
          patch: [
            { uri: pnfPath(a), body: { 'equip-type': 'x' } },
            { uri: pnfPath(`${a}-2`), body: { 'in-maint': 'yes' } },
          ],
        },
      ],
    });
    expect(res.body).toEqual({
      transaction: [
        {
          patch: [
            errorEntry(pnfPath(`${a}-2`), 400, consumer('Invalid input performing %1 on %2:object could not be unmarshalled: property "in-maint" of pnf must be boolean', 'ERR.5.2.3000', 'MERGE_PATCH')),
          ],
        },
      ],
    });
    expect(await propsOf(pnfPath(a))).not.toHaveProperty('equip-type');
    expect(await rvOf(pnfPath(a))).toBe(rv);
  });
});

describe('PUT /aai/v15/bulkprocess: the transaction object', () => {
  it.each([
    ['put and delete', (a: string) => ({ put: [{ uri: pnfPath(a), body: { 'pnf-name': a } }], delete: [{ uri: `${pnfPath(a)}?resource-version=${BYPASS}` }] }), 'put', 'put, delete'],
    ['delete and patch', (a: string) => ({ delete: [{ uri: `${pnfPath(a)}?resource-version=${BYPASS}` }], patch: [{ uri: pnfPath(a), body: {} }] }), 'delete', 'delete, patch'],
    ['patch and an unknown key', (a: string) => ({ patch: [{ uri: pnfPath(a), body: { 'equip-type': 'x' } }], get: [] }), 'patch', 'patch, get'],
  ])('answers a transaction holding %s with one 400 AAI_6118 entry and runs neither', async (_name, tx, key, found) => {
    const c = client();
    const a = uid('two');
    const res = await c.put('/aai/v15/bulkprocess', { transactions: [tx(a), { put: [{ uri: pnfPath(`${a}-ok`), body: { 'pnf-name': `${a}-ok` } }] }] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transaction: [
        {
          [key]: [
            errorEntry(
              null,
              400,
              consumer(`Required Field not passed.:input payload does not follow bulk process interface - a transaction holds exactly one of put, delete, patch; found ${found}`, 'ERR.5.4.6118', METHOD_OF_KEY[key]),
            ),
          ],
        },
        { put: [{ uri: pnfPath(`${a}-ok`), body: { '201': null } }] },
      ],
    });
    expect(await exists(pnfPath(a))).toBe(false);
    expect(await exists(pnfPath(`${a}-ok`))).toBe(true);
  });

  it.each([[{ get: [{ uri: '/network/pnfs/pnf/x' }] }], [{ post: [] }], [{}]])('answers a transaction with none of put/delete/patch (%j) with "missing put delete or patch"', async (tx) => {
    const res = await client().put('/aai/v15/bulkprocess', { transactions: [tx] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      transaction: [{ put: [errorEntry(null, 400, consumer('Required Field not passed.:input payload does not follow bulk process interface - missing put delete or patch', 'ERR.5.4.6118'))] }],
    });
  });

  it('answers an empty method array and a method value that is not an array in their own entries', async () => {
    const res = await client().put('/aai/v15/bulkprocess', { transactions: [{ delete: [] }, { patch: { uri: '/network/pnfs/pnf/x' } }] });
    expect(res.body).toEqual({
      transaction: [
        { delete: [errorEntry(null, 400, consumer('Required Field not passed.:payload had no objects to operate on', 'ERR.5.4.6118', 'DELETE'))] },
        { patch: [errorEntry(null, 400, consumer('JSON processing error:input payload does not follow bulk process interface', 'ERR.5.4.6111', 'MERGE_PATCH'))] },
      ],
    });
  });

  it('answers a delete operation without uri with "must include object uri"', async () => {
    const res = await client().put('/aai/v15/bulkprocess', { transactions: [{ delete: [{ body: {} }] }] });
    expect(res.body).toEqual({ transaction: [{ delete: [errorEntry(null, 400, consumer('Required Field not passed.:must include object uri', 'ERR.5.4.6118', 'DELETE'))] }] });
  });
});

describe('PUT /aai/v15/bulkprocess: top-level errors and limits', () => {
  const pnfOps = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ uri: pnfPath(`${prefix}-${i}`), body: { 'pnf-name': `${prefix}-${i}` } }));
  const countUnder = async (prefix: string): Promise<number> => {
    const rows = await cypher<{ n: number }>('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: prefix });
    return rows[0]?.n ?? -1;
  };

  it('answers 400 AAI_6118 naming bulk process when "transactions" is missing, and 400 when it is empty', async () => {
    const missing = await client().put('/aai/v15/bulkprocess', { transaction: [] });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(consumer('Required Field not passed.:input payload does not follow bulk process interface - missing "transactions"', 'ERR.5.4.6118'));
    const empty = await client().put('/aai/v15/bulkprocess', { transactions: [] });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual(consumer('Required Field not passed.:payload had no objects to operate on', 'ERR.5.4.6118'));
  });

  it('answers 400 AAI_3012 for POST', async () => {
    const res = await client().post('/aai/v15/bulkprocess', { transactions: [] });
    expect(res.status).toBe(400);
    // A&AI's InvalidResponseStatus renders Jersey's 405 without template variables.
    expect(res.body.requestError.serviceException.variables).toEqual(['Unrecognized AAI function', 'ERR.5.6.3012']);
  });

  it('accepts exactly 30 operations of mixed methods across transactions', async () => {
    const c = client();
    const a = uid('lim');
    await create(c, pnfPath(`${a}-d`), { 'pnf-name': `${a}-d` });
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [{ put: pnfOps(`${a}-a`, 14) }, { put: pnfOps(`${a}-b`, 14) }, { patch: [{ uri: pnfPath(`${a}-a-0`), body: { 'equip-type': 'x' } }] }, { delete: [{ uri: `${pnfPath(`${a}-d`)}?resource-version=${BYPASS}` }] }],
    });
    expect(res.status).toBe(201);
    expect(res.body.transaction).toHaveLength(4);
    expect(await countUnder(pnfPath(a))).toBe(28);
  });

  it('rejects 31 operations with 400 AAI_6147 before doing anything', async () => {
    const c = client();
    const a = uid('lim');
    await create(c, pnfPath(`${a}-d`), { 'pnf-name': `${a}-d` });
    const res = await c.put('/aai/v15/bulkprocess', {
      transactions: [{ put: pnfOps(`${a}-a`, 15) }, { put: pnfOps(`${a}-b`, 15) }, { delete: [{ uri: `${pnfPath(`${a}-d`)}?resource-version=${BYPASS}` }] }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(consumer('Payload Limit Reached, reduce payload:Payload limit of 30 reached, please reduce payload.', 'ERR.5.4.6147'));
    expect(await countUnder(pnfPath(a))).toBe(1);
  });

  it('lifts the limit with X-OverrideLimit only when it equals BULK_OVERRIDE_SECRET', async () => {
    const a = uid('ovr');
    const payload = { transactions: [{ put: pnfOps(a, 31) }] };
    // As users with the write role: an admin may lift the limit by its role.
    const withSecret = await writerClient({ BULK_OVERRIDE_SECRET: 's' });
    const wrong = await withSecret.raw.put('/aai/v15/bulkprocess').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'X-OverrideLimit': 'x' }).send(payload);
    expect(wrong.status).toBe(400);
    const noSecret = await (await writerClient()).raw.put('/aai/v15/bulkprocess').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'X-OverrideLimit': 's' }).send(payload);
    expect(noSecret.status).toBe(400);
    expect(await countUnder(pnfPath(a))).toBe(0);
    const right = await withSecret.raw.put('/aai/v15/bulkprocess').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', 'X-OverrideLimit': 's' }).send(payload);
    expect(right.status).toBe(201);
    expect(right.body.transaction[0].put).toHaveLength(31);
    expect(await countUnder(pnfPath(a))).toBe(31);
  });

  it('parses every error entry body as an A&AI error JSON string', async () => {
    const a = uid('str');
    const res = await client().put('/aai/v15/bulkprocess', { transactions: [{ patch: [{ uri: pnfPath(a), body: {} }] }] });
    const entry = (res.body.transaction[0].patch as Entry[])[0];
    expect(entry).toBeDefined();
    const parsed = parseEntry(entry as Entry);
    expect(parsed.status).toBe('404');
    expect(parsed.body).toEqual(svc('SVC3001', TEXT_3001, ['MERGE_PATCH', pnfPath(a), `Node Not Found:No Node of type pnf found at: ${pnfPath(a)}`, 'ERR.5.4.6114']));
  });
});
