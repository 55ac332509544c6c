/**
 * Which Neo4j the service talks to, and whether the project has tested it. The service reads the
 * server's version and edition at start-up and again after every outage (a server may come back
 * upgraded or replaced), and refuses one outside the tested range: on Neo4j 5.26.0, before the
 * store stopped using dynamic relationship types, the service stored wrong edge types and answered
 * 201 (test/integration/server-compat.test.ts). `.ci/run` runs the integration suite on both ends
 * of the range.
 */
import type { Driver } from 'neo4j-driver';

/** The tested range, both ends inclusive; `.ci/run` tests exactly these two. */
export const SUPPORTED_NEO4J = { oldest: '5.26.0', newest: '2026.08.1' } as const;

export interface ServerInfo {
  /** e.g. "5.26.30" or "2026.08.1" */
  version: string;
  /** "community" or "enterprise" */
  edition: string;
}

/** [major, minor, patch] of a release version, or undefined (e.g. "5.27-aura", "dev"). */
export function versionParts(version: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type VersionVerdict = { ok: true; untested?: true } | { ok: false; reason: string };

/**
 * Whether the service may run on this server. Older than the oldest tested release: never (known
 * to corrupt data or untested against known bugs). Newer than the newest tested one, or a version
 * that is not a release number: only when `acceptUntested` (NEO4J_ACCEPT_UNTESTED_VERSION=true).
 */
export function judgeServer(info: ServerInfo, acceptUntested: boolean, range: { oldest: string; newest: string } = SUPPORTED_NEO4J): VersionVerdict {
  const supported = `This service supports Neo4j ${range.oldest} to ${range.newest} (the 5.26 LTS line from ${range.oldest} on, and the calendar releases 2025.01 to ${range.newest}), Community or Enterprise edition; its integration suite runs on both ends of that range.`;
  const parts = versionParts(info.version);
  const oldest = versionParts(range.oldest) ?? [0, 0, 0];
  const newest = versionParts(range.newest) ?? [0, 0, 0];
  if (parts !== undefined && compare(parts, oldest) < 0) {
    return { ok: false, reason: `Neo4j ${info.version} (${info.edition}) is older than any version this service is tested on. ${supported} Upgrade the server, or point NEO4J_URI at a supported one.` };
  }
  if (parts === undefined || compare(parts, newest) > 0) {
    if (acceptUntested) return { ok: true, untested: true };
    return {
      ok: false,
      reason: `Neo4j ${info.version} (${info.edition}) is not a version this service has been tested on. ${supported} Set NEO4J_ACCEPT_UNTESTED_VERSION=true to run on it anyway (at your own risk), or point NEO4J_URI at a supported server.`,
    };
  }
  return { ok: true };
}

/** The server's kernel version and edition (`dbms.components()`). */
export async function readServerInfo(driver: Driver, database: string): Promise<ServerInfo> {
  const res = await driver.executeQuery(
    "CALL dbms.components() YIELD name, versions, edition WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition",
    {},
    { database, routing: 'READ' },
  );
  const row = res.records[0];
  return { version: String(row?.get('version') ?? 'unknown'), edition: String(row?.get('edition') ?? 'unknown') };
}
