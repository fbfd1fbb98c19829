import type { LetterboxGeometry } from '../preprocess';
import { sourceToModel } from '../preprocess';
import { type AxisTaps, axisTaps, type Grid, resampleWithTaps, thresholdWithTaps } from '../../image/bilinear';

/** A row-major map on the model canvas: `width × height` cells covering the `S × S` canvas. */
export type ModelMap = Grid;

/** Taps for `outSize` source pixel centres spread over `sourceSize`, as positions on a map of `mapScale` cells per model pixel. */
function sourceCentreTaps(outSize: number, sourceSize: number, toModel: (s: number) => number, mapScale: number, lo: number, hi: number): AxisTaps {
  return axisTaps(outSize, (o) => (toModel((o + 0.5) * (sourceSize / outSize) - 0.5) + 0.5) * mapScale - 0.5, lo, hi);
}

/** Taps of source pixel centres on the map; with `clampToContent` they stay inside the letterbox content. */
function sourceTaps(map: ModelMap, g: LetterboxGeometry, outWidth: number, outHeight: number, clampToContent: boolean): [AxisTaps, AxisTaps] {
  const sx = map.width / g.size;
  const sy = map.height / g.size;
  const [xlo, xhi] = clampToContent ? [g.ox * sx, (g.ox + g.nw - 1) * sx] : [0, map.width - 1];
  const [ylo, yhi] = clampToContent ? [g.oy * sy, (g.oy + g.nh - 1) * sy] : [0, map.height - 1];
  return [
    sourceCentreTaps(outWidth, g.sourceWidth, (x) => sourceToModel(g, x, 0).x, sx, xlo, xhi),
    sourceCentreTaps(outHeight, g.sourceHeight, (y) => sourceToModel(g, 0, y).y, sy, ylo, yhi),
  ];
}

/**
 * Samples a model-canvas map at source pixel centres (bilinear). The output grid of `outWidth × outHeight`
 * covers the whole source image (equal to the source size for full resolution). With `clampToContent`,
 * samples stay inside the letterbox content (masks); otherwise inside the map (coarse Grad-CAM grids).
 */
export function modelMapToSource(map: ModelMap, g: LetterboxGeometry, outWidth: number, outHeight: number, clampToContent: boolean): Float32Array {
  const [xt, yt] = sourceTaps(map, g, outWidth, outHeight, clampToContent);
  return resampleWithTaps(map, xt, yt, new Float32Array(outWidth * outHeight));
}

/** A probability map sampled at every source pixel centre inside the content, `> threshold`: the mask and its size. */
export function modelMapToSourceMask(map: ModelMap, g: LetterboxGeometry, threshold: number): { data: Uint8Array; pixelCount: number } {
  const [xt, yt] = sourceTaps(map, g, g.sourceWidth, g.sourceHeight, true);
  const data = new Uint8Array(g.sourceWidth * g.sourceHeight);
  return { data, pixelCount: thresholdWithTaps(map, xt, yt, threshold, data) };
}
