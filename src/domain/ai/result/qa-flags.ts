import type { HeadResult } from '../postprocess/decisions';
import type { QaFlag } from './types';

/** What the DICOM header claims about the image. */
export interface ImageTags {
  viewPosition: string;
  bodyPartExamined: string;
}

const PROJECTION_OF_VIEW: Record<string, string> = { PA: 'PA', AP: 'AP', LL: 'LATERAL', RL: 'LATERAL', LATERAL: 'LATERAL', LAT: 'LATERAL' };

/**
 * QA flags where the QA model disagrees with the header or sees a turned/mirrored image.
 * Blank tags are not contradicted: only a stated value can be wrong.
 */
export function qaFlags(heads: readonly HeadResult[], tags: ImageTags): QaFlag[] {
  const flags: QaFlag[] = [];
  const oneOf = (name: string) => heads.find((h): h is Extract<HeadResult, { kind: 'oneof' }> => h.kind === 'oneof' && h.head === name);
  const projection = oneOf('projection');
  const stated = PROJECTION_OF_VIEW[tags.viewPosition.trim().toUpperCase()];
  if (projection && stated && projection.label !== stated) {
    flags.push({
      kind: 'projection-mismatch',
      detail: `ViewPosition ${tags.viewPosition} but the image looks ${projection.label} (p ${projection.probability.toFixed(2)})`,
    });
  }
  const rotation = oneOf('rotation');
  if (rotation && rotation.label !== '0')
    flags.push({ kind: 'rotated', detail: `image looks rotated ${rotation.label}° clockwise (p ${rotation.probability.toFixed(2)})` });
  // A lateral has no anatomical left and right (a mirrored left lateral looks like a right lateral).
  const flip = projection?.label === 'LATERAL' ? undefined : heads.find((h) => h.head === 'flip');
  const mirrored = flip?.kind === 'multilabel' ? flip.findings[0] : undefined;
  if (mirrored?.positive) flags.push({ kind: 'flipped', detail: `image looks mirrored left↔right (p ${mirrored.probability.toFixed(2)})` });
  const part = oneOf('body_part');
  const statedPart = tags.bodyPartExamined.trim().toUpperCase();
  if (part && statedPart && part.label !== statedPart) {
    flags.push({
      kind: 'body-part-mismatch',
      detail: `BodyPartExamined ${statedPart} but the image looks like ${part.label} (p ${part.probability.toFixed(2)})`,
    });
  }
  return flags;
}
