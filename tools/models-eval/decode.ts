import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { convertIndexedToRgb, decode as decodePngBytes } from 'fast-png';
import dicomParser from 'dicom-parser';
import { grayFromPixels, type GrayImage } from '../../src/domain/ai/image';
import { grayFromDicomFrame, UnsupportedPixelDataError, type FrameAttributes } from '../../src/domain/ai/dicom/frame';

/** An input the evaluation cannot use; counted per reason, never fatal. */
export class SkipImage extends Error {}

const UNCOMPRESSED = new Map([
  ['1.2.840.10008.1.2', 'implicit VR little endian'],
  ['1.2.840.10008.1.2.1', 'explicit VR little endian'],
  ['1.2.840.10008.1.2.1.99', 'deflated explicit VR little endian'],
  ['1.2.840.10008.1.2.2', 'explicit VR big endian'],
]);
const BIG_ENDIAN = '1.2.840.10008.1.2.2';

export function decodePng(bytes: Uint8Array): GrayImage {
  const png = decodePngBytes(bytes);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    return grayFromPixels(rgb, png.width, png.height, (rgb.length / (png.width * png.height)) as 3 | 4);
  }
  if (png.depth < 8) throw new SkipImage(`PNG bit depth ${png.depth}`);
  return grayFromPixels(png.data, png.width, png.height, png.channels as 1 | 2 | 3 | 4);
}

/** Deflated data sets: dicom-parser's own Node path needs a Buffer, so inflate here. */
function inflateDataSet(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRawSync(bytes.subarray(position));
  const full = new Uint8Array(position + inflated.length);
  full.set(bytes.subarray(0, position));
  full.set(inflated, position);
  return full;
}

function required(value: number | undefined, name: string): number {
  if (value === undefined || Number.isNaN(value)) throw new SkipImage(`DICOM without ${name}`);
  return value;
}

/** First frame of an uncompressed DICOM file (files without a Part 10 header are read as implicit VR LE). */
export function decodeDicom(bytes: Uint8Array): GrayImage {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, { TransferSyntaxUID: '1.2.840.10008.1.2', inflater: inflateDataSet as never });
  } catch (e) {
    throw new SkipImage(`DICOM parse error: ${String((e as { exception?: unknown }).exception ?? e).slice(0, 80)}`);
  }
  const syntax = (ds.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (!UNCOMPRESSED.has(syntax)) throw new SkipImage(`compressed transfer syntax ${syntax || '(none)'}`);
  const pixel = ds.elements.x7fe00010;
  if (!pixel) throw new SkipImage('DICOM without Pixel Data');
  if (pixel.encapsulatedPixelData) throw new SkipImage('encapsulated pixel data in an uncompressed syntax');
  const attrs: FrameAttributes = {
    rows: required(ds.uint16('x00280010'), 'Rows'),
    columns: required(ds.uint16('x00280011'), 'Columns'),
    bitsAllocated: required(ds.uint16('x00280100'), 'BitsAllocated'),
    bitsStored: ds.uint16('x00280101'),
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    photometricInterpretation: ds.string('x00280004') ?? 'MONOCHROME2',
    planarConfiguration: ds.uint16('x00280006'),
    rescaleSlope: ds.floatString('x00281053'),
    rescaleIntercept: ds.floatString('x00281052'),
    bigEndian: syntax === BIG_ENDIAN,
  };
  const data = new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + pixel.dataOffset, Math.min(pixel.length, ds.byteArray.length - pixel.dataOffset));
  try {
    return grayFromDicomFrame(data, attrs);
  } catch (e) {
    if (e instanceof UnsupportedPixelDataError) throw new SkipImage(e.message);
    throw e;
  }
}

/** PNG or DICOM (by content, then by extension) into a gray image; SkipImage says why not. */
export function decodeImageFile(path: string): GrayImage {
  const bytes = new Uint8Array(readFileSync(path));
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (isPng) return decodePng(bytes);
  if (['.dcm', '.dicom', ''].includes(extname(path).toLowerCase()) || String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM') {
    return decodeDicom(bytes);
  }
  throw new SkipImage(`unsupported file type ${extname(path)}`);
}

/** Lung mask PNG: 255 = lung, 127 = ignored (pacemakers, markup), anything else background. */
export interface TruthMask {
  width: number;
  height: number;
  truth: Uint8Array;
  valid: Uint8Array;
}

export function decodeMask(path: string): TruthMask {
  const gray = decodePng(new Uint8Array(readFileSync(path)));
  const n = gray.width * gray.height;
  const truth = new Uint8Array(n);
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = gray.data[i];
    truth[i] = v === 255 ? 1 : 0;
    valid[i] = v === 127 ? 0 : 1;
  }
  return { width: gray.width, height: gray.height, truth, valid };
}
