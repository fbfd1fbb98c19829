/**
 * Decorates the server with `app.audit` before any other plugin is registered, so the Host check,
 * the auth hooks and the gateway can all record. The trail is closed with the server.
 */
import type { FastifyInstance } from 'fastify';
import type { AuditTrail } from './audit-event';

export function decorateAudit(app: FastifyInstance, trail: AuditTrail): void {
  app.decorate('audit', trail);
  app.addHook('onClose', async () => trail.close());
}
