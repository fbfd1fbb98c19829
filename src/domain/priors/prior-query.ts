/** Pure pieces of the priors lookup: QIDO queries, QIDO result → StudySummary, AI summary text, cycling. */
import { type DicomJson, getString, getStrings } from '../dicom/dicom-json';
import type { QidoQuery } from '../dicom/qido';
import { Tag } from '../dicom/tags';
import type { StudyAiStatus } from '../ai/result/types';
import type { PriorEntry, StudySummary } from './prior-lookup';

/** IssuerOfPatientID (0010,0021): not in the shared tag table, only the priors need it. */
export const ISSUER_OF_PATIENT_ID = '00100021';

const SUMMARY_FIELDS = [Tag.ModalitiesInStudy, Tag.StudyDescription, Tag.BodyPartExamined, ISSUER_OF_PATIENT_ID];

export function currentStudyQuery(studyInstanceUid: string): QidoQuery {
  return { match: { StudyInstanceUID: studyInstanceUid }, includefield: SUMMARY_FIELDS };
}

/**
 * Every study of the patient. The issuer is compared afterwards (isSamePatient), not matched by the PACS:
 * a server-side match would drop priors stored without an issuer, which isSamePatient keeps.
 */
export function patientStudiesQuery(current: StudySummary): QidoQuery {
  return { match: { PatientID: current.patientID }, includefield: SUMMARY_FIELDS };
}

export function studySummaryOf(ds: DicomJson): StudySummary {
  const optional = (tag: string) => getString(ds, tag) || undefined;
  return {
    studyInstanceUid: getString(ds, Tag.StudyInstanceUID),
    patientID: getString(ds, Tag.PatientID),
    issuerOfPatientId: optional(ISSUER_OF_PATIENT_ID),
    studyDate: optional(Tag.StudyDate),
    studyTime: optional(Tag.StudyTime),
    modalities: getStrings(ds, Tag.ModalitiesInStudy),
    bodyPart: optional(Tag.BodyPartExamined),
    description: optional(Tag.StudyDescription),
  };
}

const capitalized = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/** "Effusion 0.82" (the most probable finding over its threshold), "no AI flags", "AI not applicable", or undefined. */
export function aiSummaryText(status: StudyAiStatus | undefined): string | undefined {
  if (status?.phase === 'no-model') return 'AI not applicable';
  if (status?.phase !== 'done') return undefined;
  const { result } = status;
  if (result.notApplicable) return 'AI not applicable';
  const top = result.findings.filter((f) => f.probability >= f.threshold).sort((a, b) => b.probability - a.probability)[0];
  return top ? `${capitalized(top.label)} ${top.probability.toFixed(2)}` : 'no AI flags';
}

/**
 * The prior after (`delta` 1, further along the strip: older) or before (-1, newer) the selected one,
 * wrapping around; the first prior when none is selected.
 */
export function cyclePriorUid(priors: readonly PriorEntry[], selectedUid: string | null, delta: 1 | -1): string | undefined {
  if (priors.length === 0) return undefined;
  const index = priors.findIndex((p) => p.study.studyInstanceUid === selectedUid);
  if (index < 0) return priors[0].study.studyInstanceUid;
  return priors[(index + delta + priors.length) % priors.length].study.studyInstanceUid;
}
