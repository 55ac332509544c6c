/**
 * Authentication and authorisation in the domain (src/domain/auth): A&AI's policy file as AuthCore
 * reads it, Jetty's OBF passwords, the built-in roles, users from AUTH_USERS, and the constant
 * work of a password check (an unknown user costs the same hash as a wrong password).
 */
import { describe, expect, it } from 'vitest';
import { Authenticator, newToken, type ApiToken } from '../../src/domain/auth/authenticator.js';
import { buildUsers, hashPassword, parseUsersEnv, verifyPassword } from '../../src/domain/auth/credentials.js';
import { deobfuscate, Policy, readPolicyFile, type Principal } from '../../src/domain/auth/policy.js';
import { functionOf } from '../../src/http/auth.js';

const facts = (access: 'read' | 'write', method: string, fn: string, adminOnly = false) => ({ access, method, fn, adminOnly });
const who = (roles: string[], scope?: 'read' | 'write'): Principal => ({ name: 'p', roles, via: 'password', ...(scope ? { scope } : {}) });

describe('policy', () => {
  // AuthCoreTest-style: role → function → methods; a function without methods allows all five.
  const { roles, users } = readPolicyFile({
    roles: [
      { name: 'r1', functions: [{ name: 'network', methods: [{ name: 'GET' }, { name: 'put' }] }], users: [{ username: 'User-A' }] },
      { name: 'r2', functions: [{ name: 'bulk' }], users: [{ user: 'b', pass: 'OBF:1ytc1vu91v2p1rxf1mqh1v8s1z0d1msn1san1mqf1z0h1v9u1msl1rvf1v1p1vv11yta' }] },
    ],
  });
  const policy = new Policy(roles);

  it('reads roles, functions and methods (methods upper-cased), users lower-cased, OBF passwords decoded', () => {
    expect([...(roles.get('r1') ?? [])]).toEqual(['GET:network', 'PUT:network']);
    expect([...(roles.get('r2') ?? [])]).toEqual(['POST:bulk', 'GET:bulk', 'PUT:bulk', 'DELETE:bulk', 'PATCH:bulk']);
    expect(users).toEqual([
      { name: 'user-a', role: 'r1' },
      { name: 'b', role: 'r2', password: 'testBasicAuthPass' },
    ]);
    expect(deobfuscate('OBF:1ytc1vu91v2p1rxf1mqh1v8s1z0d1msn1san1mqf1z0h1v9u1msl1rvf1v1p1vv11yta')).toBe('testBasicAuthPass');
    expect(() => readPolicyFile({})).toThrow(/"roles" array/);
  });

  it('grants a policy role exactly its method:function pairs, and never an admin-only route', () => {
    expect(policy.allows(who(['r1']), facts('write', 'PUT', 'network'))).toBe(true);
    expect(policy.allows(who(['r1']), facts('write', 'DELETE', 'network'))).toBe(false);
    expect(policy.allows(who(['r1']), facts('read', 'GET', 'cloud-infrastructure'))).toBe(false);
    expect(policy.allows(who(['r2']), facts('write', 'POST', 'bulk', true))).toBe(false);
  });

  it('built-in roles: read takes read routes only, write all but admin ones, admin everything; a read token caps any role', () => {
    expect(policy.allows(who(['read']), facts('read', 'POST', 'bulk'))).toBe(true);
    expect(policy.allows(who(['read']), facts('write', 'PUT', 'network'))).toBe(false);
    expect(policy.allows(who(['write']), facts('write', 'DELETE', 'network'))).toBe(true);
    expect(policy.allows(who(['write']), facts('write', 'POST', 'util', true))).toBe(false);
    expect(policy.allows(who(['admin']), facts('write', 'POST', 'util', true))).toBe(true);
    expect(policy.allows(who(['admin'], 'read'), facts('write', 'PUT', 'network'))).toBe(false);
    expect(policy.may(who(['admin']), 'bypass-resource-version')).toBe(true);
    expect(policy.may(who(['write']), 'override-limit')).toBe(false);
    expect(policy.may(who(['admin'], 'read'), 'all-jobs')).toBe(false);
  });

  it("names A&AI's function: the first segment after the version, or util", () => {
    expect(functionOf('/aai/v15/network/pnfs/pnf/x')).toBe('network');
    expect(functionOf('/aai/v15/bulk/single-transaction')).toBe('bulk');
    expect(functionOf('/aai/latest/bulkadd')).toBe('bulkadd');
    expect(functionOf('/aai/util/tokens')).toBe('util');
  });
});

describe('users and passwords', () => {
  it('parses AUTH_USERS (a password may hold ":"), and refuses entries without a role', () => {
    expect(parseUsersEnv('SO:p:a:ss:write, reader:x:read')).toEqual([
      { name: 'so', password: 'p:a:ss', role: 'write' },
      { name: 'reader', password: 'x', role: 'read' },
    ]);
    expect(() => parseUsersEnv('justaname')).toThrow(/name:password:role/);
    expect(() => parseUsersEnv('a::read')).toThrow(/needs a password and a role/);
  });

  it('hashes with scrypt (salted: the same password twice gives two hashes) and checks the right one', async () => {
    const [h1, h2] = [await hashPassword('pw'), await hashPassword('pw')];
    expect(h1).toMatch(/^scrypt\$8192\$8\$2\$/);
    expect(h1).not.toBe(h2);
    const users = new Map([['u', { name: 'u', hash: h1, roles: ['read'] }]]);
    expect((await verifyPassword(users, 'U', 'pw'))?.name).toBe('u');
    expect(await verifyPassword(users, 'u', 'pW')).toBeUndefined();
  });

  it('does the same work for an unknown user as for a wrong password (no early exit)', async () => {
    const users = await buildUsers([{ name: 'u', password: 'right', role: 'read' }]);
    await verifyPassword(users, 'nobody', 'x'); // the decoy hash is made once
    const time = async (name: string): Promise<number> => {
      const t = process.hrtime.bigint();
      for (let i = 0; i < 5; i++) await verifyPassword(users, name, 'wrong');
      return Number(process.hrtime.bigint() - t);
    };
    const [unknown, known] = [await time('nobody'), await time('u')];
    // Both pay five scrypt hashes (~50 ms each): an early exit for the unknown user would be ~1000× faster.
    expect(unknown / known).toBeGreaterThan(0.5);
    expect(unknown / known).toBeLessThan(2);
  });

  it('shares one hash among concurrent checks of the same credentials (a client opening 8 connections at once)', async () => {
    const users = await buildUsers([{ name: 'u', password: 'p', role: 'write' }]);
    const time = async (names: string[]): Promise<number> => {
      const auth = new Authenticator(users, undefined, 60_000);
      const t = process.hrtime.bigint();
      const got = await Promise.all(names.map((n) => auth.password(n, 'p')));
      expect(got.filter((g) => g !== undefined)).toHaveLength(names.filter((n) => n === 'u').length);
      return Number(process.hrtime.bigint() - t);
    };
    const same = await time(Array.from({ length: 8 }, () => 'u'));
    const distinct = await time(Array.from({ length: 8 }, (_, i) => (i === 0 ? 'u' : `nobody-${i}`)));
    // One hash against eight (one at a time): several times faster.
    expect(distinct / same).toBeGreaterThan(2.5);
  });

  it('refuses an expired token and accepts a live one (tokens kept as hashes)', async () => {
    let now = 1_000;
    const stored = new Map<string, ApiToken>();
    const store = { create: async (t: never) => void stored.set((t as { id: string }).id, t), get: async (id: string) => stored.get(id), list: async () => [...stored.values()], revoke: async (id: string) => stored.delete(id) };
    const { token, record } = newToken('u', 'ci', 'read', 10_000, now);
    stored.set(record.id, record);
    expect(JSON.stringify(record)).not.toContain(token.slice(17));
    const auth = new Authenticator(await buildUsers([{ name: 'u', password: 'p', role: 'write' }]), store, 0, () => now);
    expect(await auth.token(token)).toEqual({ name: 'u', roles: ['write'], scope: 'read', via: 'token' });
    now = 11_000;
    expect(await auth.token(token)).toBeUndefined();
  });
});
