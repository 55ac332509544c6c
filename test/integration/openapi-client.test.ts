/**
 * A client generated from the API description (issue 18): openapi-typescript turns the served
 * document into TypeScript types, a small openapi-fetch program written against them is compiled
 * with tsc (and a wrong body is a compile error), then run against the real service on a port: it
 * creates a pnf, bulkadds a p-interface under it and reads it back; the test reads back what Neo4j
 * stored.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, TEST_USER, testApp } from '../helpers/app.js';
import { cypher, uid } from '../helpers/neo4j.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, '.test-generated', uid('client'));
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

/** The program a user would write with the generated types. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './aai-v15.js';
const [base = '', user = '', password = '', pnf = '', ifName = ''] = process.argv.slice(2);
const header = { 'X-FromAppId': 'generated-client', 'X-TransactionId': 'gen-' + pnf };
const aai = createClient<paths>({ baseUrl: base + '/aai/v15', headers: { Authorization: 'Basic ' + Buffer.from(user + ':' + password).toString('base64') } });
const put = await aai.PUT('/network/pnfs/pnf/{pnf-name}', { params: { path: { 'pnf-name': pnf }, header }, body: { 'pnf-name': pnf, 'equip-type': 'olt', 'in-maint': false } });
const bulk = await aai.PUT('/bulkadd', {
  params: { header },
  body: { transactions: [{ put: [{ uri: '/network/pnfs/pnf/' + pnf + '/p-interfaces/p-interface/' + ifName, body: { 'interface-name': ifName, 'port-description': 'uplink' } }] }] },
});
const got = await aai.GET('/network/pnfs/pnf/{pnf-name}', { params: { path: { 'pnf-name': pnf }, query: { depth: '1' }, header } });
const body = got.data !== undefined && 'pnf-name' in got.data ? got.data : undefined;
const interfaces = body?.['p-interfaces']?.['p-interface']?.map((i) => i['interface-name']);
console.log(JSON.stringify({ put: put.response.status, bulk: bulk.data, get: got.response.status, name: body?.['pnf-name'], type: body?.['equip-type'], interfaces }));
`;

/** The same client with a body the description forbids: in-maint is a boolean. */
const WRONG = `
import createClient from 'openapi-fetch';
import type { paths } from './aai-v15.js';
const aai = createClient<paths>({ baseUrl: 'http://localhost/aai/v15' });
await aai.PUT('/network/pnfs/pnf/{pnf-name}', { params: { path: { 'pnf-name': 'p' }, header: { 'X-FromAppId': 'a', 'X-TransactionId': 't' } }, body: { 'pnf-name': 'p', 'in-maint': 'yes' } });
`;

const TSCONFIG = { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] } };

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer(testApp().callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(dir, { recursive: true });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a TypeScript client generated from the served description', () => {
  it('compiles, refuses a wrong body at compile time, and creates a pnf and runs a bulkadd', async () => {
    // The types come from the document the service serves.
    writeFileSync(join(dir, 'aai-v15.d.ts'), astToString(await openapiTS(new URL(`${origin}/aai/v15/openapi.json`))));
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(join(dir, 'wrong.ts'), WRONG);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: ['client.ts'] }));
    writeFileSync(join(dir, 'tsconfig.wrong.json'), JSON.stringify({ ...TSCONFIG, files: ['wrong.ts'] }));

    await run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], { cwd: dir });
    const wrong = await run(bin('tsc'), ['-p', join(dir, 'tsconfig.wrong.json')], { cwd: dir }).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? 'failed',
    );
    expect(wrong).toMatch(/wrong\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'boolean'/);

    const [pnf, ifName] = [uid('gen-pnf'), uid('gen-if')];
    const { stdout } = await run(bin('tsx'), [join(dir, 'client.ts'), origin, TEST_USER, TEST_PASSWORD, pnf, ifName], { cwd: dir });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toEqual({
      put: 201,
      bulk: { transaction: [{ put: [{ uri: `/network/pnfs/pnf/${pnf}/p-interfaces/p-interface/${ifName}`, body: { '201': null } }] }] },
      get: 200,
      name: pnf,
      type: 'olt',
      interfaces: [ifName],
    });
    const stored = await cypher<{ type: string; description: string; sot: string }>(
      'MATCH (i:`p-interface` {`interface-name`: $ifName})-[:`tosca.relationships.network.BindsTo`]->(p:pnf {`pnf-name`: $pnf}) RETURN p.`equip-type` AS type, i.`port-description` AS description, p.`source-of-truth` AS sot',
      { pnf, ifName },
    );
    expect(stored).toEqual([{ type: 'olt', description: 'uplink', sot: 'generated-client' }]);
  }, 180_000);
});
