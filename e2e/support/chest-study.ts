/**
 * What several specs build the same way: the committed models' identities (a seeded SR must name exactly
 * these builds or the app ignores it), DICOM dates in local time (as the app reads StudyDate/StudyTime),
 * run-unique UIDs, and a study of one PA chest film.
 */
import { readFileSync } from 'node:fs';
import type { PlannedStudy } from '../../tools/seed/demo-plan';

export const COMMITTED_ALGORITHMS = ['cxr-triage', 'cxr-qa', 'cxr-lungs'].map((id) => {
  const manifest = JSON.parse(readFileSync(`models/${id}.json`, 'utf8')) as { id: string; version: string; sha256: string };
  return { id: manifest.id, version: manifest.version, sha256: manifest.sha256 };
});

const pad = (n: number) => String(n).padStart(2, '0');

/** StudyDate and StudyTime of a local moment. */
export function dicomDateTime(at: Date): { studyDate: string; studyTime: string } {
  return {
    studyDate: `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`,
    studyTime: `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`,
  };
}

/** A 2.25 UID derived from `text` (the same text gives the same UID: specs make it unique with a run id). */
export const uidFrom = (text: string) => `2.25.${BigInt('0x' + Buffer.from(text).toString('hex')) % 10n ** 30n}`;

export type ChestStudyFields = Omit<PlannedStudy, 'studyDescription' | 'images'> & {
  /** The seed's image key (the film the e2e plan maps it to). */
  file: string;
};

/** A study of one PA chest film (DX), its series and instance UIDs under the study's. */
export function chestFilmStudy({ file, ...study }: ChestStudyFields): PlannedStudy {
  const root = study.studyInstanceUid;
  return {
    ...study,
    studyDescription: 'XR CHEST PA',
    images: [
      {
        set: 'e2e',
        file,
        sopInstanceUid: `${root}.1.1`,
        seriesInstanceUid: `${root}.1`,
        seriesNumber: 1,
        seriesDescription: 'PA',
        modality: 'DX',
        viewPosition: 'PA',
        lossySource: false,
        abnormal: false,
      },
    ],
  };
}
