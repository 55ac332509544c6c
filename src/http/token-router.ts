/**
 * API tokens (admins only): POST /aai/util/tokens {"user","name","scope":"read"|"write","expires":"30d"}
 * → 201 with the token, shown this once; GET /aai/util/tokens lists them (never a secret or its
 * hash); DELETE /aai/util/tokens/{id} revokes one (204; 404 AAI_6114 when there is none).
 */
import ms from 'ms';
import { newToken, type Authenticator, type ApiToken, type TokenStorePort } from '../domain/auth/authenticator.js';
import { AaiError } from '../errors.js';
import { isObject } from '../json.js';
import { requestBody } from './body.js';
import type { AppContext } from './context.js';
import { unsupportedMethod, type Route } from './routes.js';
import { jsonContent, ref } from './api-schemas.js';

/** The longest a token may live. */
const MAX_TTL_MS = 366 * 86_400_000;

const view = (t: ApiToken) => ({ id: t.id, user: t.user, name: t.name, scope: t.scope, created: new Date(t.createdAt).toISOString(), expires: new Date(t.expiresAt).toISOString() });

function invalid(text: string): AaiError {
  return new AaiError('AAI_3000', text);
}

export function tokenRoutes(tokens: TokenStorePort, authenticator: Authenticator, maxJsonDepth: number): Route[] {
  const create = async (ctx: AppContext): Promise<void> => {
    const body = requestBody(ctx, maxJsonDepth);
    if (!isObject(body)) throw invalid('a token request is a JSON object {"user","name","scope","expires"}');
    const { user, name = '', scope = 'read', expires = '30d' } = body;
    if (typeof user !== 'string' || authenticator.userNamed(user) === undefined) throw invalid('"user" must name a configured user');
    if (typeof name !== 'string' || name.length > 200) throw invalid('"name" must be a string of at most 200 characters');
    if (scope !== 'read' && scope !== 'write') throw invalid('"scope" must be "read" or "write"');
    const ttl = typeof expires === 'string' ? ms(expires as ms.StringValue) : undefined;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_TTL_MS) throw invalid('"expires" must be a duration from 1s to 366d, e.g. "30d"');
    const { token, record } = newToken(user.toLowerCase(), name, scope, ttl, Date.now());
    await tokens.create(record);
    ctx.status = 201;
    ctx.body = { ...view(record), token };
  };
  const list = async (ctx: AppContext): Promise<void> => {
    ctx.body = { tokens: (await tokens.list()).map(view) };
  };
  const revoke = async (ctx: AppContext): Promise<void> => {
    const id = String(ctx.params['id'] ?? '');
    if (!(await tokens.revoke(id))) throw new AaiError('AAI_6114', `No API token found with id ${id}`);
    authenticator.forgetTokens();
    ctx.status = 204;
  };
  const base = '/aai/util/tokens';
  const admin = { access: 'write' as const, adminOnly: true };
  return [
    { name: 'tokens.create', method: 'POST', path: base, ...admin, summary: 'create an API token (shown once)', doc: { tags: ['tokens'], body: { required: true, content: jsonContent(ref('token-request'), { user: 'sdnc', name: 'sdnc sync', scope: 'write', expires: '30d' }) }, responses: { '201': { description: 'The token, with its secret (shown this once)', content: jsonContent(ref('token')) } } }, handle: create },
    { name: 'tokens.list', method: 'GET', path: base, ...admin, summary: 'list API tokens', doc: { tags: ['tokens'], responses: { '200': { description: 'Every token (never a secret)', content: jsonContent(ref('token-list')) } } }, handle: list },
    { name: 'tokens.other', method: '*', path: base, ...admin, summary: 'any other method: AAI_3012', handle: unsupportedMethod },
    { name: 'tokens.revoke', method: 'DELETE', path: `${base}/:id`, ...admin, summary: 'revoke an API token', doc: { tags: ['tokens'], responses: { '204': { description: 'revoked' } }, errors: [404] }, handle: revoke },
    { name: 'tokens.one.other', method: '*', path: `${base}/:id`, ...admin, summary: 'any other method: AAI_3012', handle: unsupportedMethod },
  ];
}
