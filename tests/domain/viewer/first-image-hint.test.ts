import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { bytesOfBase64, firstImageHint, isFirstImageHint } from '../../../src/domain/viewer/first-image-hint';
import { previewRequest, renderedPreviewRequest } from '../../../src/domain/viewer/rendered-preview';
import { firstImageSeries, studySeries } from '../../../src/domain/study/series';

const STUDY = '1.2.3';
const SR_CLASS = '1.2.840.10008.5.1.4.1.1.88.22';

function dataset(fields: Record<string, unknown[]>): DicomJson {
  const ds: DicomJson = {};
  for (const [tag, Value] of Object.entries(fields)) ds[tag] = { vr: 'XX', Value: Value as never };
  return ds;
}

const seriesResult = (uid: string, number: number, modality: string) => dataset({ '0020000E': [uid], '00200011': [number], '00080060': [modality] });
const image = (series: string, sop: string, number: number, extra: Record<string, unknown[]> = {}) =>
  dataset({ '0020000E': [series], '00080018': [sop], '00200013': [number], '00280010': [512], '00280011': [512], '00280101': [12], ...extra });

const SERIES = [seriesResult('1.2.3.9', 9, 'SR'), seriesResult('1.2.3.2', 2, 'CT'), seriesResult('1.2.3.1', 1, 'CT')];
const METADATA = [
  dataset({ '0020000E': ['1.2.3.9'], '00080018': ['1.2.3.9.1'], '00080016': [SR_CLASS] }),
  image('1.2.3.2', '1.2.3.2.1', 1),
  image('1.2.3.1', '1.2.3.1.7', 7),
  image('1.2.3.1', '1.2.3.1.3', 3, { '00281050': [40], '00281051': [400] }),
];
const hint = firstImageHint(STUDY, SERIES, METADATA)!;

describe('firstImageHint', () => {
  it('names the frame the viewer shows first: lowest series number with images, lowest instance number', () => {
    expect(hint).toEqual({
      studyUid: STUDY,
      frameUrl: '/dicom-web/studies/1.2.3/series/1.2.3.1/instances/1.2.3.1.3/frames/1',
      columns: 512,
      rows: 512,
      query: 'window=40,400,linear-exact&quality=90',
      stretch: false,
      maxSide: 2048,
    });
  });

  it("gives the page the same preview request as the viewer's own, for any screen", () => {
    const first = firstImageSeries(studySeries('http://app/dicom-web', STUDY, SERIES, METADATA))!;
    for (const bound of [
      { width: 1280, height: 720 },
      { width: 300, height: 900 },
      { width: 5000, height: 4000 },
    ]) {
      const viewer = renderedPreviewRequest(first.imageIds[0], first.images[0].metadata, first.modality, bound);
      expect(previewRequest({ ...hint, frameUrl: `http://app${hint.frameUrl}` }, bound)).toEqual(viewer);
    }
  });

  it('names nothing where the viewer paints no preview first: palette tables to inline, non-square pixels, no image', () => {
    const palette = image('1.2.3.1', '1.2.3.1.3', 3, { '00280004': ['PALETTE COLOR'], '00281201': [] });
    expect(firstImageHint(STUDY, SERIES, [palette])).toBeNull();
    expect(firstImageHint(STUDY, SERIES, [image('1.2.3.1', '1.2.3.1.3', 3, { '00280030': [0.5, 0.25] })])).toBeNull();
    expect(firstImageHint(STUDY, SERIES, [METADATA[0]])).toBeNull();
  });
});

describe('isFirstImageHint (what the server writes into HTML)', () => {
  it('takes a hint', () => expect(isFirstImageHint(hint)).toBe(true));

  it.each([
    ['markup in the query', { query: 'quality=90</script><script>alert(1)</script>' }],
    ['a UID that is not digits and dots', { studyUid: '1.2.3"', frameUrl: '/dicom-web/studies/1.2.3"/series/1/instances/1/frames/1' }],
    ["another study's frame", { frameUrl: '/dicom-web/studies/9.9/series/1.2.3.1/instances/1.2.3.1.3/frames/1' }],
    ['a path out of the gateway', { frameUrl: '/api/admin/users/../../dicom-web/studies/1.2.3/series/1/instances/1/frames/1' }],
    ['a size that is not a whole number', { columns: 512.5 }],
    ['a string for a number', { rows: '512' }],
    ['a stretch that is not a boolean', { stretch: 'yes' }],
    ['an extra field', { note: '<b>' }],
  ])('refuses %s', (_, change) => {
    expect(isFirstImageHint({ ...hint, ...change })).toBe(false);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 'hint', 3, [hint]]) expect(isFirstImageHint(value)).toBe(false);
  });
});

describe('bytesOfBase64', () => {
  const bytes = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 131 + (i >> 8)) & 255);
  const text = Buffer.from(bytes).toString('base64');

  it('decodes every byte value, with and without the native decoder', () => {
    const native = (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64;
    try {
      Object.assign(Uint8Array, { fromBase64: undefined });
      expect(bytesOfBase64(text)).toEqual(bytes);
      Object.assign(Uint8Array, { fromBase64: (base64: string) => new Uint8Array(Buffer.from(base64, 'base64')) });
      expect(bytesOfBase64(text)).toEqual(bytes);
    } finally {
      Object.assign(Uint8Array, { fromBase64: native });
    }
  });

  it('runs from its own source, as the page inlines it', () => {
    const inlined = new Function(`return (${bytesOfBase64.toString()})`)() as typeof bytesOfBase64;
    expect(inlined(text)).toEqual(bytes);
  });
});
