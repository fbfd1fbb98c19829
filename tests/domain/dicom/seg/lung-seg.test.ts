import { describe, expect, it } from 'vitest';
import { resampleMaskNearest } from '../../../../src/domain/ai/postprocess/segmentation';
import { lungSeg } from '../../../../src/domain/dicom/seg/lung-seg';
import { fromPart10, toPart10, type NaturalDataset } from '../../../../src/domain/dicom/sr';
import { uidCounter } from '../sr/fixtures';

const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

/** A 6 × 4 DX image (natural dataset, as WADO-RS metadata naturalizes). */
const image: NaturalDataset = {
  StudyInstanceUID: '1.2.826.0.1.3680043.8.498.1001',
  SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.1002',
  SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
  SOPInstanceUID: '1.2.826.0.1.3680043.8.498.1003',
  PatientID: 'DOKUEI-0001',
  PatientName: [{ Alphabetic: 'Yamada^Taro' }],
  StudyDate: '20260101',
  Modality: 'DX',
  Rows: 4,
  Columns: 6,
  ImagerPixelSpacing: [0.4, 0.4],
};

/** A 3 × 2 labelmap over the image: right lung (1) in the left column, left lung (2) in the right one. */
const labels = { width: 3, height: 2, data: Uint8Array.from([1, 0, 2, 1, 0, 0]) };

/** Bits of one frame of a BINARY SEG's pixel data (frames packed back to back, LSB first). */
function frameBits(pixelData: ArrayBuffer, frame: number, pixels: number): number[] {
  const bytes = new Uint8Array(pixelData);
  return Array.from({ length: pixels }, (_, i) => {
    const bit = frame * pixels + i;
    return (bytes[bit >> 3] >> (bit & 7)) & 1;
  });
}

describe('lungSeg', () => {
  it('writes a BINARY DICOM SEG, one frame per lung, referencing the analysed image, that reads back', () => {
    const ds = fromPart10(toPart10(lungSeg({ source: image, labels, algorithm: { id: 'cxr-lungs', version: '1.0.0' }, newUid: uidCounter() })));
    expect([ds.SOPClassUID, ds.Modality, ds.SegmentationType, ds.StudyInstanceUID, ds.PatientID]).toEqual([
      SEGMENTATION_STORAGE,
      'SEG',
      'BINARY',
      image.StudyInstanceUID,
      'DOKUEI-0001',
    ]);
    expect([ds.SOPInstanceUID, ds.SeriesInstanceUID]).toEqual(['1.2.826.0.1.3680043.8.498.9.1', '1.2.826.0.1.3680043.8.498.9.2']);
    expect([ds.Rows, ds.Columns, ds.NumberOfFrames]).toEqual([4, 6, 2]);
    const series = (ds.ReferencedSeriesSequence as NaturalDataset[])[0];
    expect(series.SeriesInstanceUID).toBe(image.SeriesInstanceUID);
    expect((series.ReferencedInstanceSequence as NaturalDataset[])[0]).toMatchObject({
      ReferencedSOPClassUID: image.SOPClassUID,
      ReferencedSOPInstanceUID: image.SOPInstanceUID,
    });

    const segments = ds.SegmentSequence as NaturalDataset[];
    expect(segments.map((s) => [s.SegmentNumber, s.SegmentLabel, (s.SegmentedPropertyTypeCodeSequence as NaturalDataset[])[0].CodeValue])).toEqual([
      [1, 'Right lung', '3341006'],
      [2, 'Left lung', '44029006'],
    ]);
    expect(segments[0].SegmentAlgorithmName).toBe('cxr-lungs 1.0.0');
    const frames = ds.PerFrameFunctionalGroupsSequence as NaturalDataset[];
    expect(frames.map((f) => (f.SegmentIdentificationSequence as NaturalDataset[])[0].ReferencedSegmentNumber)).toEqual([1, 2]);
    const sourceRef = ((frames[0].DerivationImageSequence as NaturalDataset[])[0].SourceImageSequence as NaturalDataset[])[0];
    expect(sourceRef.ReferencedSOPInstanceUID).toBe(image.SOPInstanceUID);

    // The 3 × 2 labelmap stretched over 6 × 4: each label cell covers 2 × 2 image pixels.
    const pixelData = (ds.PixelData as ArrayBuffer[])[0];
    const right = frameBits(pixelData, 0, 24);
    const left = frameBits(pixelData, 1, 24);
    expect(right.join('')).toBe(['110000', '110000', '110000', '110000'].join(''));
    expect(left.join('')).toBe(['000011', '000011', '000000', '000000'].join(''));
  });

  it('packs frames back to back when a frame is not a whole number of bytes', () => {
    // 3 × 3 = 9 pixels: the left lung's frame starts at bit 1 of the second byte.
    const small = { width: 3, height: 3, data: Uint8Array.from([1, 0, 2, 1, 0, 2, 0, 0, 2]) };
    const ds = fromPart10(toPart10(lungSeg({ source: { ...image, Rows: 3, Columns: 3 }, labels: small, algorithm: { id: 'cxr-lungs', version: '1.0.0' } })));
    const pixelData = (ds.PixelData as ArrayBuffer[])[0];
    expect(pixelData.byteLength).toBe(4); // 18 bits, padded to an even length
    expect(frameBits(pixelData, 0, 9).join('')).toBe('100100000');
    expect(frameBits(pixelData, 1, 9).join('')).toBe('001001001');
  });

  it('packs the labelmap stretched over whole-byte rows (repeated rows copied) as resampling it pixel by pixel does', () => {
    // 5 × 3 labels over 16 × 11: rows of 2 bytes per frame, source rows repeated 3 or 4 times, columns unevenly.
    const labels5x3 = { width: 5, height: 3, data: Uint8Array.from([1, 1, 0, 2, 2, 1, 0, 0, 0, 2, 0, 1, 2, 2, 0]) };
    const source = { ...image, Rows: 11, Columns: 16 };
    const ds = fromPart10(toPart10(lungSeg({ source, labels: labels5x3, algorithm: { id: 'cxr-lungs', version: '1.0.0' } })));
    const pixelData = (ds.PixelData as ArrayBuffer[])[0];
    const stretched = Array.from(resampleMaskNearest(labels5x3, 16, 11).data);
    expect(frameBits(pixelData, 0, 176).join('')).toBe(stretched.map((v) => (v === 1 ? 1 : 0)).join(''));
    expect(frameBits(pixelData, 1, 176).join('')).toBe(stretched.map((v) => (v === 2 ? 1 : 0)).join(''));
  });

  it('refuses a source without an image size', () => {
    expect(() => lungSeg({ source: { ...image, Rows: undefined }, labels, algorithm: { id: 'm', version: '1' } })).toThrow(/Rows\/Columns/);
  });
});
