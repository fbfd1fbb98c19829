/** A one-image chest CR study made from a real PNG of ../shared/data (as the demo seed makes them). */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { buildDemoInstance, readGrayPng } from '../../../tools/seed/demo-instance';
import type { PlannedImage, PlannedStudy } from '../../../tools/seed/demo-plan';
import { resolveDataDir } from '../../../tools/seed/seed';

const uid = () => `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;

export const CHEST_PNGS = ['images/00000001_000.png', 'images/00000001_001.png', 'images/00000002_000.png', 'images/00000003_000.png'];

export interface ChestStudy {
  studyUid: string;
  patientId: string;
  accession: string;
  bytes: Uint8Array;
}

export function chestStudy(label: string, options: { priority?: PlannedStudy['priority']; png?: string } = {}): ChestStudy {
  const studyUid = uid();
  const study: PlannedStudy = {
    studyInstanceUid: studyUid,
    patientId: `WLI-${label}`,
    patientName: `TEST^${label.toUpperCase()}`,
    patientSex: 'F',
    patientAge: 50,
    studyDate: '20250110',
    studyTime: '093000',
    accessionNumber: `ACC-${label}`,
    studyDescription: 'Chest PA',
    ...(options.priority ? { priority: options.priority } : {}),
    images: [],
  };
  const image: PlannedImage = {
    set: 'cxr_nih14_256',
    file: options.png ?? CHEST_PNGS[0],
    sopInstanceUid: uid(),
    seriesInstanceUid: uid(),
    seriesNumber: 1,
    seriesDescription: 'PA',
    modality: 'CR',
    viewPosition: 'PA',
    imagerPixelSpacing: [0.5, 0.5],
    lossySource: false,
    abnormal: false,
  };
  const pixels = readGrayPng(join(resolveDataDir(), image.set, image.file));
  return { studyUid, patientId: study.patientId, accession: study.accessionNumber, bytes: buildDemoInstance(study, image, pixels) };
}
