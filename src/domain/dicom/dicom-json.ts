/**
 * DICOM JSON model (PS3.18 F.2) and safe accessors. Every accessor tolerates missing
 * attributes, empty Value arrays and odd value types (servers differ: IS/DS may arrive as
 * strings, PN as a plain string) and returns '' / undefined instead of throwing.
 */
import { Tag } from './tags';

export interface PersonNameGroups {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** One dataset: tag ("0010 0010" written as "00100010") → attribute. */
export type DicomJson = Record<string, DicomJsonAttribute | undefined>;

function firstValue(ds: DicomJson | undefined, tag: string): unknown {
  const value = ds?.[tag]?.Value;
  return Array.isArray(value) && value.length > 0 ? value[0] : undefined;
}

/** Control characters (incl. ESC of ISO 2022 sequences) never belong in displayed text. */
function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced here
  const control = /[\u0000-\u001f\u007f]/g;
  return text.replace(control, ' ').replace(/\s+/g, ' ').trim();
}

function asText(value: unknown): string {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** First value as display text; '' when absent or not textual. */
export function getString(ds: DicomJson | undefined, tag: string): string {
  return asText(firstValue(ds, tag));
}

/** All values as text (multi-valued CS such as ModalitiesInStudy); empty entries dropped. */
export function getStrings(ds: DicomJson | undefined, tag: string): string[] {
  const value = ds?.[tag]?.Value;
  if (!Array.isArray(value)) return [];
  return value.map(asText).filter((text) => text !== '');
}

/** First value as a finite number (IS/DS/US/UL, as number or numeric string); else undefined. */
export function getNumber(ds: DicomJson | undefined, tag: string): number | undefined {
  const value = firstValue(ds, tag);
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** The PN component groups, from the DICOM JSON object form or the raw "A=I=P" string form. */
export function getPersonNameGroups(ds: DicomJson | undefined, tag: string): PersonNameGroups {
  const value = firstValue(ds, tag);
  if (typeof value === 'string') {
    const [Alphabetic, Ideographic, Phonetic] = value.split('=');
    return { Alphabetic, Ideographic, Phonetic };
  }
  if (value === null || typeof value !== 'object') return {};
  const groups = value as Record<string, unknown>;
  const pick = (key: string) => (typeof groups[key] === 'string' ? (groups[key] as string) : undefined);
  return { Alphabetic: pick('Alphabetic'), Ideographic: pick('Ideographic'), Phonetic: pick('Phonetic') };
}

function nameComponents(group: string | undefined): string[] {
  return (group ?? '').split('^').map(cleanText);
}

/** Alphabetic group: "Family^Given^Middle^Prefix^Suffix" → "FAMILY, Prefix Given Middle Suffix". */
export function formatAlphabeticName(group: string | undefined): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = nameComponents(group);
  const rest = [prefix, given, middle, suffix].filter(Boolean).join(' ');
  const familyUpper = family.toUpperCase();
  if (familyUpper && rest) return `${familyUpper}, ${rest}`;
  return familyUpper || rest;
}

/** Ideographic/phonetic groups: components joined by spaces; case is meaningless there. */
function formatOtherGroup(group: string | undefined): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = nameComponents(group);
  return [prefix, family, given, middle, suffix].filter(Boolean).join(' ');
}

/**
 * Display form of a person name. Alphabetic first, with the ideographic form in parentheses
 * when both exist; falls back to ideographic, then phonetic. Plain text, never markup.
 */
export function formatPersonName(groups: PersonNameGroups): string {
  const alphabetic = formatAlphabeticName(groups.Alphabetic);
  const ideographic = formatOtherGroup(groups.Ideographic);
  if (alphabetic && ideographic) return `${alphabetic} (${ideographic})`;
  return alphabetic || ideographic || formatOtherGroup(groups.Phonetic);
}

export function getPersonName(ds: DicomJson | undefined, tag: string): string {
  return formatPersonName(getPersonNameGroups(ds, tag));
}

/** Nested sequence items (SQ); [] when absent. */
export function getSequence(ds: DicomJson | undefined, tag: string): DicomJson[] {
  const value = ds?.[tag]?.Value;
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is DicomJson => item !== null && typeof item === 'object');
}

/** StudyInstanceUID of a QIDO/metadata result, trimmed; '' when missing. */
export function getStudyInstanceUID(ds: DicomJson | undefined): string {
  return getString(ds, Tag.StudyInstanceUID);
}
