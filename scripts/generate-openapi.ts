/**
 * Writes the API description the service serves (GET /aai/v15/openapi.json) to
 * schema/v15/openapi.json: the route table of an app built as the service builds it (with default
 * configuration, never connecting to Neo4j), described by src/http/openapi/. A test fails when the
 * committed file and the service's document differ (test/integration/openapi.test.ts).
 *
 *   npm run generate:openapi
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { routeTable } from '../src/app.js';
import { buildAuth } from '../src/auth-setup.js';
import { loadConfig } from '../src/config.js';
import { Policy } from '../src/domain/auth/policy.js';
import { documentJson, describeRoutes } from '../src/http/openapi-router.js';
import { createLogger } from '../src/logger.js';
import { projectRoot } from '../src/project-root.js';
import { Schema } from '../src/schema/schema.js';
import { createDriver } from '../src/store/driver.js';
import { createGraphStore } from '../src/store/graph-store.js';
import { createJobStore } from '../src/store/job-store.js';
import { createTokenStore } from '../src/store/token-store.js';

export const OPENAPI_FILE = join(projectRoot(), 'schema', 'v15', 'openapi.json');

/** The document of the service's route table, built with default configuration. */
export async function serviceDocument(): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const schema = Schema.load();
  // The driver connects on first use, which never comes: the routes are described, not run.
  const driver = createDriver({ ...config.neo4j, uri: config.neo4j.uri ?? 'bolt://127.0.0.1:7687' });
  try {
    const tokens = createTokenStore(driver, config.neo4j.database);
    const auth = await buildAuth(config.auth, { entries: [], policy: new Policy() }, tokens);
    const routes = routeTable({
      config,
      logger: createLogger('silent'),
      schema,
      store: createGraphStore(driver, config.neo4j.database, schema),
      jobs: createJobStore(driver, config.neo4j.database),
      auth,
      tokens,
    });
    return documentJson(describeRoutes(routes, schema));
  } finally {
    await driver.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const text = await serviceDocument();
  writeFileSync(OPENAPI_FILE, text);
  const doc = JSON.parse(text) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
  const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => k !== 'servers').length, 0);
  console.log(`wrote ${OPENAPI_FILE}: ${Object.keys(doc.paths).length} paths, ${operations} operations, ${Object.keys(doc.components.schemas).length} schemas, ${text.length} bytes`);
}
