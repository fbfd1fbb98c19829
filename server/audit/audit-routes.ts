/** Admin-only reading of the audit trail: GET /api/admin/audit?user=&event=&studyUID=&patientID=&from=&to=&limit=&before= */
import type { FastifyPluginAsync } from 'fastify';
import { requireAdmin } from '../auth/guards';
import type { AuditEventId, AuditQuery } from './audit-event';

const EVENTS: readonly AuditEventId[] = [
  'User Authentication',
  'DICOM Instances Accessed',
  'Query',
  'DICOM Instances Transferred',
  'Export',
  'Security Alert',
  'Application Activity',
];

type QueryString = Partial<Record<'user' | 'event' | 'studyUID' | 'patientID' | 'from' | 'to' | 'limit' | 'before', string>>;

export const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: QueryString }>('/api/admin/audit', async (request, reply) => {
    if (!requireAdmin(app, request, reply)) return reply;
    const q = request.query;
    if (q.event !== undefined && !EVENTS.includes(q.event as AuditEventId)) {
      return reply.code(400).send({ error: `event must be one of: ${EVENTS.join(', ')}` });
    }
    for (const key of ['from', 'to'] as const) {
      if (q[key] !== undefined && Number.isNaN(Date.parse(q[key]!))) return reply.code(400).send({ error: `${key} must be an ISO 8601 time` });
    }
    for (const key of ['limit', 'before'] as const) {
      if (q[key] !== undefined && !/^\d+$/.test(q[key]!)) return reply.code(400).send({ error: `${key} must be a whole number` });
    }
    const filter: AuditQuery = {
      user: q.user || undefined,
      event: (q.event as AuditEventId) || undefined,
      studyUID: q.studyUID || undefined,
      patientID: q.patientID || undefined,
      // Stored times are ISO UTC: normalise so that string comparison is time comparison.
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
      limit: q.limit ? Number(q.limit) : undefined,
      before: q.before ? Number(q.before) : undefined,
    };
    return { records: await app.audit.query(filter) };
  });
};
