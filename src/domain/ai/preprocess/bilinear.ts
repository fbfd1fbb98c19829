import type { Raster } from './box-downsample';

/** Sample positions and weights along one axis for half-pixel-centre bilinear resizing (step 3). */
interface AxisTaps {
  i0: Int32Array;
  i1: Int32Array;
  f: Float64Array;
}

function axisTaps(inSize: number, outSize: number): AxisTaps {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const f = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const s = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inSize - 1);
    const a = Math.floor(s);
    i0[o] = a;
    i1[o] = Math.min(a + 1, inSize - 1);
    f[o] = s - a;
  }
  return { i0, i1, f };
}

/** Bilinear resize with half-pixel centres and edge clamping, arithmetic in float64. */
export function resizeBilinear(src: Raster, outWidth: number, outHeight: number): Raster {
  const xs = axisTaps(src.width, outWidth);
  const ys = axisTaps(src.height, outHeight);
  const out = new Float64Array(outWidth * outHeight);
  const w = src.width;
  const d = src.data;
  for (let y = 0; y < outHeight; y++) {
    const r0 = ys.i0[y] * w;
    const r1 = ys.i1[y] * w;
    const fy = ys.f[y];
    for (let x = 0; x < outWidth; x++) {
      const x0 = xs.i0[x];
      const x1 = xs.i1[x];
      const fx = xs.f[x];
      const top = (1 - fx) * d[r0 + x0] + fx * d[r0 + x1];
      const bottom = (1 - fx) * d[r1 + x0] + fx * d[r1 + x1];
      out[y * outWidth + x] = (1 - fy) * top + fy * bottom;
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}
