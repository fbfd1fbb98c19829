/** A single-channel image of float values, the input of every model (see models/PREPROCESSING.md). */
export interface GrayImage {
  width: number;
  height: number;
  /** Row-major, `width * height` values. */
  data: Float32Array;
  /** True for MONOCHROME1 (high values are dark): preprocessing inverts after windowing. */
  invert: boolean;
}

/** Pixel physical size in millimetres: row spacing (vertical) then column spacing (horizontal), as in DICOM. */
export type PixelSpacingMm = readonly [row: number, column: number];

const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/**
 * Gray image from interleaved 8/16-bit pixels with 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels.
 * Colour becomes luminance 0.299 R + 0.587 G + 0.114 B; alpha is ignored.
 */
export function grayFromPixels(pixels: ArrayLike<number>, width: number, height: number, channels: 1 | 2 | 3 | 4, invert = false): GrayImage {
  const n = width * height;
  if (pixels.length < n * channels) {
    throw new Error(`pixel buffer holds ${pixels.length} values, ${width}x${height}x${channels} needs ${n * channels}`);
  }
  const data = new Float32Array(n);
  if (channels <= 2) {
    for (let i = 0; i < n; i++) data[i] = pixels[i * channels];
  } else {
    for (let i = 0; i < n; i++) {
      const p = i * channels;
      data[i] = LUMA_R * pixels[p] + LUMA_G * pixels[p + 1] + LUMA_B * pixels[p + 2];
    }
  }
  return { width, height, data, invert };
}

/** The image mirrored left↔right. */
export function mirrorImage(image: GrayImage): GrayImage {
  const { width, height, data } = image;
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = data[row + width - 1 - x];
  }
  return { ...image, data: out };
}

/** The image rotated clockwise by `degrees` (0, 90, 180 or 270). */
export function rotateImageClockwise(image: GrayImage, degrees: 0 | 90 | 180 | 270): GrayImage {
  if (degrees === 0) return image;
  const { width: w, height: h, data } = image;
  const out = new Float32Array(data.length);
  const turned = degrees !== 180;
  const ow = turned ? h : w;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // (x, y) lands at (ox, oy) in the output.
      let ox: number, oy: number;
      if (degrees === 90) {
        ox = h - 1 - y;
        oy = x;
      } else if (degrees === 180) {
        ox = w - 1 - x;
        oy = h - 1 - y;
      } else {
        ox = y;
        oy = w - 1 - x;
      }
      out[oy * ow + ox] = data[y * w + x];
    }
  }
  return { ...image, width: ow, height: turned ? w : h, data: out };
}
