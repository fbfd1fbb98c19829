import type { InferenceBackend, InferenceSession } from './backend';
import { wrapOrtSession, type OrtModule, type OrtSessionLike } from './ort-session';

export interface OrtWebOptions {
  /** WASM threads; 1 was as fast as 2 on the 2-core machines measured (GUIDE field notes). */
  threads?: number;
  /** Where the ort-wasm*.wasm/.mjs files are served from, when not next to the bundle. */
  wasmPaths?: string;
  executionProviders?: string[];
}

/**
 * onnxruntime-web backend. Imported dynamically: a static import makes its threads re-import the page
 * chunk and hang (GUIDE field notes).
 */
export function createOrtWebBackend(options: OrtWebOptions = {}): InferenceBackend {
  return {
    name: 'onnxruntime-web',
    async createSession(model: Uint8Array): Promise<InferenceSession> {
      const ort = await import('onnxruntime-web');
      ort.env.wasm.numThreads = options.threads ?? 1;
      if (options.wasmPaths) ort.env.wasm.wasmPaths = options.wasmPaths;
      const session = await ort.InferenceSession.create(model, { executionProviders: options.executionProviders ?? ['wasm'] });
      return wrapOrtSession(ort as unknown as OrtModule, session as unknown as OrtSessionLike);
    },
  };
}
