/**
 * The repository root: the folder holding this project's package.json, found from this file's place
 * (src/ when run with tsx, dist/src/ when built, /app/dist/src/ in the image). Product code reads
 * schema/ through it; the tooling under scripts/ uses it too. Imports nothing of the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'aai-graph-inventory') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('project root not found');
    dir = parent;
  }
}
