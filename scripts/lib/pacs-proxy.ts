import type { ProxyOptions } from 'vite';
import { basicAuthHeader, loadPacsConfig } from './pacs-config';

/**
 * Same-origin reverse proxy to the PACS. Orthanc sends no CORS headers and the browser must
 * never hold PACS credentials, so the dev/preview server adds them here.
 * changeOrigin stays false: Orthanc builds BulkDataURIs from the Host header.
 */
export function pacsProxy(): Record<string, ProxyOptions> {
  const config = loadPacsConfig();
  const target = config?.url ?? 'http://127.0.0.1:8042';
  const auth = config ? basicAuthHeader(config) : undefined;
  const common: ProxyOptions = {
    target,
    changeOrigin: false,
    configure(proxy) {
      proxy.on('proxyReq', (proxyReq) => {
        proxyReq.removeHeader('authorization');
        proxyReq.removeHeader('cookie');
        if (auth) proxyReq.setHeader('Authorization', auth);
      });
    },
  };
  return {
    '/dicom-web': common,
    // Orthanc's change feed: the worklist's live updates. Read-only, nothing else of the REST API.
    '^/pacs/changes': { ...common, rewrite: (path) => path.replace(/^\/pacs/, '') },
  };
}
