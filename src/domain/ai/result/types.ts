import type { SpacingSource } from '../pixels/attributes';
import type { SourceHeatmap } from '../postprocess/gradcam';
import type { SourceMask } from '../postprocess/segmentation';
import type { ImageRegion } from '../../dicom/sr/references';

/** A model as results cite it: id and version as in the manifest, sha256 of the model file the manifest pins. */
export interface AlgorithmIdentification {
  id: string;
  version: string;
  sha256: string;
}

export interface AiFinding {
  /** Manifest label, e.g. "effusion". */
  label: string;
  /** Calibrated probability in [0, 1]. */
  probability: number;
  threshold: number;
  positive: boolean;
  /** Name of the manifest operating point the call was made at (e.g. "flag"); absent in older SRs. */
  operatingPoint?: string;
  /** Identifies the finding across documents (reader assessment); generated when absent. */
  trackingUid?: string;
  region?: ImageRegion;
}

export interface OodState {
  score: number;
  threshold: number;
  /** True: the image is out of distribution and the findings are not applicable. */
  outOfDistribution: boolean;
}

export type QaFlagKind = 'projection-mismatch' | 'rotated' | 'flipped' | 'body-part-mismatch';

export interface QaFlag {
  kind: QaFlagKind;
  detail?: string;
}

export type Side = 'left' | 'right' | 'both';

export interface LungArea {
  side: Side;
  areaCm2: number;
}

/** What an AI result SR stores (dicom/sr/ai-result.ts encodes and reads it). */
export interface AiResultContent {
  computedAt: Date;
  algorithms: AlgorithmIdentification[];
  findings: AiFinding[];
  /** Absent when no OOD score was computed. */
  ood?: OodState;
  qaFlags: QaFlag[];
  lungAreas: LungArea[];
  /** SOPInstanceUID of the DICOM SEG holding the lung mask these areas were measured on, when stored. */
  lungSegInstanceUid?: string;
}

/** Where a study's AI result came from: this browser just ran the models, its cache, or an SR in the PACS. */
export type ResultOrigin = 'computed' | 'cache' | 'pacs-sr';

/** One study's AI result: what the worklist, the findings panel and the SR share. */
export interface StudyAiResult {
  origin: ResultOrigin;
  /** `id@version:sha256` of every model, joined: results of other model builds are never reused. */
  modelKey: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  computedAt: string;
  findings: AiFinding[];
  ood?: OodState;
  /** True when QA or OOD say the findings models do not apply to this image. */
  notApplicable?: string;
  qaFlags: QaFlag[];
  lungAreas: LungArea[];
  /** Why no lung areas are given although a mask was computed: it failed the quality gate (lung-mask-gate.ts). */
  lungAreasWithheld?: string;
  /** The tag the lung areas' pixel size came from; absent when the image has none (uncalibrated). */
  spacingSource?: SpacingSource;
  /** Grad-CAM per finding label, over source pixels; absent when read from an SR. */
  heatmaps?: Record<string, SourceHeatmap>;
  /** Lung labelmap (LUNG_SEGMENT values) stretched over the source image; absent when read from an SR. */
  lungMask?: SourceMask;
  /** SOPInstanceUIDs of the AI result SR and the lung SEG stored in the PACS for this result, once stored. */
  srInstanceUid?: string;
  segInstanceUid?: string;
  /**
   * Read from an SR that a reader's browser stored: the server stamped whose session ran the models
   * (absent when the AI service computed it).
   */
  computedInSessionOf?: string;
  /** Why the lung SEG is not in the PACS when storing it failed (the findings SR may still be). */
  segError?: string;
}

export type StudyAiStatus =
  | { phase: 'queued' }
  | { phase: 'running' }
  /** The PACS did not answer: the study waits in the queue and is tried again at `retryAt` (epoch ms); not an error. */
  | { phase: 'waiting'; message: string; retryAt: number }
  | { phase: 'done'; result: StudyAiResult }
  | { phase: 'no-model'; reason: string }
  | { phase: 'failed'; message: string };
