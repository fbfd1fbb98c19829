/**
 * DNS-rebinding defence: a page on an attacker's name that resolves to this server would otherwise
 * be same-origin with it. Requests whose Host header is not one of the server's names get 421.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerOrigins } from './origins';

/** One audit record per refused Host value per minute: a rebinding page may retry in a loop. */
const ALERT_INTERVAL_MS = 60_000;

export function addHostCheck(app: FastifyInstance, origins: ServerOrigins, now: () => number): void {
  const lastAlert = new Map<string, number>();
  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host;
    if (origins.hostAllowed(host)) return;
    const key = String(host).slice(0, 200);
    const last = lastAlert.get(key);
    if (last === undefined || now() - last >= ALERT_INTERVAL_MS) {
      if (lastAlert.size > 1000) lastAlert.clear();
      lastAlert.set(key, now());
      app.audit.record({
        event: 'Security Alert',
        action: 'E',
        outcome: 8,
        user: null,
        address: request.ip,
        detail: `refused Host header ${JSON.stringify(key)}`,
      });
    }
    return reply.code(421).header('Cache-Control', 'no-store').send({ error: 'This server does not answer to that host name (see DOKUEI_ALLOWED_HOSTS).' });
  });
}
