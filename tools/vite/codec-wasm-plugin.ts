/**
 * Serves (dev) and emits (build) the Cornerstone codec .wasm files under one fixed folder.
 * The decoders locate them with `new URL('<bare package specifier>', import.meta.url)`, which no
 * bundler resolves; the loader's `wasmBasePath` option points them here instead.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { CODEC_WASM_BASE } from '../../src/services/viewer/codec-wasm-constants';

const require = createRequire(import.meta.url);

/** File name the decoder asks for → package export that holds it. */
const CODEC_FILES: Record<string, string> = {
  'openjpegwasm_decode.wasm': '@cornerstonejs/codec-openjpeg/decodewasm',
  'charlswasm_decode.wasm': '@cornerstonejs/codec-charls/decodewasm',
  'libjpegturbowasm_decode.wasm': '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
  'openjphjs.wasm': '@cornerstonejs/codec-openjph/wasm',
  'jpegxlwasm_decode.wasm': '@cornerstonejs/codec-libjxl/decodewasm',
};

export function codecWasmPlugin(): Plugin {
  return {
    name: 'dokuei-cornerstone-codec-wasm',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.startsWith(CODEC_WASM_BASE) ? req.url.slice(CODEC_WASM_BASE.length).split('?')[0] : '';
        const specifier = CODEC_FILES[name];
        if (!specifier) return next();
        res.setHeader('Content-Type', 'application/wasm');
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        res.end(readFileSync(require.resolve(specifier)));
      });
    },
    generateBundle() {
      for (const [name, specifier] of Object.entries(CODEC_FILES)) {
        this.emitFile({ type: 'asset', fileName: `${CODEC_WASM_BASE.slice(1)}${name}`, source: readFileSync(require.resolve(specifier)) });
      }
    },
  };
}
