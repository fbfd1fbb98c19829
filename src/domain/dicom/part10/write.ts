/**
 * Writes a naturalized dataset as DICOM Part 10, Explicit VR Little Endian, sequences and items of
 * defined length. Values are encoded per VR and refused when they cannot be (a DS that does not fit
 * 16 characters is rounded, never cut; a non-integer IS throws). Text is written as UTF-8, so a
 * dataset with non-ASCII text must say ISO_IR 192. Keys the dictionary does not know throw, except
 * 8-hex-digit tags (VR from `_vrMap`, else UN) and the `_vrMap`/`_meta` bookkeeping dcmjs adds.
 */
import { attributeOfKeyword, UNNAMED_KEY } from './dictionary';
import { BYTES_VRS, formatDecimalString, formatIntegerString, LONG_LENGTH_VRS, NUMBER_VRS } from './vr';
import type { NaturalDataset } from './natural';

const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const utf8 = new TextEncoder();
const NUL = Uint8Array.of(0);
const SPACE = Uint8Array.of(0x20);

/** A growing little-endian buffer; lengths of sequences and items are patched once known. */
class ByteWriter {
  bytes = new Uint8Array(16 * 1024);
  view = new DataView(this.bytes.buffer);
  at = 0;

  reserve(length: number): void {
    if (this.at + length <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.at + length));
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.at, value, true);
    this.at += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.at, value, true);
    this.at += 4;
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
  }

  tag(tag: number): void {
    this.u16(tag >>> 16);
    this.u16(tag & 0xffff);
  }

  /** Writes text as UTF-8 in place (no intermediate array per value); true when it was all ASCII. */
  text(text: string): boolean {
    this.reserve(text.length * 3);
    const { bytes, at } = this;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) {
        this.at += utf8.encodeInto(text, bytes.subarray(at)).written;
        return false;
      }
      bytes[at + i] = code;
    }
    this.at += text.length;
    return true;
  }
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function personName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) throw new TypeError(`not a person name: ${String(value)}`);
  const { Alphabetic = '', Ideographic = '', Phonetic = '' } = value as Record<string, string | undefined>;
  return [Alphabetic, Ideographic, Phonetic].join('=').replace(/=+$/, '');
}

function textValue(vr: string, value: unknown, keyword: string): string {
  if (value === null || value === undefined) return '';
  if (vr === 'PN') return personName(value);
  if (typeof value === 'number') {
    if (vr === 'DS') return formatDecimalString(value);
    if (vr === 'IS') return formatIntegerString(value);
    return String(value);
  }
  if (typeof value !== 'string') throw new TypeError(`${keyword} (${vr}) cannot hold ${typeof value}`);
  const text = value.trim();
  // A DS or IS given as text is checked the same way: rewritten when numeric and too long, refused when invalid.
  if (vr === 'DS' && text !== '') return text.length <= 16 && Number.isFinite(Number(text)) ? text : formatDecimalString(Number(text));
  if (vr === 'IS' && text !== '') return formatIntegerString(Number(text));
  return vr === 'UI' ? text.replace(/\0+$/, '') : value;
}

function writeText(out: ByteWriter, vr: string, value: unknown, keyword: string, utf8Declared: boolean): void {
  const text = list(value)
    .map((v) => textValue(vr, v, keyword))
    .join('\\');
  if (!out.text(text) && !utf8Declared) throw new RangeError(`${keyword} has non-ASCII text but SpecificCharacterSet is not ISO_IR 192`);
}

function writeBytes(out: ByteWriter, value: unknown, keyword: string): void {
  if (value instanceof ArrayBuffer) out.raw(new Uint8Array(value));
  else if (ArrayBuffer.isView(value)) out.raw(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  else if (Array.isArray(value)) for (const part of value) writeBytes(out, part, keyword);
  else throw new TypeError(`${keyword} needs bytes (ArrayBuffer), not ${typeof value}`);
}

function writeNumbers(out: ByteWriter, vr: string, value: unknown, keyword: string): void {
  const codec = NUMBER_VRS[vr]!;
  const values = list(value).map(Number);
  if (values.some((n) => Number.isNaN(n))) throw new TypeError(`${keyword} (${vr}) needs numbers: ${String(value)}`);
  out.reserve(values.length * codec.size);
  for (const n of values) {
    codec.set(out.view, out.at, n);
    out.at += codec.size;
  }
}

interface Element {
  tag: number;
  keyword: string;
  vr: string;
}

function elementsOf(dataset: NaturalDataset): Element[] {
  const vrMap = (dataset._vrMap ?? {}) as Record<string, string>;
  const elements: Element[] = [];
  for (const keyword of Object.keys(dataset)) {
    if (keyword === '_vrMap' || keyword === '_meta' || dataset[keyword] === undefined) continue;
    const attribute = attributeOfKeyword(keyword);
    if (attribute) elements.push({ tag: attribute.tag, keyword, vr: vrMap[keyword] ?? attribute.vr });
    else if (UNNAMED_KEY.test(keyword)) elements.push({ tag: parseInt(keyword, 16), keyword, vr: vrMap[keyword] ?? 'UN' });
    else throw new RangeError(`unknown DICOM keyword ${keyword}`);
  }
  return elements.sort((a, b) => a.tag - b.tag);
}

function writeDataset(out: ByteWriter, dataset: NaturalDataset, utf8Declared: boolean): void {
  const declared = dataset.SpecificCharacterSet === undefined ? utf8Declared : list(dataset.SpecificCharacterSet).includes('ISO_IR 192');
  for (const { tag, keyword, vr } of elementsOf(dataset)) {
    const value = dataset[keyword];
    out.tag(tag);
    out.u16(vr.charCodeAt(0) | (vr.charCodeAt(1) << 8));
    if (vr === 'SQ') {
      out.u16(0);
      const lengthAt = out.at;
      out.u32(UNDEFINED_LENGTH);
      for (const item of value === null ? [] : list(value)) {
        out.tag(ITEM);
        const itemAt = out.at;
        out.u32(UNDEFINED_LENGTH);
        writeDataset(out, item as NaturalDataset, declared);
        out.view.setUint32(itemAt, out.at - itemAt - 4, true);
      }
      out.view.setUint32(lengthAt, out.at - lengthAt - 4, true);
      continue;
    }
    const long = LONG_LENGTH_VRS.has(vr);
    if (long) out.u16(0);
    const lengthAt = out.at;
    if (long) out.u32(0);
    else out.u16(0);
    if (value === null) continue;
    if (BYTES_VRS.has(vr)) writeBytes(out, value, keyword);
    else if (vr in NUMBER_VRS) writeNumbers(out, vr, value, keyword);
    else writeText(out, vr, value, keyword, declared);
    if ((out.at - lengthAt) & 1) out.raw(vr === 'UI' || BYTES_VRS.has(vr) ? NUL : SPACE);
    const length = out.at - lengthAt - (long ? 4 : 2);
    if (long) out.view.setUint32(lengthAt, length, true);
    else if (length > 0xffff) throw new RangeError(`${keyword} (${vr}) is too long: ${length} bytes`);
    else out.view.setUint16(lengthAt, length, true);
  }
}

/** Part 10 bytes: 128-byte preamble, "DICM", the file meta group (with its group length), then the dataset. */
export function writePart10(meta: NaturalDataset, dataset: NaturalDataset): ArrayBuffer {
  const out = new ByteWriter();
  out.reserve(132);
  out.bytes.set(utf8.encode('DICM'), 128);
  out.at = 132;
  out.tag(0x00020000);
  out.u16(0x4c55); // "UL"
  out.u16(4);
  const groupLengthAt = out.at;
  out.u32(0);
  writeDataset(out, meta, false);
  out.view.setUint32(groupLengthAt, out.at - groupLengthAt - 4, true);
  writeDataset(out, dataset, false);
  return out.bytes.slice(0, out.at).buffer;
}
