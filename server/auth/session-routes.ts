/**
 * /api/session/*: who is signed in (with the CSRF token), sign-in, sign-out, password change; and
 * /api/me, the older "who am I" the client still reads.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../principal';
import { auditAuthentication, type AuthContext } from './auth-context';
import { checkCredentials } from './credentials';
import { hashPasswordAsync } from './passwords';
import { LOGIN_ROUTE } from './resolve-principal';

const LOGIN_BODY_LIMIT = 16 * 1024;
const MIN_PASSWORD = 10;
/** scrypt cost grows with the input: an upper bound keeps one request from being expensive. */
const MAX_PASSWORD = 1024;
const MAX_NAME = 128;

interface LoginBody {
  username?: unknown;
  password?: unknown;
}
interface PasswordBody {
  current?: unknown;
  next?: unknown;
}

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

export function sessionRoutes(auth: AuthContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/session', async (request, reply) => {
      const principal = requirePrincipal(request, reply);
      if (!principal) return reply;
      return {
        user: { id: principal.id, displayName: principal.displayName, dicomName: principal.dicomName, role: principal.role },
        csrfToken: request.sessionRecord?.csrfToken ?? null,
        idleMinutes: auth.idleMinutes,
      };
    });

    app.get('/api/me', async (request, reply) => {
      const principal = requirePrincipal(request, reply);
      if (!principal) return reply;
      return { name: principal.displayName, id: principal.id, role: principal.role };
    });

    app.post<{ Body: LoginBody }>(LOGIN_ROUTE, { bodyLimit: LOGIN_BODY_LIMIT }, async (request, reply) => {
      const { username, password } = request.body ?? {};
      if (!isText(username, MAX_NAME) || !isText(password, MAX_PASSWORD)) {
        return reply.code(400).send({ error: 'send JSON {"username": "...", "password": "..."}' });
      }
      if (throttled(auth, request, reply, username)) return reply;

      const check = await checkCredentials(auth.users, username, password, auth.verifyPassword);
      if (!check.ok) {
        const locked = auth.throttle.recordFailure(username, request.ip, check.user?.unlockedAt ?? null);
        auditAuthentication(app, request, 4, check.user?.name ?? null, `sign-in refused for ${JSON.stringify(username)}: ${check.reason}`);
        if (locked) auditAuthentication(app, request, 8, check.user?.name ?? null, `sign-in locked for ${JSON.stringify(username)} from ${request.ip}`);
        return reply.code(401).send({ error: 'wrong user name or password' });
      }

      auth.throttle.recordSuccess(username, request.ip);
      // A fresh id at every sign-in: a session id planted before it is worth nothing.
      if (request.sessionRecord) await auth.sessions.end(request.sessionRecord.idHash);
      const { id, record } = await auth.sessions.start(check.user.name, request.ip);
      reply.setCookie(auth.cookie.name, id, auth.cookie.options);
      auditAuthentication(app, request, 0, check.user.name, 'signed in');
      const user = check.user;
      return {
        user: { id: user.name, displayName: user.displayName, dicomName: user.dicomName, role: user.role },
        csrfToken: record.csrfToken,
        idleMinutes: auth.idleMinutes,
      };
    });

    app.post('/api/session/logout', async (request, reply) => {
      reply.clearCookie(auth.cookie.name, auth.cookie.options);
      const session = request.sessionRecord;
      if (!session) return reply.code(200).send({ signedOut: false });
      await auth.sessions.end(session.idHash);
      auditAuthentication(app, request, 0, request.principal?.id ?? session.userId, 'signed out');
      return { signedOut: true };
    });

    app.post<{ Body: PasswordBody }>('/api/session/password', { bodyLimit: LOGIN_BODY_LIMIT }, async (request, reply) => {
      const principal = requirePrincipal(request, reply);
      if (!principal) return reply;
      const session = request.sessionRecord;
      if (!session) return reply.code(403).send({ error: 'passwords are changed from a signed-in browser session' });
      const { current, next } = request.body ?? {};
      if (!isText(current, MAX_PASSWORD) || typeof next !== 'string') return reply.code(400).send({ error: 'send JSON {"current": "...", "next": "..."}' });
      if (next.length < MIN_PASSWORD || next.length > MAX_PASSWORD) {
        return reply.code(400).send({ error: `the new password needs ${MIN_PASSWORD} to ${MAX_PASSWORD} characters` });
      }
      if (next === current) return reply.code(400).send({ error: 'the new password must differ from the current one' });
      // A stolen session must not become a way to guess the password: same throttle as sign-in.
      if (throttled(auth, request, reply, principal.id)) return reply;
      const check = await checkCredentials(auth.users, principal.id, current, auth.verifyPassword);
      if (!check.ok) {
        auth.throttle.recordFailure(principal.id, request.ip, check.user?.unlockedAt ?? null);
        auditAuthentication(app, request, 4, principal.id, 'password change refused: wrong current password', 'U');
        return reply.code(403).send({ error: 'the current password is wrong' });
      }
      const passwordHash = await hashPasswordAsync(next);
      auth.users.update((file) => {
        const stored = file.users.find((user) => user.name === principal.id);
        if (stored) stored.passwordHash = passwordHash;
      });
      // Other browsers signed in with the old password are signed out.
      await auth.sessions.endOthers(principal.id, session.idHash);
      auditAuthentication(app, request, 0, principal.id, 'password changed', 'U');
      return { changed: true };
    });
  };
}

/** Sends 429 with Retry-After while the account or the address is backed off. */
function throttled(auth: AuthContext, request: FastifyRequest, reply: FastifyReply, username: string): boolean {
  const waitMs = auth.throttle.retryAfterMs(username, request.ip, auth.users.find(username)?.unlockedAt ?? null);
  if (waitMs <= 0) return false;
  const seconds = Math.ceil(waitMs / 1000);
  // Not audited one by one (the lock itself is): a guessing loop would otherwise flood the trail.
  void reply
    .code(429)
    .header('Retry-After', String(seconds))
    .send({ error: `Too many failed sign-ins: try again in ${formatWait(seconds)}.` });
  return true;
}

const formatWait = (seconds: number) => (seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);
