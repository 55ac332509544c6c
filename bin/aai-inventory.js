#!/usr/bin/env node
// The `aai-inventory` command: the compiled CLI (dist/, from `npm run build`) when there is one and
// it is not older than the sources beside it; else the TypeScript source through tsx (a dev
// dependency, present in any development install). AAI_CLI_SOURCE=1 always runs the source (the
// tests do: `npm start` in a parallel test rebuilds dist/ while they run).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const built = fileURLToPath(new URL('dist/src/cli/main.js', root));
const sources = fileURLToPath(new URL('src/cli/', root));

/** The newest modification time of the CLI's sources (0 without them: an install of dist/ alone). */
function newestSource() {
  if (!existsSync(sources)) return 0;
  let newest = 0;
  for (const rel of readdirSync(sources, { recursive: true, encoding: 'utf8' })) {
    if (rel.endsWith('.ts')) newest = Math.max(newest, statSync(new URL(rel, new URL('src/cli/', root))).mtimeMs);
  }
  return newest;
}

const useBuilt = process.env.AAI_CLI_SOURCE !== '1' && existsSync(built) && statSync(built).mtimeMs >= newestSource();
if (useBuilt) {
  await import(new URL('dist/src/cli/main.js', root).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src/cli/main.ts', root).href);
}
