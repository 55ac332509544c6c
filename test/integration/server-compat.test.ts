/**
 * Issue "Data integrity on every Neo4j it accepts": requests that were answered 201/200/204 while
 * Neo4j stored something else, on servers the service accepts. Each test reads back the stored edge
 * types (and labels) and the GET answer. `.ci/run` runs this file, with the whole integration
 * suite, on the oldest and the newest supported Neo4j.
 * - Neo4j 5.26.0: a dynamic relationship type in CREATE took the first row's type for every row
 *   (a logical-link's LinksTo edge stored as the p-interface's BindsTo; AAI_6110 missed because
 *   prevent-delete is decided from stored edge types).
 * - Neo4j 2026.08.1: a node locked by re-setting aai-uri, deleted and re-created in one transaction,
 *   failed the uniqueness constraint (503 after the retries).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../scripts/neo4j/local-server.js';
import { projectRoot } from '../../src/project-root.js';
import { localNeo4jVersion } from '../../scripts/neo4j/versions.js';
import { createGraphStore } from '../../src/store/graph-store.js';
import { createJobStore } from '../../src/store/job-store.js';
import { judgeServer, readServerInfo } from '../../src/store/server-version.js';
import { client, testAuth, testConfig, testSchema } from '../helpers/app.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { edgesBetween, linkPath, pifPath, pnfPath, propsOf, svc, V } from '../helpers/aai.js';
import { cypher, neo4jConnection, testDriver, uid } from '../helpers/neo4j.js';

const BINDS = 'tosca.relationships.network.BindsTo';
const LINKS = 'tosca.relationships.network.LinksTo';
const LOCATED = 'org.onap.relationships.inventory.LocatedIn';
const BELONGS = 'org.onap.relationships.inventory.BelongsTo';

const pifRel = (pnf: string, pif: string) => ({ 'related-to': 'p-interface', 'related-link': `${V}${pifPath(pnf, pif)}` });

/** The relationships a GET of `uri` shows: related-to and related-link. */
async function relationshipsOf(c: ReturnType<typeof client>, uri: string): Promise<{ to: string; link: string; label: string }[]> {
  const r = await c.get(`${V}${uri}`);
  expect(r.status).toBe(200);
  const rels = (r.body['relationship-list']?.relationship ?? []) as { 'related-to': string; 'related-link': string; 'relationship-label': string }[];
  return rels.map((x) => ({ to: x['related-to'], link: x['related-link'], label: x['relationship-label'] }));
}

describe('edge types stored as the rules say, whatever the statement mixes', () => {
  const c = client();

  it('bulkadd: a relationship to a node created earlier in the same transaction (parent BindsTo and LinksTo in one statement)', async () => {
    const [pnf, link] = [uid('sc-pnf'), uid('sc-link')];
    const res = await c.put(`${V}/bulkadd`, {
      transactions: [
        {
          put: [
            { uri: pnfPath(pnf), body: { 'pnf-name': pnf } },
            { uri: pifPath(pnf, 'eth0'), body: { 'interface-name': 'eth0' } },
            { uri: linkPath(link), body: { 'link-name': link, 'link-type': 'l2', 'relationship-list': { relationship: [pifRel(pnf, 'eth0')] } } },
          ],
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(await edgesBetween(pifPath(pnf, 'eth0'), pnfPath(pnf))).toEqual([{ label: BINDS, from: pifPath(pnf, 'eth0'), to: pnfPath(pnf) }]);
    expect(await edgesBetween(pifPath(pnf, 'eth0'), linkPath(link))).toEqual([{ label: LINKS, from: pifPath(pnf, 'eth0'), to: linkPath(link) }]);
    expect(await relationshipsOf(c, linkPath(link))).toEqual([{ to: 'p-interface', link: `${V}${pifPath(pnf, 'eth0')}`, label: LINKS }]);
  });

  it('bulkadd: a relationship to a node created in an earlier transaction of the same request', async () => {
    const [pnf, link] = [uid('sc-pnf'), uid('sc-link')];
    const res = await c.put(`${V}/bulkadd`, {
      transactions: [
        { put: [{ uri: pnfPath(pnf), body: { 'pnf-name': pnf } }] },
        { put: [{ uri: pifPath(pnf, 'eth0'), body: { 'interface-name': 'eth0' } }, { uri: pifPath(pnf, 'eth1'), body: { 'interface-name': 'eth1' } }] },
        { put: [{ uri: linkPath(link), body: { 'link-name': link, 'link-type': 'l2', 'relationship-list': { relationship: [pifRel(pnf, 'eth0'), pifRel(pnf, 'eth1')] } } }] },
      ],
    });
    expect(res.status).toBe(201);
    for (const pif of ['eth0', 'eth1']) {
      expect(await edgesBetween(pifPath(pnf, pif), pnfPath(pnf))).toEqual([{ label: BINDS, from: pifPath(pnf, pif), to: pnfPath(pnf) }]);
      expect(await edgesBetween(pifPath(pnf, pif), linkPath(link))).toEqual([{ label: LINKS, from: pifPath(pnf, pif), to: linkPath(link) }]);
    }
    expect((await relationshipsOf(c, linkPath(link))).map((r) => r.label)).toEqual([LINKS, LINKS]);
  });

  it('single-transaction: a relationship to a node created by an earlier operation of the request', async () => {
    const [pnf, link] = [uid('sc-pnf'), uid('sc-link')];
    const res = await c.post(`${V}/bulk/single-transaction`, {
      operations: [
        { action: 'put', uri: pnfPath(pnf), body: { 'pnf-name': pnf } },
        { action: 'put', uri: pifPath(pnf, 'eth0'), body: { 'interface-name': 'eth0' } },
        { action: 'put', uri: linkPath(link), body: { 'link-name': link, 'link-type': 'l2', 'relationship-list': { relationship: [pifRel(pnf, 'eth0')] } } },
      ],
    });
    expect(res.status).toBe(201);
    expect(await edgesBetween(pifPath(pnf, 'eth0'), pnfPath(pnf))).toEqual([{ label: BINDS, from: pifPath(pnf, 'eth0'), to: pnfPath(pnf) }]);
    expect(await edgesBetween(pifPath(pnf, 'eth0'), linkPath(link))).toEqual([{ label: LINKS, from: pifPath(pnf, 'eth0'), to: linkPath(link) }]);
    expect(await relationshipsOf(c, pifPath(pnf, 'eth0'))).toEqual([{ to: 'logical-link', link: `${V}${linkPath(link)}`, label: LINKS }]);
  });

  it('PUT: a relationship-list to an existing complex beside nested children (LocatedIn and BindsTo in one statement)', async () => {
    const [pnf, complex] = [uid('sc-pnf'), uid('sc-clli')];
    expect((await c.put(`${V}/cloud-infrastructure/complexes/complex/${complex}`, { 'physical-location-id': complex, 'physical-location-type': 't', street1: 's', city: 'c', 'postal-code': '1', country: 'x', region: 'r' })).status).toBe(201);
    const res = await c.put(`${V}${pnfPath(pnf)}`, {
      'pnf-name': pnf,
      'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }, { 'interface-name': 'eth1' }] },
      'relationship-list': { relationship: [{ 'related-to': 'complex', 'related-link': `${V}/cloud-infrastructure/complexes/complex/${complex}` }] },
    });
    expect(res.status).toBe(201);
    expect(await edgesBetween(pnfPath(pnf), `/cloud-infrastructure/complexes/complex/${complex}`)).toEqual([
      { label: LOCATED, from: pnfPath(pnf), to: `/cloud-infrastructure/complexes/complex/${complex}` },
    ]);
    for (const pif of ['eth0', 'eth1']) expect(await edgesBetween(pifPath(pnf, pif), pnfPath(pnf))).toEqual([{ label: BINDS, from: pifPath(pnf, pif), to: pnfPath(pnf) }]);
    expect(await relationshipsOf(c, pnfPath(pnf))).toEqual([{ to: 'complex', link: `${V}/cloud-infrastructure/complexes/complex/${complex}`, label: LOCATED }]);
  });

  it('stores every new node with exactly the labels AaiNode and its type, whatever the types mixed in one statement', async () => {
    const [pnf, link] = [uid('sc-pnf'), uid('sc-link')];
    await c.put(`${V}/bulkadd`, {
      transactions: [
        {
          put: [
            { uri: pnfPath(pnf), body: { 'pnf-name': pnf } },
            { uri: pifPath(pnf, 'eth0'), body: { 'interface-name': 'eth0' } },
            { uri: linkPath(link), body: { 'link-name': link, 'link-type': 'l2' } },
          ],
        },
      ],
    });
    const rows = await cypher<{ uri: string; labels: string[] }>('UNWIND $uris AS u MATCH (n:AaiNode {`aai-uri`: u}) RETURN u AS uri, labels(n) AS labels', {
      uris: [pnfPath(pnf), pifPath(pnf, 'eth0'), linkPath(link)],
    });
    expect(rows.map((r) => [r.uri, [...r.labels].sort()])).toEqual([
      [pnfPath(pnf), ['AaiNode', 'pnf']],
      [pifPath(pnf, 'eth0'), ['AaiNode', 'p-interface']],
      [linkPath(link), ['AaiNode', 'logical-link']],
    ]);
  });
});

describe('prevent-delete decided from what is stored', () => {
  const c = client();

  it('DELETE of a cloud-region with a tenant: 400 AAI_6110, and both are still there', async () => {
    const [owner, region] = [uid('sc-owner'), uid('sc-region')];
    const regionPath = `/cloud-infrastructure/cloud-regions/cloud-region/${owner}/${region}`;
    const tenantPath = `${regionPath}/tenants/tenant/t1`;
    expect((await c.put(`${V}${regionPath}`, { 'cloud-owner': owner, 'cloud-region-id': region, tenants: { tenant: [{ 'tenant-id': 't1', 'tenant-name': 'n' }] } })).status).toBe(201);
    expect(await edgesBetween(tenantPath, regionPath)).toEqual([{ label: BELONGS, from: tenantPath, to: regionPath }]);
    const rv = String((await propsOf(regionPath))?.['resource-version']);
    const res = await c.delete(`${V}${regionPath}?resource-version=${rv}`);
    expect(res.status).toBe(400);
    // aai-compat.md: the AAI_6110 REST text has one placeholder, so the URI lands after the ec.
    expect(res.body).toEqual(
      svc('SVC3100', 'Unsupported operation %1 (msg=%2) (ec=%3)', [
        'DELETE',
        'Node cannot be deleted:Object is being reference by additional objects preventing it from being deleted. Please clean up references from the following types [tenant]',
        'ERR.5.4.6110',
        regionPath.slice(1),
      ]),
    );
    expect(await propsOf(regionPath)).not.toBeNull();
    expect(await propsOf(tenantPath)).not.toBeNull();
  });
});

describe('delete and re-create of one URI in one transaction', () => {
  const c = client();

  it('single-transaction: delete a p-interface and put it again: one node, the new one, with its parent edge', async () => {
    const pnf = uid('sc-pnf');
    const res1 = await c.put(`${V}${pnfPath(pnf)}`, { 'pnf-name': pnf, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0', 'port-description': 'old' }] } });
    expect(res1.status).toBe(201);
    const rv = String((await propsOf(pifPath(pnf, 'eth0')))?.['resource-version']);
    const res = await c.post(`${V}/bulk/single-transaction`, {
      operations: [
        { action: 'delete', uri: `${pifPath(pnf, 'eth0')}?resource-version=${rv}`, body: {} },
        { action: 'put', uri: pifPath(pnf, 'eth0'), body: { 'interface-name': 'eth0', 'port-description': 'new' } },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const rows = await cypher<{ d: string; label: string }>(
      'MATCH (n:AaiNode {`aai-uri`: $u})-[e]->(p:AaiNode {`aai-uri`: $p}) RETURN n.`port-description` AS d, type(e) AS label',
      { u: pifPath(pnf, 'eth0'), p: pnfPath(pnf) },
    );
    expect(rows).toEqual([{ d: 'new', label: BINDS }]);
  });
});

describe('knowing the server', () => {
  it('reads the version and edition of the server it runs on, a version inside the supported range', async () => {
    const info = await readServerInfo(testDriver(), neo4jConnection().database);
    const expected = process.env['NEO4J_URI'] === undefined ? localNeo4jVersion() : undefined;
    if (expected !== undefined) expect(info.version).toBe(expected);
    expect(['community', 'enterprise']).toContain(info.edition);
    expect(judgeServer(info, false)).toEqual({ ok: true });
  });

  it('a refused server: echo, reads and writes answer 503 AAI_5105 and nothing is written; the reason is reported once', async () => {
    const reports: (string | undefined)[] = [];
    const config = testConfig();
    const schema = testSchema();
    const store = createGraphStore(testDriver(), config.neo4j.database, schema, {
      retries: 8,
      serverCheck: { acceptUntested: false, range: { oldest: '9999.01.0', newest: '9999.12.0' }, report: (_info, refused) => reports.push(refused) },
    });
    const c = client(createApp({ config, logger: createLogger('silent'), schema, store, jobs: createJobStore(testDriver(), config.neo4j.database), auth: testAuth(config), tokens: createTokenStore(testDriver(), config.neo4j.database) }));
    const pnf = uid('sc-refused');
    const answers = [await c.get('/aai/util/echo'), await c.get(`${V}${pnfPath(pnf)}`), await c.put(`${V}${pnfPath(pnf)}`, { 'pnf-name': pnf })];
    for (const r of answers) {
      expect(r.status).toBe(503);
      expect(JSON.stringify(r.body)).toContain('ERR.5.4.5105');
    }
    expect(await propsOf(pnfPath(pnf))).toBeNull();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^Neo4j \S+ \((community|enterprise)\) is older than any version this service is tested on\. This service supports Neo4j 9999\.01\.0 to 9999\.12\.0/);
  });

  it('the service logs the server version and edition at start-up', async () => {
    const info = await readServerInfo(testDriver(), neo4jConnection().database);
    const c = neo4jConnection();
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'src', 'server.ts')], {
      cwd: projectRoot(),
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: String(port), NEO4J_URI: c.uri, NEO4J_USERNAME: c.username, NEO4J_PASSWORD: c.password, NEO4J_DATABASE: c.database, JOB_WORKER: 'false' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      let serverLine: Record<string, unknown> | undefined;
      for await (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry['msg'] === 'Neo4j server') serverLine = entry;
        if (entry['msg'] === 'listening') break;
      }
      expect(serverLine).toMatchObject({ neo4jVersion: info.version, neo4jEdition: info.edition });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
