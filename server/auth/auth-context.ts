/** What the auth hooks and routes share: one instance per server. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditAction, AuditOutcome } from '../audit/audit-event';
import type { ServerOrigins } from '../http/origins';
import type { LoginThrottle } from './login-throttle';
import type { PasswordVerifier } from './passwords';
import type { SessionCookie } from './session-cookie';
import type { Sessions } from './sessions';
import type { UsersStore } from './users';

export interface AuthContext {
  users: UsersStore;
  sessions: Sessions;
  throttle: LoginThrottle;
  verifyPassword: PasswordVerifier;
  cookie: SessionCookie;
  origins: ServerOrigins;
  idleMinutes: number;
}

/** A 'User Authentication' record (sign-in, sign-out, lock-out, password change). */
export function auditAuthentication(
  app: FastifyInstance,
  request: FastifyRequest,
  outcome: AuditOutcome,
  user: string | null,
  detail: string,
  action: AuditAction = 'E',
): void {
  app.audit.record({ event: 'User Authentication', action, outcome, user, role: request.principal?.role, address: request.ip, detail });
}
