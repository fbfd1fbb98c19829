/**
 * An admin's decision on the model registry, answered and audited the same way by every route that
 * makes one (registry-routes.ts, server/validation): the admin role checked before the body is read,
 * each outcome in the trail (`Application Activity`), a RegistryError answered with its status and messages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditOutcome } from '../audit/audit-event';
import { requireAdmin } from '../auth/guards';
import { RegistryError } from './registry';

/** "cxr-triage 1.0.1", as audit details name a version. */
export const label = (v: { modelId: string; version: string }) => `${v.modelId} ${v.version}`;

export interface DecisionOutcome {
  body: unknown;
  /** The audit record's detail. */
  detail: string;
  status?: number;
}

export function adminDecisions(app: FastifyInstance) {
  const adminOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!requireAdmin(app, request, reply)) return reply;
  };

  const audit = (request: FastifyRequest, outcome: AuditOutcome, detail: string) =>
    app.audit.record({
      event: 'Application Activity',
      action: 'U',
      outcome,
      user: request.principal?.id ?? null,
      ...(request.principal ? { role: request.principal.role } : {}),
      address: request.ip,
      detail,
    });

  /** Runs an admin action; a refusal is audited and answered with its status and messages. */
  const decide = async (request: FastifyRequest, reply: FastifyReply, what: string, action: () => Promise<DecisionOutcome>) => {
    try {
      const { body, detail, status } = await action();
      audit(request, 0, detail);
      return reply
        .code(status ?? 200)
        .header('Cache-Control', 'no-store')
        .send(body);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      audit(request, 4, `model registry: ${what} refused: ${error.message}`.slice(0, 1000));
      return reply.code(error.status).header('Cache-Control', 'no-store').send({ error: error.message, issues: error.issues });
    }
  };

  /** A version or run number from the path; 400 otherwise. */
  const numberRef = (ref: string, what = 'version'): number => {
    if (!/^[1-9][0-9]{0,15}$/.test(ref)) throw new RegistryError(400, `"${ref}" is not a ${what} number`);
    return Number(ref);
  };

  return { adminOnly, decide, numberRef };
}
