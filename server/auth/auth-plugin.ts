/**
 * Sessions, service tokens, CSRF and the sign-in routes. Global (not encapsulated): its onRequest
 * hook sets request.principal for every route registered after it, the gateway's included.
 */
import cookie from '@fastify/cookie';
import { globalPlugin } from '../http/global-plugin';
import type { AuthContext } from './auth-context';
import { adminUsersRoutes } from './admin-users-routes';
import { addPrincipalResolution } from './resolve-principal';
import { sessionRoutes } from './session-routes';

export interface AuthOptions extends Record<string, unknown> {
  auth: AuthContext;
}

export const authPlugin = globalPlugin<AuthOptions>('dokuei-auth', async (app, { auth }) => {
  await app.register(cookie);
  addPrincipalResolution(app, auth);
  await app.register(sessionRoutes(auth));
  await app.register(adminUsersRoutes(auth));
});
