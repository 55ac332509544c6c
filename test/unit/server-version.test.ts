/**
 * Issue "Data integrity on every Neo4j it accepts": which servers the service accepts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEO4J_VERSION, javaRange, localNeo4jVersion } from '../../scripts/neo4j/versions.js';
import { judgeServer, SUPPORTED_NEO4J, versionParts } from '../../src/store/server-version.js';

const at = (version: string, edition = 'community') => ({ version, edition });

describe('judgeServer', () => {
  it('accepts both ends of the tested range and what lies between, either edition', () => {
    for (const v of [SUPPORTED_NEO4J.oldest, '5.26.30', '2025.01.0', '2026.01.4', SUPPORTED_NEO4J.newest]) {
      expect(judgeServer(at(v), false), v).toEqual({ ok: true });
      expect(judgeServer(at(v, 'enterprise'), false), v).toEqual({ ok: true });
    }
  });

  it('refuses an older server with one paragraph naming the supported versions, even when untested versions are accepted', () => {
    for (const v of ['5.25.1', '5.0.0', '4.4.40']) {
      const verdict = judgeServer(at(v), true);
      expect(verdict.ok, v).toBe(false);
      if (!verdict.ok) {
        expect(verdict.reason).toContain(`Neo4j ${v} (community) is older than any version this service is tested on.`);
        expect(verdict.reason).toContain(`supports Neo4j ${SUPPORTED_NEO4J.oldest} to ${SUPPORTED_NEO4J.newest}`);
        expect(verdict.reason).not.toContain('\n');
      }
    }
  });

  it('refuses a newer or unnumbered server unless NEO4J_ACCEPT_UNTESTED_VERSION, then accepts it as untested', () => {
    for (const v of ['2026.12.0', '2027.01.0', '5.27-aura', 'dev']) {
      const refused = judgeServer(at(v), false);
      expect(refused.ok, v).toBe(false);
      if (!refused.ok) expect(refused.reason).toContain('NEO4J_ACCEPT_UNTESTED_VERSION=true');
      expect(judgeServer(at(v), true), v).toEqual({ ok: true, untested: true });
    }
  });

  it('orders versions numerically, not as text', () => {
    expect(versionParts('2026.08.1')).toEqual([2026, 8, 1]);
    expect(judgeServer(at('5.26.9'), false, { oldest: '5.26.10', newest: '5.26.30' }).ok).toBe(false);
    expect(judgeServer(at('5.26.10'), false, { oldest: '5.26.9', newest: '5.26.30' }).ok).toBe(true);
  });
});

describe('the local server version', () => {
  it('is NEO4J_VERSION when set, else a default inside the supported range', () => {
    expect(localNeo4jVersion({ NEO4J_VERSION: '2026.08.1' })).toBe('2026.08.1');
    expect(localNeo4jVersion({})).toBe(DEFAULT_NEO4J_VERSION);
    expect(judgeServer(at(DEFAULT_NEO4J_VERSION), false)).toEqual({ ok: true });
  });

  it('refuses a NEO4J_VERSION that is not a release number with a sentence', () => {
    expect(() => localNeo4jVersion({ NEO4J_VERSION: 'latest' })).toThrow('NEO4J_VERSION="latest": expected a Neo4j release such as 5.26.30 or 2026.08.1');
  });

  it('runs 5.26 on Java 17–21 and the calendar releases on Java 21 or later', () => {
    expect(javaRange('5.26.0')).toEqual([17, 21]);
    expect(javaRange('2026.08.1')).toEqual([21, undefined]);
  });
});
