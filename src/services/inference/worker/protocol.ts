import type { AnalysisResult } from '../../../domain/ai/analyze';
import type { GrayImage } from '../../../domain/ai/image';
import type { ModelManifest } from '../../../domain/ai/manifest';
import type { DicomJson } from '../../../domain/dicom/dicom-json';

/** Where the worker finds one model: its manifest and the ONNX file the manifest pins by sha256. */
export interface ModelSource {
  id: string;
  manifestUrl: string;
  modelUrl: string;
  /** A quantized build of the same model, run instead when its manifest passed the accuracy gate (domain/ai/quantization.ts). */
  variant?: { manifestUrl: string; modelUrl: string };
}

/** Longest side of the Grad-CAM maps the worker returns: the grids are 7×7, 128 samples a side draw smoothly and keep results small (they are cached). */
export const HEATMAP_MAX_SIDE = 128;

export type ExecutionProvider = 'webgpu' | 'wasm';

export interface ProviderChoice {
  provider: ExecutionProvider;
  threads: number;
  /** Why this provider, for the UI and the logs. */
  reason: string;
}

/** Pins the provider instead of letting the worker choose (tests and benchmarks; the app never sets it). */
export interface ProviderOverride {
  provider: ExecutionProvider;
  threads?: number;
}

export type LoadPhase = 'download' | 'verify' | 'compile';

export type WorkerRequest =
  | { type: 'init'; models: ModelSource[]; provider?: ProviderOverride }
  | { type: 'analyze'; requestId: number; instance: DicomJson; dicomWebRoot: string }
  /** An already decoded image (benchmarks and tests feed the same pixels to onnxruntime-node); `explain: false` skips Grad-CAM. */
  | { type: 'analyze-image'; requestId: number; image: GrayImage; explain?: boolean };

export type WorkerEvent =
  | { type: 'provider'; choice: ProviderChoice }
  | { type: 'progress'; model: string; phase: LoadPhase; loaded: number; total: number }
  /** `executionProvider`: the one the session actually runs on (WebGPU may fall back to WASM). */
  | { type: 'model-ready'; manifest: ModelManifest; compileMs: number; executionProvider?: string }
  | { type: 'model-refused'; model: string; message: string }
  | { type: 'ready'; manifests: ModelManifest[] }
  /** The worker itself could not start (script error): no model will load. */
  | { type: 'crashed'; message: string }
  /** `totalMs` includes fetching and decoding the frame; `analyzeMs` is preprocessing, every model and postprocessing. */
  | { type: 'result'; requestId: number; result: AnalysisResult; totalMs: number; analyzeMs: number }
  /** `unreachable`: the PACS did not answer (the error class does not cross the worker boundary). */
  | { type: 'failed'; requestId: number; message: string; unreachable?: boolean };
