/**
 * The modules every Dokuei SR shares (PS3.3 A.35.3 Comprehensive SR IOD): patient and study
 * copied from the source image, a new SR series, SR document general, and the root CONTAINER.
 */
import { CODES, DOKUEI_SCHEME, type Code } from './codes';
import { codeItem, container, type ContentItem, imageItem } from './content-items';
import type { NaturalDataset } from './dataset';
import { dicomDate, dicomDateTime, dicomTime } from './dicom-time';
import type { InstanceReference, PersonName, SourceImage } from './references';
import type { UidSource } from './uid';

export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

/** Template identifiers under the private mapping resource; the parser dispatches on them. */
export const TEMPLATES = {
  'ai-result': 'AI_RESULT_V1',
  assessment: 'ASSESSMENT_V1',
  report: 'REPORT_V1',
} as const;
export type DokueiSrKind = keyof typeof TEMPLATES;

export const SERIES_DESCRIPTIONS: Record<DokueiSrKind, string> = {
  'ai-result': 'Dokuei AI results',
  assessment: 'Dokuei reader assessment',
  report: 'Dokuei report',
};

/** Series numbers kept apart from the modality's usual 1..n. */
const SERIES_NUMBERS: Record<DokueiSrKind, number> = { 'ai-result': 9001, assessment: 9002, report: 9003 };

const MANUFACTURER = 'Dokuei';

/** Where a builder takes new UIDs from (SOP instance, series, tracking): fixed ones in tests. */
export interface BuildOptions {
  newUid?: UidSource;
}

export interface Verification {
  verifier: PersonName;
  organization: string;
  verifiedAt: Date;
}

export interface DocumentSpec {
  kind: DokueiSrKind;
  source: SourceImage;
  rootConcept: Code;
  content: readonly ContentItem[];
  contentAt: Date;
  /** Instances the content references; all in the source image's study. */
  evidence: readonly InstanceReference[];
  sopInstanceUid: string;
  seriesInstanceUid: string;
  verification?: Verification;
}

export const languageItem = () => codeItem('HAS CONCEPT MOD', CODES.language, CODES.englishUS);

/** Image Library (TID 1600) listing the source image: where a reader finds what the SR is about. */
export function imageLibrary(source: InstanceReference): ContentItem {
  return container('CONTAINS', CODES.imageLibrary, [container('CONTAINS', CODES.imageLibraryGroup, [imageItem('CONTAINS', source)])]);
}

function evidenceSequence(studyInstanceUid: string, refs: readonly InstanceReference[]): NaturalDataset[] {
  const bySeries = new Map<string, InstanceReference[]>();
  for (const ref of refs) bySeries.set(ref.seriesInstanceUid, [...(bySeries.get(ref.seriesInstanceUid) ?? []), ref]);
  const series = [...bySeries].map(([seriesInstanceUid, instances]) => ({
    SeriesInstanceUID: seriesInstanceUid,
    ReferencedSOPSequence: instances.map((ref) => ({
      ReferencedSOPClassUID: ref.sopClassUid,
      ReferencedSOPInstanceUID: ref.sopInstanceUid,
    })),
  }));
  return [{ StudyInstanceUID: studyInstanceUid, ReferencedSeriesSequence: series }];
}

function verificationModule(verification: Verification | undefined): NaturalDataset {
  if (!verification) return { CompletionFlag: 'PARTIAL', VerificationFlag: 'UNVERIFIED' };
  return {
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'VERIFIED',
    VerifyingObserverSequence: [
      {
        VerifyingObserverName: [{ ...verification.verifier }],
        VerifyingOrganization: verification.organization,
        VerificationDateTime: dicomDateTime(verification.verifiedAt),
        VerifyingObserverIdentificationCodeSequence: [],
      },
    ],
  };
}

export function srDocument(spec: DocumentSpec): NaturalDataset {
  const { source, contentAt } = spec;
  const foreignStudy = spec.evidence.find((ref) => ref.studyInstanceUid !== source.studyInstanceUid);
  if (foreignStudy) throw new Error(`evidence ${foreignStudy.sopInstanceUid} is not in study ${source.studyInstanceUid}`);
  const root = container('CONTAINS', spec.rootConcept, spec.content);
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: COMPREHENSIVE_SR,
    SOPInstanceUID: spec.sopInstanceUid,
    InstanceCreationDate: dicomDate(contentAt),
    InstanceCreationTime: dicomTime(contentAt),
    TimezoneOffsetFromUTC: '+0000',
    // Patient and General Study, type 2 attributes present even when empty.
    PatientName: [{ ...source.patientName }],
    PatientID: source.patientId,
    PatientBirthDate: source.patientBirthDate,
    PatientSex: source.patientSex,
    ...(source.patientAge ? { PatientAge: source.patientAge } : {}),
    StudyInstanceUID: source.studyInstanceUid,
    StudyDate: source.studyDate,
    StudyTime: source.studyTime,
    StudyID: source.studyId,
    AccessionNumber: source.accessionNumber,
    ReferringPhysicianName: [{ ...source.referringPhysicianName }],
    StudyDescription: source.studyDescription,
    ...(source.requestedProcedurePriority && { RequestedProcedurePriority: source.requestedProcedurePriority }),
    // SR Document Series and General Equipment.
    Modality: 'SR',
    SeriesInstanceUID: spec.seriesInstanceUid,
    SeriesNumber: SERIES_NUMBERS[spec.kind],
    SeriesDescription: SERIES_DESCRIPTIONS[spec.kind],
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: MANUFACTURER,
    // SR Document General.
    InstanceNumber: 1,
    ContentDate: dicomDate(contentAt),
    ContentTime: dicomTime(contentAt),
    ...verificationModule(spec.verification),
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidenceSequence(source.studyInstanceUid, spec.evidence),
    // SR Document Content: the root container, without a relationship.
    ValueType: root.ValueType,
    ConceptNameCodeSequence: root.ConceptNameCodeSequence,
    ContinuityOfContent: root.ContinuityOfContent,
    ContentTemplateSequence: [{ MappingResource: DOKUEI_SCHEME, TemplateIdentifier: TEMPLATES[spec.kind] }],
    ContentSequence: root.ContentSequence,
  };
}
