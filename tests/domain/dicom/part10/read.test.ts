import { describe, expect, it } from 'vitest';
import { readPart10, writePart10 } from '../../../../src/domain/dicom/part10';

const le16 = (n: number) => [n & 0xff, n >> 8];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];
const tag = (group: number, element: number) => [...le16(group), ...le16(element)];
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const UNDEFINED = 0xffffffff;

/** Preamble, DICM and a file meta group naming `syntax`, followed by hand-made dataset bytes. */
function file(syntax: string, body: number[]): ArrayBuffer {
  const head = new Uint8Array(writePart10({ TransferSyntaxUID: syntax }, {}));
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head);
  bytes.set(body, head.length);
  return bytes.buffer;
}

describe('readPart10', () => {
  it('reads sequences and items of undefined length, ending at their delimiters', () => {
    const body = [
      ...tag(0x0040, 0xa043), ...ascii('SQ'), 0, 0, ...le32(UNDEFINED),
      ...tag(0xfffe, 0xe000), ...le32(UNDEFINED),
      ...tag(0x0008, 0x0100), ...ascii('SH'), ...le16(4), ...ascii('T-1 '),
      ...tag(0xfffe, 0xe00d), ...le32(0),
      ...tag(0xfffe, 0xe000), ...le32(0),
      ...tag(0xfffe, 0xe0dd), ...le32(0),
      ...tag(0x0040, 0xa040), ...ascii('CS'), ...le16(4), ...ascii('TEXT'),
    ]; // prettier-ignore
    const read = readPart10(file('1.2.840.10008.1.2.1', body));
    expect(read.dataset).toEqual({ ConceptNameCodeSequence: [{ CodeValue: 'T-1' }, {}], ValueType: 'TEXT' });
    expect(read.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
  });

  it('reads Implicit VR Little Endian with the dictionary VRs, numbers as numbers and empty DS as null', () => {
    const body = [
      ...tag(0x0020, 0x0013), ...le32(2), ...ascii('7 '),
      ...tag(0x0028, 0x0010), ...le32(2), ...le16(512),
      ...tag(0x0028, 0x0030), ...le32(10), ...ascii('0.25\\0.75 '),
      ...tag(0x0028, 0x1052), ...le32(0),
    ]; // prettier-ignore
    expect(readPart10(file('1.2.840.10008.1.2', body)).dataset).toEqual({ InstanceNumber: 7, Rows: 512, PixelSpacing: [0.25, 0.75], RescaleIntercept: null });
  });

  it('decodes text in the declared character set; items inherit it; the dataset then says ISO_IR 192 (Unicode, written as UTF-8)', () => {
    const latin1 = [
      ...tag(0x0008, 0x0005), ...ascii('CS'), ...le16(10), ...ascii('ISO_IR 100'),
      ...tag(0x0010, 0x0010), ...ascii('PN'), ...le16(6), ...ascii('M'), 0xfc, ...ascii('ller'),
    ]; // prettier-ignore
    expect(readPart10(file('1.2.840.10008.1.2.1', latin1)).dataset).toEqual({ SpecificCharacterSet: 'ISO_IR 192', PatientName: [{ Alphabetic: 'Müller' }] });
    const name = new TextEncoder().encode('山田^太郎');
    const nested = [
      ...tag(0x0008, 0x0005), ...ascii('CS'), ...le16(10), ...ascii('ISO_IR 192'),
      ...tag(0x0040, 0xa730), ...ascii('SQ'), 0, 0, ...le32(8 + 8 + name.length),
      ...tag(0xfffe, 0xe000), ...le32(8 + name.length),
      ...tag(0x0040, 0xa123), ...ascii('PN'), ...le16(name.length), ...name,
    ]; // prettier-ignore
    expect(readPart10(file('1.2.840.10008.1.2.1', nested)).dataset.ContentSequence).toEqual([{ PersonName: [{ Alphabetic: '山田^太郎' }] }]);
  });

  it('reads encapsulated pixel data as its fragments, after the basic offset table', () => {
    const body = [
      ...tag(0x7fe0, 0x0010), ...ascii('OB'), 0, 0, ...le32(UNDEFINED),
      ...tag(0xfffe, 0xe000), ...le32(0),
      ...tag(0xfffe, 0xe000), ...le32(4), 1, 2, 3, 4,
      ...tag(0xfffe, 0xe000), ...le32(2), 5, 6,
      ...tag(0xfffe, 0xe0dd), ...le32(0),
    ]; // prettier-ignore
    const pixels = readPart10(file('1.2.840.10008.1.2.4.90', body)).dataset.PixelData as ArrayBuffer[];
    expect(pixels.map((fragment) => Array.from(new Uint8Array(fragment)))).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
  });

  it('refuses what is not Part 10, is cut short, or is in a syntax it does not read', () => {
    expect(() => readPart10(new ArrayBuffer(200))).toThrow(/no DICM prefix/);
    expect(() => readPart10(file('1.2.840.10008.1.2.1', [...tag(0x0010, 0x0020), ...ascii('LO'), ...le16(8), ...ascii('ABC')]))).toThrow(/truncated/);
    expect(() => readPart10(file('1.2.840.10008.1.2.2', []))).toThrow(/1.2.840.10008.1.2.2 is not read/);
    expect(() => readPart10(file('1.2.840.10008.1.2.1.99', []))).toThrow(/is not read/);
  });
});
