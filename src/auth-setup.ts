/**
 * Builds who may call what from the configuration (README "Security"): users from AUTH_USERS,
 * AUTH_USERS_FILE and the users of an AUTH_POLICY_FILE (an A&AI aai_policy.json, loaded unchanged),
 * the policy's roles, and whether the service is open (no users, or AUTH=off). The secure default
 * — open only on loopback — is decided by server.ts with `openBindRefusal`.
 */
import { readFileSync } from 'node:fs';
import type { AuthConfig } from './config.js';
import { Authenticator, type TokenStorePort } from './domain/auth/authenticator.js';
import { buildUsers, parseUsersEnv, parseUsersFile, type UserEntry } from './domain/auth/credentials.js';
import { Policy, readPolicyFile } from './domain/auth/policy.js';
import type { AuthSetup } from './http/auth.js';

export class AuthSetupError extends Error {
  override name = 'AuthSetupError';
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AuthSetupError(`${what} ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new AuthSetupError(`${what} ${path} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The configured users and the policy's roles, read and checked (no hashing yet): at start-up, before anything else. */
export interface AuthSources {
  entries: UserEntry[];
  policy: Policy;
}

export function readAuthSources(config: AuthConfig): AuthSources {
  const entries: UserEntry[] = [];
  let policy = new Policy();
  try {
    if (config.users !== undefined) entries.push(...parseUsersEnv(config.users));
    if (config.usersFile !== undefined) entries.push(...parseUsersFile(readJson(config.usersFile, 'AUTH_USERS_FILE')));
    if (config.policyFile !== undefined) {
      const file = readPolicyFile(readJson(config.policyFile, 'AUTH_POLICY_FILE'));
      policy = new Policy(file.roles);
      entries.push(...file.users);
    }
  } catch (e) {
    if (e instanceof AuthSetupError) throw e;
    throw new AuthSetupError(e instanceof Error ? e.message : String(e));
  }
  const unknown = [...new Set(entries.map((e) => e.role).filter((r) => !policy.knows(r)))];
  if (unknown.length > 0) throw new AuthSetupError(`unknown role(s) ${unknown.join(', ')}: use read, write, admin or a role of AUTH_POLICY_FILE`);
  return { entries, policy };
}

/** Whether the service is open: no users, or AUTH=off. */
export function isOpen(config: AuthConfig, sources: AuthSources): boolean {
  return config.mode === 'off' || sources.entries.length === 0;
}

export async function buildAuth(config: AuthConfig, sources: AuthSources, tokens: TokenStorePort): Promise<AuthSetup> {
  const users = await buildUsers(sources.entries);
  return {
    authenticator: new Authenticator(users, tokens, config.cacheMs),
    policy: sources.policy,
    open: isOpen(config, sources),
    config: { appId: config.appId, bypassResourceVersion: config.bypassResourceVersion },
  };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Why the service must not start open on `host` (no users and not loopback, without AUTH=off), or undefined. */
export function openBindRefusal(config: AuthConfig, sources: AuthSources, host: string): string | undefined {
  if (!isOpen(config, sources) || config.mode === 'off' || LOOPBACK.test(host)) return undefined;
  return `Refusing to listen on ${host} with no users: anyone who can reach it could read and change the whole inventory. Configure users (AUTH_USERS, AUTH_USERS_FILE or AUTH_POLICY_FILE), listen on 127.0.0.1, or set AUTH=off for a lab.`;
}
