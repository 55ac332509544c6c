/**
 * `npm run auth -- <command>` — the administrator's side of README "Security":
 *   hash                                   read a password on stdin, print its scrypt hash (for AUTH_USERS_FILE)
 *   token create --user U [--scope read|write] [--expires 30d] [--name N]   print a new API token (shown once)
 *   token list                             the tokens (never their secrets)
 *   token revoke ID
 * The token commands write to the service's Neo4j directly (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
 * NEO4J_DATABASE), so they work while the service is down. Errors are one sentence and exit 2.
 */
import { parseArgs } from 'node:util';
import ms from 'ms';
import { loadConfig } from '../src/config.js';
import { newToken } from '../src/domain/auth/authenticator.js';
import { hashPassword } from '../src/domain/auth/credentials.js';
import { createDriver } from '../src/store/driver.js';
import { createTokenStore } from '../src/store/token-store.js';

function die(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function tokens(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { user: { type: 'string' }, scope: { type: 'string', default: 'read' }, expires: { type: 'string', default: '30d' }, name: { type: 'string', default: '' } },
  });
  const config = loadConfig();
  if (config.neo4j.uri === undefined) die('NEO4J_URI is not set: the token commands write to the service\'s Neo4j.');
  const driver = createDriver({ uri: config.neo4j.uri, username: config.neo4j.username, password: config.neo4j.password });
  const store = createTokenStore(driver, config.neo4j.database);
  try {
    if (sub === 'create') {
      if (!values.user) die('token create needs --user NAME');
      if (values.scope !== 'read' && values.scope !== 'write') die('--scope is read or write');
      const ttl = ms(values.expires as ms.StringValue);
      if (typeof ttl !== 'number' || !(ttl > 0)) die(`--expires ${values.expires} is not a duration such as 30d`);
      const { token, record } = newToken(values.user.toLowerCase(), values.name, values.scope, ttl, Date.now());
      await store.create(record);
      process.stdout.write(`${JSON.stringify({ id: record.id, user: record.user, scope: record.scope, expires: new Date(record.expiresAt).toISOString(), token })}\n`);
    } else if (sub === 'list') {
      for (const t of await store.list()) process.stdout.write(`${JSON.stringify({ id: t.id, user: t.user, name: t.name, scope: t.scope, expires: new Date(t.expiresAt).toISOString() })}\n`);
    } else if (sub === 'revoke') {
      const id = positionals[0] ?? die('token revoke needs the token id');
      if (!(await store.revoke(id))) die(`no token ${id}`);
    } else {
      die('token commands: create, list, revoke');
    }
  } finally {
    await driver.close();
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === 'hash') {
  const password = await readStdin();
  if (password === '') die('hash reads the password on stdin, e.g. printf %s "$PASSWORD" | npm run --silent auth -- hash');
  process.stdout.write(`${await hashPassword(password)}\n`);
} else if (command === 'token') {
  await tokens(args).catch((e: unknown) => die(e instanceof Error ? e.message : String(e)));
} else {
  die('usage: npm run auth -- hash | token create --user NAME [--scope read|write] [--expires 30d] [--name N] | token list | token revoke ID');
}
