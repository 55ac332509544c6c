/**
 * Issue #17: the README's "A first task", run as a user would — the block pasted into bash and
 * into zsh against the real service — gives the answers the README shows under each command. The
 * block is read from README.md itself (between `<!-- walkthrough -->` and the end of its code
 * fence); only the service's URL and the pnf name prefix (unique per run) are replaced.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { uid } from '../helpers/neo4j.js';
import { startServiceProcess, type ServiceProcess } from '../helpers/service.js';

const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
const start = readme.indexOf('<!-- walkthrough -->\n```sh\n');
const block = readme.slice(start, readme.indexOf('\n```', start + 30)).split('\n').slice(2);
const commands = block.filter((l) => !l.startsWith('# → ')).join('\n');
const expected = block.filter((l) => l.startsWith('# → ')).map((l) => l.slice(4));

const installed = (sh: string): boolean => spawnSync(sh, ['-c', 'true']).status === 0;

let service: ServiceProcess;
beforeAll(async () => {
  service = await startServiceProcess({ JOB_POLL_MS: '100' });
}, 120_000);
afterAll(async () => {
  await service.kill('SIGTERM');
});

describe("the README's first task", () => {
  it('is in the README, with an answer under each step', () => {
    expect(start).toBeGreaterThan(0);
    expect(expected.length).toBeGreaterThanOrEqual(10);
  });

  // zsh where it is installed (a machine without it reports this case skipped, not passed).
  it.for(['bash', 'zsh'])('gives the answers it shows, pasted into %s', (shell, ctx) => {
    if (!installed(shell)) return ctx.skip();
    const prefix = uid('walk');
    const script = commands.replace('U=http://127.0.0.1:8080/aai/v15', `U=${service.url}/aai/v15`).replace('P=pnf1', `P=${prefix}`);
    const r = spawnSync(shell, ['-c', script], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(expected.map((e) => e.replaceAll('pnf1', prefix)));
  });
});
