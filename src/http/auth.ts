/**
 * Authentication and authorisation at the HTTP edge (README "Security"). Every request but the
 * liveness probe authenticates first — HTTP basic, a bearer API token, or a verified client
 * certificate — and is answered 401 (A&AI's AAI_3302 body, `WWW-Authenticate`) without one; a
 * failed attempt is logged with the user name and address, never the secret. The matched route is
 * then authorised from the route table (its access, and A&AI's function: the first path segment)
 * and answered 403 AAI_3300 when the principal's roles do not allow it. With no users configured
 * the service is open (server.ts allows that on loopback only, or with an explicit AUTH=off).
 */
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { AuthConfig } from '../config.js';
import type { Authenticator } from '../domain/auth/authenticator.js';
import type { Permission, Policy, Principal } from '../domain/auth/policy.js';
import { AaiError } from '../errors.js';
import type { AppContext } from './context.js';
import { isPublicPath } from './open-paths.js';

export interface AuthSetup {
  authenticator: Authenticator;
  policy: Policy;
  /** No credentials needed: every request acts as the open principal (an admin). */
  open: boolean;
  config: Pick<AuthConfig, 'appId' | 'bypassResourceVersion'>;
}


const OPEN: Principal = { name: 'anonymous', roles: ['admin'], via: 'open' };

function unauthenticated(ctx: AppContext, detail: string): AaiError {
  ctx.set('WWW-Authenticate', 'Basic realm="aai", charset="UTF-8", Bearer realm="aai"');
  return new AaiError('AAI_3302', detail, { vars: [] });
}

/** The verified client certificate's subject, when the connection is TLS and the certificate chains to TLS_CA. */
function certificateSubject(ctx: AppContext): { cn: string | undefined; dn: string } | undefined {
  const socket = ctx.req.socket as Partial<TLSSocket>;
  if (socket.authorized !== true || typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert?.subject) return undefined;
  const subject = cert.subject as unknown as Record<string, string | string[] | undefined>;
  const cn = Array.isArray(subject['CN']) ? subject['CN'][0] : subject['CN'];
  const dn = Object.entries(subject).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ');
  return { cn, dn };
}

/** Middleware: set ctx.state.principal, or answer 401. */
export function authenticate(auth: AuthSetup, logger: Logger) {
  return async (ctx: AppContext, next: () => Promise<void>): Promise<void> => {
    // The health checks (A&AI's AuthInterceptor skips /util/echo), the API description and its docs (open-paths.ts).
    if (isPublicPath(ctx.method, ctx.path)) return next();
    const header = ctx.get('Authorization');
    const [scheme = '', value = ''] = header.split(/\s+(.*)/s);
    let principal: Principal | undefined;
    let claimed = '';
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      claimed = colon < 0 ? decoded : decoded.slice(0, colon);
      principal = colon < 0 ? undefined : await auth.authenticator.password(claimed, decoded.slice(colon + 1));
    } else if (/^bearer$/i.test(scheme)) {
      claimed = value.slice(0, 16);
      principal = await auth.authenticator.token(value.trim());
    } else if (header === '') {
      const cert = certificateSubject(ctx);
      if (cert) {
        claimed = cert.dn;
        principal = auth.authenticator.certificate(cert.cn, cert.dn);
      } else if (auth.open) {
        principal = OPEN;
      }
    }
    if (principal === undefined) {
      if (header !== '' || claimed !== '') logger.warn({ user: claimed, scheme: scheme || 'certificate', ip: ctx.ip, path: ctx.path }, 'authentication failed');
      throw unauthenticated(ctx, header === '' && claimed === '' ? 'credentials are required' : 'the credentials were not accepted');
    }
    ctx.state.principal = principal;
    return next();
  };
}

/** The A&AI function of a request: the first path segment after /aai/{version} (or after /aai for /aai/util/…). */
export function functionOf(path: string): string {
  const m = /^\/aai\/(?:(util)(?:\/|$)|[^/]+\/([^/?]+))/.exec(path);
  return m?.[1] ?? m?.[2] ?? '';
}

/**
 * The route's check (run by mountRoutes before the handler): 403 AAI_3300 unless the principal's
 * roles allow the route; then X-FromAppId bound to the principal as AUTH_APP_ID says.
 */
export function authorizer(auth: AuthSetup) {
  return (ctx: AppContext, route: { access: 'read' | 'write'; adminOnly?: boolean }, method: string): void => {
    const principal = ctx.state.principal;
    if (principal === undefined) {
      if (isPublicPath(ctx.method, ctx.path)) return;
      throw new Error('authorize before authenticate');
    }
    const facts = { access: route.access, method, fn: functionOf(ctx.path), adminOnly: route.adminOnly === true };
    if (!auth.policy.allows(principal, facts)) {
      throw new AaiError('AAI_3300', `${principal.name} may not ${method} ${facts.fn}`, { vars: [] });
    }
    if (principal.via === 'open' || auth.config.appId === 'trust') return;
    if (ctx.state.fromAppId.toLowerCase() === principal.name) return;
    if (auth.config.appId === 'overwrite') ctx.state.fromAppId = principal.name;
    else throw new AaiError('AAI_3300', `X-FromAppId ${ctx.state.fromAppId} is not the authenticated ${principal.name}`, { vars: [] });
  };
}

/** Whether the request's principal holds a permission (admins: the bypass resource-version, the limit override, every job). */
export function permitted(ctx: AppContext, auth: AuthSetup, permission: Permission): boolean {
  const principal = ctx.state.principal;
  if (principal === undefined) return false;
  if (permission === 'bypass-resource-version' && !auth.config.bypassResourceVersion) return false;
  return auth.policy.may(principal, permission);
}
