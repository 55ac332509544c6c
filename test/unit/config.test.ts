import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.neo4j.uri).toBeUndefined();
    expect(c.neo4j.database).toBe('neo4j');
    expect(c.bulk.operationLimit).toBe(30);
    expect(c.bulk.overrideSecret).toBeUndefined();
    expect(c.jobs.ttlMs).toBe(7 * 86_400_000);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('rejects PORT=abc with an error naming the key', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
  });

  it('lists every bad key at once', () => {
    try {
      loadConfig({ PORT: '99999', LOG_LEVEL: 'loud', NEO4J_URI: 'http://x', BULK_BODY_LIMIT: 'big', JOB_TTL: 'soon' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'LOG_LEVEL', 'NEO4J_URI', 'BULK_BODY_LIMIT', 'JOB_TTL']) expect(problems).toContain(key);
    }
  });

  it('parses sizes, durations and the implied-delete whitelist', () => {
    const c = loadConfig({ BULK_BODY_LIMIT: '2mb', JOB_TTL: '12h', IMPLIED_DELETE_WHITELIST: 'SDNC=vce,pnf;ro=*' });
    expect(c.bulk.bodyLimitBytes).toBe(2 * 1024 * 1024);
    expect(c.jobs.ttlMs).toBe(12 * 3_600_000);
    expect(c.impliedDeleteWhitelist).toEqual({ sdnc: ['vce', 'pnf'], ro: ['*'] });
  });
});
