/**
 * Which Neo4j the local (Maven-resolved) server runs, and which Java runs it. `NEO4J_VERSION`
 * selects any release on Maven Central; the default is the 5.26 LTS patch the project is developed
 * on. Calendar releases (2025.x, 2026.x) need Java 21 or later; 5.26 runs on Java 17 or 21.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_NEO4J_VERSION = '5.26.30';

const VERSION_FORMAT = /^(5\.\d+\.\d+|20\d\d\.\d\d\.\d+)$/;

/** Neo4j cannot be provisioned; the message says what to install or set. */
export class ProvisionError extends Error {
  override name = 'ProvisionError';
}

/** The local server's version: NEO4J_VERSION, or the default. */
export function localNeo4jVersion(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const v = env['NEO4J_VERSION']?.trim();
  if (v === undefined || v === '') return DEFAULT_NEO4J_VERSION;
  if (!VERSION_FORMAT.test(v)) {
    throw new ProvisionError(`NEO4J_VERSION=${JSON.stringify(v)}: expected a Neo4j release such as 5.26.30 or 2026.08.1`);
  }
  return v;
}

/** The Java majors a Neo4j release runs on: [min, max] (max undefined: no known upper bound). */
export function javaRange(version: string): [number, number | undefined] {
  return version.startsWith('5.') ? [17, 21] : [21, undefined];
}

function majorOf(javaBin: string): number | null {
  const r = spawnSync(javaBin, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return null;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (!m?.[1]) return null;
  const major = Number(m[1]);
  return major === 1 && m[2] ? Number(m[2]) : major;
}

/** Java binaries to consider, in order: JAVA_HOME, the PATH's `java`, then every JDK under /usr/lib/jvm. */
function javaCandidates(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  const home = env['JAVA_HOME'];
  if (home) out.push(join(home, 'bin', 'java'));
  out.push('java');
  const jvm = '/usr/lib/jvm';
  if (existsSync(jvm)) {
    for (const d of readdirSync(jvm).sort().reverse()) {
      const bin = join(jvm, d, 'bin', 'java');
      if (existsSync(bin)) out.push(bin);
    }
  }
  return out;
}

export interface JavaChoice {
  bin: string;
  major: number;
}

/** The first Java that can run `version`, or null (with what was found, for the message). */
export function findJava(version: string, env: Readonly<Record<string, string | undefined>> = process.env): { java: JavaChoice | null; seen: number[] } {
  const [min, max] = javaRange(version);
  const seen: number[] = [];
  for (const bin of [...new Set(javaCandidates(env))]) {
    const major = majorOf(bin);
    if (major === null) continue;
    seen.push(major);
    if (major >= min && (max === undefined || major <= max)) return { java: { bin, major }, seen };
  }
  return { java: null, seen };
}

export function javaRequirement(version: string): string {
  const [min, max] = javaRange(version);
  return max === undefined ? `Java ${min} or later` : `Java ${min}–${max}`;
}
