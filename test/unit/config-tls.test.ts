/**
 * Issue 16 "Secure by default": TLS_CERT, TLS_KEY, TLS_CA and TLS_CLIENT_CERT as the configuration
 * reads them (the files themselves are checked at start-up: test/integration/tls.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The problems loadConfig reports for this environment (none: an empty list). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('loadConfig: TLS', () => {
  it('serves HTTP when none of the TLS keys is set (or each is blank)', () => {
    expect(loadConfig({}).tls).toBeUndefined();
    expect(loadConfig({ TLS_CERT: ' ', TLS_KEY: '', TLS_CA: '  ', TLS_CLIENT_CERT: '' }).tls).toBeUndefined();
  });

  it('serves HTTPS with a certificate and its key, asking for no client certificate by default', () => {
    expect(loadConfig({ TLS_CERT: '/etc/aai/cert.pem', TLS_KEY: ' /etc/aai/key.pem ' }).tls).toEqual({
      certFile: '/etc/aai/cert.pem',
      keyFile: '/etc/aai/key.pem',
      caFile: undefined,
      clientCert: 'none',
    });
  });

  it.each(['request', 'require'] as const)('reads TLS_CLIENT_CERT=%s with the CA client certificates must chain to', (mode) => {
    expect(loadConfig({ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', TLS_CA: 'ca.pem', TLS_CLIENT_CERT: mode }).tls).toEqual({
      certFile: 'c.pem',
      keyFile: 'k.pem',
      caFile: 'ca.pem',
      clientCert: mode,
    });
  });

  it('takes a TLS_CA without client certificates (it verifies nothing then, and is harmless)', () => {
    expect(loadConfig({ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', TLS_CA: 'ca.pem' }).tls).toMatchObject({ caFile: 'ca.pem', clientCert: 'none' });
  });

  it.each([
    [{ TLS_CERT: 'c.pem' }, 'TLS_CERT and TLS_KEY go together: set both (HTTPS) or neither (HTTP)'],
    [{ TLS_KEY: 'k.pem' }, 'TLS_CERT and TLS_KEY go together: set both (HTTPS) or neither (HTTP)'],
    [{ TLS_CERT: 'c.pem', TLS_KEY: ' ' }, 'TLS_CERT and TLS_KEY go together: set both (HTTPS) or neither (HTTP)'],
    [{ TLS_CA: 'ca.pem' }, 'TLS_CA and TLS_CLIENT_CERT need TLS_CERT and TLS_KEY'],
    [{ TLS_CLIENT_CERT: 'require' }, 'TLS_CA and TLS_CLIENT_CERT need TLS_CERT and TLS_KEY'],
    [{ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', TLS_CLIENT_CERT: 'require' }, 'TLS_CLIENT_CERT=require needs TLS_CA, the CA client certificates must chain to'],
    [{ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', TLS_CLIENT_CERT: 'request' }, 'TLS_CLIENT_CERT=request needs TLS_CA, the CA client certificates must chain to'],
    [{ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', TLS_CA: 'ca.pem', TLS_CLIENT_CERT: 'optional' }, 'TLS_CLIENT_CERT="optional": expected one of none, request, require'],
  ])('refuses %j with one problem', (env, problem) => {
    expect(problemsOf(env)).toEqual([problem]);
  });

  it('reports a TLS problem with every other bad key at once', () => {
    const problems = problemsOf({ TLS_CERT: 'c.pem', PORT: 'https' });
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('PORT='))).toBe(true);
    expect(problems).toContain('TLS_CERT and TLS_KEY go together: set both (HTTPS) or neither (HTTP)');
  });
});
