import type { LetterboxGeometry } from '../preprocess';
import { sourceToModel } from '../preprocess';

/** A row-major map on the model canvas: `width × height` cells covering the `S × S` canvas. */
export interface ModelMap {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

interface Taps {
  i0: Int32Array;
  i1: Int32Array;
  f: Float64Array;
}

/** Bilinear taps along one axis for `outSize` samples spread over `sourceSize` source pixels. */
function taps(outSize: number, sourceSize: number, toModel: (s: number) => number, mapScale: number, lo: number, hi: number): Taps {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const f = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const s = (o + 0.5) * (sourceSize / outSize) - 0.5;
    const m = Math.min(Math.max((toModel(s) + 0.5) * mapScale - 0.5, lo), hi);
    const a = Math.floor(m);
    i0[o] = a;
    i1[o] = Math.min(a + 1, hi);
    f[o] = m - a;
  }
  return { i0, i1, f };
}

/**
 * Samples a model-canvas map at source pixel centres (bilinear). The output grid of `outWidth × outHeight`
 * covers the whole source image (equal to the source size for full resolution). With `clampToContent`,
 * samples stay inside the letterbox content (masks); otherwise inside the map (coarse Grad-CAM grids).
 */
export function modelMapToSource(map: ModelMap, g: LetterboxGeometry, outWidth: number, outHeight: number, clampToContent: boolean): Float32Array {
  const sx = map.width / g.size;
  const sy = map.height / g.size;
  const [xlo, xhi] = clampToContent ? [g.ox * sx, (g.ox + g.nw - 1) * sx] : [0, map.width - 1];
  const [ylo, yhi] = clampToContent ? [g.oy * sy, (g.oy + g.nh - 1) * sy] : [0, map.height - 1];
  const xt = taps(outWidth, g.sourceWidth, (x) => sourceToModel(g, x, 0).x, sx, xlo, xhi);
  const yt = taps(outHeight, g.sourceHeight, (y) => sourceToModel(g, 0, y).y, sy, ylo, yhi);
  const out = new Float32Array(outWidth * outHeight);
  const d = map.data;
  const w = map.width;
  for (let y = 0; y < outHeight; y++) {
    const r0 = yt.i0[y] * w;
    const r1 = yt.i1[y] * w;
    const fy = yt.f[y];
    for (let x = 0; x < outWidth; x++) {
      const x0 = xt.i0[x];
      const x1 = xt.i1[x];
      const fx = xt.f[x];
      const top = (1 - fx) * d[r0 + x0] + fx * d[r0 + x1];
      const bottom = (1 - fx) * d[r1 + x0] + fx * d[r1 + x1];
      out[y * outWidth + x] = (1 - fy) * top + fy * bottom;
    }
  }
  return out;
}
