import type { GrayImage } from '../image';
import { grayFromPixels } from '../image';

/** The image pixel module attributes needed to decode one uncompressed frame. */
export interface FrameAttributes {
  rows: number;
  columns: number;
  bitsAllocated: number;
  /** Defaults to bitsAllocated. */
  bitsStored?: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  /** 0 interleaved (default), 1 planar; colour only. */
  planarConfiguration?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  /** Explicit VR Big Endian files; DICOMweb frames and other syntaxes are little endian. */
  bigEndian?: boolean;
}

export class UnsupportedPixelDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPixelDataError';
  }
}

const MONOCHROME = ['MONOCHROME1', 'MONOCHROME2'];
const COLOUR = ['RGB', 'YBR_FULL', 'YBR_FULL_422'];

function photometric(attrs: FrameAttributes): string {
  return attrs.photometricInterpretation.trim().toUpperCase();
}

/** Bytes of one frame; YBR_FULL_422 stores two samples per pixel (Y Y Cb Cr per pixel pair). */
export function frameByteLength(attrs: FrameAttributes): number {
  const samples = photometric(attrs) === 'YBR_FULL_422' ? 2 : attrs.samplesPerPixel;
  return attrs.rows * attrs.columns * samples * (attrs.bitsAllocated / 8);
}

/** Raw 8/16-bit words of a frame in host order (little endian), copying only when unaligned or big endian. */
function words(bytes: Uint8Array, attrs: FrameAttributes): Uint8Array | Uint16Array {
  if (attrs.bitsAllocated === 8) return bytes;
  const n = bytes.byteLength >> 1;
  if (attrs.bigEndian) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Uint16Array.from({ length: n }, (_, i) => view.getUint16(i * 2, false));
  }
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  return new Uint16Array(aligned.buffer, aligned.byteOffset, n);
}

/** Stored values of a monochrome frame as signed/unsigned integers, masked to BitsStored. */
function monochromeValues(bytes: Uint8Array, attrs: FrameAttributes): Float32Array {
  const raw = words(bytes, attrs);
  const n = attrs.rows * attrs.columns;
  const out = new Float32Array(n);
  const stored = attrs.bitsStored ?? attrs.bitsAllocated;
  const mask = (1 << stored) - 1;
  const range = 1 << stored;
  const signBit = 1 << (stored - 1);
  const signed = attrs.pixelRepresentation === 1;
  for (let i = 0; i < n; i++) {
    const v = raw[i] & mask;
    out[i] = signed && v & signBit ? v - range : v;
  }
  return out;
}

/** Y samples of a YBR frame: the luminance 0.299 R + 0.587 G + 0.114 B of its RGB conversion. */
function ybrLuma(bytes: Uint8Array, attrs: FrameAttributes, n: number): Float32Array {
  const out = new Float32Array(n);
  if (photometric(attrs) === 'YBR_FULL_422') {
    for (let i = 0; i < n; i++) out[i] = bytes[4 * (i >> 1) + (i & 1)];
  } else if (attrs.planarConfiguration === 1) {
    out.set(bytes.subarray(0, n));
  } else {
    for (let i = 0; i < n; i++) out[i] = bytes[3 * i];
  }
  return out;
}

function colourImage(bytes: Uint8Array, attrs: FrameAttributes): GrayImage {
  const { columns: width, rows: height } = attrs;
  const n = width * height;
  if (attrs.bitsAllocated !== 8) throw new UnsupportedPixelDataError(`colour with BitsAllocated ${attrs.bitsAllocated} is not supported`);
  if (photometric(attrs) !== 'RGB') return { width, height, data: ybrLuma(bytes, attrs, n), invert: false };
  if (attrs.planarConfiguration !== 1) return grayFromPixels(bytes, width, height, 3);
  const interleaved = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    interleaved[3 * i] = bytes[i];
    interleaved[3 * i + 1] = bytes[n + i];
    interleaved[3 * i + 2] = bytes[2 * n + i];
  }
  return grayFromPixels(interleaved, width, height, 3);
}

/**
 * Gray image from uncompressed pixel data: stored value × RescaleSlope + RescaleIntercept for monochrome
 * (invert = MONOCHROME1), luminance for RGB/YBR. `frameIndex` picks a frame of multi-frame pixel data.
 */
export function grayFromDicomFrame(pixelData: Uint8Array, attrs: FrameAttributes, frameIndex = 0): GrayImage {
  const pi = photometric(attrs);
  if (!MONOCHROME.includes(pi) && !COLOUR.includes(pi)) throw new UnsupportedPixelDataError(`photometric interpretation ${pi} is not supported`);
  if (attrs.bitsAllocated !== 8 && attrs.bitsAllocated !== 16) throw new UnsupportedPixelDataError(`BitsAllocated ${attrs.bitsAllocated} is not supported`);
  const expectedSamples = MONOCHROME.includes(pi) ? 1 : 3;
  if (attrs.samplesPerPixel !== expectedSamples) {
    throw new UnsupportedPixelDataError(`SamplesPerPixel ${attrs.samplesPerPixel} does not fit ${pi}`);
  }
  if (!(attrs.rows > 0 && attrs.columns > 0)) throw new UnsupportedPixelDataError(`frame size ${attrs.columns}x${attrs.rows}`);
  const length = frameByteLength(attrs);
  const start = frameIndex * length;
  if (pixelData.byteLength < start + length) {
    throw new UnsupportedPixelDataError(`pixel data holds ${pixelData.byteLength} bytes, frame ${frameIndex} needs ${start + length}`);
  }
  const bytes = pixelData.subarray(start, start + length);
  if (expectedSamples === 3) return colourImage(bytes, attrs);

  const data = monochromeValues(bytes, attrs);
  const slope = attrs.rescaleSlope ?? 1;
  const intercept = attrs.rescaleIntercept ?? 0;
  if (slope !== 1 || intercept !== 0) for (let i = 0; i < data.length; i++) data[i] = data[i] * slope + intercept;
  return { width: attrs.columns, height: attrs.rows, data, invert: pi === 'MONOCHROME1' };
}
