import { type DicomJson, getNumber, getString } from '../../dicom/dicom-json';
import { Tag } from '../../dicom/tags';
import { PixelTag } from './tags';

/** Modalities the chest models were trained on. */
export const PROJECTION_MODALITIES = ['CR', 'DX'] as const;

/** Frontal views the findings models expect; laterals are a fallback (QA flags them). */
const FRONTAL = ['PA', 'AP'];

export type InstanceChoice = { applicable: true; instance: DicomJson } | { applicable: false; reason: string };

const isProjection = (ds: DicomJson) => (PROJECTION_MODALITIES as readonly string[]).includes(getString(ds, Tag.Modality).toUpperCase());

/** A blank BodyPartExamined is common on CR/DX: only a different body part rules the image out. */
const isChestOrUnknown = (ds: DicomJson) => ['', 'CHEST', 'THORAX'].includes(getString(ds, Tag.BodyPartExamined).toUpperCase());

const isSingleGrayFrame = (ds: DicomJson) => (getNumber(ds, PixelTag.NumberOfFrames) ?? 1) === 1 && (getNumber(ds, PixelTag.SamplesPerPixel) ?? 1) === 1;

/** Frontal before lateral, then the lowest InstanceNumber, then the UID: the same choice on every run. */
function rank(ds: DicomJson): [number, number, string] {
  const frontal = FRONTAL.includes(getString(ds, Tag.ViewPosition).toUpperCase()) ? 0 : 1;
  return [frontal, getNumber(ds, Tag.InstanceNumber) ?? Number.MAX_SAFE_INTEGER, getString(ds, Tag.SOPInstanceUID)];
}

function compareRanks(a: DicomJson, b: DicomJson): number {
  const [ra, rb] = [rank(a), rank(b)];
  return ra[0] - rb[0] || ra[1] - rb[1] || ra[2].localeCompare(rb[2]);
}

/**
 * The image of a study the chest models should see: a single-frame grayscale CR/DX chest image,
 * frontal preferred. Anything else (CT, MR, a hand film, colour) has no applicable model.
 */
export function chooseChestInstance(instances: readonly DicomJson[]): InstanceChoice {
  const projection = instances.filter(isProjection);
  if (projection.length === 0) {
    const modalities = [...new Set(instances.map((ds) => getString(ds, Tag.Modality)).filter(Boolean))];
    return { applicable: false, reason: `no CR/DX image (study has ${modalities.join(', ') || 'no images'})` };
  }
  const chest = projection.filter(isChestOrUnknown);
  if (chest.length === 0) {
    return { applicable: false, reason: `not a chest radiograph (body part ${getString(projection[0], Tag.BodyPartExamined)})` };
  }
  const usable = chest.filter(isSingleGrayFrame);
  if (usable.length === 0) return { applicable: false, reason: 'no single-frame grayscale chest image' };
  return { applicable: true, instance: [...usable].sort(compareRanks)[0] };
}
