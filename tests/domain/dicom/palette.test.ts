import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { inlinePaletteLuts, lutWords, needsPaletteInlining } from '../../../src/domain/dicom/palette';
import { nonImageKind } from '../../../src/domain/study/series';

const bulk = (name: string) => ({ vr: 'OW', BulkDataURI: `http://app/dicom-web/bulk/${name}` });
const palette: DicomJson = {
  '00080018': { vr: 'UI', Value: ['1'] },
  '00280004': { vr: 'CS', Value: ['PALETTE COLOR'] },
  '00280010': { vr: 'US', Value: [2] },
  '00280011': { vr: 'US', Value: [2] },
  '00281201': bulk('red'),
  '00281202': bulk('green'),
  '00281203': bulk('blue'),
};

describe('PALETTE COLOR lookup tables', () => {
  it('reads OW as little-endian 16-bit words', () => {
    expect(lutWords(Uint8Array.from([1, 0, 0, 1, 0xff, 0xff]))).toEqual([1, 256, 65535]);
  });

  it('inlines the three tables fetched from their BulkDataURIs', async () => {
    const asked: string[] = [];
    const inlined = await inlinePaletteLuts(palette, async (uri) => {
      asked.push(uri.split('/').pop()!);
      return Uint8Array.from([asked.length, 0]);
    });
    expect(asked).toEqual(['red', 'green', 'blue']);
    expect(['00281201', '00281202', '00281203'].map((t) => inlined[t]?.Value)).toEqual([[1], [2], [3]]);
    expect(needsPaletteInlining(inlined)).toBe(false);
    expect(nonImageKind(inlined)).toBeNull();
  });

  it('an unreadable palette is listed as not displayable instead of hanging the viewer', () => {
    expect(needsPaletteInlining(palette)).toBe(true);
    expect(nonImageKind(palette)).toMatch(/Palette colour image/);
  });

  it('leaves other images alone', () => {
    expect(needsPaletteInlining({ '00280004': { vr: 'CS', Value: ['MONOCHROME2'] } })).toBe(false);
  });
});
