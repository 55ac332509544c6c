#!/usr/bin/env node
// The `aai-inventory` command: the compiled CLI when there is one (npm run build), else the
// TypeScript source through tsx (a dev dependency, present in any development install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const built = new URL('dist/src/cli/main.js', root);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src/cli/main.ts', root).href);
}
