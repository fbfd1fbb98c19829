import { describe, expect, it } from 'vitest';
import { compareInstants, parseStudyDate, parseStudyInstant, parseStudyTime } from '../../../src/domain/priors/study-time';

describe('parseStudyDate', () => {
  it.each<[string | undefined, string | undefined]>([
    ['20240601', '2024-06-01'],
    [' 20240601 ', '2024-06-01'], // padded
    ['2024.06.01', '2024-06-01'], // ACR-NEMA
    ['2024-06-01', '2024-06-01'],
    ['20240229', '2024-02-29'], // leap year
    ['20230229', undefined],
    ['20241301', undefined],
    ['20240600', undefined],
    ['202406', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %s', (value, iso) => {
    const ms = parseStudyDate(value);
    expect(ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10)).toBe(iso);
  });
});

describe('parseStudyTime', () => {
  it.each<[string | undefined, number | undefined]>([
    ['101530', (10 * 3600 + 15 * 60 + 30) * 1000],
    ['101530.250000', (10 * 3600 + 15 * 60 + 30.25) * 1000],
    ['1015', (10 * 3600 + 15 * 60) * 1000],
    ['10', 10 * 3600 * 1000],
    ['10:15:30', (10 * 3600 + 15 * 60 + 30) * 1000],
    ['246000', undefined],
    ['106000', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('%j → %s ms', (value, ms) => {
    expect(parseStudyTime(value)).toBe(ms);
  });
});

describe('compareInstants', () => {
  it.each<[string, [string, string?], [string, string?], number]>([
    ['earlier day', ['20240101', '235959'], ['20240102', '000000'], -1],
    ['same day, earlier time', ['20240101', '0800'], ['20240101', '0900'], -1],
    ['same day, later time', ['20240101', '1000'], ['20240101', '0900'], 1],
    ['same day, one time missing: order unknown', ['20240101'], ['20240101', '0900'], 0],
  ])('%s → %i', (_, a, b, sign) => {
    expect(Math.sign(compareInstants(parseStudyInstant(...a)!, parseStudyInstant(...b)!))).toBe(sign);
  });
});
