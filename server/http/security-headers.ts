/**
 * Headers on every response (pages, API, PACS, errors): the CSP, cross-origin isolation (needed for
 * SharedArrayBuffer, hence threaded WASM), no sniffing, no framing, no referrer. Set in onSend so
 * that 404s and errors carry them too; a route's own Cache-Control wins.
 */
import type { FastifyInstance } from 'fastify';

const NOT_CACHED_PREFIXES = ['/api/', '/dicom-web/', '/pacs/'];

export interface SecurityHeadersOptions {
  contentSecurityPolicy: string;
  /** Strict-Transport-Security only makes sense when browsers reach the server over https. */
  https: boolean;
}

export function addSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions): void {
  const fixed: Record<string, string> = {
    'Content-Security-Policy': options.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(fixed);
    const path = request.url;
    const sensitive = NOT_CACHED_PREFIXES.some((prefix) => path.startsWith(prefix) || path === prefix.slice(0, -1));
    if (sensitive && !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
