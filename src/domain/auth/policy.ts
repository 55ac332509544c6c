/**
 * Who may call what: roles in A&AI's aai_policy.json form (role → function → HTTP methods, the
 * function being the first path segment after the version: network, cloud-infrastructure, business,
 * bulkadd, bulk, nodes, query, dsl, search, util…) beside three built-in roles decided from the
 * route table: `read` (routes that only read: a GET, a POST bulk/get), `write` (every route but the
 * administrative ones), `admin` (everything, other principals' jobs, the bypass resource-version,
 * the payload-limit override, API tokens). A token's scope caps its user's roles (read: reads only).
 */

export const BUILTIN_ROLES = ['read', 'write', 'admin'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

export type TokenScope = 'read' | 'write';

/** An authenticated caller (or, with authentication off, the open principal). */
export interface Principal {
  name: string;
  roles: readonly string[];
  /** A token's scope; absent for a password or a certificate. */
  scope?: TokenScope;
  via: 'password' | 'token' | 'certificate' | 'open';
}

/** What a request is, for a decision: its route's access, its HTTP method, its A&AI function. */
export interface RequestFacts {
  access: 'read' | 'write';
  method: string;
  /** The first path segment after /aai/{version} (or `util` for /aai/util/…). */
  fn: string;
  /** Administrative routes (API tokens): admins only, whatever a policy role says. */
  adminOnly: boolean;
}

/** What only some principals may do beyond calling routes. */
export type Permission = 'bypass-resource-version' | 'override-limit' | 'all-jobs';

export class Policy {
  /** role name → the "METHOD:function" pairs it allows (A&AI's AuthCore form). */
  constructor(private readonly roles: ReadonlyMap<string, ReadonlySet<string>> = new Map()) {}

  /** Whether the role name is known (built in, or from the policy file). */
  knows(role: string): boolean {
    return (BUILTIN_ROLES as readonly string[]).includes(role) || this.roles.has(role);
  }

  allows(p: Principal, r: RequestFacts): boolean {
    if (p.scope === 'read' && r.access !== 'read') return false;
    return p.roles.some((role) => {
      if (role === 'admin') return true;
      if (r.adminOnly) return false;
      if (role === 'write') return true;
      if (role === 'read') return r.access === 'read';
      return this.roles.get(role)?.has(`${r.method}:${r.fn}`) === true;
    });
  }

  may(p: Principal, _permission: Permission): boolean {
    return p.roles.includes('admin') && p.scope !== 'read';
  }
}

/** Methods a policy function without a "methods" list allows (A&AI's AuthCore.HTTP_METHODS). */
const ALL_METHODS = ['POST', 'GET', 'PUT', 'DELETE', 'PATCH'];

/** A user named in a policy file: its role, and a password if the file gives one (`pass`, plain or Jetty OBF). */
export interface PolicyUser {
  name: string;
  role: string;
  password?: string;
}

/**
 * Read an A&AI aai_policy.json as A&AI's AuthCore reads it: each role's functions and methods, and
 * its users by `username` (lower-cased, as AuthCore does) or by `user` with a `pass`.
 */
export function readPolicyFile(json: unknown): { roles: Map<string, Set<string>>; users: PolicyUser[] } {
  const roles = new Map<string, Set<string>>();
  const users: PolicyUser[] = [];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const root = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (!Array.isArray(root['roles'])) throw new Error('an aai_policy.json has a "roles" array');
  for (const roleNode of list(root['roles'])) {
    const role = (roleNode ?? {}) as Record<string, unknown>;
    const name = text(role['name']);
    if (name === '') throw new Error('a role without a "name"');
    const allowed = roles.get(name) ?? new Set<string>();
    for (const fnNode of list(role['functions'])) {
      const fn = (fnNode ?? {}) as Record<string, unknown>;
      const fnName = text(fn['name']);
      const methods = list(fn['methods']).map((m) => text((m as Record<string, unknown> | null)?.['name']).toUpperCase()).filter((m) => m !== '');
      for (const m of methods.length > 0 ? methods : ALL_METHODS) allowed.add(`${m}:${fnName}`);
    }
    roles.set(name, allowed);
    for (const userNode of list(role['users'])) {
      const u = (userNode ?? {}) as Record<string, unknown>;
      const username = text(u['username']) || text(u['user']);
      if (username === '') continue;
      const pass = text(u['pass']);
      users.push({ name: username.toLowerCase(), role: name, ...(pass === '' ? {} : { password: pass.startsWith('OBF:') ? deobfuscate(pass) : pass }) });
    }
  }
  return { roles, users };
}

/** Jetty's Password.deobfuscate (A&AI's policy files keep `pass` values in this reversible form). */
export function deobfuscate(obf: string): string {
  const s = obf.startsWith('OBF:') ? obf.slice(4) : obf;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    if (s[i] === 'U') {
      i++;
      bytes.push((parseInt(s.slice(i, i + 4), 36) >> 8) & 0xff);
    } else {
      const i0 = parseInt(s.slice(i, i + 4), 36);
      bytes.push(((Math.floor(i0 / 256) + (i0 % 256) - 254) / 2) & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
