/**
 * The first image of a study, known before the study's page opens: the server computes it once the
 * study has arrived (server/worklist/first-image.ts) and writes it into the page it serves for
 * /study/{uid}, so the page asks for that frame's rendered preview while its scripts still download
 * (tools/vite/viewer-preload-plugin.ts), instead of after the series list and metadata.
 * Pure: the same choice as the viewer (firstImageSeries, first frame) and a strict check of what is
 * written into HTML.
 */
import type { DicomJson } from '../dicom/dicom-json';
import { DICOM_WEB_ROOT } from '../dicom/imageIds';
import { needsPaletteInlining } from '../dicom/palette';
import { firstImageSeries, instanceOfImageId, studySeries, type Series } from '../study/series';
import { previewSource, type PreviewSource } from './rendered-preview';

/** The id of the JSON data block (`<script type="application/json">`) the server writes the hint into. */
export const FIRST_IMAGE_HINT_ID = 'dokuei-first-image';
/**
 * The id of the text data block that carries that image's preview itself (base64 JPEG), when the server
 * had it for the reader's screen; its `data-url` is the preview's same-origin URL, which the page checks
 * against the request it would make.
 */
export const FIRST_IMAGE_PREVIEW_ID = 'dokuei-first-image-preview';

/**
 * The carried preview's bytes. Self-contained: the page's inline script runs this function's source.
 * Native `Uint8Array.fromBase64` where the browser has it (a 300 KB preview: under 1 ms, where
 * `Uint8Array.from(atob(text), mapper)` took 25–30 ms of the page's first task), else a plain loop.
 */
export function bytesOfBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (base64: string) => Uint8Array }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export interface FirstImageHint extends PreviewSource {
  studyUid: string;
}

/** The preview source of the frame the viewer shows first in `series` (its first image series), if any. */
export function firstFrameSource(series: readonly Series[]): PreviewSource | null {
  const first = firstImageSeries(series);
  const imageId = first?.imageIds[0];
  const instance = first && imageId ? instanceOfImageId(first, imageId) : undefined;
  return first && imageId && instance ? previewSource(imageId, instance.metadata, first.modality) : null;
}

/**
 * The hint for a study from its series list and whole-study metadata, frame URLs as same-origin paths
 * under the gateway's root. Null when the viewer would not paint a preview first, or would first inline
 * palettes (which may change what it shows first).
 */
export function firstImageHint(studyUid: string, seriesResults: readonly DicomJson[], studyMetadata: readonly DicomJson[]): FirstImageHint | null {
  if (studyMetadata.some(needsPaletteInlining)) return null;
  const source = firstFrameSource(studySeries(DICOM_WEB_ROOT, studyUid, seriesResults, studyMetadata));
  const hint = source && { studyUid, ...source };
  return hint && isFirstImageHint(hint) ? hint : null;
}

const UID = '[0-9]+(?:\\.[0-9]+)*';
const FRAME_PATH = new RegExp(`^${DICOM_WEB_ROOT}/studies/(${UID})/series/${UID}/instances/${UID}/frames/[1-9][0-9]{0,5}$`);
const QUERY = /^(?:window=-?[0-9.]+,[0-9.]+,linear-exact&)?quality=[0-9]{1,3}$/;
const dimension = (value: unknown) => Number.isInteger(value) && (value as number) > 0 && (value as number) <= 65535;

/**
 * Whether `value` is a hint and nothing else: digits-and-dots UIDs, a frame path of the same study,
 * whole numbers, the two query shapes previewSource makes. What passes is safe inside HTML and a URL.
 */
export function isFirstImageHint(value: unknown): value is FirstImageHint {
  if (typeof value !== 'object' || value === null) return false;
  const hint = value as Record<string, unknown>;
  const keys = Object.keys(hint).sort().join(',');
  if (keys !== 'columns,frameUrl,maxSide,query,rows,stretch,studyUid') return false;
  const frame = typeof hint.frameUrl === 'string' ? FRAME_PATH.exec(hint.frameUrl) : null;
  return (
    frame !== null &&
    frame[1] === hint.studyUid &&
    typeof hint.studyUid === 'string' &&
    hint.studyUid.length <= 64 &&
    dimension(hint.columns) &&
    dimension(hint.rows) &&
    dimension(hint.maxSide) &&
    typeof hint.query === 'string' &&
    QUERY.test(hint.query) &&
    typeof hint.stretch === 'boolean'
  );
}
