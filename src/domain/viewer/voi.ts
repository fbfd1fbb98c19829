/** Window/level: presets, conversions and the initial VOI rule. Pure, no Cornerstone. */

export interface Voi {
  windowWidth: number;
  windowCenter: number;
}

export interface VoiRange {
  lower: number;
  upper: number;
}

export type VoiPresetName = 'lung' | 'mediastinum' | 'bone';

/** Classic CT presets in Hounsfield units. */
export const VOI_PRESETS: Record<VoiPresetName, Voi> = {
  lung: { windowWidth: 1500, windowCenter: -600 },
  mediastinum: { windowWidth: 350, windowCenter: 50 },
  bone: { windowWidth: 2000, windowCenter: 300 },
};

/** Cornerstone works in ranges; DICOM and readers think in width/centre. Linear VOI (PS3.3 C.11.2.1.2). */
export function voiToRange({ windowWidth, windowCenter }: Voi): VoiRange {
  return { lower: windowCenter - windowWidth / 2, upper: windowCenter + windowWidth / 2 };
}

export function rangeToVoi({ lower, upper }: VoiRange): Voi {
  return { windowWidth: upper - lower, windowCenter: (lower + upper) / 2 };
}

/**
 * Percentile window over modality values (after rescale). Used for CR/DX without VOI tags, where
 * min/max would be dominated by collimator edges and burnt-in markers and the image looks binary.
 * Self-contained on purpose: the page's inline script runs this very function's source to stretch a
 * preview the way the viewer will (tools/vite/viewer-preload-plugin.ts).
 */
export function voiFromHistogram(
  storedValues: ArrayLike<number>,
  rescale: { slope: number; intercept: number } = { slope: 1, intercept: 0 },
  percentiles: [number, number] = [0.5, 99.5],
): Voi | null {
  // Pixels looked at: a regular subsample of larger images. It runs on the main thread before the first
  // image is drawn; half a million samples put a percentile within 0.01 %.
  const histogramSamples = 1 << 19;
  const binAtRank = (bins: Uint32Array, rank: number): number => {
    let seen = 0;
    for (let i = 0; i < bins.length; i++) {
      seen += bins[i];
      if (seen > rank) return i;
    }
    return bins.length - 1;
  };
  const step = Math.max(1, Math.floor(storedValues.length / histogramSamples));
  const n = Math.ceil(storedValues.length / step);
  if (n === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < storedValues.length; i += step) {
    const v = storedValues[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  // Integer histogram over the stored range (≤ 64k bins for 16-bit), so no full sort of a 3.6 M-pixel CR.
  const offset = Math.floor(min);
  const bins = new Uint32Array(Math.floor(max) - offset + 1);
  for (let i = 0; i < storedValues.length; i += step) bins[Math.floor(storedValues[i]) - offset]++;
  const lowStored = offset + binAtRank(bins, (percentiles[0] / 100) * (n - 1));
  const highStored = offset + binAtRank(bins, (percentiles[1] / 100) * (n - 1));
  const a = lowStored * rescale.slope + rescale.intercept;
  const b = highStored * rescale.slope + rescale.intercept;
  const lower = Math.min(a, b);
  const upper = Math.max(a, b) > lower ? Math.max(a, b) : lower + 1;
  return { windowWidth: upper - lower, windowCenter: (lower + upper) / 2 };
}

/** VOI tags may be multi-valued (several windows); the first pair is the default one. */
export function voiFromTags(windowCenter: number[] | undefined, windowWidth: number[] | undefined): Voi | null {
  const c = windowCenter?.[0];
  const w = windowWidth?.[0];
  if (c === undefined || w === undefined || !Number.isFinite(c) || !Number.isFinite(w) || w <= 0) return null;
  return { windowWidth: w, windowCenter: c };
}

/** Projection radiographs get the histogram window when they carry no VOI tags. */
const HISTOGRAM_MODALITIES = new Set(['CR', 'DX', 'MG', 'RF', 'XA', 'PX', 'IO']);

/**
 * Projection radiographs get the histogram window when their VOI tags are absent or merely span
 * the whole stored range (e.g. W 30000 / L 15000 on 15-bit CR): such a window carries no contrast choice.
 */
export function needsHistogramVoi(modality: string | undefined, tagVoi: Voi | null, bitsStored: number | undefined): boolean {
  if (!HISTOGRAM_MODALITIES.has(modality ?? '')) return false;
  if (tagVoi === null) return true;
  return bitsStored !== undefined && tagVoi.windowWidth >= 0.9 * 2 ** bitsStored;
}
