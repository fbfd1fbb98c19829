/**
 * onRequest: who is calling (session cookie, or a service account's bearer token), then the CSRF
 * check. Users are looked up on every request, so disabling an account or changing its role takes
 * effect at once, sessions included.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../principal';
import type { AuthContext } from './auth-context';
import { csrfRefusal } from './csrf';
import type { SessionRecord } from './session-store';
import { sha256 } from './tokens';
import type { User } from './users';

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser session behind request.principal (null for tokens and anonymous calls). */
    sessionRecord: SessionRecord | null;
  }
}

/** Sign-in answers to an Origin check only: the caller has no session token yet. */
export const LOGIN_ROUTE = '/api/session/login';
/** Background polls send this header so that they do not count as the reader being active. */
export const ACTIVITY_HEADER = 'x-dokuei-activity';

const toPrincipal = (user: User, via: Principal['via'], session?: SessionRecord): Principal => ({
  id: user.name,
  dicomName: user.dicomName,
  displayName: user.displayName,
  role: user.role,
  via,
  // A prefix of the stored digest: enough to correlate audit records, useless as a cookie.
  ...(session ? { sessionId: session.idHash.slice(0, 16) } : {}),
});

export function addPrincipalResolution(app: FastifyInstance, auth: AuthContext): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionRecord', null);

  app.addHook('onRequest', async (request, reply) => {
    const authorization = request.headers.authorization;
    if (authorization && /^bearer\s/i.test(authorization)) {
      if (!fromToken(request, authorization.slice(7).trim())) return refuse(request, reply, 401, 'invalid or revoked token');
    } else {
      await fromCookie(request);
    }
    const refusal = csrfRefusal(request, auth.origins, request.sessionRecord, request.routeOptions.url !== LOGIN_ROUTE);
    if (refusal) return refuse(request, reply, 403, `cross-site request refused: ${refusal}`);
  });

  function fromToken(request: FastifyRequest, token: string): boolean {
    const user = token ? auth.users.findByTokenHash(sha256(token)) : null;
    if (!user || user.disabled || user.role !== 'service') return false;
    request.principal = toPrincipal(user, 'token');
    return true;
  }

  async function fromCookie(request: FastifyRequest): Promise<void> {
    const id = request.cookies[auth.cookie.name];
    if (!id) return;
    const session = await auth.sessions.resume(id, request.headers[ACTIVITY_HEADER] !== 'background');
    if (!session) return;
    const user = auth.users.find(session.userId);
    if (!user || user.disabled || user.role === 'service') {
      await auth.sessions.end(session.idHash);
      return;
    }
    request.sessionRecord = session;
    request.principal = toPrincipal(user, 'session', session);
  }

  function refuse(request: FastifyRequest, reply: FastifyReply, status: 401 | 403, message: string) {
    app.audit.record({
      event: 'Security Alert',
      action: 'E',
      outcome: 4,
      user: request.principal?.id ?? null,
      role: request.principal?.role,
      address: request.ip,
      detail: `${request.method} ${request.url.split('?')[0]}: ${message}`,
    });
    return reply.code(status).header('Cache-Control', 'no-store').send({ error: message });
  }
}
