/**
 * Who is calling the server. Set once per request by the auth plugin (cookie session or a service
 * account's bearer token); every route that touches patient data asks for it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export type Role = 'reader' | 'admin' | 'service';

export interface Principal {
  /** Stable account id (the user name in the users file). */
  id: string;
  /** DICOM person name written into SRs, "Family^Given" (falls back to the id). */
  dicomName: string;
  /** Human-readable name for the UI. */
  displayName: string;
  role: Role;
  /** How the caller proved who it is: a browser session cookie, or a service bearer token. */
  via: 'session' | 'token';
  /** Session id (audit correlation); absent for tokens. */
  sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Sends 401 and returns null when nobody is signed in. */
export function requirePrincipal(request: FastifyRequest, reply: FastifyReply): Principal | null {
  if (request.principal) return request.principal;
  void reply.code(401).header('Cache-Control', 'no-store').send({ error: 'sign in' });
  return null;
}

/** Sends 401/403 and returns null unless the caller has one of `roles`. */
export function requireRole(request: FastifyRequest, reply: FastifyReply, ...roles: Role[]): Principal | null {
  const principal = requirePrincipal(request, reply);
  if (!principal) return null;
  if (roles.includes(principal.role)) return principal;
  void reply
    .code(403)
    .header('Cache-Control', 'no-store')
    .send({ error: `needs the ${roles.join(' or ')} role` });
  return null;
}
