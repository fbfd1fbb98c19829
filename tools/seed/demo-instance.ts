import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import type { PlannedImage, PlannedStudy } from './demo-plan';
import { monochrome8PixelModule, SOP_CLASS, writePart10, type GrayImage, type NaturalDataset } from './dicom-writer';

/** An 8-bit gray PNG as one sample per pixel (the first channel if the file has more). */
export function readGrayPng(path: string): GrayImage {
  const png = decode(readFileSync(path));
  if (png.depth !== 8) throw new Error(`${path}: ${png.depth}-bit PNG, expected 8-bit`);
  const channels = png.channels;
  const source = png.data as Uint8Array;
  const pixels = channels === 1 ? new Uint8Array(source) : new Uint8Array(png.width * png.height);
  if (channels !== 1) for (let i = 0; i < pixels.length; i++) pixels[i] = source[i * channels];
  return { width: png.width, height: png.height, pixels };
}

const ageString = (years: number) => `${String(Math.min(years, 999)).padStart(3, '0')}Y`;

/** The study-level tags shared by every instance of a planned study (patient, study, request). */
export function studyModule(study: PlannedStudy): NaturalDataset {
  const request: NaturalDataset = {
    RequestedProcedureID: study.accessionNumber,
    ScheduledProcedureStepID: study.accessionNumber,
    RequestedProcedureDescription: study.studyDescription,
    ...(study.priority ? { RequestedProcedurePriority: study.priority } : {}),
  };
  return {
    PatientName: study.patientName,
    PatientID: study.patientId,
    PatientBirthDate: '',
    PatientSex: study.patientSex ?? '',
    ...(study.patientAge !== undefined ? { PatientAge: ageString(study.patientAge) } : {}),
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.studyDate,
    StudyTime: study.studyTime,
    StudyID: study.accessionNumber.slice(-8),
    AccessionNumber: study.accessionNumber,
    StudyDescription: study.studyDescription,
    ReferringPhysicianName: '',
    RequestedProcedureDescription: study.studyDescription,
    ...(study.priority ? { RequestedProcedurePriority: study.priority } : {}),
    RequestAttributesSequence: [request],
    InstitutionName: 'Dokuei demo',
  };
}

/** A CR/DX instance for one planned image with the given pixels. */
export function buildDemoInstance(study: PlannedStudy, image: PlannedImage, pixels: GrayImage): Uint8Array {
  return writePart10({
    SOPClassUID: SOP_CLASS[image.modality],
    SOPInstanceUID: image.sopInstanceUid,
    ImageType: ['DERIVED', 'PRIMARY'],
    ...studyModule(study),
    SeriesInstanceUID: image.seriesInstanceUid,
    SeriesNumber: image.seriesNumber,
    SeriesDescription: image.seriesDescription,
    SeriesDate: study.studyDate,
    SeriesTime: study.studyTime,
    ContentDate: study.studyDate,
    ContentTime: study.studyTime,
    InstanceNumber: 1,
    Modality: image.modality,
    Manufacturer: 'Dokuei demo seed',
    BodyPartExamined: 'CHEST',
    ...(image.viewPosition ? { ViewPosition: image.viewPosition } : {}),
    ...(image.modality === 'DX' ? { PresentationIntentType: 'FOR PRESENTATION' } : {}),
    ...(image.imagerPixelSpacing ? { ImagerPixelSpacing: image.imagerPixelSpacing } : {}),
    LossyImageCompression: image.lossySource ? '01' : '00',
    ...monochrome8PixelModule(pixels),
  });
}

export function demoInstanceFromData(dataDir: string, study: PlannedStudy, image: PlannedImage): Uint8Array {
  return buildDemoInstance(study, image, readGrayPng(join(dataDir, image.set, image.file)));
}
