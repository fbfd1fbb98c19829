/** Shared inputs for the SR tests: one chest radiograph and a document of each kind about it. */
import type { AiResultInput, AssessmentInput, InstanceReference, NaturalDataset, ReportInput, SourceImage } from '../../../../src/domain/dicom/sr';
import { CODES, UNITS } from '../../../../src/domain/dicom/sr';

export const source: SourceImage = {
  studyInstanceUid: '1.2.826.0.1.3680043.8.498.1001',
  seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1002',
  sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1', // Digital X-Ray Image Storage - For Presentation
  sopInstanceUid: '1.2.826.0.1.3680043.8.498.1003',
  // Non-ASCII on purpose: the SR declares ISO_IR 192 (UTF-8).
  patientName: { Alphabetic: 'Yamada^Taro', Ideographic: '山田^太郎' },
  patientId: 'DOKUEI-0001',
  patientBirthDate: '19700101',
  patientSex: 'M',
  studyDate: '20260101',
  studyTime: '101500',
  studyId: 'S1',
  accessionNumber: 'ACC0001',
  referringPhysicianName: { Alphabetic: 'Doe^Jane' },
  studyDescription: 'CHEST PA',
};

/** Deterministic UIDs: each call gives the next one. */
export function uidCounter(prefix = '1.2.826.0.1.3680043.8.498.9'): () => string {
  let next = 0;
  return () => `${prefix}.${++next}`;
}

export const aiInput: AiResultInput = {
  source,
  computedAt: new Date('2026-01-01T10:20:30.456Z'),
  algorithms: [
    { id: 'cxr-triage', version: '1.0.0', sha256: 'a'.repeat(64) },
    { id: 'cxr-lungs', version: '1.2.0', sha256: 'b'.repeat(64) },
  ],
  findings: [
    { label: 'abnormal', probability: 0.8125, threshold: 0.42, positive: true, operatingPoint: 'flag', region: { kind: 'point', x: 101.5, y: 88.25 } },
    { label: 'effusion', probability: 0.61, threshold: 0.35, positive: true, region: { kind: 'box', x: 10, y: 20, width: 30.5, height: 40 } },
    { label: 'pneumonia', probability: 0.07, threshold: 0.3, positive: false, operatingPoint: 'flag' },
    { label: 'cardiomegaly', probability: 0.5, threshold: 0.5, positive: true }, // no standard code in the table: private
  ],
  ood: { score: 12.5, threshold: 123.4, outOfDistribution: false },
  qaFlags: [{ kind: 'rotated', detail: '90° clockwise' }, { kind: 'projection-mismatch' }],
  lungAreas: [
    { side: 'right', areaCm2: 231.5 },
    { side: 'left', areaCm2: 198.25 },
  ],
};

export function assessmentInput(aiResult: InstanceReference, trackingUids: string[]): AssessmentInput {
  return {
    source,
    reader: { Alphabetic: 'Suzuki^Hanako', Ideographic: '鈴木^花子' },
    assessedAt: new Date('2026-01-01T11:00:00.000Z'),
    aiResult,
    decisions: [
      { decision: 'accept', label: 'abnormal', trackingUid: trackingUids[0] },
      { decision: 'edit', label: 'effusion', trackingUid: trackingUids[1], region: { kind: 'box', x: 12, y: 22, width: 28, height: 41 } },
      { decision: 'reject', label: 'pneumonia', trackingUid: trackingUids[2], reason: 'costophrenic angle artefact' },
      { decision: 'reject', label: 'cardiomegaly', trackingUid: trackingUids[3] },
      { decision: 'add', label: 'pneumonia', trackingUid: '1.2.826.0.1.3680043.8.498.77', region: { kind: 'point', x: 50, y: 60 } },
    ],
  };
}

export const reportInput: ReportInput = {
  source,
  author: { Alphabetic: 'Suzuki^Hanako' },
  writtenAt: new Date('2026-01-01T11:30:00.000Z'),
  findings: [{ text: 'Small right pleural effusion.', label: 'effusion' }, { text: 'No pneumothorax.' }],
  measurements: [{ concept: CODES.area, value: 231.5, unit: UNITS.squareCentimeter }],
  comparison: { studyInstanceUid: '1.2.826.0.1.3680043.8.498.555', studyDate: '20250601', note: 'Effusion new since prior.' },
  impression: 'Small right pleural effusion, new.',
  recommendation: 'Follow-up radiograph in 4 weeks.',
  signOff: { verifier: { Alphabetic: 'Suzuki^Hanako' }, organization: 'Dokuei Research Hospital', verifiedAt: new Date('2026-01-01T11:45:00.000Z') },
};

export const srReference = (sr: NaturalDataset): InstanceReference => ({
  studyInstanceUid: sr.StudyInstanceUID as string,
  seriesInstanceUid: sr.SeriesInstanceUID as string,
  sopClassUid: sr.SOPClassUID as string,
  sopInstanceUid: sr.SOPInstanceUID as string,
});
