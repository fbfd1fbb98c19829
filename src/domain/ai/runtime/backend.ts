/** A float32 tensor passed to or returned by a model. */
export interface FloatTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** One created inference session; `run` feeds named inputs and returns the named outputs (all by default). */
export interface InferenceSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** The execution provider the runtime actually took (onnxruntime-web falls back silently), when it can tell. */
  readonly executionProvider?: string;
  run(inputs: Record<string, FloatTensor>, outputNames?: readonly string[]): Promise<Record<string, FloatTensor>>;
  release(): Promise<void>;
}

/** A runtime able to turn ONNX bytes into sessions (onnxruntime-node, onnxruntime-web, …). */
export interface InferenceBackend {
  readonly name: string;
  createSession(model: Uint8Array): Promise<InferenceSession>;
}
