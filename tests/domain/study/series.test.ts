import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { buildSeries, groupBySeries, metadataForLoader, middleImageId, nonImageKind, sortSeries, studyHeader } from '../../../src/domain/study/series';

const ROOT = 'http://app/dicom-web';
const STUDY = '1.2.3';

function instance(sop: string, fields: Record<string, unknown[]> = {}): DicomJson {
  const ds: DicomJson = {
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
    '00080018': { vr: 'UI', Value: [sop] },
    '00280010': { vr: 'US', Value: [512] },
    '00280011': { vr: 'US', Value: [512] },
  };
  for (const [tag, Value] of Object.entries(fields)) ds[tag] = { vr: 'XX', Value };
  return ds;
}

const seriesResult = (uid: string, number?: number): DicomJson => ({
  '0020000E': { vr: 'UI', Value: [uid] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  ...(number !== undefined ? { '00200011': { vr: 'IS', Value: [number] } } : {}),
});

describe('nonImageKind', () => {
  it.each([
    ['CT image', instance('1'), null],
    ['SR by SOP class', instance('1', { '00080016': ['1.2.840.10008.5.1.4.1.1.88.22'] }), 'Structured report'],
    ['KO', instance('1', { '00080016': ['1.2.840.10008.5.1.4.1.1.88.59'] }), 'Key object selection'],
    ['PDF', instance('1', { '00080016': ['1.2.840.10008.5.1.4.1.1.104.1'] }), 'Encapsulated PDF'],
    ['no Rows', { '00080018': { vr: 'UI', Value: ['1'] } } as DicomJson, 'No pixel data'],
  ])('%s → %s', (_, ds, expected) => {
    expect(nonImageKind(ds)).toBe(expected);
  });
});

describe('buildSeries', () => {
  const series = buildSeries(ROOT, STUDY, seriesResult('1.2.3.4', 2), [
    instance('9', { '00200013': [3] }),
    instance('8', { '00200013': [1], '00280008': ['3'] }),
    instance('7', { '00080016': ['1.2.840.10008.5.1.4.1.1.88.11'] }),
  ]);

  it('orders images by Instance Number and expands multi-frame instances into frames', () => {
    expect(series.images.map((i) => i.sopInstanceUid)).toEqual(['8', '9']);
    expect(series.imageIds.map((id) => id.replace(/.*instances\//, ''))).toEqual(['8/frames/1', '8/frames/2', '8/frames/3', '9/frames/1']);
  });

  it('lists non-image objects apart, without imageIds', () => {
    expect(series.nonImages.map((i) => [i.sopInstanceUid, i.nonImageKind, i.imageIds.length])).toEqual([['7', 'Structured report', 0]]);
  });

  it('thumbnails the middle image', () => {
    expect(middleImageId(series)).toBe(series.imageIds[1]);
  });
});

describe('sortSeries', () => {
  it('puts image series first, then by Series Number', () => {
    const sr = buildSeries(ROOT, STUDY, seriesResult('sr', 1), [instance('s', { '00080016': ['1.2.840.10008.5.1.4.1.1.88.22'] })]);
    const second = buildSeries(ROOT, STUDY, seriesResult('b', 5), [instance('b1')]);
    const first = buildSeries(ROOT, STUDY, seriesResult('a', 3), [instance('a1')]);
    expect(sortSeries([sr, second, first]).map((s) => s.seriesInstanceUid)).toEqual(['a', 'b', 'sr']);
  });
});

describe('metadataForLoader', () => {
  it('drops a zero Pixel Spacing and keeps a valid one', () => {
    expect(metadataForLoader(instance('1', { '00280030': ['0.000', '0.000'] }))['00280030']).toBeUndefined();
    expect(metadataForLoader(instance('1', { '00280030': [0.5, 0.5] }))['00280030']?.Value).toEqual([0.5, 0.5]);
  });
});

describe('studyHeader', () => {
  it('formats the patient name and tolerates missing attributes', () => {
    const header = studyHeader({ '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] }, '00080020': { vr: 'DA', Value: ['20240102'] } });
    expect(header).toEqual({ patientName: 'DOE, Jane', patientID: '', studyDate: '20240102', description: '' });
    expect(studyHeader(undefined).patientName).toBe('');
  });
});

describe('groupBySeries', () => {
  const inSeries = (sop: string, series: string) => instance(sop, { '0020000E': [series] });
  const uid = (ds: DicomJson, tag: string) => ds[tag]?.Value?.[0];

  it('gives each QIDO series its instances from the whole-study metadata, in QIDO order', () => {
    const groups = groupBySeries([seriesResult('s1', 1), seriesResult('s2', 2)], [inSeries('b', 's2'), inSeries('a', 's1'), inSeries('c', 's2')]);
    expect(groups.map((g) => [uid(g.result, '0020000E'), g.instances.map((i) => uid(i, '00080018'))])).toEqual([
      ['s1', ['a']],
      ['s2', ['b', 'c']],
    ]);
  });

  it('keeps a series QIDO lists without metadata, and one stored after the QIDO answer', () => {
    const groups = groupBySeries([seriesResult('empty')], [inSeries('late', 'new')]);
    expect(groups.map((g) => [uid(g.result, '0020000E'), g.instances.length])).toEqual([
      ['empty', 0],
      ['new', 1],
    ]);
  });
});
