/** Role checks for routes that also leave a 'Security Alert' in the audit trail when they refuse. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal, type Principal, type Role } from '../principal';

export function requireRoleOrAlert(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, ...roles: Role[]): Principal | null {
  const principal = requirePrincipal(request, reply);
  if (!principal) return null;
  if (roles.includes(principal.role)) return principal;
  app.audit.record({
    event: 'Security Alert',
    action: 'E',
    outcome: 4,
    user: principal.id,
    role: principal.role,
    address: request.ip,
    detail: `${request.method} ${request.url.split('?')[0]} refused: needs the ${roles.join(' or ')} role`,
  });
  void reply
    .code(403)
    .header('Cache-Control', 'no-store')
    .send({ error: `needs the ${roles.join(' or ')} role` });
  return null;
}

export const requireAdmin = (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => requireRoleOrAlert(app, request, reply, 'admin');
