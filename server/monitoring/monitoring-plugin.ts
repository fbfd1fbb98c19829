/**
 * Fastify plugin: the monitoring figures, computed in SQL.
 *   GET /api/monitoring?from=&to=&modelVersion=  → MonitoringReport (types.ts)      (signed in)
 *   GET /api/monitoring/shadow                   → ShadowReport: shadow versions beside the active ones (signed in)
 * from/to: ISO dates or instants bounding the AI results' computedAt (to exclusive); modelVersion: a
 * model as the report names it ("cxr-triage@1.0.0"). 400 on a malformed date.
 * request.principal is set by the auth plugin, registered before this one.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { requirePrincipal } from '../principal';
import { monitoringReport, parseMonitoringQuery } from './report';
import { shadowReport } from './shadow-report';

export interface MonitoringPluginOptions {
  db: pg.Pool;
}

export const monitoringPlugin: FastifyPluginAsync<MonitoringPluginOptions> = async (app: FastifyInstance, options) => {
  app.get('/api/monitoring', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    let query;
    try {
      query = parseMonitoringQuery(request.query as Record<string, unknown>);
    } catch (error) {
      return reply
        .code(400)
        .header('Cache-Control', 'no-store')
        .send({ error: (error as Error).message });
    }
    const report = await monitoringReport(options.db, query);
    return reply.header('Cache-Control', 'no-store').send(report);
  });

  app.get('/api/monitoring/shadow', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    return reply.header('Cache-Control', 'no-store').send(await shadowReport(options.db));
  });
};
