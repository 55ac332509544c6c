/**
 * Issue "PUT /aai/v15/bulkadd": replays the examples of the A&AI bulk add page
 * (shared/seeds/003_6ba86398d436b65d.txt) with the same status keys and error bodies, character for
 * character. The capture's response to Request 2 has typos in some URIs; we follow the request.
 * The database may hold what an earlier run created, so every key of the capture (pnf1, pnf2,
 * logicallink1) gets this run's suffix, in the requests and in the expected answers alike: `keyed`
 * rewrites the capture's text, everything else stays as captured. The tests in this file run in order.
 */
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';

/** This run's suffix for the capture's keys. */
const RUN = uid('run');
const KEY = /\b(pnf1|pnf2|logicallink1)\b/g;

/** The capture's key `k` (pnf1, pnf2 or logicallink1) as this run uses it. */
const key = (k: string): string => `${k}-${RUN}`;

/** `capture` with each of its keys replaced by this run's (also inside JSON text held in strings). */
function keyed<T>(capture: T): T {
  return JSON.parse(JSON.stringify(capture).replace(KEY, (k) => key(k))) as T;
}

const addRequest1 = keyed({
  transactions: [
    {
      put: [
        { uri: '/network/pnfs/pnf/pnf1', body: { 'pnf-name': 'pnf1', 'equip-model': 'equip1', 'frame-id': '1234', 'equip-type': 'router' } },
        { uri: '/network/pnfs/pnf/pnf2', body: { 'pnf-name': 'pnf2', 'equip-model': 'equip2', 'frame-id': '4321', 'equip-type': 'router' } },
      ],
    },
  ],
});

const addRequest2 = keyed({
  transactions: [
    { put: [{ uri: '/network/pnfs/pnf/pnf1', body: { 'pnf-name': 'pnf1', 'equip-model': 'equip1', 'frame-id': '1234', 'equip-type': 'router' } }] },
    {
      put: [
        {
          uri: '/network/pnfs/pnf/pnf1/p-interfaces/p-interface/pinterface1',
          body: { 'interface-name': 'pinterface1', 'equipment-identifier': 'equipiden1', 'port-description': 'pd1' },
        },
        {
          uri: '/network/pnfs/pnf/pnf1/p-interfaces/p-interface/pinterface2',
          body: { 'interface-name': 'pinterface2', 'equipment-identifier': 'equipiden2', 'port-description': 'pd2' },
        },
        {
          uri: '/network/pnfs/pnf/pnf1/p-interfaces/p-interface/pinterface3',
          body: { 'interface-name': 'pinterface3', 'equipment-identifier': 'equipiden3', 'port-description': 'pd3' },
        },
        {
          uri: '/network/logical-links/logical-link/logicallink1',
          body: {
            'link-name': 'logicallink1',
            'link-type': 'linktype1',
            'operational-status': 'available',
            'speed-value': '100',
            'speed-units': 'Gbps',
            'relationship-list': {
              relationship: [
                {
                  'related-to': 'p-interface',
                  'relationship-data': [
                    { 'relationship-key': 'pnf.pnf-name', 'relationship-value': 'pnf1' },
                    { 'relationship-key': 'p-interface.interface-name', 'relationship-value': 'pinterface1' },
                  ],
                },
              ],
            },
          },
        },
      ],
    },
  ],
});

describe('PUT /aai/v15/bulkadd — the A&AI bulk add page, replayed', () => {
  const c = client();
  const pnf1 = `/network/pnfs/pnf/${key('pnf1')}`;

  it('Add Request 2: two transactions, every put 201, the logical-link related to pinterface1', async () => {
    const res = await c.put('/aai/v15/bulkadd', addRequest2);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      keyed({
        transaction: [
          { put: [{ uri: '/network/pnfs/pnf/pnf1', body: { '201': null } }] },
          {
            put: [
              { uri: '/network/pnfs/pnf/pnf1/p-interfaces/p-interface/pinterface1', body: { '201': null } },
              { uri: '/network/pnfs/pnf/pnf1/p-interfaces/p-interface/pinterface2', body: { '201': null } },
              { uri: '/network/pnfs/pnf/pnf1/p-interfaces/p-interface/pinterface3', body: { '201': null } },
              { uri: '/network/logical-links/logical-link/logicallink1', body: { '201': null } },
            ],
          },
        ],
      }),
    );
    const edges = await cypher<{ n: number }>(
      'MATCH (:`p-interface` {`aai-uri`: $p})-[e:`tosca.relationships.network.LinksTo`]->(:`logical-link` {`aai-uri`: $l}) RETURN count(e) AS n',
      keyed({ p: '/network/pnfs/pnf/pnf1/p-interfaces/p-interface/pinterface1', l: '/network/logical-links/logical-link/logicallink1' }),
    );
    expect(edges[0]?.n).toBe(1);
    const children = await cypher<{ n: number }>('MATCH (n:`p-interface`) WHERE n.`aai-uri` STARTS WITH $p RETURN count(n) AS n', { p: `${pnf1}/` });
    expect(children[0]?.n).toBe(3);
  });

  it('Add Request 1 on fresh pnfs: one transaction, both puts 201', async () => {
    // Remove what the previous test made, so Request 1 creates pnf1 as in the capture.
    const stored = await c.get(`/aai/v15${pnf1}`);
    expect(stored.status).toBe(200);
    expect((await c.delete(`/aai/v15${pnf1}?resource-version=${stored.body['resource-version']}`)).status).toBe(204);
    const res = await c.put('/aai/v15/bulkadd', addRequest1);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      keyed({
        transaction: [{ put: [{ uri: '/network/pnfs/pnf/pnf1', body: { '201': null } }, { uri: '/network/pnfs/pnf/pnf2', body: { '201': null } }] }],
      }),
    );
  });

  it('Add Request 1 again: both puts 412 "resource-version not passed for update" (Add Response 2)', async () => {
    const res = await c.put('/aai/v15/bulkadd', addRequest1);
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).toBe(
      JSON.stringify(
        keyed({
          transaction: [
            {
              put: [
                {
                  uri: '/network/pnfs/pnf/pnf1',
                  body: {
                    '412': '{"requestError":{"serviceException":{"messageId":"SVC3000","text":"Invalid input performing %1 on %2 (msg=%3) (ec=%4)","variables":["PUT","/network/pnfs/pnf/pnf1","Precondition Required:resource-version not passed for update of /network/pnfs/pnf/pnf1","ERR.5.4.6130"]}}}',
                  },
                },
                {
                  uri: '/network/pnfs/pnf/pnf2',
                  body: {
                    '412': '{"requestError":{"serviceException":{"messageId":"SVC3000","text":"Invalid input performing %1 on %2 (msg=%3) (ec=%4)","variables":["PUT","/network/pnfs/pnf/pnf2","Precondition Required:resource-version not passed for update of /network/pnfs/pnf/pnf2","ERR.5.4.6130"]}}}',
                  },
                },
              ],
            },
          ],
        }),
      ),
    );
  });

  it('Operation limit: 31 operations answer the "Payload limit of 30 reached" body alone', async () => {
    const limit = uid('limit');
    const put = Array.from({ length: 31 }, (_, i) => ({ uri: `/network/pnfs/pnf/${limit}-${i}`, body: { 'pnf-name': `${limit}-${i}` } }));
    const res = await c.put('/aai/v15/bulkadd', { transactions: [{ put }] });
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      '{"requestError":{"serviceException":{"messageId":"SVC3000","text":"Invalid input performing %1 on %2 (msg=%3) (ec=%4)","variables":["PUT","v15/bulkadd","Payload Limit Reached, reduce payload:Payload limit of 30 reached, please reduce payload.","ERR.5.4.6147"]}}}',
    );
    const stored = await cypher<{ n: number }>('MATCH (n:pnf) WHERE n.`pnf-name` STARTS WITH $p RETURN count(n) AS n', { p: `${limit}-` });
    expect(stored[0]?.n).toBe(0);
  });
});
