/**
 * Users and their passwords: memory-hard hashes (scrypt, Node's crypto), checked in constant time —
 * an unknown user costs the same hash as a known one, and hashes are compared with timingSafeEqual.
 * Users come from AUTH_USERS (`name:password:role,…`), AUTH_USERS_FILE (JSON, hashed passwords) and
 * the users of an AUTH_POLICY_FILE; a user named in several gets every role it is given.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt N=2^13, r=8, p=2 — one of OWASP's minimum scrypt settings, the same work as N=2^14, p=1 in
 * half the memory: about 40 ms and 8 MB per hash (a hash's memory shows in the service's peak RSS).
 */
const PARAMS = { N: 8192, r: 8, p: 2 } as const;
const KEY_BYTES = 32;

/**
 * One hash at a time (8 MB): a burst of logins — or of wrong passwords — waits its turn instead of
 * taking the process's memory and both cores; verified credentials are remembered (authenticator.ts).
 */
const MAX_CONCURRENT_HASHES = 1;
let running = 0;
const waiting: (() => void)[] = [];

async function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise((resolve, reject) => scryptCb(password, salt, KEY_BYTES, { ...opts, maxmem: 64 * 1024 * 1024 }, (e, key) => (e ? reject(e) : resolve(key))));
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** `scrypt$N$r$p$<salt base64>$<hash base64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface Parsed {
  opts: ScryptOptions;
  salt: Buffer;
  key: Buffer;
}

function parseHash(hash: string): Parsed | undefined {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (!m) return undefined;
  return { opts: { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }, salt: Buffer.from(m[4] ?? '', 'base64'), key: Buffer.from(m[5] ?? '', 'base64') };
}

export function isPasswordHash(hash: string): boolean {
  return parseHash(hash) !== undefined;
}

export interface User {
  name: string;
  hash: string;
  roles: string[];
}

/** A hash no password matches, verified for unknown users so that they cost what a known user costs. */
let decoy: Promise<string> | undefined;

/** The user if the password is theirs; every call hashes once, known user or not, and compares in constant time. */
export async function verifyPassword(users: ReadonlyMap<string, User>, name: string, password: string): Promise<User | undefined> {
  const user = users.get(name.toLowerCase());
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const parsed = parseHash(user?.hash ?? (await decoy));
  if (!parsed) return undefined;
  const key = await scrypt(password, parsed.salt, parsed.opts);
  const same = key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  return same && user ? user : undefined;
}

/** A user entry before its password is hashed. */
export interface UserEntry {
  name: string;
  role: string;
  password?: string;
  hash?: string;
}

/** AUTH_USERS: `name:password:role` entries, comma-separated (a password may hold ':'; the role is after the last one). */
export function parseUsersEnv(value: string): UserEntry[] {
  return value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map((entry) => {
      const first = entry.indexOf(':');
      const last = entry.lastIndexOf(':');
      if (first <= 0 || last === first) throw new Error(`AUTH_USERS entry "${entry.slice(0, Math.max(first, 0))}:…" is not name:password:role`);
      const name = entry.slice(0, first);
      const password = entry.slice(first + 1, last);
      const role = entry.slice(last + 1);
      if (password === '' || role === '') throw new Error(`AUTH_USERS entry for ${name} needs a password and a role`);
      return { name: name.toLowerCase(), password, role };
    });
}

/** AUTH_USERS_FILE: {"users":[{"name","passwordHash" (scrypt$…, from `npm run auth -- hash`) or "password","roles":[…]}]}. */
export function parseUsersFile(json: unknown): UserEntry[] {
  const users = (json as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) throw new Error('a users file has a "users" array');
  return users.flatMap((u: unknown) => {
    const o = (u ?? {}) as Record<string, unknown>;
    const name = typeof o['name'] === 'string' ? o['name'].toLowerCase() : '';
    const roles = Array.isArray(o['roles']) ? o['roles'].filter((r): r is string => typeof r === 'string') : [];
    const hash = typeof o['passwordHash'] === 'string' ? o['passwordHash'] : undefined;
    const password = typeof o['password'] === 'string' ? o['password'] : undefined;
    if (name === '' || roles.length === 0) throw new Error('each user has a "name" and a non-empty "roles" array');
    if (hash !== undefined && !isPasswordHash(hash)) throw new Error(`user ${name}: "passwordHash" is not an scrypt$… hash`);
    return roles.map((role) => ({ name, role, ...(hash === undefined ? {} : { hash }), ...(password === undefined ? {} : { password }) }));
  });
}

/** Merge entries into users (one per name, every role; the first password given for a name is its password). */
export async function buildUsers(entries: readonly UserEntry[]): Promise<Map<string, User>> {
  const users = new Map<string, User>();
  for (const e of entries) {
    const existing = users.get(e.name);
    if (existing) {
      if (!existing.roles.includes(e.role)) existing.roles.push(e.role);
      if (existing.hash === '' && (e.hash ?? e.password) !== undefined) existing.hash = e.hash ?? (await hashPassword(e.password ?? ''));
      continue;
    }
    const hash = e.hash ?? (e.password === undefined ? '' : await hashPassword(e.password));
    users.set(e.name, { name: e.name, hash, roles: [e.role] });
  }
  return users;
}
