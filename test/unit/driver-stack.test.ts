import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { quietRunner, withoutStackTrace } from '../../src/store/driver.js';

describe('withoutStackTrace', () => {
  it('creates errors without frames inside and restores the limit after', () => {
    const before = Error.stackTraceLimit;
    const inside = withoutStackTrace(() => new Error('x').stack);
    expect(inside).toBe('Error: x');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('y').stack?.split('\n').length).toBeGreaterThan(1);
  });

  it('restores the limit when the call throws', () => {
    const before = Error.stackTraceLimit;
    expect(() =>
      withoutStackTrace(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Error.stackTraceLimit).toBe(before);
  });

  it('leaves the driver nothing to format: a statement run through quietRunner creates its Result with no captured frames (fails if the driver stops capturing as it does)', async () => {
    // Nothing listens on port 1: the run fails later, asynchronously; the Result is created now.
    const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'x'), { connectionTimeout: 1000 });
    try {
      const session = driver.session();
      const quiet = quietRunner(session).run('RETURN 1') as unknown as { _stack: string | null; summary(): Promise<unknown> };
      const normal = session.run('RETURN 1') as unknown as { _stack: string | null; summary(): Promise<unknown> };
      expect(quiet._stack ?? '').not.toMatch(/\bat\b/);
      expect(normal._stack).toMatch(/\bat\b/);
      await Promise.allSettled([quiet.summary(), normal.summary()]);
      await session.close().catch(() => undefined);
    } finally {
      await driver.close();
    }
  });
});
