import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { pacsProxy } from './scripts/lib/pacs-proxy';
import { codecWasmPlugin } from './src/viewer/build/codec-wasm-plugin';
import { viewerPreloadPlugin } from './src/viewer/build/viewer-preload-plugin';

// Cross-origin isolation enables SharedArrayBuffer, hence threaded WASM for onnxruntime-web.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), codecWasmPlugin(), viewerPreloadPlugin()],
  server: { headers: isolationHeaders, proxy: pacsProxy(), host: '127.0.0.1' },
  preview: { headers: isolationHeaders, proxy: pacsProxy(), host: '127.0.0.1' },
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
