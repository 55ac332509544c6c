/**
 * ONAP Policy's A&AI calls (onap/policy-models@9dc40c3a, models-interactions), replayed request for
 * request. Policy's only non-traversal call is the PNF read:
 * - model-impl/aai/.../AaiManager.getPnf: GET {url}/aai/v21/network/pnfs/pnf/{URLEncoder.encode(name)}?depth=0
 *   (PNF_URL + AAI_DEPTH_SUFFIX), retried up to 3 times until a 200; the answer is decoded as a map
 *   and every top-level field becomes "pnf.<field>".
 * - model-actors/actor.aai/.../AaiGetPnfOperation.startOperationAsync: the same GET (configured path
 *   + "/" + URLEncoder.encode(target) + "?depth=0"); any non-2xx is a failed operation.
 * Headers (AaiManager.createHeaders, AaiUtil.makeHeaders): X-FromAppId POLICY, X-TransactionId = the
 * request id, Accept application/json; RestManager/HttpClient add Basic auth from the configuration.
 * Replayed under /aai/v15.
 *
 * Policy's other A&AI calls are traversal (issue #19): AaiGetTenantOperation and AaiManager's
 * TENANT_URL (GET /search/nodes-query?search-node-type=vserver&filter=vserver-name:EQUALS:…), and
 * AaiCustomQueryOperation / AaiManager.getCustomQueryResponse (PUT /query?format=resource with
 * {"start": <vserver link>, "query": "query/closed-loop"}).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../helpers/app.js';
import { create, type Client } from '../../helpers/aai.js';
import { uid } from '../../helpers/neo4j.js';
import { V, basic, uri, wire, type Call, type Reply } from './replay.js';

const POLICY_HEADERS = {
  'X-FromAppId': 'POLICY',
  'X-TransactionId': randomUUID(),
  Accept: 'application/json',
  Authorization: basic('policy@policy.onap.org', 'demo123456!'),
};

let policy: (call: Call) => Promise<Reply>;
let seed: Client;

beforeAll(() => {
  policy = wire(POLICY_HEADERS);
  seed = client();
});

/** Java's URLEncoder.encode(s, UTF-8): application/x-www-form-urlencoded (space → '+', keeps *-._). */
function javaUrlEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

/** AaiManager.getPnf / AaiGetPnfOperation: the GET Policy sends. */
const getPnf = (name: string): Promise<Reply> => policy({ method: 'GET', url: `${V}/network/pnfs/pnf/${javaUrlEncode(name)}?depth=0` });

describe('Policy: AaiManager.getPnf and AaiGetPnfOperation (GET /network/pnfs/pnf/{name}?depth=0)', () => {
  it('answers the PNF\'s own fields at the top level (mapped to "pnf.<field>"), without its children at depth=0', async () => {
    const name = uid('pol-pnf');
    const body = {
      'pnf-name': name,
      'equip-vendor': 'Vendor-A',
      'equip-type': 'Router',
      'equip-model': 'model-123456',
      'ipaddress-v4-oam': '10.10.10.10',
      'pnf-ipv4-address': '3.3.3.3',
      'nf-role': 'ToR DC101',
      'frame-id': '3',
      'in-maint': false,
      'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] },
    };
    await create(seed, uri.pnf(name), body);
    const res = await getPnf(name);
    expect(res.status, res.text).toBe(200);
    const { 'p-interfaces': _children, ...fields } = body;
    expect(res.body).toMatchObject(fields);
    expect(res.body['resource-version']).toEqual(expect.any(String));
    expect(res.body).not.toHaveProperty('p-interfaces');
    // What AaiManager hands to the rules: "pnf.pnf-name", "pnf.in-maint", …
    const mapped = Object.fromEntries(Object.entries(res.body).map(([k, v]) => [`pnf.${k}`, v]));
    expect(mapped).toMatchObject({ 'pnf.pnf-name': name, 'pnf.in-maint': false, 'pnf.equip-vendor': 'Vendor-A' });
  });

  it('finds a PNF whose name URLEncoder percent-encodes (":" → %3A)', async () => {
    const name = `${uid('pol-pnf')}:slot1`;
    await create(seed, `/network/pnfs/pnf/${encodeURIComponent(name)}`, { 'pnf-name': name, 'in-maint': false });
    const res = await getPnf(name);
    expect(res.status, res.text).toBe(200);
    expect(res.body['pnf-name']).toBe(name);
  });

  it('answers 404 with A&AI\'s requestError body for an unknown PNF (AaiManager retries and gives up; the operation fails)', async () => {
    const name = uid('pol-none');
    const res = await getPnf(name);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ requestError: { serviceException: { messageId: 'SVC3001', variables: ['GET', `network/pnfs/pnf/${name}`, expect.any(String), 'ERR.5.4.6114'] } } });
  });
});
