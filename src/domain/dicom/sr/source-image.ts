import { personNameValue, required, stringValue } from './content-read';
import { type NaturalDataset, toNatural } from './dataset';
import type { SourceImage } from './references';

/**
 * The SourceImage of an image's metadata, from DICOM JSON (WADO-RS metadata) or a naturalized
 * dataset. Throws when the four UIDs an SR must reference are missing.
 */
export function sourceImageFromDataset(metadata: NaturalDataset): SourceImage {
  const ds = toNatural(metadata);
  const text = (keyword: string) => stringValue(ds[keyword]) ?? '';
  const uid = (keyword: string) => required(stringValue(ds[keyword]) || undefined, keyword);
  return {
    studyInstanceUid: uid('StudyInstanceUID'),
    seriesInstanceUid: uid('SeriesInstanceUID'),
    sopClassUid: uid('SOPClassUID'),
    sopInstanceUid: uid('SOPInstanceUID'),
    patientName: personNameValue(ds.PatientName) ?? {},
    patientId: text('PatientID'),
    patientBirthDate: text('PatientBirthDate'),
    patientAge: text('PatientAge') || undefined,
    patientSex: text('PatientSex'),
    studyDate: text('StudyDate'),
    studyTime: text('StudyTime'),
    studyId: text('StudyID'),
    accessionNumber: text('AccessionNumber'),
    referringPhysicianName: personNameValue(ds.ReferringPhysicianName) ?? {},
    studyDescription: text('StudyDescription'),
    requestedProcedurePriority: text('RequestedProcedurePriority') || undefined,
  };
}
