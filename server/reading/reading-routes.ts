/**
 * The shared reading state: GET /api/reading-states?since=N (the worklist's poll) and
 * POST /api/reading-state/:studyUID/:action. The acting reader is the signed-in principal, never a
 * name the browser sends. Actions are audited; the poll is not (it runs every few seconds and
 * names no study the reader opened).
 */
import type { FastifyPluginAsync } from 'fastify';
import { READING_ACTIONS, type ReadingAction } from '../../src/domain/triage/reading-state';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { requirePrincipal } from '../principal';
import { readingService } from './reading-service';
import { orthancReadingStore, OrthancError, type ReadingStore } from './reading-store-orthanc';

export interface ReadingOptions {
  pacs: PacsConfig | null;
  /** Tests pass an in-memory store. */
  store?: ReadingStore;
  now?: () => number;
}

const NO_PACS = { error: 'No PACS configured: start the local Orthanc (npm run orthanc:start) or set DOKUEI_PACS_URL, then restart the server.' };

export const readingRoutes: FastifyPluginAsync<ReadingOptions> = async (app, options) => {
  const store = options.store ?? (options.pacs ? orthancReadingStore(options.pacs) : null);
  const now = options.now ?? Date.now;
  const service = store ? readingService(store, () => new Date(now())) : null;

  // PACS failures become 502 with our own message; the PACS's body never reaches the browser.
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof OrthancError || error instanceof TypeError || (error as Error).name === 'TimeoutError') {
      request.log.warn({ err: error }, 'reading state: PACS failed');
      return reply.code(502).header('Cache-Control', 'no-store').send({ error: 'The PACS did not answer the reading-state request.' });
    }
    throw error;
  });

  app.get<{ Querystring: { since?: string } }>('/api/reading-states', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    if (!service) return reply.code(502).send(NO_PACS);
    const since = request.query.since;
    if (since !== undefined && !/^\d+$/.test(since)) return reply.code(400).send({ error: 'since must be a change number' });
    return service.list(since === undefined ? null : Number(since));
  });

  app.post<{ Params: { studyUID: string; action: string } }>('/api/reading-state/:studyUID/:action', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const { studyUID, action } = request.params;
    if (!(READING_ACTIONS as readonly string[]).includes(action)) {
      return reply.code(404).send({ error: `unknown reading action "${action}" (one of ${READING_ACTIONS.join(', ')})` });
    }
    if (!/^[0-9.]{1,64}$/.test(studyUID)) return reply.code(400).send({ error: 'not a StudyInstanceUID' });
    if (!service) return reply.code(502).send(NO_PACS);
    const result = await service.act(studyUID, action as ReadingAction, principal.id);
    app.audit.record({
      event: 'DICOM Instances Accessed',
      action: 'U',
      outcome: result.status === 200 ? 0 : 4,
      user: principal.id,
      role: principal.role,
      address: request.ip,
      studyUID,
      detail: `reading state: ${action}${result.status === 200 ? '' : ` refused (${result.status})`}`,
    });
    return reply.code(result.status).send(result.body);
  });
};
