/**
 * Every error is `{"error": "<clear message>"}` with its 4xx/5xx status; never a stack trace or an
 * upstream body. Unknown routes are a JSON 404 (the SPA's client routes are answered before this).
 */
import type { FastifyError, FastifyInstance } from 'fastify';

export function addJsonErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message = status >= 500 ? 'The Dokuei server failed to answer this request (see its log).' : clientMessage(error);
    return reply.code(status).header('Cache-Control', 'no-store').send({ error: message });
  });
  app.setNotFoundHandler((request, reply) => {
    return reply
      .code(404)
      .header('Cache-Control', 'no-store')
      .send({ error: `No route ${request.method} ${request.url.split('?')[0]}` });
  });
}

/** Fastify's own 4xx messages are clear already; validation errors name the field. */
function clientMessage(error: FastifyError): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'The request body is too large.';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Unsupported Content-Type for this route.';
  return error.message || 'Bad request.';
}
