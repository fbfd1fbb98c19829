import type { ModelSource } from './protocol';
// Emitted as separate files (never inlined as data: URLs) so they are fetched, verified and cacheable.
import lungsManifest from '../../../../models/cxr-lungs.json?url&no-inline';
import lungsModel from '../../../../models/cxr-lungs.onnx?url&no-inline';
import lungsInt8Manifest from '../../../../models/cxr-lungs.int8.json?url&no-inline';
import lungsInt8Model from '../../../../models/cxr-lungs.int8.onnx?url&no-inline';
import qaManifest from '../../../../models/cxr-qa.json?url&no-inline';
import qaModel from '../../../../models/cxr-qa.onnx?url&no-inline';
import qaInt8Manifest from '../../../../models/cxr-qa.int8.json?url&no-inline';
import qaInt8Model from '../../../../models/cxr-qa.int8.onnx?url&no-inline';
import triageManifest from '../../../../models/cxr-triage.json?url&no-inline';
import triageModel from '../../../../models/cxr-triage.onnx?url&no-inline';
import triageInt8Manifest from '../../../../models/cxr-triage.int8.json?url&no-inline';
import triageInt8Model from '../../../../models/cxr-triage.int8.onnx?url&no-inline';

/** The committed models the app runs, QA first (it gates the chest models), each with its int8 variant (npm run models:quantize). */
export const MODEL_SOURCES: readonly ModelSource[] = [
  { id: 'cxr-qa', manifestUrl: qaManifest, modelUrl: qaModel, variant: { manifestUrl: qaInt8Manifest, modelUrl: qaInt8Model } },
  { id: 'cxr-triage', manifestUrl: triageManifest, modelUrl: triageModel, variant: { manifestUrl: triageInt8Manifest, modelUrl: triageInt8Model } },
  { id: 'cxr-lungs', manifestUrl: lungsManifest, modelUrl: lungsModel, variant: { manifestUrl: lungsInt8Manifest, modelUrl: lungsInt8Model } },
];
