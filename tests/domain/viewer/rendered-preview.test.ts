import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { previewStretchLut, renderedPreviewRequest } from '../../../src/domain/viewer/rendered-preview';
import { voiFromHistogram } from '../../../src/domain/viewer/voi';

const FRAME = '/dicom-web/studies/1.2/series/1.3/instances/1.4/frames/1';
const IMAGE_ID = `wadors:http://localhost${FRAME}`;
const SCREEN = { width: 1280, height: 720 };

function image(fields: Record<string, unknown[]>): DicomJson {
  const ds: DicomJson = {};
  for (const [tag, Value] of Object.entries(fields)) ds[tag] = { vr: 'DS', Value: Value as never };
  return ds;
}

const cr = (extra: Record<string, unknown[]> = {}) => image({ '00280010': [1841], '00280011': [1955], '00280101': [15], ...extra });
const ct = (extra: Record<string, unknown[]> = {}) => image({ '00280010': [512], '00280011': [512], '00280101': [12], ...extra });

describe('renderedPreviewRequest', () => {
  it('asks for the frame fitted in the screen, with the DICOM window the viewer starts with', () => {
    const request = renderedPreviewRequest(IMAGE_ID, ct({ '00281050': [40, -600], '00281051': [350, 1200] }), 'CT', SCREEN);
    expect(request).toEqual({
      url: `http://localhost${FRAME}/rendered?viewport=512,512&window=40,350,linear-exact&quality=90`,
      width: 512,
      height: 512,
      stretch: false,
    });
  });

  it('scales a large radiograph down to the screen, keeping its aspect', () => {
    const request = renderedPreviewRequest(IMAGE_ID, cr({ '00281050': [1800], '00281051': [2000] }), 'CR', SCREEN);
    expect(request).toMatchObject({ width: 765, height: 720, stretch: false });
    expect(request?.url).toContain('viewport=765,720&window=1800,2000,linear-exact');
  });

  it.each([
    ['no VOI tags', cr()],
    ['a window spanning the whole 15-bit range', cr({ '00281050': [15000], '00281051': [30000] })],
  ])('a CR with %s gets the whole range, stretched in the browser with the viewer percentiles', (_, metadata) => {
    const request = renderedPreviewRequest(IMAGE_ID, metadata, 'CR', SCREEN);
    expect(request?.stretch).toBe(true);
    expect(request?.url).not.toContain('window=');
  });

  it('writes windows as plain decimals', () => {
    expect(renderedPreviewRequest(IMAGE_ID, ct({ '00281050': [-600.25], '00281051': [1500] }), 'CT', SCREEN)?.url).toContain('window=-600.25,1500,');
  });

  it.each([
    ['unknown size', image({ '00280010': [512] })],
    ['non-square pixels', ct({ '00280030': [0.5, 0.7] })],
    ['non-square imager pixels', ct({ '00181164': [0.2, 0.1] })],
    ['a palette', ct({ '00280004': ['PALETTE COLOR'] })],
  ])('none for %s', (_, metadata) => {
    expect(renderedPreviewRequest(IMAGE_ID, metadata, 'CT', SCREEN)).toBeNull();
  });

  it('none for a frame that is not a WADO-RS imageId', () => {
    expect(renderedPreviewRequest(`wadouri:http://localhost/x.dcm`, ct(), 'CT', SCREEN)).toBeNull();
  });

  it('square spacing (also zero spacing, as real CR has) keeps the preview', () => {
    expect(renderedPreviewRequest(IMAGE_ID, ct({ '00280030': [0.65, 0.65] }), 'CT', SCREEN)).not.toBeNull();
    expect(renderedPreviewRequest(IMAGE_ID, cr({ '00280030': [0, 0] }), 'CR', SCREEN)).not.toBeNull();
  });
});

describe('previewStretchLut', () => {
  const rgba = (greys: number[]) => greys.flatMap((g) => [g, g, g, 255]);

  it('maps the 0.5–99.5 percentile range of the preview onto 0..255', () => {
    const greys = Array.from({ length: 1000 }, (_, i) => 50 + Math.floor(i / 10)); // 50..149, evenly
    const lut = previewStretchLut(rgba(greys), voiFromHistogram);
    expect(lut[50]).toBe(0);
    expect(lut[149]).toBe(255);
    expect(lut[100]).toBeGreaterThan(120);
    expect(lut[100]).toBeLessThan(135);
    expect(lut[10]).toBe(0);
    expect(lut[200]).toBe(255);
  });

  it('runs from its own source, as the page inlines it', () => {
    const greys = Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    const inlined = new Function(`return (${previewStretchLut.toString()})(arguments[0], ${voiFromHistogram.toString()})`);
    expect([...(inlined(rgba(greys)) as Uint8Array)]).toEqual([...previewStretchLut(rgba(greys), voiFromHistogram)]);
  });

  it('reads a regular sample of a large preview: the window of the whole within one grey level', () => {
    // A 956×900 preview whose grey levels follow a ramp with texture: every sample step sees every level.
    const greys = Array.from({ length: 956 * 900 }, (_, i) => 40 + Math.floor((i % 997) / 5.5));
    const sampled = previewStretchLut(rgba(greys), voiFromHistogram);
    const whole = new Uint8Array(256);
    const voi = voiFromHistogram(Uint8Array.from(greys))!;
    for (let g = 0; g < 256; g++) whole[g] = Math.max(0, Math.min(255, Math.round(((g - (voi.windowCenter - voi.windowWidth / 2)) / voi.windowWidth) * 255)));
    expect(Math.max(...sampled.map((v, g) => Math.abs(v - whole[g])))).toBeLessThanOrEqual(1);
  });

  it('is the identity for an empty preview', () => {
    expect([...previewStretchLut([], voiFromHistogram)]).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });
});
