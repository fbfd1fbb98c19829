/**
 * Reads DICOM Part 10 into a naturalized dataset: Explicit VR Little Endian (native or encapsulated
 * pixel data, whose fragments become an array of ArrayBuffers) and Implicit VR Little Endian; sequences
 * and items of defined or undefined length. Big endian and deflated syntaxes are refused. Text is
 * decoded in the character set in force where it stands (an item inherits its dataset's).
 */
import { attributeOfTag, unnamedKey } from './dictionary';
import type { NaturalDataset } from './natural';
import { BYTES_VRS, CHARSET_VRS, LONG_LENGTH_VRS, NUMBER_VRS, SINGLE_TEXT_VRS } from './vr';

const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const SPECIFIC_CHARACTER_SET = 0x00080005;
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
const REFUSED_SYNTAXES = new Set(['1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.4.95']);

/** Single-byte and multi-byte repertoires by Defined Term (PS3.3 C.12.1.1.2) → WHATWG encoding labels. */
const ENCODINGS: Record<string, string> = {
  'ISO_IR 192': 'utf-8',
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 166': 'tis-620',
  GB18030: 'gb18030',
  GBK: 'gbk',
};
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function decoderFor(specificCharacterSet: string): InstanceType<typeof TextDecoder> {
  // With code extensions (several terms) the first names the default repertoire; escape sequences are not interpreted.
  const term = specificCharacterSet.split('\\').find((t) => t.trim() !== '') ?? '';
  const label = ENCODINGS[term.trim().replace('ISO 2022 IR ', 'ISO_IR ')] ?? 'latin1';
  let decoder = decoders.get(label);
  if (!decoder) decoders.set(label, (decoder = new TextDecoder(label)));
  return decoder;
}

const ascii = new TextDecoder('latin1');

class Reader {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  at = 0;

  constructor(
    buffer: ArrayBuffer,
    public explicit = true,
  ) {
    this.view = new DataView(buffer);
    this.bytes = new Uint8Array(buffer);
  }

  u16(): number {
    const value = this.view.getUint16(this.at, true);
    this.at += 2;
    return value;
  }

  u32(): number {
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  tag(): number {
    return ((this.u16() << 16) | this.u16()) >>> 0;
  }

  need(length: number): void {
    if (length > this.bytes.length - this.at) throw new RangeError(`truncated DICOM: ${length} bytes wanted at ${this.at}`);
  }
}

/** (gggg,0010–00FF) of an odd group: the private creator, always LO (PS3.5 7.8.1). */
const isPrivateCreator = (tag: number) => (tag & 0x10000) !== 0 && (tag & 0xffff) >= 0x10 && (tag & 0xffff) <= 0xff;

function parseText(vr: string, text: string): unknown {
  if (SINGLE_TEXT_VRS.has(vr)) return text.replace(/[\s\0]+$/, '');
  const values: unknown[] = text.split('\\').map((value) => {
    // Padding is a space, or NUL for UI; writers that pad text with NUL too are common.
    const trimmed = vr === 'PN' ? value.replace(/[\s\0]+$/, '') : value.replace(/^[\s\0]+|[\s\0]+$/g, '');
    if (vr === 'PN') {
      const [Alphabetic, Ideographic, Phonetic] = trimmed.split('=');
      return Object.fromEntries(Object.entries({ Alphabetic, Ideographic, Phonetic }).filter(([, group]) => group !== undefined));
    }
    if (vr === 'DS' || vr === 'IS') return trimmed === '' ? null : Number(trimmed);
    return trimmed;
  });
  if (vr === 'PN') return text === '' ? [] : values;
  return values.length === 1 ? values[0] : values;
}

function readValue(reader: Reader, vr: string, length: number, decoder: InstanceType<typeof TextDecoder>): unknown {
  reader.need(length);
  const start = reader.at;
  reader.at += length;
  if (BYTES_VRS.has(vr)) return [reader.bytes.slice(start, start + length).buffer];
  const codec = NUMBER_VRS[vr];
  if (codec) {
    const values = Array.from({ length: Math.floor(length / codec.size) }, (_, i) => codec.get(reader.view, start + i * codec.size));
    return values.length === 1 ? values[0] : values;
  }
  const text = (CHARSET_VRS.has(vr) ? decoder : ascii).decode(reader.bytes.subarray(start, start + length));
  return parseText(vr, text);
}

/** Items of a sequence, up to `end` or the sequence delimiter. */
function readItems(reader: Reader, end: number, decoder: InstanceType<typeof TextDecoder>): NaturalDataset[] {
  const items: NaturalDataset[] = [];
  while (reader.at < end) {
    const tag = reader.tag();
    const length = reader.u32();
    if (tag === SEQUENCE_END) break;
    if (tag !== ITEM) throw new RangeError(`expected an item at ${reader.at - 8}, found ${unnamedKey(tag)}`);
    const itemEnd = length === UNDEFINED_LENGTH ? Infinity : reader.at + length;
    items.push(readDataset(reader, itemEnd, decoder));
  }
  return items;
}

/** Encapsulated pixel data (PS3.5 A.4): the fragments after the basic offset table. */
function readFragments(reader: Reader): ArrayBuffer[] {
  const fragments: ArrayBuffer[] = [];
  for (let first = true; ; first = false) {
    const tag = reader.tag();
    const length = reader.u32();
    if (tag === SEQUENCE_END) return fragments;
    if (tag !== ITEM) throw new RangeError(`expected a pixel data fragment, found ${unnamedKey(tag)}`);
    reader.need(length);
    if (!first) fragments.push(reader.bytes.slice(reader.at, reader.at + length).buffer);
    reader.at += length;
  }
}

function readDataset(reader: Reader, end: number, inherited: InstanceType<typeof TextDecoder>): NaturalDataset {
  const dataset: NaturalDataset = {};
  const vrMap: Record<string, string> = {};
  let decoder = inherited;
  while (reader.at < end) {
    const tag = reader.tag();
    if (tag === ITEM_END) {
      reader.at += 4;
      break;
    }
    const attribute = attributeOfTag(tag);
    let vr: string;
    let length: number;
    if (reader.explicit) {
      vr = String.fromCharCode(reader.bytes[reader.at]!, reader.bytes[reader.at + 1]!);
      reader.at += 2;
      if (LONG_LENGTH_VRS.has(vr)) {
        reader.at += 2;
        length = reader.u32();
      } else length = reader.u16();
    } else {
      length = reader.u32();
      vr = attribute?.vr ?? (length === UNDEFINED_LENGTH ? 'SQ' : isPrivateCreator(tag) ? 'LO' : 'UN');
    }
    if ((tag & 0xffff) === 0) {
      // Group lengths are retired and would be wrong once the dataset changes.
      reader.at += length;
      continue;
    }
    const key = attribute?.keyword ?? unnamedKey(tag);
    // UN is the value as Implicit VR Little Endian would hold it (PS3.5 6.2.2): a known tag is read with its VR.
    const implicitValue = vr === 'UN' && reader.explicit && (length === UNDEFINED_LENGTH || (attribute !== null && attribute.vr !== 'UN'));
    if (implicitValue && attribute) vr = attribute.vr;
    if (!attribute || attribute.vr !== vr) vrMap[key] = vr;
    if (vr === 'SQ' || (length === UNDEFINED_LENGTH && vr === 'UN')) {
      reader.explicit = !implicitValue && reader.explicit;
      dataset[key] = readItems(reader, length === UNDEFINED_LENGTH ? Infinity : reader.at + length, decoder);
      reader.explicit ||= implicitValue;
    } else if (length === UNDEFINED_LENGTH) {
      dataset[key] = readFragments(reader);
    } else if (tag === SPECIFIC_CHARACTER_SET) {
      decoder = decoderFor(String(([] as unknown[]).concat(readValue(reader, vr, length, decoder)).join('\\')));
      // Text is decoded to Unicode here and written back as UTF-8 (./write.ts): the dataset says so, as dcmjs's does.
      dataset[key] = 'ISO_IR 192';
    } else {
      dataset[key] = readValue(reader, vr, length, decoder);
    }
  }
  if (Object.keys(vrMap).length > 0) dataset._vrMap = vrMap;
  return dataset;
}

/** A transfer syntax this reader leaves to others (big endian, deflated). */
export class UnreadSyntaxError extends RangeError {
  constructor(readonly syntax: string) {
    super(`transfer syntax ${syntax} is not read`);
  }
}

export interface Part10 {
  dataset: NaturalDataset;
  /** The file meta group, naturalized (TransferSyntaxUID, MediaStorageSOPClassUID …). */
  meta: NaturalDataset;
  transferSyntaxUid: string | undefined;
}

/** Parses Part 10 bytes; throws on bytes that are not DICOM Part 10 or use a refused transfer syntax. */
export function readPart10(buffer: ArrayBuffer): Part10 {
  const reader = new Reader(buffer);
  if (buffer.byteLength < 132 || ascii.decode(reader.bytes.subarray(128, 132)) !== 'DICM') throw new RangeError('not DICOM Part 10 (no DICM prefix)');
  reader.at = 132;
  const meta: NaturalDataset = {};
  // Group 0002 is always Explicit VR Little Endian: read one element at a time while the group lasts.
  while (reader.at < buffer.byteLength && reader.view.getUint16(reader.at, true) === 0x0002) {
    Object.assign(meta, readDataset(reader, reader.at + 1, ascii));
  }
  delete meta._vrMap;
  const syntax = typeof meta.TransferSyntaxUID === 'string' ? meta.TransferSyntaxUID : undefined;
  if (syntax && REFUSED_SYNTAXES.has(syntax)) throw new UnreadSyntaxError(syntax);
  reader.explicit = syntax !== IMPLICIT_VR_LITTLE_ENDIAN;
  return { dataset: readDataset(reader, buffer.byteLength, ascii), meta, transferSyntaxUid: syntax };
}
