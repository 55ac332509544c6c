/**
 * Issue #16 "Secure by default": authentication (basic, bearer tokens), A&AI-style authorisation
 * (built-in roles from the route table; an aai_policy.json's roles × functions × methods, as
 * aai-aai-common AuthCore reads it), job ownership, X-FromAppId binding, the bypass resource-version,
 * and the refusal to start open off loopback. HTTPS is in tls.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/auth/credentials.js';
import { projectRoot } from '../../src/project-root.js';
import { authTestApp, basic, client, HEADERS, TEST_PASSWORD, TEST_USER, testApp } from '../helpers/app.js';
import { BYPASS, create, pnfPath, propsOf, V } from '../helpers/aai.js';
import { neo4jConnection, uid } from '../helpers/neo4j.js';

const AAI = { 'X-FromAppId': 'sec-test', 'X-TransactionId': 'sec-tx' };
const home = mkdtempSync(join(tmpdir(), 'aai-security-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A supertest agent with no credentials of its own. */
const anonymous = (app = testApp()) => supertest(app.callback());

/** A&AI's error body: a policyException for POL codes, a serviceException otherwise. */
const err = (body: unknown) => {
  const e = (body as { requestError: Record<string, { messageId: string; text: string; variables: unknown[] }> }).requestError;
  const found = e['policyException'] ?? e['serviceException'];
  if (!found) throw new Error(`not an A&AI error body: ${JSON.stringify(body)}`);
  return found;
};

describe('authentication', () => {
  it('answers 401 with WWW-Authenticate and A&AI\'s body without credentials; the liveness probe needs none', async () => {
    const http = anonymous();
    const res = await http.get(`${V}${pnfPath(uid('sec'))}`).set(AAI);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="aai"/);
    expect(err(res.body).messageId).toBe('POL3301');
    expect(err(res.body).variables).toEqual(['Not authenticated:credentials are required', 'ERR.5.1.3302']);
    expect((await http.get('/aai/util/echo').set(AAI)).status).toBe(200);
  });

  it('answers 401 to a wrong password, an unknown user and a malformed header, and logs the attempt without the secret', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const http = anonymous(await authTestApp({ AUTH_USERS: `${TEST_USER}:${TEST_PASSWORD}:admin` }, logger));
    for (const auth of [basic(TEST_USER, 'wrong'), basic('nobody', TEST_PASSWORD), 'Basic !!!', 'Bearer aai_nope', 'Digest x']) {
      const res = await http.get(`${V}${pnfPath('x')}`).set({ ...AAI, Authorization: auth });
      expect(res.status, auth).toBe(401);
      expect(err(res.body).variables[0]).toBe('Not authenticated:the credentials were not accepted');
    }
    const failures = lines.map((l) => JSON.parse(l) as { msg: string; user: string; scheme: string; ip: string });
    expect(failures.filter((f) => f.msg === 'authentication failed').map((f) => [f.user, f.scheme])).toEqual([
      [TEST_USER, 'Basic'],
      ['nobody', 'Basic'],
      ['', 'Basic'],
      ['aai_nope', 'Bearer'],
      ['', 'Digest'],
    ]);
    expect(lines.join('\n')).not.toContain('wrong');
    expect(lines.join('\n')).not.toContain(TEST_PASSWORD);
  });

  it('accepts a configured user with the right password (and remembers it: the second request costs no hash)', async () => {
    const http = anonymous();
    const name = uid('sec-ok');
    const put = await http.put(`${V}${pnfPath(name)}`).set({ ...HEADERS, Authorization: basic(TEST_USER, TEST_PASSWORD) }).send({ 'pnf-name': name });
    expect(put.status).toBe(201);
    expect((await propsOf(pnfPath(name)))?.['pnf-name']).toBe(name);
  });
});

describe('authorisation by built-in roles, from the route table', () => {
  it('a read user may GET and batch-get (a POST that reads) but not PUT, bulkadd or create tokens: 403 AAI_3300', async () => {
    const app = await authTestApp({ AUTH_USERS: `reader:r-pass:read,${TEST_USER}:${TEST_PASSWORD}:admin` });
    const admin = client(app);
    const name = uid('sec-read');
    await create(admin, pnfPath(name), { 'pnf-name': name });
    const reader = client(app, { user: 'reader', password: 'r-pass' });
    expect((await reader.get(`${V}${pnfPath(name)}`)).status).toBe(200);
    expect((await reader.post(`${V}/bulk/get`, { 'batch-get-list': [{ uri: pnfPath(name) }] })).status).toBe(200);
    const put = await reader.put(`${V}${pnfPath(name)}`, { 'pnf-name': name });
    expect(put.status).toBe(403);
    expect(err(put.body)).toEqual({ messageId: 'POL3300', text: 'Unauthorized (msg=%1) (ec=%2)', variables: expect.any(Array) });
    expect(err(put.body).variables).toEqual(['Unauthorized:reader may not PUT network', 'ERR.5.1.3300']);
    expect((await reader.put(`${V}/bulkadd`, { transactions: [{ put: [{ uri: pnfPath(uid('x')), body: {} }] }] })).status).toBe(403);
    expect((await reader.post('/aai/util/tokens', { user: 'reader', scope: 'read' })).status).toBe(403);
    expect((await propsOf(pnfPath(name)))?.['resource-version']).toBeDefined();
  });
});

describe('API tokens', () => {
  it('an admin creates a read-only token (shown once, stored hashed): it can GET and batch-get, not PUT; revoked, it is refused', async () => {
    const app = await authTestApp({ AUTH_USERS: `${TEST_USER}:${TEST_PASSWORD}:admin,tok-owner:o-pass:write` });
    const admin = client(app);
    const made = await admin.post('/aai/util/tokens', { user: 'tok-owner', name: 'ci', scope: 'read', expires: '1h' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const token = made.body.token as string;
    expect(token).toMatch(/^aai_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{32}$/);
    const listed = await admin.get('/aai/util/tokens');
    const entry = (listed.body.tokens as { id: string }[]).find((t) => t.id === made.body.id);
    expect(entry).toEqual({ id: made.body.id, user: 'tok-owner', name: 'ci', scope: 'read', created: expect.any(String), expires: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(token.slice(17));

    const http = anonymous(app);
    const bearer = { ...AAI, Authorization: `Bearer ${token}` };
    const name = uid('sec-tok');
    await create(admin, pnfPath(name), { 'pnf-name': name });
    expect((await http.get(`${V}${pnfPath(name)}`).set(bearer)).status).toBe(200);
    expect((await http.post(`${V}/bulk/get`).set(bearer).send({ 'batch-get-list': [{ uri: pnfPath(name) }] })).status).toBe(200);
    expect((await http.put(`${V}${pnfPath(uid('sec-tok'))}`).set(bearer).send({})).status).toBe(403);
    // One character changed (never to itself: a token ending in x would stay valid).
    const forged = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
    expect((await http.get(`${V}${pnfPath(name)}`).set({ ...AAI, Authorization: `Bearer ${forged}` })).status).toBe(401);

    expect((await admin.delete(`/aai/util/tokens/${made.body.id as string}`)).status).toBe(204);
    expect((await http.get(`${V}${pnfPath(name)}`).set(bearer)).status).toBe(401);
    expect((await admin.delete(`/aai/util/tokens/${made.body.id as string}`)).status).toBe(404);
  });

  it('refuses a token for an unknown user, a bad scope or expiry, with AAI_3000', async () => {
    const admin = client();
    for (const body of [{ user: 'no-such-user' }, { user: TEST_USER, scope: 'all' }, { user: TEST_USER, expires: 'never' }, { user: TEST_USER, expires: '999d' }]) {
      const res = await admin.post('/aai/util/tokens', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("an A&AI aai_policy.json, loaded unchanged", () => {
  it('grants exactly its functions and methods, to its users by username (password from the users) and by user/pass (Jetty OBF)', async () => {
    const policy = join(home, 'aai_policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        roles: [
          { name: 'so', functions: [{ name: 'network', methods: [{ name: 'GET' }, { name: 'PUT' }] }, { name: 'bulk', methods: [{ name: 'POST' }] }], users: [{ username: 'SO-User' }] },
          { name: 'haproxy', functions: [{ name: 'util', methods: [{ name: 'GET' }] }], users: [{ user: 'probe', pass: 'OBF:1ytc1vu91v2p1rxf1mqh1v8s1z0d1msn1san1mqf1z0h1v9u1msl1rvf1v1p1vv11yta' }] },
          { name: 'everything-network', functions: [{ name: 'network' }], users: [{ username: 'net-admin' }] },
        ],
      }),
    );
    const usersFile = join(home, 'users.json');
    writeFileSync(usersFile, JSON.stringify({ users: [{ name: 'so-user', passwordHash: await hashPassword('so-pass'), roles: ['so'] }, { name: 'net-admin', password: 'n-pass', roles: ['so'] }] }));
    const app = await authTestApp({ AUTH_POLICY_FILE: policy, AUTH_USERS_FILE: usersFile, AUTH_USERS: `${TEST_USER}:${TEST_PASSWORD}:admin` });
    const so = client(app, { user: 'so-user', password: 'so-pass' });
    const name = uid('sec-pol');
    expect((await so.put(`${V}${pnfPath(name)}`, { 'pnf-name': name })).status).toBe(201);
    expect((await so.get(`${V}${pnfPath(name)}`)).status).toBe(200);
    expect((await so.post(`${V}/bulk/get`, { 'batch-get-list': [{ uri: pnfPath(name) }] })).status).toBe(200);
    const rv = String((await so.get(`${V}${pnfPath(name)}`)).body['resource-version']);
    // DELETE is not among the role's network methods; cloud-infrastructure is not among its functions.
    expect((await so.delete(`${V}${pnfPath(name)}?resource-version=${rv}`)).status).toBe(403);
    expect((await so.get(`${V}/cloud-infrastructure/pservers`)).status).toBe(403);
    expect((await so.patch(`${V}${pnfPath(name)}`, {})).status).toBe(403);
    // A function without a methods list allows every method (AuthCore's HTTP_METHODS).
    const net = client(app, { user: 'net-admin', password: 'n-pass' });
    expect((await net.delete(`${V}${pnfPath(name)}?resource-version=${rv}`)).status).toBe(204);
    // user/pass in the policy file: the OBF password works.
    const probe = anonymous(app);
    expect((await probe.get('/aai/util/tokens').set({ ...AAI, Authorization: basic('probe', 'testBasicAuthPass') })).status).toBe(403);
    expect((await probe.get(`${V}${pnfPath(name)}`).set({ ...AAI, Authorization: basic('probe', 'testBasicAuthPass') })).status).toBe(403);
  });

  it('refuses to start with a role that is neither built in nor in the policy file', async () => {
    await expect(authTestApp({ AUTH_USERS: 'x:y:superuser' })).rejects.toThrow(/unknown role\(s\) superuser/);
  });
});

describe('jobs belong to their principal', () => {
  it("another principal's job cannot be read, listed, its results read, or cancelled; an admin sees it", async () => {
    const app = await authTestApp({ AUTH_USERS: `${TEST_USER}:${TEST_PASSWORD}:admin,alice:a-pass:write,bob:b-pass:write`, JOB_WORKER: 'false' });
    const alice = client(app, { user: 'alice', password: 'a-pass' });
    const bob = client(app, { user: 'bob', password: 'b-pass' });
    const submitted = await alice.post(`${V}/bulk/jobs`, { transactions: [{ put: [{ uri: pnfPath(uid('sec-job')), body: {} }] }] });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    expect((await alice.get(`${V}/bulk/jobs/${id}`)).status).toBe(200);
    expect((await bob.get(`${V}/bulk/jobs/${id}`)).status).toBe(404);
    expect((await bob.get(`${V}/bulk/jobs/${id}/results`)).status).toBe(404);
    expect((await bob.delete(`${V}/bulk/jobs/${id}`)).status).toBe(404);
    const bobsList = (await bob.get(`${V}/bulk/jobs?limit=1000`)).body.jobs as { id: string }[];
    expect(bobsList.map((j) => j.id)).not.toContain(id);
    expect((await client(app).get(`${V}/bulk/jobs/${id}`)).status).toBe(200);
    expect((await alice.delete(`${V}/bulk/jobs/${id}`)).status).toBe(200);
  });
});

describe('identity and the bypass resource-version', () => {
  it('AUTH_APP_ID=reject refuses an X-FromAppId that is not the principal; overwrite stores the principal as source-of-truth', async () => {
    const name = uid('sec-app');
    const reject = client(await authTestApp({ AUTH_USERS: 'so:so-pass:write', AUTH_APP_ID: 'reject' }), { user: 'so', password: 'so-pass' });
    const refused = await reject.raw.put(`${V}${pnfPath(name)}`).set({ 'X-FromAppId': 'someone-else', 'X-TransactionId': 't' }).send({ 'pnf-name': name });
    expect(refused.status).toBe(403);
    expect(await propsOf(pnfPath(name))).toBeNull();
    expect((await reject.raw.put(`${V}${pnfPath(name)}`).set({ 'X-FromAppId': 'SO', 'X-TransactionId': 't' }).send({ 'pnf-name': name })).status).toBe(201);
    const other = uid('sec-app');
    const overwrite = client(await authTestApp({ AUTH_USERS: 'so:so-pass:write', AUTH_APP_ID: 'overwrite' }), { user: 'so', password: 'so-pass' });
    expect((await overwrite.raw.put(`${V}${pnfPath(other)}`).set({ 'X-FromAppId': 'someone-else', 'X-TransactionId': 't' }).send({ 'pnf-name': other })).status).toBe(201);
    expect((await propsOf(pnfPath(other)))?.['source-of-truth']).toBe('so');
  });

  it('refuses the bypass resource-version unless AUTH_BYPASS_RESOURCE_VERSION=true, and then to admins only', async () => {
    const name = uid('sec-bypass');
    const env = { AUTH_USERS: `${TEST_USER}:${TEST_PASSWORD}:admin,w:w-pass:write` };
    const off = client(await authTestApp({ ...env, AUTH_BYPASS_RESOURCE_VERSION: 'false' }));
    await create(off, pnfPath(name), { 'pnf-name': name });
    expect((await off.delete(`${V}${pnfPath(name)}?resource-version=${BYPASS}`)).status).toBe(412);
    const onApp = await authTestApp({ ...env, AUTH_BYPASS_RESOURCE_VERSION: 'true' });
    expect((await client(onApp, { user: 'w', password: 'w-pass' }).delete(`${V}${pnfPath(name)}?resource-version=${BYPASS}`)).status).toBe(412);
    expect(await propsOf(pnfPath(name))).not.toBeNull();
    expect((await client(onApp).delete(`${V}${pnfPath(name)}?resource-version=${BYPASS}`)).status).toBe(204);
    expect(await propsOf(pnfPath(name))).toBeNull();
  });
});

describe('secure defaults', () => {
  function startService(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    const c = neo4jConnection();
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'src', 'server.ts')], {
        cwd: projectRoot(),
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NEO4J_URI: c.uri, NEO4J_USERNAME: c.username, NEO4J_PASSWORD: c.password, PORT: '0', LOG_LEVEL: 'silent', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  }

  it('HOST=0.0.0.0 with no users refuses to start, with one sentence; an unreadable users file too', async () => {
    const open = await startService({ HOST: '0.0.0.0' });
    expect(open.code).toBe(1);
    expect(open.stderr.trim()).toMatch(/^Refusing to listen on 0\.0\.0\.0 with no users: .*AUTH=off for a lab\.$/);
    const missing = await startService({ HOST: '127.0.0.1', AUTH_USERS_FILE: join(home, 'no-such-file.json') });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^AUTH_USERS_FILE .*no-such-file\.json cannot be read: ENOENT$/);
  });
});

describe('npm run auth', () => {
  function run(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const c = neo4jConnection();
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'scripts', 'auth.ts'), ...args], {
        cwd: projectRoot(),
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NEO4J_URI: c.uri, NEO4J_USERNAME: c.username, NEO4J_PASSWORD: c.password, NEO4J_DATABASE: c.database },
      });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  it('hash: a hash the users file accepts; token create: a token the service accepts; revoke: refused after', async () => {
    const hashed = await run(['hash'], 'cli-pass');
    expect(hashed.code).toBe(0);
    const usersFile = join(home, 'cli-users.json');
    writeFileSync(usersFile, JSON.stringify({ users: [{ name: 'cli-user', passwordHash: hashed.stdout.trim(), roles: ['read'] }] }));
    // No cache: a revocation by another process takes effect at the next request (README: within AUTH_CACHE_TTL).
    const app = await authTestApp({ AUTH_USERS_FILE: usersFile, AUTH_CACHE_TTL: '0' });
    expect((await client(app, { user: 'cli-user', password: 'cli-pass' }).get(`${V}/network/pnfs/pnf/${uid('cli')}`)).status).toBe(404);
    const made = await run(['token', 'create', '--user', 'cli-user', '--scope', 'read', '--expires', '1h']);
    expect(made.code, made.stderr).toBe(0);
    const { id, token } = JSON.parse(made.stdout) as { id: string; token: string };
    const http = anonymous(app);
    expect((await http.get(`${V}/network/pnfs/pnf/${uid('cli')}`).set({ ...AAI, Authorization: `Bearer ${token}` })).status).toBe(404);
    const revoked = await run(['token', 'revoke', id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await http.get(`${V}/network/pnfs/pnf/${uid('cli')}`).set({ ...AAI, Authorization: `Bearer ${token}` })).status).toBe(401);
    const bad = await run(['token', 'create']);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'token create needs --user NAME']);
  });
});
