import type { AnalysisResult } from '../analyze';
import type { ModelManifest } from '../manifest';
import type { DicomJson } from '../../dicomweb';

/** Where the worker finds one model: its manifest and the ONNX file the manifest pins by sha256. */
export interface ModelSource {
  id: string;
  manifestUrl: string;
  modelUrl: string;
}

export type ExecutionProvider = 'webgpu' | 'wasm';

export interface ProviderChoice {
  provider: ExecutionProvider;
  threads: number;
  /** Why this provider, for the UI and the logs. */
  reason: string;
}

export type LoadPhase = 'download' | 'verify' | 'compile';

export type WorkerRequest =
  | { type: 'init'; models: ModelSource[] }
  | { type: 'analyze'; requestId: number; instance: DicomJson; dicomWebRoot: string };

export type WorkerEvent =
  | { type: 'provider'; choice: ProviderChoice }
  | { type: 'progress'; model: string; phase: LoadPhase; loaded: number; total: number }
  | { type: 'model-ready'; manifest: ModelManifest; compileMs: number }
  | { type: 'model-refused'; model: string; message: string }
  | { type: 'ready'; manifests: ModelManifest[] }
  /** The worker itself could not start (script error): no model will load. */
  | { type: 'crashed'; message: string }
  | { type: 'result'; requestId: number; result: AnalysisResult; totalMs: number }
  | { type: 'failed'; requestId: number; message: string };
