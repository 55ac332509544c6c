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
import { neo4jConnection, testDriver } from './neo4j.js';

export function testConfig(env: Record<string, string> = {}): Config {
  const c = neo4jConnection();
  return loadConfig({ LOG_LEVEL: 'silent', NEO4J_URI: c.uri, NEO4J_USERNAME: c.username, NEO4J_PASSWORD: c.password, NEO4J_DATABASE: c.database, ...env });
}

let schema: Schema | undefined;

/** The v15 schema, loaded once per test file. */
export function testSchema(): Schema {
  schema ??= Schema.load();
  return schema;
}

/** What createApp needs, on the run's Neo4j. */
export function testDeps(env: Record<string, string> = {}): AppDeps {
  const config = testConfig(env);
  const s = testSchema();
  return {
    config,
    logger: createLogger('silent'),
    schema: s,
    store: createGraphStore(testDriver(), config.neo4j.database, s, { retries: config.bulk.txRetries, txTimeoutMs: config.neo4j.txTimeoutMs }),
    jobs: createJobStore(testDriver(), config.neo4j.database),
  };
}

export function testApp(env: Record<string, string> = {}): Koa<AppState> {
  return createApp(testDeps(env));
}

export const HEADERS = { 'X-FromAppId': 'test-app', 'X-TransactionId': 'test-tx', Accept: 'application/json' } as const;

/** A supertest agent with A&AI's required headers set. */
export function client(app: Koa<AppState> = testApp()) {
  const agent = supertest(app.callback());
  return {
    raw: agent,
    get: (url: string) => agent.get(url).set(HEADERS),
    put: (url: string, body?: unknown) => agent.put(url).set(HEADERS).send(body as object),
    patch: (url: string, body?: unknown) => agent.patch(url).set(HEADERS).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify(body)),
    delete: (url: string) => agent.delete(url).set(HEADERS),
    post: (url: string, body?: unknown) => agent.post(url).set(HEADERS).send(body as object),
  };
}
