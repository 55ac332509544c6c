/**
 * Issue 14: sizes and durations are converted by `bytes` and `ms`, and accept exactly the forms the
 * README documents ("Sizes accept kb/mb/gb, durations ms/s/m/h/d"), not everything the libraries read.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig: sizes and durations', () => {
  it('reads a size as bytes, or with a b/kb/mb/gb unit in any case (1kb = 1024), spaces allowed before the unit', () => {
    const cases: [string, number][] = [
      ['5242880', 5_242_880],
      ['512b', 512],
      ['512kb', 512 * 1024],
      ['512 KB', 512 * 1024],
      ['5mb', 5 * 1024 ** 2],
      ['1gb', 1024 ** 3],
      ['0', 0],
    ];
    for (const [value, bytes] of cases) expect(loadConfig({ BULK_BODY_LIMIT: value }).bulk.bodyLimitBytes, value).toBe(bytes);
  });

  it('reads a duration as milliseconds, or with a ms/s/m/h/d unit, spaces allowed before the unit', () => {
    const cases: [string, number][] = [
      ['500', 500],
      ['500ms', 500],
      ['30s', 30_000],
      ['30 s', 30_000],
      ['10m', 600_000],
      ['12h', 43_200_000],
      ['7d', 604_800_000],
      ['0', 0],
    ];
    for (const [value, ms] of cases) expect(loadConfig({ JOB_TTL: value }).jobs.ttlMs, value).toBe(ms);
  });

  it('refuses what the libraries alone would read differently or beyond the documented units, naming the key', () => {
    for (const value of ['5x', '-1kb', '1.5mb', '1tb', '1 000', 'big']) {
      expect(problemsOf({ BULK_BODY_LIMIT: value }), value).toEqual([`BULK_BODY_LIMIT=${JSON.stringify(value)}: expected a size such as 5242880, 512kb, 5mb or 1gb`]);
    }
    for (const value of ['-5s', '1.5h', '1y', '1w', '2 days', '30S', 'soon']) {
      expect(problemsOf({ JOB_TTL: value }), value).toEqual([`JOB_TTL=${JSON.stringify(value)}: expected a duration such as 500, 30s, 10m, 12h or 7d`]);
    }
  });
});
