import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { pacsProxy } from './scripts/lib/pacs-proxy';

// Cross-origin isolation enables SharedArrayBuffer, hence threaded WASM for onnxruntime-web.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolationHeaders, proxy: pacsProxy(), host: '127.0.0.1' },
  preview: { headers: isolationHeaders, proxy: pacsProxy(), host: '127.0.0.1' },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['onnxruntime-web', '@cornerstonejs/dicom-image-loader'],
    include: ['dicom-parser'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
