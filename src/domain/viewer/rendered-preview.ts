/**
 * The viewer's first paint: an 8-bit frame rendered by the PACS (DICOMweb Retrieve Rendered) at display
 * size, shown until the full-fidelity pixels are decoded. Pure: which request, and how its grey levels
 * must be stretched so that the swap to the real image keeps the same window.
 */
import { getNumber, getString, type DicomJson } from '../dicom/dicom-json';
import { WADORS_SCHEME } from '../dicom/imageIds';
import { ViewerTag, getNumbers } from '../dicom/viewer-tags';
import { Tag } from '../dicom/tags';
import { needsHistogramVoi, voiFromTags, type Voi } from './voi';

export interface PreviewRequest {
  /** Same origin as the frame's imageId: the gateway route `.../frames/{n}/rendered`. */
  url: string;
  width: number;
  height: number;
  /**
   * The first image will get the percentile window (CR/DX without a usable VOI tag): the PACS renders
   * the whole dynamic range and the browser applies the same percentiles to the 8-bit preview.
   */
  stretch: boolean;
}

/** Above the lower bound of a reader's screen, below the cost of a full-size render on the PACS. */
export const PREVIEW_MAX_SIDE = 2048;
const PHOTOMETRIC_INTERPRETATION = '00280004';
const JPEG_QUALITY = 90;

/** Pixel spacing rows:columns, when it is valid and not 1:1 (the preview is drawn with square pixels). */
function nonSquarePixels(metadata: DicomJson): boolean {
  return [ViewerTag.PixelSpacing, ViewerTag.ImagerPixelSpacing].some((tag) => {
    const [row, column] = getNumbers(metadata, tag);
    return row > 0 && column > 0 && Math.abs(row / column - 1) > 0.01;
  });
}

/**
 * What the preview of one frame depends on besides the screen. Plain JSON: the server hands it to the
 * page of a study it has triaged (server/worklist/first-image.ts), which asks for the preview before
 * any series list or metadata has come.
 */
export interface PreviewSource {
  /** The frame's WADO-RS URL (`.../frames/{n}`): absolute, or a same-origin path in a server's hint. */
  frameUrl: string;
  columns: number;
  rows: number;
  /** The query after `viewport=…`: the DICOM window, when the viewer starts with it, and the JPEG quality. */
  query: string;
  stretch: boolean;
  /** PREVIEW_MAX_SIDE, carried so that previewRequest needs nothing outside itself (see its comment). */
  maxSide: number;
}

/**
 * What `imageId`'s preview depends on, or null when the preview could not be swapped invisibly: unknown
 * size, non-square pixels, palette colour (the PACS renders palettes otherwise than Cornerstone).
 */
export function previewSource(imageId: string, metadata: DicomJson, modality: string): PreviewSource | null {
  const columns = getNumber(metadata, Tag.Columns);
  const rows = getNumber(metadata, Tag.Rows);
  if (!imageId.startsWith(WADORS_SCHEME) || !columns || !rows || columns <= 0 || rows <= 0) return null;
  if (nonSquarePixels(metadata) || getString(metadata, PHOTOMETRIC_INTERPRETATION).trim() === 'PALETTE COLOR') return null;
  const tagVoi = voiFromTags(getNumbers(metadata, ViewerTag.WindowCenter), getNumbers(metadata, ViewerTag.WindowWidth));
  const stretch = needsHistogramVoi(modality, tagVoi, getNumber(metadata, ViewerTag.BitsStored));
  const params: string[] = [];
  // Linear-exact maps [centre - width/2, centre + width/2] onto 0..255, as Cornerstone's VOI range does.
  if (tagVoi && !stretch) params.push(`window=${decimal(tagVoi.windowCenter)},${decimal(tagVoi.windowWidth)},linear-exact`);
  params.push(`quality=${JPEG_QUALITY}`);
  return { frameUrl: imageId.slice(WADORS_SCHEME.length), columns, rows, query: params.join('&'), stretch, maxSide: PREVIEW_MAX_SIDE };
}

/**
 * The preview of `source` fitted in `bound` device pixels. Self-contained on purpose: the page's inline
 * script (tools/vite/viewer-preload-plugin.ts) runs this very function's source, so the request it starts
 * is the one the viewer asks for later.
 */
export function previewRequest(source: PreviewSource, bound: { width: number; height: number }): PreviewRequest {
  const { columns, rows, maxSide } = source;
  const scale = Math.min(1, Math.min(bound.width, maxSide) / columns, Math.min(bound.height, maxSide) / rows);
  const width = Math.max(1, Math.round(columns * scale));
  const height = Math.max(1, Math.round(rows * scale));
  return { url: `${source.frameUrl}/rendered?viewport=${width},${height}&${source.query}`, width, height, stretch: source.stretch };
}

/** The preview of `imageId` (a wadors: frame id) fitted in `bound` device pixels; null as previewSource. */
export function renderedPreviewRequest(
  imageId: string,
  metadata: DicomJson,
  modality: string,
  bound: { width: number; height: number },
): PreviewRequest | null {
  const source = previewSource(imageId, metadata, modality);
  return source && previewRequest(source, bound);
}

/** At most 6 decimals, no exponent (the gateway admits plain decimals only). */
function decimal(value: number): string {
  return String(Number(value.toFixed(6)));
}

/**
 * Grey level → grey level of the percentile window over an 8-bit preview (RGBA, grey in every channel):
 * `percentileWindow` is voiFromHistogram (voi.ts), the full image's first window, so both show the same
 * contrast. Self-contained, taking its window rule as an argument, for the page's inline script (as previewRequest).
 */
export function previewStretchLut(rgba: ArrayLike<number>, percentileWindow: (grey: Uint8Array) => Voi | null): Uint8Array {
  // A regular sample of at most 65,536 pixels: percentiles of 256 grey levels need no more, and the page runs this
  // cold (interpreted) before its first paint, where the whole 956×900 preview took 18 ms.
  const pixels = Math.floor(rgba.length / 4);
  const step = Math.max(1, Math.ceil(pixels / 65_536));
  const grey = new Uint8Array(Math.ceil(pixels / step));
  for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * step * 4];
  const lut = new Uint8Array(256);
  const voi = percentileWindow(grey);
  if (!voi) return lut.map((_, i) => i);
  const lower = voi.windowCenter - voi.windowWidth / 2;
  for (let i = 0; i < 256; i++) lut[i] = Math.max(0, Math.min(255, Math.round(((i - lower) / voi.windowWidth) * 255)));
  return lut;
}
