import type { ModelManifest } from '../manifest';
import type { InferenceBackend, InferenceSession } from './backend';
import { sha256Hex } from './sha256';

export class ModelIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelIntegrityError';
  }
}

/** A manifest with its verified, created session. */
export interface LoadedModel {
  manifest: ModelManifest;
  session: InferenceSession;
}

/** Refuses bytes whose size or SHA-256 differ from the manifest (a stale or tampered model). */
export async function verifyModelBytes(manifest: ModelManifest, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength !== manifest.bytes) {
    throw new ModelIntegrityError(`${manifest.id}: ${manifest.file} has ${bytes.byteLength} bytes, the manifest says ${manifest.bytes}; refusing the model`);
  }
  const actual = await sha256Hex(bytes);
  if (actual !== manifest.sha256) {
    throw new ModelIntegrityError(`${manifest.id}: sha256 of ${manifest.file} is ${actual}, the manifest says ${manifest.sha256}; refusing the model`);
  }
}

/** Verifies the bytes, creates the session and checks it has the outputs the manifest relies on. */
export async function loadModel(backend: InferenceBackend, manifest: ModelManifest, bytes: Uint8Array): Promise<LoadedModel> {
  await verifyModelBytes(manifest, bytes);
  const session = await backend.createSession(bytes);
  const needed = [...manifest.heads.map((h) => h.output), manifest.explain?.output, manifest.ood?.output, manifest.segmentation?.output].filter(
    (x): x is string => typeof x === 'string',
  );
  const missing = needed.filter((name) => !session.outputNames.includes(name));
  if (!session.inputNames.includes(manifest.input.name)) missing.unshift(`input ${manifest.input.name}`);
  if (missing.length > 0) {
    await session.release();
    throw new ModelIntegrityError(
      `${manifest.id}: the ONNX graph lacks ${missing.join(', ')} (has inputs ${session.inputNames.join(', ')}; outputs ${session.outputNames.join(', ')})`,
    );
  }
  return { manifest, session };
}
