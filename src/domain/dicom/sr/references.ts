/** What an SR points at, and where patient/study attributes come from. */

/** One DICOM instance, enough to reference it from SR content and evidence sequences. */
export interface InstanceReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

/** PN value in its DICOM JSON form; components within a group are separated by '^'. */
export interface PersonName {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

/**
 * The image an SR is about, with the patient and study attributes an SR in the same study must
 * repeat. Absent attributes are '' (they are type 2 in the SR: present, possibly empty).
 */
export interface SourceImage extends InstanceReference {
  patientName: PersonName;
  patientId: string;
  patientBirthDate: string;
  /** PatientAge ("045Y") when the image states it: the age gate reads it back from the SR. */
  patientAge?: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  studyId: string;
  accessionNumber: string;
  referringPhysicianName: PersonName;
  studyDescription: string;
  /**
   * Copied so the study keeps its priority in QIDO: Orthanc 1.10 answers non-indexed study tags
   * from one (in practice the latest) instance of the study, which may be this SR.
   */
  requestedProcedurePriority?: string;
}

/**
 * A region on the source image in DICOM image coordinates (PS3.3 C.18.6.1.2): x = column,
 * y = row, (0, 0) = top left corner of the top left pixel. A point marks e.g. a Grad-CAM peak.
 * Stored as GraphicData (FL): coordinates come back as 32-bit floats (Math.fround).
 */
export type ImageRegion = { kind: 'point'; x: number; y: number } | { kind: 'box'; x: number; y: number; width: number; height: number };
