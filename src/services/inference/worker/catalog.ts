import type { ModelSource } from './protocol';
// Emitted as separate files (never inlined as data: URLs) so they are fetched, verified and cacheable.
import lungsManifest from '../../../../models/cxr-lungs.json?url&no-inline';
import lungsModel from '../../../../models/cxr-lungs.onnx?url&no-inline';
import qaManifest from '../../../../models/cxr-qa.json?url&no-inline';
import qaModel from '../../../../models/cxr-qa.onnx?url&no-inline';
import triageManifest from '../../../../models/cxr-triage.json?url&no-inline';
import triageModel from '../../../../models/cxr-triage.onnx?url&no-inline';

/** The committed models the app runs, QA first (it gates the chest models). */
export const MODEL_SOURCES: readonly ModelSource[] = [
  { id: 'cxr-qa', manifestUrl: qaManifest, modelUrl: qaModel },
  { id: 'cxr-triage', manifestUrl: triageManifest, modelUrl: triageModel },
  { id: 'cxr-lungs', manifestUrl: lungsManifest, modelUrl: lungsModel },
];
