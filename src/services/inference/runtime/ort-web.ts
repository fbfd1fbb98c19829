import type { InferenceBackend, InferenceSession } from '../../../domain/ai/runtime/backend';
import { wrapOrtSession, type OrtModule, type OrtSessionLike } from '../../../domain/ai/runtime/ort-session';

export interface OrtWebOptions {
  /** WASM threads (they need cross-origin isolation). */
  threads?: number;
  /** Where the ort-wasm*.wasm/.mjs files are served from, when not next to the bundle. */
  wasmPaths?: string;
  /** In order of preference; onnxruntime-web takes the first whose backend starts. */
  executionProviders?: string[];
}

/**
 * onnxruntime-web backend. Imported dynamically: a static import makes its threads re-import the page
 * chunk and hang (GUIDE field notes).
 */
export function createOrtWebBackend(options: OrtWebOptions = {}): InferenceBackend {
  const executionProviders = options.executionProviders ?? ['wasm'];
  return {
    name: 'onnxruntime-web',
    async createSession(model: Uint8Array): Promise<InferenceSession> {
      // Without WebGPU, the WASM-only build: the default one also carries the WebGPU kernels (a .wasm twice the size).
      const ort = executionProviders.includes('webgpu') ? await import('onnxruntime-web') : await import('onnxruntime-web/wasm');
      ort.env.wasm.numThreads = options.threads ?? 1;
      if (options.wasmPaths) ort.env.wasm.wasmPaths = options.wasmPaths;
      // 'all' (ORT's default, pinned here): the level that fuses the int8 variants' Q/DQ pairs into QLinearConv.
      const session = await ort.InferenceSession.create(model, { executionProviders, graphOptimizationLevel: 'all' });
      // The WebGPU backend publishes its device once it started; without one the session runs on WASM.
      const gpuStarted = executionProviders.includes('webgpu') && (ort.env.webgpu as { device?: unknown }).device !== undefined;
      const wrapped = wrapOrtSession(ort as unknown as OrtModule, session as unknown as OrtSessionLike);
      return { ...wrapped, executionProvider: gpuStarted ? 'webgpu' : 'wasm' };
    },
  };
}
