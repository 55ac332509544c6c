import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig: connection and request bounds (issue 13)', () => {
  it('gives the documented defaults', () => {
    expect(loadConfig({}).limits).toEqual({
      maxConnections: 1024,
      maxRequestsInFlight: 64,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 65_000,
      bodyTimeoutMs: 20_000,
      lingerMs: 5_000,
      jobUploadMinBytes: 64 * 1024,
      jobUploadWindowMs: 30_000,
      jobClientMaxUploads: 2,
      jobClientMaxStoredBytes: 4 * 1024 ** 3,
    });
  });

  it('reads sizes and durations', () => {
    const c = loadConfig({ BODY_TIMEOUT: '15s', LINGER_TIMEOUT: '0', JOB_UPLOAD_MIN_BYTES: '16kb', JOB_CLIENT_MAX_STORED_BYTES: '10gb', MAX_CONNECTIONS: '4096' });
    expect(c.limits).toMatchObject({ bodyTimeoutMs: 15_000, lingerMs: 0, jobUploadMinBytes: 16 * 1024, jobClientMaxStoredBytes: 10 * 1024 ** 3, maxConnections: 4096 });
  });

  it('refuses out-of-range values, naming every bad key', () => {
    const bad = {
      MAX_CONNECTIONS: '0',
      MAX_REQUESTS_IN_FLIGHT: 'many',
      HEADERS_TIMEOUT: '0',
      KEEP_ALIVE_TIMEOUT: '30d',
      BODY_TIMEOUT: 'soon',
      JOB_UPLOAD_MIN_BYTES: '0',
      JOB_UPLOAD_WINDOW: '50ms',
      JOB_CLIENT_MAX_UPLOADS: '0',
      JOB_CLIENT_MAX_STORED_BYTES: '0kb',
    };
    try {
      loadConfig(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      for (const key of Object.keys(bad)) expect(problems.filter((p) => p.startsWith(`${key}=`)), key).toHaveLength(1);
    }
  });
});
