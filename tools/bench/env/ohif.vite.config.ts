import { defineConfig } from 'vite';

/** The Dokuei server the bench started (apps.ts passes it; the name matches OHIF_GATEWAY_ENV there). */
const gateway = process.env.DOKUEI_BENCH_GATEWAY_URL;
if (!gateway) throw new Error('DOKUEI_BENCH_GATEWAY_URL is not set: this config is started by tools/bench/env/apps.ts');

/**
 * `vite preview` of OHIF's prebuilt dist (passed as --outDir). Its DICOMweb goes through the Dokuei
 * server, the same gateway (session check, allow-list, audit) as Dokuei's own requests, so both
 * viewers pay for the same plumbing; the session cookie is forwarded as the browser sent it.
 * changeOrigin false: the Host stays OHIF's own (the server is told to accept it), so the
 * BulkDataURIs Orthanc builds from it point back at this origin. Same isolation headers as the server.
 */
export default defineConfig({
  appType: 'spa',
  preview: {
    host: '127.0.0.1',
    proxy: { '/dicom-web': { target: gateway, changeOrigin: false } },
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
});
