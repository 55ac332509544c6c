/**
 * API tokens in Neo4j: (:AaiApiToken {id, user, name, scope, hash, createdAt, expiresAt}); the
 * secret itself is never stored, only its SHA-256. Expired tokens are removed as they are listed.
 */
import { int, type Driver } from 'neo4j-driver';
import type { ApiToken, TokenStorePort } from '../domain/auth/authenticator.js';
import { mapDriverError } from './errors.js';
import { TOKEN_LABEL } from './migrations.js';

function toToken(p: Record<string, unknown>): ApiToken {
  return {
    id: String(p['id']),
    user: String(p['user']),
    name: String(p['name'] ?? ''),
    scope: p['scope'] === 'read' ? 'read' : 'write',
    hash: String(p['hash']),
    createdAt: Number(p['createdAt']),
    expiresAt: Number(p['expiresAt']),
  };
}

export function createTokenStore(driver: Driver, database: string): TokenStorePort {
  const run = async (query: string, params: Record<string, unknown>, mode: 'READ' | 'WRITE') => {
    try {
      return await driver.executeQuery(query, params, { database, routing: mode });
    } catch (e) {
      throw mapDriverError(e);
    }
  };
  return {
    async create(t) {
      await run(`CREATE (k:${TOKEN_LABEL} $t)`, { t: { ...t, createdAt: int(t.createdAt), expiresAt: int(t.expiresAt) } }, 'WRITE');
    },
    async get(id) {
      const res = await run(`MATCH (k:${TOKEN_LABEL} {id: $id}) RETURN properties(k) AS k`, { id }, 'READ');
      const row = res.records[0];
      return row ? toToken(row.get('k') as Record<string, unknown>) : undefined;
    },
    async list() {
      await run(`MATCH (k:${TOKEN_LABEL}) WHERE k.expiresAt <= timestamp() DELETE k`, {}, 'WRITE');
      const res = await run(`MATCH (k:${TOKEN_LABEL}) RETURN properties(k) AS k ORDER BY k.createdAt`, {}, 'READ');
      return res.records.map((r) => toToken(r.get('k') as Record<string, unknown>));
    },
    async revoke(id) {
      const res = await run(`MATCH (k:${TOKEN_LABEL} {id: $id}) DELETE k RETURN count(*) AS n`, { id }, 'WRITE');
      return Number(res.records[0]?.get('n') ?? 0) > 0;
    },
  };
}
