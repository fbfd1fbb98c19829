import type { FloatTensor, InferenceSession } from './backend';

/** The slice of the onnxruntime API (node and web share it) that the adapters use. */
interface OrtTensorLike {
  data: unknown;
  dims: readonly number[];
  type: string;
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensorLike>, fetches?: string[]): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

export interface OrtModule {
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike;
}

/** Adapts an onnxruntime session to the backend-neutral interface (float32 in, float32 out). */
export function wrapOrtSession(ort: OrtModule, session: OrtSessionLike): InferenceSession {
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(inputs: Record<string, FloatTensor>, outputNames?: readonly string[]): Promise<Record<string, FloatTensor>> {
      const feeds: Record<string, OrtTensorLike> = {};
      // No copy: sessions run in the calling thread (ORT's proxy worker, which detaches input buffers, is not used).
      for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', t.data, t.dims);
      const results = await (outputNames ? session.run(feeds, [...outputNames]) : session.run(feeds));
      const outputs: Record<string, FloatTensor> = {};
      for (const [name, t] of Object.entries(results)) {
        if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}, expected float32`);
        outputs[name] = { data: t.data as Float32Array, dims: [...t.dims] };
      }
      return outputs;
    },
    release: () => session.release(),
  };
}
