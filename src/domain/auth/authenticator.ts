/**
 * Authentication: a password (HTTP basic), an API token (bearer), or a client certificate, to a
 * principal. Tokens are `aai_<id>_<secret>`: stored with the SHA-256 of the secret only (the secret
 * is shown once, at creation), a scope (read or read-write) and an expiry. A verified password or
 * token is remembered for AUTH_CACHE_TTL under the SHA-256 of what was sent, so a client's every
 * request does not pay the memory-hard hash again; a revoked token stops working within that time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { verifyPassword, type User } from './credentials.js';
import type { Principal, TokenScope } from './policy.js';

export interface ApiToken {
  id: string;
  /** The user it acts for. */
  user: string;
  /** What it is for (shown in lists). */
  name: string;
  scope: TokenScope;
  /** SHA-256 (hex) of the secret. */
  hash: string;
  createdAt: number;
  expiresAt: number;
}

/** Where API tokens are kept (the store implements it; tokens outlive a restart and are shared by instances). */
export interface TokenStorePort {
  create(token: ApiToken): Promise<void>;
  get(id: string): Promise<ApiToken | undefined>;
  list(): Promise<ApiToken[]>;
  /** True when it existed. */
  revoke(id: string): Promise<boolean>;
}

const TOKEN = /^aai_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{32})$/;
const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();
const MAX_CACHED = 10_000;

/** A new token for `user`: the record to store, and the token text, shown once. */
export function newToken(user: string, name: string, scope: TokenScope, ttlMs: number, now: number): { token: string; record: ApiToken } {
  // 9 and 24 random bytes: 12 and 32 base64url characters.
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(24).toString('base64url');
  return { token: `aai_${id}_${secret}`, record: { id, user, name, scope, hash: sha256(secret).toString('hex'), createdAt: now, expiresAt: now + ttlMs } };
}

export class Authenticator {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  /** Checks under way, by cache key: concurrent requests with the same credentials share one hash. */
  private readonly pending = new Map<string, Promise<Principal | undefined>>();

  constructor(
    private readonly users: ReadonlyMap<string, User>,
    private readonly tokens: TokenStorePort | undefined,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get hasUsers(): boolean {
    return this.users.size > 0;
  }

  userNamed(name: string): User | undefined {
    return this.users.get(name.toLowerCase());
  }

  private cached(key: string): Principal | undefined {
    const hit = this.cache.get(key);
    if (hit === undefined) return undefined;
    if (hit.until > this.now()) return hit.principal;
    this.cache.delete(key);
    return undefined;
  }

  private remember(key: string, principal: Principal, until: number): Principal {
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, { principal, until: Math.min(until, this.now() + this.cacheMs) });
    return principal;
  }

  /** HTTP basic: the user's principal, or undefined (after the same work as for a right password). */
  async password(name: string, password: string): Promise<Principal | undefined> {
    const key = `p:${sha256(`${name}\u0000${password}`).toString('hex')}`;
    const hit = this.cached(key);
    if (hit) return hit;
    const under = this.pending.get(key);
    if (under) return under;
    const check = verifyPassword(this.users, name, password)
      .then((user) => (user ? this.remember(key, { name: user.name, roles: user.roles, via: 'password' }, Infinity) : undefined))
      .finally(() => this.pending.delete(key));
    this.pending.set(key, check);
    return check;
  }

  /** A bearer token: its principal while it is stored and unexpired, else undefined. */
  async token(value: string): Promise<Principal | undefined> {
    const key = `t:${sha256(value).toString('hex')}`;
    const hit = this.cached(key);
    if (hit) return hit;
    const m = TOKEN.exec(value);
    const record = m?.[1] === undefined || this.tokens === undefined ? undefined : await this.tokens.get(m[1]);
    const given = sha256(m?.[2] ?? '');
    const stored = Buffer.from(record?.hash ?? '0'.repeat(64), 'hex');
    const same = stored.length === given.length && timingSafeEqual(stored, given);
    if (!record || !same || record.expiresAt <= this.now()) return undefined;
    const user = this.users.get(record.user);
    const principal: Principal = { name: record.user, roles: user?.roles ?? [record.scope], scope: record.scope, via: 'token' };
    return this.remember(key, principal, record.expiresAt);
  }

  /** A verified client certificate: the user named by its subject's CN (or whole DN), as A&AI's policy users are named. */
  certificate(commonName: string | undefined, dn: string | undefined): Principal | undefined {
    const user = (commonName && this.users.get(commonName.toLowerCase())) || (dn && this.users.get(dn.toLowerCase())) || undefined;
    return user ? { name: user.name, roles: user.roles, via: 'certificate' } : undefined;
  }

  /** Forget what was remembered for a token (a revocation on this instance takes effect at once). */
  forgetTokens(): void {
    for (const k of [...this.cache.keys()]) if (k.startsWith('t:')) this.cache.delete(k);
  }
}
