/**
 * `npm run neo4j`: provision Neo4j exactly as `npm start` does (NEO4J_URI, else Docker, else the
 * local Maven-resolved server with data kept in NEO4J_LOCAL_HOME or .neo4j/service), print how to
 * connect, and keep it running until Ctrl-C / SIGTERM.
 */
import { ConfigError, loadConfig } from '../src/config.js';
import { provisionNeo4j, ProvisionError } from './neo4j/provision.js';

try {
  const config = loadConfig();
  const target = await provisionNeo4j(config.neo4j, 'service', (m) => console.log(m));
  console.log(`Neo4j (${target.source}) is ready:`);
  console.log(`  NEO4J_URI=${target.uri} NEO4J_USERNAME=${target.username} NEO4J_PASSWORD=${target.password} NEO4J_DATABASE=${target.database}`);
  console.log('Press Ctrl-C to stop it.');
  const stop = (): void => {
    void target.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  setInterval(() => undefined, 60_000);
} catch (e) {
  if (e instanceof ConfigError || e instanceof ProvisionError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
