import { defineConfig } from 'vite';
import { pacsProxy } from '../../lib/pacs-proxy';

/**
 * `vite preview` of OHIF's prebuilt dist (passed as --outDir): the same same-origin PACS proxy and the
 * same cross-origin isolation headers as Dokuei's own server, so both viewers get identical plumbing.
 */
export default defineConfig({
  appType: 'spa',
  preview: {
    host: '127.0.0.1',
    proxy: pacsProxy(),
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
});
