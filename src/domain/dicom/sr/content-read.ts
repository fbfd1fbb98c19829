/**
 * Tolerant readers over naturalized SR content. Naturalized values differ by source (dcmjs
 * makes one-item sequences array-like objects, DICOM JSON gives arrays, hand-made data gives
 * plain values), so every reader accepts all three and returns undefined for anything odd.
 * `required` turns an absent value into an SrFormatError that the parser reports as unknown.
 */
import { type Code, sameCode } from './codes';
import type { NaturalDataset } from './dataset';
import type { ContentItem } from './content-items';
import { instantFromDicomDateTime } from './dicom-time';
import type { ImageRegion, InstanceReference, PersonName } from './references';

export class SrFormatError extends Error {}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new SrFormatError(`missing or malformed ${what}`);
  return value;
}

const isRecord = (value: unknown): value is NaturalDataset =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof ArrayBuffer);

/** The datasets of a sequence value (array, array-like single item, or one object). */
export function sequence(value: unknown): NaturalDataset[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

export function stringValue(value: unknown): string | undefined {
  const first = firstValue(value);
  if (typeof first === 'string') return first.trim();
  if (typeof first === 'number' && Number.isFinite(first)) return String(first);
  return undefined;
}

export function numberValue(value: unknown): number | undefined {
  const first = firstValue(value);
  const number = typeof first === 'string' && first.trim() !== '' ? Number(first) : first;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export function numberList(value: unknown): number[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const numbers = list.map(numberValue);
  return numbers.every((n): n is number => n !== undefined) ? numbers : undefined;
}

export function personNameValue(value: unknown): PersonName | undefined {
  const first = firstValue(value);
  if (typeof first === 'string') {
    const [Alphabetic, Ideographic, Phonetic] = first.split('=');
    return dropEmpty({ Alphabetic, Ideographic, Phonetic });
  }
  if (!isRecord(first)) return undefined;
  const group = (key: string) => (typeof first[key] === 'string' ? (first[key] as string) : undefined);
  return dropEmpty({ Alphabetic: group('Alphabetic'), Ideographic: group('Ideographic'), Phonetic: group('Phonetic') });
}

function dropEmpty(name: PersonName): PersonName {
  return Object.fromEntries(Object.entries(name).filter(([, part]) => part)) as PersonName;
}

/** The first code of a code sequence. */
export function codeValue(value: unknown): Code | undefined {
  const [entry] = sequence(value);
  if (!entry) return undefined;
  const CodeValue = stringValue(entry.CodeValue);
  const CodingSchemeDesignator = stringValue(entry.CodingSchemeDesignator);
  const CodeMeaning = stringValue(entry.CodeMeaning) ?? '';
  return CodeValue && CodingSchemeDesignator ? { CodeValue, CodingSchemeDesignator, CodeMeaning } : undefined;
}

export const conceptOf = (item: ContentItem) => codeValue(item.ConceptNameCodeSequence);
export const childrenOf = (item: ContentItem) => sequence(item.ContentSequence);

export function childrenWith(item: ContentItem, concept: Code): ContentItem[] {
  return childrenOf(item).filter((child) => {
    const name = conceptOf(child);
    return name !== undefined && sameCode(name, concept);
  });
}

export const childWith = (item: ContentItem, concept: Code): ContentItem | undefined => childrenWith(item, concept)[0];

export const textOf = (item: ContentItem | undefined) => (item ? stringValue(item.TextValue) : undefined);
export const uidOf = (item: ContentItem | undefined) => (item ? stringValue(item.UID) : undefined);
export const dateOf = (item: ContentItem | undefined) => (item ? stringValue(item.Date) : undefined);
export const codeOf = (item: ContentItem | undefined) => (item ? codeValue(item.ConceptCodeSequence) : undefined);
export const personNameOf = (item: ContentItem | undefined) => (item ? personNameValue(item.PersonName) : undefined);

export function numOf(item: ContentItem | undefined): number | undefined {
  const [measured] = sequence(item?.MeasuredValueSequence);
  return measured ? numberValue(measured.NumericValue) : undefined;
}

export function unitOf(item: ContentItem | undefined): Code | undefined {
  const [measured] = sequence(item?.MeasuredValueSequence);
  return measured ? codeValue(measured.MeasurementUnitsCodeSequence) : undefined;
}

/** SOP Class/Instance of an IMAGE or COMPOSITE item. */
export function referencedSopOf(item: ContentItem | undefined): { sopClassUid: string; sopInstanceUid: string } | undefined {
  const [sop] = sequence(item?.ReferencedSOPSequence);
  const sopClassUid = stringValue(sop?.ReferencedSOPClassUID);
  const sopInstanceUid = stringValue(sop?.ReferencedSOPInstanceUID);
  return sopClassUid && sopInstanceUid ? { sopClassUid, sopInstanceUid } : undefined;
}

/** The region of an SCOORD item as written by `regionItem`. */
function regionOf(item: ContentItem): ImageRegion | undefined {
  const points = numberList(item.GraphicData);
  const type = stringValue(item.GraphicType);
  if (type === 'POINT' && points?.length === 2) return { kind: 'point', x: points[0], y: points[1] };
  if (type !== 'POLYLINE' || points?.length !== 10) return undefined;
  const [x, y, right, , , bottom] = points;
  const rectangle = [x, y, right, y, right, bottom, x, bottom, x, y];
  // Only the closed axis-aligned rectangle `regionItem` writes is a box; other polylines are not.
  return points.every((value, index) => value === rectangle[index]) ? { kind: 'box', x, y, width: right - x, height: bottom - y } : undefined;
}

/** The region of the SCOORD child of `item`, if it has one; a malformed one is a format error. */
export function regionIn(item: ContentItem): ImageRegion | undefined {
  const scoord = childrenOf(item).find((child) => child.ValueType === 'SCOORD');
  return scoord ? required(regionOf(scoord), 'finding region') : undefined;
}

/** An instant from a DA + TM pair with the dataset's timezone offset. */
export function instantOf(dataset: NaturalDataset, dateKey: string, timeKey: string): Date | undefined {
  const date = stringValue(dataset[dateKey]);
  const time = stringValue(dataset[timeKey]);
  const offset = stringValue(dataset.TimezoneOffsetFromUTC) ?? '+0000';
  return date && time ? instantFromDicomDateTime(`${date}${time}${offset}`) : undefined;
}

/** UIDs of the instances listed in an evidence sequence (study → series → SOP). */
export function evidenceOf(value: unknown): InstanceReference[] {
  return sequence(value).flatMap((study) =>
    sequence(study.ReferencedSeriesSequence).flatMap((series) =>
      sequence(series.ReferencedSOPSequence).map((sop) => ({
        studyInstanceUid: stringValue(study.StudyInstanceUID) ?? '',
        seriesInstanceUid: stringValue(series.SeriesInstanceUID) ?? '',
        sopClassUid: stringValue(sop.ReferencedSOPClassUID) ?? '',
        sopInstanceUid: stringValue(sop.ReferencedSOPInstanceUID) ?? '',
      })),
    ),
  );
}
