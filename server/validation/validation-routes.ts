/**
 * Fastify plugin: local validation of a candidate model version (server/validation/README.md). Admin only.
 *   POST /api/admin/models/:ref/validations  {confirmedCases, folder?} → 202 run (queued for a worker)
 *   GET  /api/admin/models/:ref/validations  → {validations} (newest first: the history)
 *   GET  /api/admin/validations/:id          → run (progress while it runs, then the report)
 *   POST /api/admin/validations/:id/promote  → the candidate becomes active; decision recorded on the run
 *   POST /api/admin/validations/:id/reject   {reason} → the candidate is retired; decision and reason recorded
 * Decisions are audited with the report id.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ValidationRun, ValidationSources } from '../../src/domain/ai/validation';
import { adminDecisions, label } from '../models/admin-decisions';
import { type ModelRegistry, RegistryError } from '../models/registry';
import { checkValidationFolder, FolderRefused } from './validation-folder';
import type { ValidationQueue } from './validation-queue';
import type { ValidationStore } from './validation-store';

export interface ValidationRoutesOptions {
  registry: ModelRegistry;
  store: ValidationStore;
  queue: ValidationQueue;
  /** DOKUEI_VALIDATION_ROOT: labelled folders must lie under it (null: confirmed cases only). */
  validationRoot: string | null;
}

const BODY_LIMIT = 4096;
const MAX_REASON = 500;

function sourcesOf(body: unknown, root: string | null): ValidationSources {
  const { confirmedCases, folder } = (body ?? {}) as { confirmedCases?: unknown; folder?: unknown };
  const wanted = typeof folder === 'string' && folder.trim() !== '' ? folder.trim() : null;
  if (confirmedCases !== true && !wanted) throw new RegistryError(400, 'choose the confirmed cases, a labelled folder, or both');
  if (wanted) {
    try {
      checkValidationFolder(root, wanted);
    } catch (error) {
      if (error instanceof FolderRefused) throw new RegistryError(422, error.message);
      throw error;
    }
  }
  return { confirmedCases: confirmedCases === true, folder: wanted };
}

export const validationRoutes: FastifyPluginAsync<ValidationRoutesOptions> = async (app, { registry, store, queue, validationRoot }) => {
  const { adminOnly, decide, numberRef } = adminDecisions(app);

  const finishedRun = async (ref: string): Promise<ValidationRun> => {
    const run = await store.get(numberRef(ref, 'validation'));
    if (!run) throw new RegistryError(404, `no validation ${ref}`);
    if (run.state !== 'done') throw new RegistryError(409, `validation ${run.id} is ${run.state}: decide on a finished report`);
    if (run.decision) throw new RegistryError(409, `validation ${run.id} was already decided on (${run.decision.kind} by ${run.decision.by})`);
    return run;
  };

  app.post<{ Params: { ref: string } }>('/api/admin/models/:ref/validations', { onRequest: adminOnly, bodyLimit: BODY_LIMIT }, (request, reply) =>
    decide(request, reply, 'validation', async () => {
      const version = await registry.find(numberRef(request.params.ref));
      if (version.state !== 'shadow')
        throw new RegistryError(409, `only a validated (shadow) version can be validated locally; version ${version.id} is ${version.state}`);
      const sources = sourcesOf(request.body, validationRoot);
      const active = (await registry.active()).find((v) => v.modelId === version.modelId) ?? null;
      const run = await store.create(version.id, active?.id ?? null, sources, request.principal!.id);
      await queue.enqueue({ validationId: run.id });
      const on = [sources.confirmedCases ? 'the confirmed cases' : '', sources.folder ? `folder ${sources.folder}` : ''].filter(Boolean).join(' and ');
      return {
        status: 202,
        body: run,
        detail: `model registry: validation ${run.id} of ${label(version)} against ${active ? active.version : 'no active version'} on ${on} started`,
      };
    }),
  );

  app.get<{ Params: { ref: string } }>('/api/admin/models/:ref/validations', { onRequest: adminOnly }, async (request, reply) => {
    if (!/^[1-9][0-9]{0,15}$/.test(request.params.ref)) return reply.code(400).send({ error: 'not a version number' });
    return reply.header('Cache-Control', 'no-store').send({ validations: await store.ofVersion(Number(request.params.ref)) });
  });

  app.get<{ Params: { id: string } }>('/api/admin/validations/:id', { onRequest: adminOnly }, async (request, reply) => {
    const run = /^[1-9][0-9]{0,15}$/.test(request.params.id) ? await store.get(Number(request.params.id)) : null;
    if (!run) return reply.code(404).send({ error: 'no such validation' });
    return reply.header('Cache-Control', 'no-store').send(run);
  });

  app.post<{ Params: { id: string } }>('/api/admin/validations/:id/promote', { onRequest: adminOnly, bodyLimit: BODY_LIMIT }, (request, reply) =>
    decide(request, reply, 'promotion', async () => {
      const run = await finishedRun(request.params.id);
      const { promoted, retired } = await registry.promote(run.versionId);
      await store.decide(run.id, run.versionId, { kind: 'promoted', by: request.principal!.id, reason: null });
      return {
        body: { promoted, retired, validation: await store.get(run.id) },
        detail: `model registry: ${label(promoted)} promoted to active after validation report ${run.id}${retired ? `, ${retired.version} retired` : ''}`,
      };
    }),
  );

  app.post<{ Params: { id: string } }>('/api/admin/validations/:id/reject', { onRequest: adminOnly, bodyLimit: BODY_LIMIT }, (request, reply) =>
    decide(request, reply, 'rejection', async () => {
      const reason = String((request.body as { reason?: unknown } | null)?.reason ?? '').trim();
      if (!reason) throw new RegistryError(400, 'give a reason for the rejection');
      if (reason.length > MAX_REASON) throw new RegistryError(400, `the reason is longer than ${MAX_REASON} characters`);
      const run = await finishedRun(request.params.id);
      const retired = await registry.retire(run.versionId);
      await store.decide(run.id, run.versionId, { kind: 'rejected', by: request.principal!.id, reason });
      return {
        body: { retired, validation: await store.get(run.id) },
        detail: `model registry: ${label(retired)} rejected after validation report ${run.id} and retired: ${reason}`,
      };
    }),
  );
};
