/**
 * Loads ONNX bytes in onnxruntime-node only to read the graph's inputs and outputs: creating a
 * session parses and optimises the graph but runs nothing, and the session is released at once.
 */
import * as ort from 'onnxruntime-node';
import type { GraphSignature, TensorSignature } from './signature';

const tensorOf = (meta: ort.InferenceSession.ValueMetadata): TensorSignature => ({
  name: meta.name,
  type: meta.isTensor ? meta.type : 'non-tensor',
  shape: meta.isTensor ? [...meta.shape] : [],
});

/** Throws onnxruntime's own message when the bytes are not a loadable ONNX model. */
export async function readOnnxSignature(bytes: Uint8Array): Promise<GraphSignature> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    return { inputs: session.inputMetadata.map(tensorOf), outputs: session.outputMetadata.map(tensorOf) };
  } finally {
    await session.release();
  }
}
