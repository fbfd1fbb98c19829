import { describe, expect, it } from 'vitest';
import { formatDecimalString, readPart10, writePart10, type NaturalDataset } from '../../../../src/domain/dicom/part10';

/** The dataset's bytes after the preamble, "DICM" and an empty file meta group (its group length alone: 12 bytes). */
const datasetBytes = (dataset: NaturalDataset) => Array.from(new Uint8Array(writePart10({}, dataset)).slice(144));
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

describe('writePart10', () => {
  it('writes each VR with its header, even length and padding, in tag order', () => {
    const bytes = datasetBytes({ Rows: 512, PatientID: 'ABC', SOPInstanceUID: '1.2.3', PixelSpacing: [0.5, 2], SeriesNumber: 7 });
    expect(bytes).toEqual([
      ...[0x08, 0x00, 0x18, 0x00, ...ascii('UI'), 6, 0, ...ascii('1.2.3'), 0], // UI padded with NUL
      ...[0x10, 0x00, 0x20, 0x00, ...ascii('LO'), 4, 0, ...ascii('ABC ')], // text padded with a space
      ...[0x20, 0x00, 0x11, 0x00, ...ascii('IS'), 2, 0, ...ascii('7 ')],
      ...[0x28, 0x00, 0x10, 0x00, ...ascii('US'), 2, 0, 0x00, 0x02],
      ...[0x28, 0x00, 0x30, 0x00, ...ascii('DS'), 6, 0, ...ascii('0.5\\2 ')],
    ]);
  });

  it('writes sequences and items with defined lengths, and empty values as zero-length elements', () => {
    const bytes = datasetBytes({ ConceptNameCodeSequence: [{ CodeValue: '1' }], PatientName: null, StudyDescription: '', ContentSequence: [] });
    expect(bytes).toEqual([
      ...[0x08, 0x00, 0x30, 0x10, ...ascii('LO'), 0, 0], // StudyDescription ''
      ...[0x10, 0x00, 0x10, 0x00, ...ascii('PN'), 0, 0], // PatientName null
      ...[0x40, 0x00, 0x43, 0xa0, ...ascii('SQ'), 0, 0, 18, 0, 0, 0], // 8-byte item header + 10-byte CodeValue
      ...[0xfe, 0xff, 0x00, 0xe0, 10, 0, 0, 0],
      ...[0x08, 0x00, 0x00, 0x01, ...ascii('SH'), 2, 0, ...ascii('1 ')],
      ...[0x40, 0x00, 0x30, 0xa7, ...ascii('SQ'), 0, 0, 0, 0, 0, 0], // ContentSequence []
    ]);
  });

  it('writes person names from their component groups and several values with backslashes', () => {
    const back = readPart10(
      writePart10(
        {},
        {
          SpecificCharacterSet: 'ISO_IR 192',
          PatientName: [{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }],
          OperatorsName: [{ Alphabetic: 'Müller^Jörg' }, { Alphabetic: 'Dupont^Zoë' }],
          ImageType: ['DERIVED', 'PRIMARY'],
        },
      ),
    ).dataset;
    expect(back.PatientName).toEqual([{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }]);
    expect(back.OperatorsName).toEqual([{ Alphabetic: 'Müller^Jörg' }, { Alphabetic: 'Dupont^Zoë' }]);
    expect(back.ImageType).toEqual(['DERIVED', 'PRIMARY']);
  });

  it('refuses what it cannot encode instead of cutting it', () => {
    expect(() => writePart10({}, { SeriesNumber: 1.5 })).toThrow(/IS cannot hold 1.5/);
    expect(() => writePart10({}, { SliceThickness: 'thick' })).toThrow(/DS cannot hold NaN/);
    expect(() => writePart10({}, { SliceThickness: Infinity })).toThrow(/DS cannot hold Infinity/);
    expect(() => writePart10({}, { PatientName: 'Müller' })).toThrow(/non-ASCII text but SpecificCharacterSet is not ISO_IR 192/);
    expect(() => writePart10({}, { PatientNmae: 'typo' })).toThrow(/unknown DICOM keyword PatientNmae/);
    expect(() => writePart10({}, { StudyDescription: 'x'.repeat(70_000) })).toThrow(/too long/);
  });
});

describe('formatDecimalString', () => {
  it.each([
    [0.5, '0.5'],
    [-2, '-2'],
    [0.1234567890123456, '0.12345678901235'],
    [-0.1234567890123456, '-0.1234567890123'],
    [1 / 3, '0.33333333333333'],
    [123456789012345680, '1.23456789012e17'],
    [-1.2345678901234567e-20, '-1.23456789e-20'],
    [6.02214076e23, '6.02214076e+23'],
    [-0, '0'],
  ])('%s → %s', (value, text) => {
    expect(formatDecimalString(value)).toBe(text);
    expect(text.length).toBeLessThanOrEqual(16);
  });
});
