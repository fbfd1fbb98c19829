import { describe, expect, it } from 'vitest';
import { aiResultSr, type NaturalDataset, parseDokueiSr, reportSr } from '../../../../src/domain/dicom/sr';
import { aiInput, reportInput, source } from './fixtures';
import { toDicomJson } from './dicom-json';

const clone = <T>(value: T): T => structuredClone(value);

/** Every dataset nested in `dataset` (sequence items), depth first, with the root. */
function datasetsIn(dataset: NaturalDataset): NaturalDataset[] {
  const nested = Object.values(dataset).flatMap((value) =>
    Array.isArray(value) ? value.filter((v) => typeof v === 'object' && v !== null).flatMap(datasetsIn) : [],
  );
  return [dataset, ...nested];
}

describe('parseDokueiSr on input that is not a Dokuei SR', () => {
  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'SR'],
    ['an array', [{}]],
    ['an empty dataset', {}],
  ])('returns unknown for %s', (_name, input) => {
    expect(parseDokueiSr(input)).toMatchObject({ kind: 'unknown', reason: expect.any(String) });
  });

  it('returns unknown for an image dataset', () => {
    expect(parseDokueiSr({ SOPClassUID: source.sopClassUid, SOPInstanceUID: source.sopInstanceUid })).toEqual({
      kind: 'unknown',
      reason: `not a structured report (SOP class ${source.sopClassUid})`,
    });
  });

  it('returns unknown for a foreign SR (a standard TID 1500 document)', () => {
    const foreign = { ...aiResultSr(aiInput), ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }] };
    expect(parseDokueiSr(foreign)).toEqual({ kind: 'unknown', reason: 'not a Dokuei SR (template DCMR 1500)' });
    expect(parseDokueiSr(toDicomJson(foreign)).kind).toBe('unknown');
  });

  it('returns unknown for a Dokuei template this version does not know', () => {
    const future = { ...reportSr(reportInput), ContentTemplateSequence: [{ MappingResource: '99DOKUEI', TemplateIdentifier: 'REPORT_V9' }] };
    expect(parseDokueiSr(future)).toEqual({ kind: 'unknown', reason: 'unsupported Dokuei template REPORT_V9' });
  });

  it('names what is missing when a required content item is gone', () => {
    const sr = clone(aiResultSr(aiInput));
    const group = datasetsIn(sr).find((item) => (item.ConceptNameCodeSequence as Array<{ CodeValue: string }> | undefined)?.[0]?.CodeValue === '125007');
    group!.ContentSequence = (group!.ContentSequence as NaturalDataset[]).filter((item) => item.ValueType !== 'NUM');
    expect(parseDokueiSr(sr)).toEqual({ kind: 'unknown', reason: 'missing or malformed probability' });
  });

  it('does not mistake a polyline that is not the rectangle it writes for a box', () => {
    const sr = clone(aiResultSr(aiInput));
    const polyline = datasetsIn(sr).find((item) => item.GraphicType === 'POLYLINE');
    polyline!.GraphicData = [10, 20, 40.5, 20, 25, 60, 10, 20, 10, 20];
    expect(parseDokueiSr(sr)).toEqual({ kind: 'unknown', reason: 'missing or malformed finding region' });
  });

  it('returns unknown for odd value types instead of throwing', () => {
    const sr = { ...aiResultSr(aiInput), ContentSequence: 'not a sequence', ContentDate: 20260101 };
    expect(parseDokueiSr(sr).kind).toBe('unknown');
    const json = toDicomJson(aiResultSr(aiInput));
    json['0040A730'] = { vr: 'SQ', Value: [7, null, 'x'] as unknown[] };
    expect(parseDokueiSr(json).kind).toBe('unknown');
  });

  it('reports every single-attribute corruption of any content item as a named format problem, never a crash', () => {
    const sr = clone(aiResultSr(aiInput));
    const outcomes = new Set<string>();
    for (const item of datasetsIn(sr)) {
      for (const [key, value] of Object.entries(item)) {
        const corruptions = Array.isArray(value) ? [undefined, 'x', [{}]] : [undefined, 'x'];
        for (const corruption of corruptions) {
          item[key] = corruption;
          const parsed = parseDokueiSr(sr);
          // 'unreadable' = an exception the format checks did not anticipate.
          outcomes.add(parsed.kind === 'unknown' && parsed.reason.startsWith('unreadable') ? parsed.reason : parsed.kind);
        }
        item[key] = value;
      }
    }
    // Some corruptions are harmless (a code meaning), the rest are caught: both occur, nothing else.
    expect([...outcomes].sort()).toEqual(['ai-result', 'unknown']);
  });
});
