/**
 * Fastify plugin: the model registry (server/models/README.md).
 *   GET  /api/models/active                      → {key, models: [{id, version, sha256, manifestUrl, modelUrl}]}  (signed in)
 *   GET  /api/models/manifests/<id>@<version>.json → the manifest of a validated version                          (signed in)
 *   GET  /api/models/files/<sha256>.onnx         → the ONNX file (immutable: named by its digest)                   (signed in)
 *   GET  /api/admin/models                       → {versions}                                                       (admin)
 *   POST /api/admin/models                       JSON manifest → 201 version; 422 {error, issues}                   (admin)
 *   PUT  /api/admin/models/:ref/file             application/octet-stream → version; 422 {error, issues}            (admin)
 *   POST /api/admin/models/:ref/promote|retire   :ref = version number                                              (admin)
 *   POST /api/admin/models/:ref/rollback         :ref = model id                                                    (admin)
 * Admin routes check the role before the body is read, so an upload from anyone else is refused unread.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { algorithmsOf, modelKey } from '../../src/domain/ai/result/model-key';
import { requirePrincipal } from '../principal';
import { adminDecisions, label } from './admin-decisions';
import { type ModelRegistry, RegistryError } from './registry';

export interface RegistryRoutesOptions {
  registry: ModelRegistry;
  /** Largest ONNX upload accepted (413 above). */
  maxModelBytes: number;
}

const MANIFEST_BODY_LIMIT = 256 * 1024;
/** QA first: it gates the chest models (the order the app has always loaded them in). */
const TASK_ORDER: Record<string, number> = { qa: 0, classification: 1, segmentation: 2 };

export const registryRoutes: FastifyPluginAsync<RegistryRoutesOptions> = async (app: FastifyInstance, { registry, maxModelBytes }) => {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: maxModelBytes }, (_request, body, done) => done(null, body));

  const { adminOnly, decide, numberRef: versionRef } = adminDecisions(app);

  app.get('/api/models/active', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    const active = (await registry.active()).sort((a, b) => (TASK_ORDER[a.manifest.task] ?? 9) - (TASK_ORDER[b.manifest.task] ?? 9));
    return reply.header('Cache-Control', 'no-store').send({
      key: modelKey(algorithmsOf(active.map((v) => v.manifest))),
      models: active.map((v) => ({
        id: v.modelId,
        version: v.version,
        sha256: v.sha256,
        manifestUrl: `/api/models/manifests/${encodeURIComponent(`${v.modelId}@${v.version}`)}.json`,
        modelUrl: `/api/models/files/${v.sha256}.onnx`,
      })),
    });
  });

  app.get<{ Params: { name: string } }>('/api/models/manifests/:name', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    const match = /^(.+)@(.+)\.json$/.exec(request.params.name);
    const version = match && (await registry.findValidated(match[1], match[2]));
    if (!version) return reply.code(404).send({ error: 'no such validated model version' });
    return reply.header('Cache-Control', 'no-store').send(version.manifest);
  });

  app.get<{ Params: { file: string } }>('/api/models/files/:file', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    const match = /^([0-9a-f]{64})\.onnx$/.exec(request.params.file);
    if (!match || !(await registry.isValidatedFile(match[1])) || !registry.files.has(match[1])) return reply.code(404).send({ error: 'no such model file' });
    return reply
      .type('application/octet-stream')
      .header('Cache-Control', 'private, max-age=31536000, immutable')
      .send(Buffer.from(registry.files.read(match[1])));
  });

  app.get('/api/admin/models', { onRequest: adminOnly }, async (_request, reply) =>
    reply.header('Cache-Control', 'no-store').send({ versions: await registry.list() }),
  );

  app.post('/api/admin/models', { onRequest: adminOnly, bodyLimit: MANIFEST_BODY_LIMIT }, (request, reply) =>
    decide(request, reply, 'manifest upload', async () => {
      const version = await registry.addManifest(request.body, request.principal!.id);
      return { status: 201, body: version, detail: `model registry: manifest of ${label(version)} uploaded (version ${version.id})` };
    }),
  );

  app.put<{ Params: { ref: string } }>('/api/admin/models/:ref/file', { onRequest: adminOnly, bodyLimit: maxModelBytes }, (request, reply) =>
    decide(request, reply, 'file upload', async () => {
      if (!Buffer.isBuffer(request.body)) throw new RegistryError(415, 'send the ONNX file as application/octet-stream');
      const version = await registry.addFile(versionRef(request.params.ref), new Uint8Array(request.body));
      return { body: version, detail: `model registry: file of ${label(version)} validated (sha256 ${version.sha256}), now ${version.state}` };
    }),
  );

  app.post<{ Params: { ref: string } }>('/api/admin/models/:ref/promote', { onRequest: adminOnly }, (request, reply) =>
    decide(request, reply, 'promotion', async () => {
      const { promoted, retired } = await registry.promote(versionRef(request.params.ref));
      return { body: { promoted, retired }, detail: `model registry: ${label(promoted)} promoted to active${retired ? `, ${retired.version} retired` : ''}` };
    }),
  );

  app.post<{ Params: { ref: string; action: string } }>('/api/admin/models/:ref/shadow/:action', { onRequest: adminOnly }, (request, reply) =>
    decide(request, reply, 'shadow run', async () => {
      const { action } = request.params;
      if (action !== 'start' && action !== 'stop') throw new RegistryError(404, `no shadow action "${action}" (start or stop)`);
      const version = await registry.setShadowRun(versionRef(request.params.ref), action === 'start');
      return { body: version, detail: `model registry: ${label(version)} ${action === 'start' ? 'runs' : 'no longer runs'} in shadow on arrivals` };
    }),
  );

  app.post<{ Params: { ref: string } }>('/api/admin/models/:ref/retire', { onRequest: adminOnly }, (request, reply) =>
    decide(request, reply, 'retirement', async () => {
      const retired = await registry.retire(versionRef(request.params.ref));
      return { body: retired, detail: `model registry: ${label(retired)} retired` };
    }),
  );

  app.post<{ Params: { ref: string } }>('/api/admin/models/:ref/rollback', { onRequest: adminOnly }, (request, reply) =>
    decide(request, reply, 'rollback', async () => {
      const { restored, retired } = await registry.rollback(request.params.ref);
      return { body: { restored, retired }, detail: `model registry: ${restored.modelId} rolled back from ${retired.version} to ${restored.version}` };
    }),
  );
};
