import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyOptions } from 'vite';
import { basicAuthHeader, loadPacsConfig, type PacsConfig } from './pacs-config';
import { readingStateRoutes } from './reading-state-routes';

/** Everything the app sends to the PACS: DICOMweb and Orthanc's change feed. */
export const PROXIED_PATHS = {
  dicomWeb: '/dicom-web',
  /** Browser path of Orthanc's /changes, read-only (the worklist's live updates). */
  changes: '/pacs/changes',
  /** Browser path of Orthanc's /studies/{id}, read-only: maps change-feed ids to StudyInstanceUIDs. */
  studyById: '/pacs/studies',
} as const;

function replyJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Refuses other methods before anything reaches the PACS. */
function onlyMethods(methods: string[], extra?: ProxyOptions['bypass']): ProxyOptions['bypass'] {
  return (req: IncomingMessage, res: ServerResponse | undefined, options) => {
    if (!methods.includes(req.method ?? 'GET')) {
      if (res) replyJson(res, 405, { error: `${req.method} is not allowed here` }, { Allow: methods.join(', ') });
      return req.url; // the response is already sent: Vite stops there
    }
    return extra?.(req, res, options);
  };
}

function pacsOptions(config: PacsConfig | null): ProxyOptions {
  const auth = config ? basicAuthHeader(config) : undefined;
  return {
    // Unused when no PACS is configured: every request is answered by the bypass below.
    target: config?.url ?? 'http://127.0.0.1:9',
    // Orthanc builds BulkDataURIs from the Host header: keep the app's host.
    changeOrigin: false,
    configure(proxy) {
      proxy.on('proxyReq', (proxyReq) => {
        // The browser's own credentials never reach the PACS; the server's replace them.
        proxyReq.removeHeader('authorization');
        proxyReq.removeHeader('cookie');
        if (auth) proxyReq.setHeader('Authorization', auth);
      });
      proxy.on('proxyRes', (proxyRes) => {
        // A 401 must not make the browser prompt for (and then send) PACS credentials.
        delete proxyRes.headers['www-authenticate'];
      });
      proxy.on('error', (error, _req, res) => {
        if ('writeHead' in res) {
          replyJson(res, 502, {
            error: 'PACS unreachable',
            detail: (error as NodeJS.ErrnoException).code ?? error.message,
          });
        }
      });
    },
  };
}

function notConfigured(_req: IncomingMessage, res: ServerResponse | undefined): string | undefined {
  if (!res) return undefined;
  replyJson(res, 502, {
    error: 'No PACS configured',
    detail: 'Start the local Orthanc (npm run orthanc:start) or set DOKUEI_PACS_URL, then restart the server.',
  });
  return _req.url;
}

/**
 * Same-origin reverse proxy to the PACS for `vite` and `vite preview`. Orthanc sends no CORS
 * headers and the browser must never hold PACS credentials, so this server adds them.
 * The PACS is resolved once, when the server starts (env DOKUEI_PACS_* or .dokuei/orthanc/pacs.json).
 */
export function pacsProxy(config: PacsConfig | null = loadPacsConfig()): Record<string, ProxyOptions> {
  const common = pacsOptions(config);
  const unconfigured = config ? undefined : notConfigured;
  return {
    // GET/HEAD: QIDO and WADO; POST: STOW of the app's own results (SR, SEG).
    [PROXIED_PATHS.dicomWeb]: { ...common, bypass: onlyMethods(['GET', 'HEAD', 'POST'], unconfigured) },
    [`^${PROXIED_PATHS.changes}(\\?|$)`]: {
      ...common,
      bypass: onlyMethods(['GET'], unconfigured),
      rewrite: (path) => path.replace(/^\/pacs/, ''),
    },
    // Only the bare study resource (an Orthanc id), nothing below it.
    [`^${PROXIED_PATHS.studyById}/[0-9a-f]{8}(-[0-9a-f]{8}){4}$`]: {
      ...common,
      bypass: onlyMethods(['GET'], unconfigured),
      rewrite: (path) => path.replace(/^\/pacs/, ''),
    },
    // Readers' /api (sign-in, shared reading state): answered by this server, never proxied.
    ...readingStateRoutes(config),
  };
}
