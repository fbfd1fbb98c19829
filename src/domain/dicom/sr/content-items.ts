/**
 * Writers for SR content items (PS3.3 C.17.3) as naturalized datasets. Sequences are always
 * written as arrays; dcmjs encodes them as SQ.
 */
import type { Code } from './codes';
import { CODES } from './codes';
import type { NaturalDataset } from './dataset';
import type { ImageRegion, InstanceReference, PersonName } from './references';

export type Relationship = 'CONTAINS' | 'HAS PROPERTIES' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'INFERRED FROM' | 'SELECTED FROM';

export type ContentItem = NaturalDataset;

function item(relationship: Relationship, valueType: string, concept: Code | undefined, fields: NaturalDataset): ContentItem {
  return {
    RelationshipType: relationship,
    ValueType: valueType,
    ...(concept ? { ConceptNameCodeSequence: [{ ...concept }] } : {}),
    ...fields,
  };
}

/** Children omitted when empty: an empty ContentSequence is not allowed. */
const withChildren = (children: readonly ContentItem[]) => (children.length > 0 ? { ContentSequence: [...children] } : {});

export function container(relationship: Relationship, concept: Code, children: readonly ContentItem[]): ContentItem {
  return item(relationship, 'CONTAINER', concept, { ContinuityOfContent: 'SEPARATE', ...withChildren(children) });
}

export function codeItem(relationship: Relationship, concept: Code, value: Code, children: readonly ContentItem[] = []): ContentItem {
  return item(relationship, 'CODE', concept, { ConceptCodeSequence: [{ ...value }], ...withChildren(children) });
}

export function textItem(relationship: Relationship, concept: Code, text: string): ContentItem {
  return item(relationship, 'TEXT', concept, { TextValue: text });
}

export function numItem(relationship: Relationship, concept: Code, value: number, unit: Code, children: readonly ContentItem[] = []): ContentItem {
  // DS cannot hold NaN or Infinity: refuse them here rather than write an invalid file.
  if (!Number.isFinite(value)) throw new Error(`${concept.CodeMeaning} is not a finite number: ${value}`);
  const measured = { NumericValue: value, MeasurementUnitsCodeSequence: [{ ...unit }] };
  return item(relationship, 'NUM', concept, { MeasuredValueSequence: [measured], ...withChildren(children) });
}

export function uidrefItem(relationship: Relationship, concept: Code, uid: string): ContentItem {
  return item(relationship, 'UIDREF', concept, { UID: uid });
}

export function pnameItem(relationship: Relationship, concept: Code, name: PersonName): ContentItem {
  return item(relationship, 'PNAME', concept, { PersonName: [{ ...name }] });
}

export function dateItem(relationship: Relationship, concept: Code, date: string): ContentItem {
  return item(relationship, 'DATE', concept, { Date: date });
}

const referencedSop = (ref: InstanceReference) => ({
  ReferencedSOPSequence: [{ ReferencedSOPClassUID: ref.sopClassUid, ReferencedSOPInstanceUID: ref.sopInstanceUid }],
});

export function imageItem(relationship: Relationship, ref: InstanceReference): ContentItem {
  return item(relationship, 'IMAGE', undefined, referencedSop(ref));
}

export function compositeItem(relationship: Relationship, concept: Code, ref: InstanceReference): ContentItem {
  return item(relationship, 'COMPOSITE', concept, referencedSop(ref));
}

/** A point (concept Center) or a box (closed POLYLINE, concept Image Region) selected from `image`. */
export function regionItem(relationship: Relationship, region: ImageRegion, image: InstanceReference): ContentItem {
  const selectedFrom = withChildren([imageItem('SELECTED FROM', image)]);
  if (region.kind === 'point') {
    return item(relationship, 'SCOORD', CODES.center, { GraphicType: 'POINT', GraphicData: [region.x, region.y], ...selectedFrom });
  }
  const { x, y, width, height } = region;
  const corners = [x, y, x + width, y, x + width, y + height, x, y + height, x, y];
  return item(relationship, 'SCOORD', CODES.imageRegion, { GraphicType: 'POLYLINE', GraphicData: corners, ...selectedFrom });
}
