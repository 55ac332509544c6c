/**
 * Issue "Data integrity on every Neo4j it accepts": the integrity check (`npm run check-graph`)
 * against a real Neo4j. Corruption is written with raw Cypher under a prefix of its own, checked with
 * the check scoped to that prefix, and removed afterwards (the whole database is checked after the
 * suite, test/global-setup.ts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { client } from '../helpers/app.js';
import { pifPath, pnfPath, V } from '../helpers/aai.js';
import { integrityOf } from '../helpers/integrity.js';
import { cypher, neo4jConnection, uid } from '../helpers/neo4j.js';

const BINDS = 'tosca.relationships.network.BindsTo';
const root = uid('ig');
const p = (suffix: string): string => pnfPath(`${root}${suffix}`);

/** A node as the service would store it (labels, type, resource-version), unless told otherwise. */
const node = (uri: string, type: string, extra = ''): string => `CREATE (:AaiNode:\`${type}\` {\`aai-uri\`: '${uri}', \`aai-node-type\`: '${type}', \`resource-version\`: '1'${extra}})`;

function runCli(args: string[]): { status: number | null; out: string } {
  const c = neo4jConnection();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot(), 'scripts', 'check-graph.ts'), ...args], {
    cwd: projectRoot(),
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NEO4J_URI: c.uri, NEO4J_USERNAME: c.username, NEO4J_PASSWORD: c.password, NEO4J_DATABASE: c.database },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the integrity check', () => {
  beforeAll(async () => {
    const good = p('');
    await cypher(
      [
        node(good, 'pnf'),
        node(p('-other'), 'pnf'),
        // eth0: parent edge of the wrong type; eth1: no parent edge at all
        node(pifPath(root, 'eth0'), 'p-interface'),
        node(pifPath(root, 'eth1'), 'p-interface'),
        // a node without its type's label and without resource-version
        `CREATE (:AaiNode {\`aai-uri\`: '${p('-nolabel')}', \`aai-node-type\`: 'pnf'})`,
        // a URI that names no A&AI path, one that is not canonical, a type the schema does not have
        node(`${good}/bogus/thing`, 'pnf'),
        node(p('%2Dencoded'), 'pnf'),
        node(p('-unknown'), 'no-such-type'),
        // a child of -other with its proper parent edge, plus a containment edge to a node that is not its parent
        node(pifPath(`${root}-other`, 'e'), 'p-interface'),
      ].join('\n'),
    );
    await cypher(
      `MATCH (pnf:AaiNode {\`aai-uri\`: $good}), (other:AaiNode {\`aai-uri\`: $other}), (e0:AaiNode {\`aai-uri\`: $eth0}), (e:AaiNode {\`aai-uri\`: $e})
       CREATE (e0)-[:\`tosca.relationships.network.LinksTo\`]->(pnf)
       CREATE (pnf)-[:\`tosca.relationships.network.LinksTo\`]->(other)
       CREATE (e)-[:\`${BINDS}\`]->(other)
       CREATE (e)-[:\`${BINDS}\`]->(pnf)
       CREATE (pnf)-[:\`org.onap.relationships.inventory.Uses\`]->(:IgNotInventory {root: $root})`,
      { good, other: p('-other'), eth0: pifPath(root, 'eth0'), e: pifPath(`${root}-other`, 'e'), root },
    );
  });

  afterAll(async () => {
    await cypher('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $prefix DETACH DELETE n', { prefix: p('') });
    await cypher('MATCH (n:IgNotInventory {root: $root}) DETACH DELETE n', { root });
  });

  it('finds each kind of corruption, naming the node and what is wrong', async () => {
    const report = await integrityOf(p(''));
    expect(report.nodes).toBe(9);
    expect(report.counts).toEqual({
      'parent-edge': 2,
      'wrong-labels': 1,
      'no-resource-version': 1,
      'bad-uri': 2,
      'unknown-type': 1,
      'edge-not-allowed': 2,
      'edge-to-non-inventory': 1,
    });
    // sorted: a node's edges come in no particular order
    const byUri = (uri: string) => report.examples.filter((v) => v.uri === uri).map((v) => `${v.kind}: ${v.detail}`).sort();
    expect(byUri(pifPath(root, 'eth0'))).toEqual([
      `parent-edge: edge to its parent is tosca.relationships.network.LinksTo (child → parent), expected ${BINDS} (child → parent)`,
    ]);
    expect(byUri(pifPath(root, 'eth1'))).toEqual([`parent-edge: 0 edges to its parent ${p('')}, expected exactly one`]);
    expect(byUri(p('-nolabel'))).toEqual(['no-resource-version: no resource-version', 'wrong-labels: labels ["AaiNode"], expected ["AaiNode","pnf"]']);
    expect(byUri(`${p('')}/bogus/thing`)).toEqual(['bad-uri: not a valid A&AI URI: AAI_3000: Unrecognized AAI object bogus']);
    expect(byUri(p('%2Dencoded'))).toEqual([`bad-uri: not the canonical form of its URI (${p('-encoded')})`]);
    expect(byUri(p('-unknown'))).toEqual(['unknown-type: aai-node-type "no-such-type" is not a node type of the schema']);
    expect(byUri(p(''))).toEqual([
      `edge-not-allowed: no edge rule allows pnf -[tosca.relationships.network.LinksTo]-> pnf (${p('-other')})`,
      'edge-to-non-inventory: org.onap.relationships.inventory.Uses edge to a node that is not an inventory node',
    ]);
    expect(byUri(pifPath(`${root}-other`, 'e'))).toEqual([`edge-not-allowed: containment edge ${BINDS} to ${p('')}, which is neither its parent nor its child`]);
  });

  it('finds nothing in what the service writes: nested children, relationships, a delete', async () => {
    const c = client();
    const [pnf, link] = [uid('igok'), uid('igok-link')];
    expect((await c.put(`${V}${pnfPath(pnf)}`, { 'pnf-name': pnf, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'a', 'l-interfaces': { 'l-interface': [{ 'interface-name': 'l' }] } }, { 'interface-name': 'b' }] } })).status).toBe(201);
    const rel = { 'related-to': 'p-interface', 'related-link': `${V}${pifPath(pnf, 'a')}` };
    expect((await c.put(`${V}/network/logical-links/logical-link/${link}`, { 'link-name': link, 'link-type': 'l2', 'relationship-list': { relationship: [rel] } })).status).toBe(201);
    const rv = (await c.get(`${V}${pifPath(pnf, 'b')}`)).body['resource-version'] as string;
    expect((await c.delete(`${V}${pifPath(pnf, 'b')}?resource-version=${rv}`)).status).toBe(204);
    const report = await integrityOf(pnfPath(pnf));
    expect(report).toMatchObject({ nodes: 3, total: 0, examples: [] });
    expect(report.edges).toBe(3); // two parent edges and the link's LinksTo, each counted once
  });

  it('npm run check-graph: prints the violations and exits 1; exits 0 with "No violations." on an intact prefix', async () => {
    const bad = runCli(['--prefix', p(''), '--examples', '3']);
    expect(bad.status).toBe(1);
    expect(bad.out).toMatch(new RegExp(`^Checked 9 nodes and \\d+ edges under ${p('')} in [\\d.]+ s \\(Neo4j \\S+ \\w+, bolt://`));
    expect(bad.out).toContain('10 violations:\n');
    expect(bad.out).toContain('  parent-edge: 2\n');
    expect(bad.out).toContain('First 3:\n');

    const pnf = uid('igcli');
    expect((await client().put(`${V}${pnfPath(pnf)}`, { 'pnf-name': pnf })).status).toBe(201);
    const good = runCli(['--prefix', pnfPath(pnf)]);
    expect(good.status).toBe(0);
    expect(good.out).toMatch(/Checked 1 nodes and 0 edges under .* s \(Neo4j .*\)\.\nNo violations\.\n$/);
  });

  it('npm run check-graph: a bad argument or no NEO4J_URI is a sentence and exit 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot(), 'scripts', 'check-graph.ts')], {
      cwd: projectRoot(),
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) to the database to check.');
    const bad = runCli(['--examples', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.out).toContain('--examples many: expected a whole number');
  });
});
