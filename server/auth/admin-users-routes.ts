/** Admin-only: the accounts with their lock-out state (never a hash), and unlocking one. */
import type { FastifyPluginAsync } from 'fastify';
import type { AuthContext } from './auth-context';
import { requireAdmin } from './guards';

export function adminUsersRoutes(auth: AuthContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/admin/users', async (request, reply) => {
      if (!requireAdmin(app, request, reply)) return reply;
      const users = auth.users.all().sort((a, b) => a.name.localeCompare(b.name));
      return {
        users: users.map((user) => {
          const lock = auth.throttle.accountState(user.name, user.unlockedAt);
          return {
            name: user.name,
            displayName: user.displayName,
            dicomName: user.dicomName,
            role: user.role,
            disabled: user.disabled,
            failures: lock.failures,
            lockedUntil: lock.lockedUntil === null ? null : new Date(lock.lockedUntil).toISOString(),
          };
        }),
      };
    });

    app.post<{ Params: { name: string } }>('/api/admin/users/:name/unlock', async (request, reply) => {
      const admin = requireAdmin(app, request, reply);
      if (!admin) return reply;
      const user = auth.users.find(request.params.name);
      if (!user) return reply.code(404).send({ error: `no user ${JSON.stringify(request.params.name)}` });
      auth.throttle.unlock(user.name);
      app.audit.record({
        event: 'User Authentication',
        action: 'U',
        outcome: 0,
        user: admin.id,
        role: admin.role,
        address: request.ip,
        detail: `unlocked ${user.name}`,
      });
      return { unlocked: user.name };
    });
  };
}
