/**
 * The real app on the run's Neo4j, driven through HTTP with supertest (no port), as users would.
 */
import supertest from 'supertest';
import type Koa from 'koa';
import { createApp, type AppDeps } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { AppState } from '../../src/http/context.js';
import { createLogger } from '../../src/logger.js';
import { Schema } from '../../src/schema/schema.js';
import { createGraphStore } from '../../src/store/graph-store.js';
import { createJobStore } from '../../src/store/job-store.js';
import { createEventStore } from '../../src/store/event-store.js';
import { EventSequencer } from '../../src/domain/events/event-service.js';
import type { EventStorePort } from '../../src/domain/ports.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { buildAuth, readAuthSources } from '../../src/auth-setup.js';
import { Authenticator } from '../../src/domain/auth/authenticator.js';
import { buildUsers } from '../../src/domain/auth/credentials.js';
import { Policy } from '../../src/domain/auth/policy.js';
import type { AuthSetup } from '../../src/http/auth.js';
import { neo4jConnection, testDriver } from './neo4j.js';
import { checkResponses } from './openapi-check.js';

/** The tests' own user: an admin, as a real client's credentials (sent by `client()` with every request). */
export const TEST_USER = 'aai-test';
export const TEST_PASSWORD = 'aai-test-password';
/** The HTTP basic Authorization header of `user`. */
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * The test deployment's users: the tests' own, and the credentials ONAP's clients ship with (the
 * client replays send them: SO and onapsdk AAI:AAI, SDN-C SDNC:SDNC, Policy its demo user).
 * Hashed once per test file; one authenticator for the file's apps, so its cache spares the hash per request.
 */
const testUsers = await buildUsers([
  { name: TEST_USER, password: TEST_PASSWORD, role: 'admin' },
  { name: 'aai', password: 'AAI', role: 'write' },
  { name: 'sdnc', password: 'SDNC', role: 'write' },
  { name: 'policy@policy.onap.org', password: 'demo123456!', role: 'write' },
]);
let testAuthenticator: Authenticator | undefined;

export function testConfig(env: Record<string, string> = {}): Config {
  const c = neo4jConnection();
  // The bypass resource-version is on for the test user (an admin) unless a test turns it off.
  return loadConfig({ LOG_LEVEL: 'silent', AUTH_BYPASS_RESOURCE_VERSION: 'true', NEO4J_URI: c.uri, NEO4J_USERNAME: c.username, NEO4J_PASSWORD: c.password, NEO4J_DATABASE: c.database, ...env });
}

/** The tests' authentication (the test user, an admin) for an app a test builds by hand. */
export function testAuth(config: Config): AuthSetup {
  testAuthenticator ??= new Authenticator(testUsers, createTokenStore(testDriver(), config.neo4j.database), config.auth.cacheMs);
  return { authenticator: testAuthenticator, policy: new Policy(), open: false, config: { appId: config.auth.appId, bypassResourceVersion: config.auth.bypassResourceVersion } };
}

let schema: Schema | undefined;

/** The v15 schema, loaded once per test file. */
export function testSchema(): Schema {
  schema ??= Schema.load();
  return schema;
}

let sequencer: EventSequencer | undefined;

/**
 * The test file's event sequencer (one per file, as one per service instance), started on first
 * use; its loop does not keep the worker alive.
 */
export function testSequencer(config: Config = testConfig()): { store: EventStorePort; sequencer: EventSequencer } {
  const store = createEventStore(testDriver(), config.neo4j.database);
  if (!sequencer) {
    sequencer = new EventSequencer(store, { ...config.events, pollMs: 50 }, createLogger('silent'));
    sequencer.start();
  }
  return { store, sequencer };
}

/** What createApp needs, on the run's Neo4j; the outbox of change events is on, as in the service (unless EVENTS_ENABLED=false). */
export function testDeps(env: Record<string, string> = {}): AppDeps {
  const config = testConfig(env);
  const s = testSchema();
  const events = config.events.enabled ? testSequencer(config) : undefined;
  return {
    config,
    logger: createLogger('silent'),
    schema: s,
    store: createGraphStore(testDriver(), config.neo4j.database, s, {
      retries: config.bulk.txRetries,
      txTimeoutMs: config.neo4j.txTimeoutMs,
      ...(events ? { events: { committed: () => events.sequencer.poke() } } : {}),
    }),
    ...(events ? { events } : {}),
    jobs: createJobStore(testDriver(), config.neo4j.database),
    auth: testAuth(config),
    tokens: createTokenStore(testDriver(), config.neo4j.database),
  };
}

/** An app whose users and roles come from `env` (AUTH_USERS, AUTH_USERS_FILE, AUTH_POLICY_FILE, AUTH=off…), as the service builds them. */
export async function authTestApp(env: Record<string, string>, logger?: AppDeps['logger']): Promise<Koa<AppState>> {
  const deps = testDeps(env);
  const auth = await buildAuth(deps.config.auth, readAuthSources(deps.config.auth), deps.tokens);
  return checkResponses(createApp({ ...deps, auth, ...(logger ? { logger } : {}) }));
}

export function testApp(env: Record<string, string> = {}): Koa<AppState> {
  return checkResponses(createApp(testDeps(env)));
}

export const HEADERS = { 'X-FromAppId': 'test-app', 'X-TransactionId': 'test-tx', Accept: 'application/json' } as const;
/** HEADERS with the test user's credentials, for requests made without `client()` (raw sockets, streamed bodies). */
export const AUTH_HEADERS = { ...HEADERS, Authorization: basic(TEST_USER, TEST_PASSWORD) } as const;

/** A supertest agent with A&AI's required headers set. */
export function client(app: Koa<AppState> = testApp(), as: { user: string; password: string } = { user: TEST_USER, password: TEST_PASSWORD }) {
  // Every request carries the user's credentials, `raw` ones too (an agent's default header).
  const agent = supertest.agent(checkResponses(app).callback()).set('Authorization', basic(as.user, as.password));
  return {
    raw: agent,
    get: (url: string) => agent.get(url).set(HEADERS),
    put: (url: string, body?: unknown) => agent.put(url).set(HEADERS).send(body as object),
    patch: (url: string, body?: unknown) => agent.patch(url).set(HEADERS).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify(body)),
    delete: (url: string) => agent.delete(url).set(HEADERS),
    post: (url: string, body?: unknown) => agent.post(url).set(HEADERS).send(body as object),
  };
}

/** A client acting as a user with the `write` role only (not an admin: no limit override, no bypass, its own jobs). */
export async function writerClient(env: Record<string, string> = {}) {
  const [user, password] = ['aai-writer', 'aai-writer-password'];
  return client(await authTestApp({ AUTH_USERS: `${user}:${password}:write`, ...env }), { user, password });
}
