/** Where the (box-downsampled) image sits on the square model canvas: steps 1–2 of dokuei-xr-v1. */
export interface LetterboxGeometry {
  /** Source image size. */
  sourceWidth: number;
  sourceHeight: number;
  /** Box factor (1 when no box step ran) and the size after the box step. */
  k: number;
  w1: number;
  h1: number;
  /** Canvas side S, content size and offset on the canvas. */
  size: number;
  nw: number;
  nh: number;
  ox: number;
  oy: number;
}

export function letterboxGeometry(sourceWidth: number, sourceHeight: number, size: number, k: number): LetterboxGeometry {
  const w1 = k >= 2 ? Math.floor(sourceWidth / k) : sourceWidth;
  const h1 = k >= 2 ? Math.floor(sourceHeight / k) : sourceHeight;
  const s = size / Math.max(w1, h1);
  const nw = Math.max(1, Math.floor(w1 * s + 0.5));
  const nh = Math.max(1, Math.floor(h1 * s + 0.5));
  return {
    sourceWidth,
    sourceHeight,
    k,
    w1,
    h1,
    size,
    nw,
    nh,
    ox: Math.floor((size - nw) / 2),
    oy: Math.floor((size - nh) / 2),
  };
}

export interface Point {
  x: number;
  y: number;
}

/** Model pixel centre (u, v) → source pixel coordinates (pixel centres at integers). */
export function modelToSource(g: LetterboxGeometry, u: number, v: number): Point {
  return {
    x: (u - g.ox + 0.5) * (g.w1 / g.nw) * g.k - 0.5,
    y: (v - g.oy + 0.5) * (g.h1 / g.nh) * g.k - 0.5,
  };
}

/** Source pixel coordinates → model canvas coordinates: the exact inverse of `modelToSource`. */
export function sourceToModel(g: LetterboxGeometry, x: number, y: number): Point {
  return {
    x: ((x + 0.5) / g.k) * (g.nw / g.w1) + g.ox - 0.5,
    y: ((y + 0.5) / g.k) * (g.nh / g.h1) + g.oy - 0.5,
  };
}

/** True when model pixel (u, v) holds image content, false for padding. */
export function isContentPixel(g: LetterboxGeometry, u: number, v: number): boolean {
  return u >= g.ox && u < g.ox + g.nw && v >= g.oy && v < g.oy + g.nh;
}
