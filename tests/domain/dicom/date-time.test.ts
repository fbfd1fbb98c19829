import { describe, expect, it } from 'vitest';
import { parseDicomDateTime, parseDicomDt, parseUtcOffset } from '../../../src/domain/dicom/date-time';

const local = (...p: [number, number, number, number?, number?, number?, number?]) =>
  new Date(p[0], p[1] - 1, p[2], p[3] ?? 0, p[4] ?? 0, p[5] ?? 0, p[6] ?? 0).getTime();

describe('parseDicomDateTime', () => {
  it.each([
    ['20260301', '021530', '', local(2026, 3, 1, 2, 15, 30)],
    ['20260301', '0215', '', local(2026, 3, 1, 2, 15)],
    ['20260301', '02', '', local(2026, 3, 1, 2)],
    ['20260301', '', '', local(2026, 3, 1)],
    ['20260301', '021530.25', '', local(2026, 3, 1, 2, 15, 30, 250)],
    ['20260301', '02:15:30', '', local(2026, 3, 1, 2, 15, 30)],
    ['20260301', '021530', '+0100', Date.UTC(2026, 2, 1, 1, 15, 30)],
    ['20260301', '021530', '-0530', Date.UTC(2026, 2, 1, 7, 45, 30)],
    ['20260301', '021530', '+0000', Date.UTC(2026, 2, 1, 2, 15, 30)],
    ['20260301', '021530', 'junk', local(2026, 3, 1, 2, 15, 30)],
  ])('%s %s %s', (date, time, offset, expected) => {
    expect(parseDicomDateTime(date, time, offset)).toBe(expected);
  });

  it.each([
    ['', '021530'],
    ['2026', ''],
    ['20260631', ''],
    ['20250229', ''],
    ['20261301', ''],
    ['20260301', '2515'],
    ['20260301', '0260'],
    ['20260301', '021'],
    ['20260301', 'ab'],
  ])('%s %s is not an instant', (date, time) => {
    expect(parseDicomDateTime(date, time)).toBeNull();
  });
});

describe('parseDicomDt', () => {
  it.each([
    ['20260301021530', '', local(2026, 3, 1, 2, 15, 30)],
    ['20260301021530.5', '', local(2026, 3, 1, 2, 15, 30, 500)],
    ['202603010215', '', local(2026, 3, 1, 2, 15)],
    ['20260301', '', local(2026, 3, 1)],
    ['20260301021530+0200', '', Date.UTC(2026, 2, 1, 0, 15, 30)],
    ['20260301021530+0200', '-0500', Date.UTC(2026, 2, 1, 0, 15, 30)],
    ['20260301021530', '-0500', Date.UTC(2026, 2, 1, 7, 15, 30)],
  ])('%s (offset %s)', (value, offset, expected) => {
    expect(parseDicomDt(value, offset)).toBe(expected);
  });

  it.each(['', '2026030102153', '20260301x', '20260231'])('%s is not an instant', (value) => {
    expect(parseDicomDt(value)).toBeNull();
  });
});

describe('parseUtcOffset', () => {
  it.each([
    ['+0100', 60],
    ['-0530', -330],
    ['+1400', 840],
    ['', undefined],
    ['+1500', undefined],
    ['0100', undefined],
    ['+0160', undefined],
  ])('%s', (text, expected) => {
    expect(parseUtcOffset(text)).toBe(expected);
  });
});
