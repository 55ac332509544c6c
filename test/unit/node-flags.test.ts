/**
 * The service's Node options (src/node-flags.ts) are given wherever the service is started outside
 * the code that imports them: the container image's CMD.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from '../../src/node-flags.js';
import { projectRoot } from '../../src/project-root.js';

describe('the service Node options', () => {
  it('are in the image CMD, before the script', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(projectRoot(), 'Dockerfile'), 'utf8'))?.[1];
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/src/server.js']);
  });

  it('halve the young generation V8 grows to (as command-line options: set at run time they do nothing)', async () => {
    const { spawnSync } = await import('node:child_process');
    // Short-lived garbage until the new space has grown to its largest, then its size.
    const script = "const a = []; for (let i = 0; i < 3e6; i++) { a.push({ i, s: 'x' + i }); if (a.length > 1000) a.length = 0; } process.stdout.write(String(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))";
    const newSpace = (flags: readonly string[]): number => {
      const r = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return Number(r.stdout);
    };
    // Two semi-spaces of at most 8 MB: a new space of at most 16 MB, where V8's default grows to 32 MB.
    expect(newSpace([])).toBeGreaterThan(16 * 1024 * 1024);
    expect(newSpace(SERVICE_NODE_FLAGS)).toBeLessThanOrEqual(16 * 1024 * 1024);
  });
});
