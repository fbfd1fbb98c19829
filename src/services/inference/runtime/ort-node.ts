import * as ort from 'onnxruntime-node';
import type { InferenceBackend, InferenceSession } from '../../../domain/ai/runtime/backend';
import { wrapOrtSession, type OrtModule, type OrtSessionLike } from '../../../domain/ai/runtime/ort-session';

/** onnxruntime-node backend (CPU), the native reference for evaluation and benchmarks. Node only. */
export function createOrtNodeBackend(options: { threads?: number } = {}): InferenceBackend {
  const sessionOptions = { intraOpNumThreads: options.threads ?? 1, interOpNumThreads: 1 };
  return {
    name: 'onnxruntime-node',
    async createSession(model: Uint8Array): Promise<InferenceSession> {
      const session = await ort.InferenceSession.create(model, sessionOptions);
      return wrapOrtSession(ort as unknown as OrtModule, session as unknown as OrtSessionLike);
    },
  };
}
