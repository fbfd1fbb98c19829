import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { Tag } from '../../../src/domain/dicom/tags';
import { acquisitionTime, waitingSince, waitReasonText } from '../../../src/domain/triage/waiting-since';

const HOUR = 3_600_000;
const ARRIVED = Date.UTC(2026, 2, 1, 3);

describe('waitingSince', () => {
  it.each([
    ['acquired an hour before arrival', ARRIVED - HOUR, { at: ARRIVED - HOUR, origin: 'acquisition' }],
    ['acquired at arrival', ARRIVED, { at: ARRIVED, origin: 'acquisition' }],
    ['acquired exactly the window before', ARRIVED - 24 * HOUR, { at: ARRIVED - 24 * HOUR, origin: 'acquisition' }],
    ['acquired before the window: a prior or an import', ARRIVED - 24 * HOUR - 1, { at: ARRIVED, origin: 'arrival' }],
    ['acquired after arrival: a wrong clock', ARRIVED + 1, { at: ARRIVED, origin: 'arrival' }],
    ['no acquisition time', null, { at: ARRIVED, origin: 'arrival' }],
  ])('%s', (_, acquired, expected) => {
    expect(waitingSince(acquired, ARRIVED, 24)).toEqual(expected);
  });
});

const json = (fields: Record<string, string>): DicomJson =>
  Object.fromEntries(Object.entries(fields).map(([tag, value]) => [tag, { vr: 'LO', Value: [value] }])) as DicomJson;

describe('acquisitionTime', () => {
  it.each([
    ['study date and time', json({ [Tag.StudyDate]: '20260301', [Tag.StudyTime]: '020000' }), [], new Date(2026, 2, 1, 2).getTime()],
    [
      'study date, time and offset',
      json({ [Tag.StudyDate]: '20260301', [Tag.StudyTime]: '020000', [Tag.TimezoneOffsetFromUTC]: '+0100' }),
      [],
      Date.UTC(2026, 2, 1, 1),
    ],
    [
      'no study date: the earliest image series',
      json({}),
      [json({ [Tag.SeriesDate]: '20260301', [Tag.SeriesTime]: '0300' }), json({ [Tag.AcquisitionDateTime]: '20260301021000' })],
      new Date(2026, 2, 1, 2, 10).getTime(),
    ],
    [
      'the study date wins over the series',
      json({ [Tag.StudyDate]: '20260301', [Tag.StudyTime]: '0400' }),
      [json({ [Tag.SeriesDate]: '20260301', [Tag.SeriesTime]: '0300' })],
      new Date(2026, 2, 1, 4).getTime(),
    ],
    [
      'series offset from the study',
      json({ [Tag.TimezoneOffsetFromUTC]: '-0100' }),
      [json({ [Tag.SeriesDate]: '20260301', [Tag.SeriesTime]: '0300' })],
      Date.UTC(2026, 2, 1, 4),
    ],
    ['nothing dated', json({ [Tag.StudyTime]: '0300' }), [json({ [Tag.SeriesTime]: '0300' })], null],
  ])('%s', (_, study, series, expected) => {
    expect(acquisitionTime(study, series)).toBe(expected);
  });
});

describe('waitReasonText', () => {
  it('says what the wait counts from', () => {
    expect(waitReasonText(61.9, 'acquisition')).toBe('waiting 61 min since acquisition');
    expect(waitReasonText(5, 'arrival')).toBe('waiting 5 min since arrival in the PACS');
  });
});
