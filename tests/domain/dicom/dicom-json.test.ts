import { describe, expect, it } from 'vitest';
import { type DicomJson, formatPersonName, getNumber, getPersonName, getSequence, getString, getStrings } from '../../../src/domain/dicom/dicom-json';

const pn = (value: unknown): DicomJson => ({ '00100010': { vr: 'PN', Value: [value] } });

describe('formatPersonName', () => {
  it.each([
    ['Family^Given^Middle^Prefix^Suffix', 'FAMILY, Prefix Given Middle Suffix'],
    ['Doe^John^A', 'DOE, John A'],
    ['Doe^John', 'DOE, John'],
    ['Doe', 'DOE'],
    ['Doe^^^^', 'DOE'],
    ['^John', 'John'],
    ['^^^^', ''],
    ['', ''],
    ['  Doe ^ John  ', 'DOE, John'],
    ['Müller^Jürgen', 'MÜLLER, Jürgen'],
    ["O'Brien^Mary Ann", "O'BRIEN, Mary Ann"],
    ['Doe\u001b$B^John', 'DOE $B, John'],
    ['<script>alert(1)</script>^x', '<SCRIPT>ALERT(1)</SCRIPT>, x'],
  ])('alphabetic %j → %j', (alphabetic, expected) => {
    expect(formatPersonName({ Alphabetic: alphabetic })).toBe(expected);
  });

  it.each([
    [{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }, 'YAMADA, Tarou (山田 太郎)'],
    [{ Ideographic: '山田^太郎' }, '山田 太郎'],
    [{ Phonetic: 'やまだ^たろう' }, 'やまだ たろう'],
    [{ Alphabetic: '', Ideographic: '', Phonetic: '' }, ''],
    [{}, ''],
  ])('groups %j → %j', (groups, expected) => {
    expect(formatPersonName(groups)).toBe(expected);
  });
});

describe('getPersonName', () => {
  it.each<[string, DicomJson, string]>([
    ['JSON object form', pn({ Alphabetic: 'Doe^Jane' }), 'DOE, Jane'],
    ['raw string with groups', pn('Yamada^Tarou=山田^太郎=やまだ^たろう'), 'YAMADA, Tarou (山田 太郎)'],
    ['Value missing', { '00100010': { vr: 'PN' } }, ''],
    ['empty Value', { '00100010': { vr: 'PN', Value: [] } }, ''],
    ['null value', pn(null), ''],
    ['number value', pn(42), ''],
    ['non-string groups', pn({ Alphabetic: 7, Ideographic: ['x'] }), ''],
    ['tag absent', {}, ''],
  ])('%s', (_, ds, expected) => {
    expect(getPersonName(ds, '00100010')).toBe(expected);
  });
});

describe('value accessors', () => {
  const ds: DicomJson = {
    a: { vr: 'IS', Value: [12] },
    b: { vr: 'IS', Value: ['  7 '] },
    c: { vr: 'DS', Value: ['abc'] },
    d: { vr: 'CS', Value: ['CT', '', null, 'PT'] },
    e: { vr: 'LO', Value: ['  spaced\ttext  '] },
    f: { vr: 'SQ', Value: [{ x: { vr: 'CS', Value: ['1'] } }, null, 'junk'] },
    g: { vr: 'LO', Value: 'not an array' as unknown as unknown[] },
    h: { vr: 'IS', Value: [Infinity] },
  };

  it.each<[string, unknown, unknown]>([
    ['number stays number', getNumber(ds, 'a'), 12],
    ['numeric string parsed', getNumber(ds, 'b'), 7],
    ['non-numeric string', getNumber(ds, 'c'), undefined],
    ['missing number', getNumber(ds, 'zz'), undefined],
    ['infinite number', getNumber(ds, 'h'), undefined],
    ['multi-valued strings drop empties', getStrings(ds, 'd'), ['CT', 'PT']],
    ['whitespace collapsed', getString(ds, 'e'), 'spaced text'],
    ['number as text', getString(ds, 'a'), '12'],
    ['Value not an array', getString(ds, 'g'), ''],
    ['Value not an array (strings)', getStrings(ds, 'g'), []],
    ['sequence keeps objects only', getSequence(ds, 'f').length, 1],
  ])('%s', (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});
