/**
 * Keyword ↔ tag ↔ VR, from the standard data dictionary dcmjs ships (PS3.6, ~5 000 entries): the
 * table is data worth sharing; dcmjs's parser and writer are not used. Lookups are memoised.
 */
// @ts-expect-error dcmjs has no type declarations
import dcmjsUntyped from 'dcmjs';

interface Entry {
  tag: string;
  vr: string;
  name: string;
}

const { nameMap, dictionary } = (dcmjsUntyped as { data: { DicomMetaDictionary: { nameMap: Record<string, Entry>; dictionary: Record<string, Entry> } } }).data
  .DicomMetaDictionary;

export interface Attribute {
  tag: number;
  keyword: string;
  /** The dictionary VR; data-dependent ones are resolved for Implicit VR (PS3.5 A.1 c). */
  vr: string;
}

/** Data-dependent dictionary VRs and what Implicit VR Little Endian means by them. */
const IMPLICIT_VR: Record<string, string> = { ox: 'OW', xs: 'US', lt: 'OW', up: 'UL', na: 'UN' };

const hex8 = (tag: number) => tag.toString(16).toUpperCase().padStart(8, '0');
const byTag = new Map<number, Attribute | null>();
const byKeyword = new Map<string, Attribute | null>();

function attribute(entry: Entry | undefined): Attribute | null {
  if (!entry) return null;
  const tag = parseInt(entry.tag.replace(/[(),]/g, ''), 16);
  return Number.isNaN(tag) ? null : { tag, keyword: entry.name, vr: IMPLICIT_VR[entry.vr] ?? entry.vr };
}

/** The dictionary attribute of a tag, or null for private and unknown tags. */
export function attributeOfTag(tag: number): Attribute | null {
  let found = byTag.get(tag);
  if (found === undefined) {
    const key = hex8(tag);
    found = attribute(dictionary[`(${key.slice(0, 4)},${key.slice(4)})`]);
    byTag.set(tag, found);
  }
  return found;
}

/** The dictionary attribute of a keyword, or null when the dictionary has none. */
export function attributeOfKeyword(keyword: string): Attribute | null {
  let found = byKeyword.get(keyword);
  if (found === undefined) {
    found = attribute(nameMap[keyword]);
    byKeyword.set(keyword, found);
  }
  return found;
}

/** The key of a tag the dictionary does not name: its 8 hex digits, as in DICOM JSON. */
export const unnamedKey = hex8;
export const UNNAMED_KEY = /^[0-9A-F]{8}$/;
