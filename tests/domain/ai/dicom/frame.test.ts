import { describe, expect, it } from 'vitest';
import { frameByteLength, grayFromDicomFrame, UnsupportedPixelDataError, type FrameAttributes } from '../../../../src/domain/ai/dicom/frame';

const mono = (over: Partial<FrameAttributes>): FrameAttributes => ({
  rows: 1,
  columns: 2,
  bitsAllocated: 16,
  pixelRepresentation: 0,
  samplesPerPixel: 1,
  photometricInterpretation: 'MONOCHROME2',
  ...over,
});

function u16(values: number[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint16(i * 2, v & 0xffff, littleEndian));
  return out;
}

describe('grayFromDicomFrame', () => {
  it.each([
    { name: '8-bit unsigned', attrs: mono({ bitsAllocated: 8 }), bytes: Uint8Array.from([0, 255]), want: [0, 255], invert: false },
    { name: '16-bit unsigned', attrs: mono({}), bytes: u16([1000, 65535]), want: [1000, 65535], invert: false },
    { name: '16-bit signed', attrs: mono({ pixelRepresentation: 1 }), bytes: u16([-1024, 3071]), want: [-1024, 3071], invert: false },
    {
      name: '12 of 16 bits signed (sign-extended)',
      attrs: mono({ pixelRepresentation: 1, bitsStored: 12 }),
      bytes: u16([0x0fff, 0x0800]),
      want: [-1, -2048],
      invert: false,
    },
    { name: '12 of 16 bits unsigned, high bits masked', attrs: mono({ bitsStored: 12 }), bytes: u16([0xf123, 0x0fff]), want: [0x123, 0xfff], invert: false },
    { name: 'rescale slope/intercept', attrs: mono({ rescaleSlope: 2, rescaleIntercept: -1024 }), bytes: u16([0, 1000]), want: [-1024, 976], invert: false },
    { name: 'MONOCHROME1 sets invert', attrs: mono({ photometricInterpretation: 'MONOCHROME1 ' }), bytes: u16([5, 6]), want: [5, 6], invert: true },
    { name: 'big endian', attrs: mono({ bigEndian: true }), bytes: u16([0x1234, 7], false), want: [0x1234, 7], invert: false },
    {
      name: 'RGB interleaved',
      attrs: mono({ bitsAllocated: 8, samplesPerPixel: 3, photometricInterpretation: 'RGB' }),
      bytes: Uint8Array.from([255, 0, 0, 0, 0, 255]),
      want: [0.299 * 255, 0.114 * 255],
      invert: false,
    },
    {
      name: 'RGB planar',
      attrs: mono({ bitsAllocated: 8, samplesPerPixel: 3, photometricInterpretation: 'RGB', planarConfiguration: 1 }),
      bytes: Uint8Array.from([255, 0, 0, 0, 0, 255]),
      want: [0.299 * 255, 0.114 * 255],
      invert: false,
    },
    {
      name: 'YBR_FULL takes Y',
      attrs: mono({ bitsAllocated: 8, samplesPerPixel: 3, photometricInterpretation: 'YBR_FULL' }),
      bytes: Uint8Array.from([10, 128, 128, 200, 1, 2]),
      want: [10, 200],
      invert: false,
    },
    {
      name: 'YBR_FULL_422 takes Y of each pair',
      attrs: mono({ bitsAllocated: 8, samplesPerPixel: 3, photometricInterpretation: 'YBR_FULL_422' }),
      bytes: Uint8Array.from([10, 20, 128, 128]),
      want: [10, 20],
      invert: false,
    },
  ])('$name', ({ attrs, bytes, want, invert }) => {
    const g = grayFromDicomFrame(bytes, attrs);
    expect([g.width, g.height, g.invert]).toEqual([2, 1, invert]);
    Array.from(g.data).forEach((v, i) => expect(v).toBeCloseTo(want[i], 3));
  });

  it('picks a frame of multi-frame data', () => {
    const g = grayFromDicomFrame(u16([1, 2, 3, 4, 5, 6]), mono({}), 2);
    expect(Array.from(g.data)).toEqual([5, 6]);
    expect(frameByteLength(mono({}))).toBe(4);
  });

  it.each([
    { name: 'palette colour', attrs: mono({ photometricInterpretation: 'PALETTE COLOR' }), error: /PALETTE COLOR/ },
    { name: '12-bit allocation', attrs: mono({ bitsAllocated: 12 }), error: /BitsAllocated 12/ },
    { name: 'RGB with one sample', attrs: mono({ photometricInterpretation: 'RGB' }), error: /SamplesPerPixel 1/ },
    { name: 'short pixel data', attrs: mono({ rows: 2 }), error: /needs 8/ },
  ])('refuses $name', ({ attrs, error }) => {
    expect(() => grayFromDicomFrame(u16([1, 2]), attrs)).toThrow(UnsupportedPixelDataError);
    expect(() => grayFromDicomFrame(u16([1, 2]), attrs)).toThrow(error);
  });
});
