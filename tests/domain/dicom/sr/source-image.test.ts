import { describe, expect, it } from 'vitest';
import { aiResultSr, sourceImageFromDataset } from '../../../../src/domain/dicom/sr';
import { toDicomJson } from './dicom-json';
import { aiInput, source } from './fixtures';

const image = {
  SOPClassUID: source.sopClassUid,
  SOPInstanceUID: source.sopInstanceUid,
  StudyInstanceUID: source.studyInstanceUid,
  SeriesInstanceUID: source.seriesInstanceUid,
  PatientName: 'Yamada^Taro=山田^太郎', // the raw string form some readers produce
  PatientID: source.patientId,
  StudyDate: source.studyDate,
};

describe('sourceImageFromDataset', () => {
  it('takes UIDs, patient and study attributes, with absent ones empty', () => {
    expect(sourceImageFromDataset(image)).toEqual({
      studyInstanceUid: source.studyInstanceUid,
      seriesInstanceUid: source.seriesInstanceUid,
      sopClassUid: source.sopClassUid,
      sopInstanceUid: source.sopInstanceUid,
      patientName: source.patientName,
      patientId: source.patientId,
      patientBirthDate: '',
      patientSex: '',
      studyDate: source.studyDate,
      studyTime: '',
      studyId: '',
      accessionNumber: '',
      referringPhysicianName: {},
      studyDescription: '',
    });
  });

  it('reads DICOM JSON the same way', () => {
    expect(sourceImageFromDataset(toDicomJson(image))).toEqual(sourceImageFromDataset(image));
  });

  it('carries the request priority into the SR, so the study keeps it in QIDO', () => {
    const withPriority = sourceImageFromDataset({ ...image, RequestedProcedurePriority: 'STAT' });
    expect(withPriority.requestedProcedurePriority).toBe('STAT');
    expect(aiResultSr({ ...aiInput, source: withPriority }).RequestedProcedurePriority).toBe('STAT');
    expect(aiResultSr(aiInput).RequestedProcedurePriority).toBeUndefined();
  });

  it('refuses an image without a SOP Instance UID', () => {
    const { SOPInstanceUID: _uid, ...withoutUid } = image;
    expect(() => sourceImageFromDataset(withoutUid)).toThrow(/SOPInstanceUID/);
  });
});
