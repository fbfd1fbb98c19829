import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { codecWasmPlugin } from './tools/vite/codec-wasm-plugin';
import { viewerPreloadPlugin } from './tools/vite/viewer-preload-plugin';

// Cross-origin isolation enables SharedArrayBuffer, hence threaded WASM for onnxruntime-web.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Development only: everything that is not the app's own code goes to a running Dokuei server
 * (`npm run server`, started with DOKUEI_ALLOWED_HOSTS=127.0.0.1:5173), which holds the sessions and
 * the only way to the PACS. The Host header is kept: the server checks it and Orthanc builds its
 * BulkDataURIs from it. The built app is served by the server itself, never by Vite.
 */
const DEV_SERVER = process.env.DOKUEI_SERVER_URL ?? 'http://127.0.0.1:4173';
const devPassthrough = Object.fromEntries(['/api', '/dicom-web', '/pacs'].map((path) => [path, { target: DEV_SERVER, changeOrigin: false }]));

export default defineConfig({
  plugins: [react(), codecWasmPlugin(), viewerPreloadPlugin()],
  server: { headers: isolationHeaders, proxy: devPassthrough, host: '127.0.0.1', port: 5173 },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['onnxruntime-web', '@cornerstonejs/dicom-image-loader'],
    include: [
      'dicom-parser',
      // The image loader is excluded, so its dependencies must be pre-bundled explicitly: the codec
      // glue is CommonJS/UMD, and @cornerstonejs/metadata must be the same copy core and tools use.
      '@cornerstonejs/metadata',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
