/**
 * The fuzzer's Python: a virtual environment at `<repo>/.venv` (git-ignored) holding the pinned
 * schemathesis from PyPI. Made with `python3 -m venv` and `pip install` on the first run, and reused
 * while the version recorded in `.venv/.schemathesis-version` is the pinned one (a different pin
 * installs that version into the same environment). A missing or too old python3 (schemathesis needs
 * 3.11+), or one without its venv module (Debian's python3-venv), stops the run with one sentence.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class VenvError extends Error {}

/** The schemathesis release the fuzz run is written against (path-level `servers` need ≥ 4.x). */
export const SCHEMATHESIS_VERSION = '4.32.5';

export interface Venv {
  /** The schemathesis executable inside the environment. */
  schemathesis: string;
  /** True when this run created or updated the environment. */
  installed: boolean;
}

const bin = (venvDir: string, name: string): string => join(venvDir, 'bin', name);
const marker = (venvDir: string): string => join(venvDir, '.schemathesis-version');

function recordedVersion(venvDir: string): string | undefined {
  try {
    return readFileSync(marker(venvDir), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Runs a command to completion with its output captured; the output is returned for error messages. */
function run(cmd: string, args: string[]): { ok: boolean; missing: boolean; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { ok: r.status === 0, missing, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** schemathesis 4.32.5 requires Python 3.11 or later (its Requires-Python). */
const MIN_PYTHON: readonly [number, number] = [3, 11];

function requirePython(): void {
  const wanted = `Python ${MIN_PYTHON.join('.')} or later`;
  const r = run('python3', ['--version']);
  if (r.missing) throw new VenvError(`python3 is not installed (or not on PATH): install ${wanted} to run the API fuzzer.`);
  if (!r.ok) throw new VenvError(`python3 --version failed: ${lastLine(r.output)}`);
  const m = /Python (\d+)\.(\d+)/.exec(r.output);
  const [major, minor] = [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0)];
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new VenvError(`python3 is ${r.output}, but schemathesis ${SCHEMATHESIS_VERSION} needs ${wanted}: install one as python3 (or put it first on PATH).`);
  }
}

function createVenv(venvDir: string, log: (m: string) => void): void {
  log(`Creating the Python virtual environment ${venvDir}...`);
  rmSync(venvDir, { recursive: true, force: true });
  const r = run('python3', ['-m', 'venv', venvDir]);
  if (!r.ok) {
    rmSync(venvDir, { recursive: true, force: true });
    throw new VenvError(`python3 -m venv failed, probably because Python's venv module is missing (on Debian/Ubuntu: apt-get install python3-venv): ${lastLine(r.output)}`);
  }
}

function installSchemathesis(venvDir: string, version: string, log: (m: string) => void): void {
  log(`Installing schemathesis ${version} from PyPI into ${venvDir}...`);
  const r = run(bin(venvDir, 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-cache-dir', `schemathesis==${version}`]);
  if (!r.ok) throw new VenvError(`pip could not install schemathesis==${version}: ${lastLine(r.output)}`);
  writeFileSync(marker(venvDir), `${version}\n`);
}

function lastLine(text: string): string {
  return text.split('\n').filter((l) => l.trim() !== '').slice(-3).join(' / ') || '(no output)';
}

/** The environment with schemathesis `version`, made or updated as needed. */
export function ensureSchemathesis(venvDir: string, log: (m: string) => void, version = SCHEMATHESIS_VERSION): Venv {
  const schemathesis = bin(venvDir, 'schemathesis');
  if (recordedVersion(venvDir) === version && existsSync(schemathesis)) return { schemathesis, installed: false };
  requirePython();
  // An environment whose python no longer runs (python3 upgraded or removed) is made again.
  if (!existsSync(bin(venvDir, 'python')) || !run(bin(venvDir, 'python'), ['--version']).ok) createVenv(venvDir, log);
  installSchemathesis(venvDir, version, log);
  return { schemathesis, installed: true };
}
