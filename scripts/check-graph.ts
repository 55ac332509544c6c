/**
 * `npm run check-graph [-- --prefix /network/pnfs/pnf/x] [--json] [--examples N]`: the integrity
 * check against any database (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE). Prints what
 * it found; exit 0 when the graph is intact, 1 on a violation, 2 when it could not check.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.js';
import { Schema } from '../src/schema/schema.js';
import { createDriver } from '../src/store/driver.js';
import { checkInventory } from '../src/store/graph-scan.js';
import { readServerInfo } from '../src/store/server-version.js';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run check-graph -- [--prefix <aai-uri prefix>] [--json] [--examples <n>]  (with NEO4J_URI set)`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { prefix: { type: 'string' }, json: { type: 'boolean' }, examples: { type: 'string' }, help: { type: 'boolean' } } }).values;
} catch (e) {
  usage(e instanceof Error ? e.message : String(e));
}
if (args.help) usage('Checks the inventory graph: unique aai-uri, one parent edge per child, edges the rules allow, labels, resource-versions.');
const examples = args.examples === undefined ? 20 : Number(args.examples);
if (!Number.isInteger(examples) || examples < 0) usage(`--examples ${args.examples ?? ''}: expected a whole number`);

let config;
try {
  config = loadConfig();
} catch (e) {
  usage(e instanceof ConfigError ? e.message : String(e));
}
const { uri, username, password, database } = config.neo4j;
if (uri === undefined) usage('Set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) to the database to check.');

const driver = createDriver({ uri, username, password });
const started = Date.now();
try {
  const server = await readServerInfo(driver, database);
  const report = await checkInventory(driver, database, Schema.load(), { ...(args.prefix ? { prefix: args.prefix } : {}), maxExamples: examples });
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else {
    const scope = args.prefix ? ` under ${args.prefix}` : '';
    console.log(`Checked ${report.nodes} nodes and ${report.edges} edges${scope} in ${((Date.now() - started) / 1000).toFixed(1)} s (Neo4j ${server.version} ${server.edition}, ${uri}, database ${database}).`);
    if (report.total === 0) console.log('No violations.');
    else {
      console.log(`${report.total} violation${report.total === 1 ? '' : 's'}:`);
      for (const [kind, n] of Object.entries(report.counts)) console.log(`  ${kind}: ${n}`);
      console.log(`First ${report.examples.length}:`);
      for (const v of report.examples) console.log(`  ${v.kind}  ${v.uri}  ${v.detail}`);
    }
  }
  process.exitCode = report.total === 0 ? 0 : 1;
} catch (e) {
  console.error(`Could not check the graph at ${uri}: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
} finally {
  await driver.close();
}
