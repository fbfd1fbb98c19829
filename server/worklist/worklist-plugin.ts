/**
 * Fastify plugin: the worklist index API.
 *   GET /api/worklist?sort=&dir=&cursor=&limit=&q=&modality=&priority=&level=&status=&ai=&flagged=
 *       → {rows, nextCursor, total, totalExact}                        (signed in)
 *   GET /api/worklist/events  → text/event-stream: `event: worklist` data {studyUid} ('*' = refetch),
 *       heartbeat comments every 15 s                                    (signed in)
 *   GET /api/admin/queue      → {counts, deadLetters}                    (admin)
 * request.principal is set by the auth plugin, registered before this one.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from '../../src/domain/triage/config';
import { requirePrincipal, requireRole } from '../principal';
import type { QueueAdmin } from '../queue/triage-queue';
import { CursorError } from './cursor';
import { WorklistEvents } from './events';
import { parseWorklistQuery, QueryError, queryWorklist } from './query';
import { openSseStream, type SseStream } from './sse';
import { warmTopPreviews } from './preview-warmup';
import type { RenderedPreviews } from '../gateway/rendered-previews';
import { SCREEN_COOKIE } from '../../src/domain/viewer/screen-cookie';

export interface WorklistPluginOptions {
  db: pg.Pool;
  /** Shared LISTEN hub; one is created (and stopped with the app) when absent. */
  events?: WorklistEvents;
  /** The triage queue for the admin route; 503 there without it. */
  queue?: QueueAdmin;
  config?: TriageConfig;
  heartbeatMs?: number;
  now?: () => number;
  /** Warmed for the first unread rows of a reader's first page (./preview-warmup.ts). */
  previews?: RenderedPreviews;
}

export const worklistPlugin: FastifyPluginAsync<WorklistPluginOptions> = async (app: FastifyInstance, options) => {
  const config = options.config ?? DEFAULT_TRIAGE_CONFIG;
  const now = options.now ?? Date.now;
  const ownEvents = !options.events;
  const events = options.events ?? new WorklistEvents(options.db, (line) => app.log.warn(line));
  const streams = new Set<SseStream>();

  app.addHook('onReady', async () => {
    await events.start();
  });
  // Open streams would keep close() waiting forever: end them first.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.close();
    if (ownEvents) await events.stop();
  });

  app.get('/api/worklist', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    try {
      const query = parseWorklistQuery(request.query as Record<string, unknown>);
      const page = await queryWorklist(options.db, query, { config, now: now() });
      if (options.previews && principal.via === 'session' && !query.cursor) {
        warmTopPreviews(options.db, options.previews, principal.id, request.cookies[SCREEN_COOKIE], page.rows).catch((error: unknown) =>
          request.log.warn({ err: error }, 'preview warm-up failed'),
        );
      }
      return reply.header('Cache-Control', 'no-store').send(page);
    } catch (error) {
      if (error instanceof QueryError || error instanceof CursorError) return reply.code(400).send({ error: error.message });
      throw error;
    }
  });

  app.get('/api/worklist/events', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    let unsubscribe = () => {};
    const stream = openSseStream(request, reply, options.heartbeatMs ?? 15_000, () => {
      unsubscribe();
      streams.delete(stream);
    });
    streams.add(stream);
    unsubscribe = events.subscribe((studyUid) => stream.send('worklist', { studyUid }));
    stream.send('ready', { at: new Date(now()).toISOString() });
  });

  app.get('/api/admin/queue', async (request, reply) => {
    if (!requireRole(request, reply, 'admin')) return reply;
    if (!options.queue) return reply.code(503).send({ error: 'the job queue is not configured on this server' });
    const limit = Math.min(500, Math.max(1, Number((request.query as Record<string, unknown>).limit) || 100));
    const [counts, deadLetters] = await Promise.all([options.queue.counts(), options.queue.deadLetters(limit)]);
    return reply.header('Cache-Control', 'no-store').send({ counts, deadLetters });
  });
};
