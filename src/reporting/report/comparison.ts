/** The prior to compare with: QIDO by PatientID, then the priors domain picks the default. */
import { type DicomJson, getString, getStrings, type PacsClient, Tag } from '../../dicomweb';
import { findPriors, type StudySummary } from '../../priors';
import type { Comparison } from '../sr';

function summaryOf(ds: DicomJson): StudySummary {
  return {
    studyInstanceUid: getString(ds, Tag.StudyInstanceUID),
    patientId: getString(ds, Tag.PatientID),
    studyDate: getString(ds, Tag.StudyDate),
    studyTime: getString(ds, Tag.StudyTime),
    modalities: getStrings(ds, Tag.ModalitiesInStudy),
    description: getString(ds, Tag.StudyDescription),
  };
}

/** The most recent comparable dated prior, or undefined (no patient ID, no prior). */
export async function findComparison(client: PacsClient, studyInstanceUid: string): Promise<Comparison | undefined> {
  const [current] = await client.searchStudies({ match: { StudyInstanceUID: studyInstanceUid }, includefield: ['ModalitiesInStudy'] });
  const patientId = current ? getString(current, Tag.PatientID) : '';
  if (!current || patientId === '') return undefined;
  const candidates = await client.searchStudies({ match: { PatientID: patientId }, includefield: ['ModalitiesInStudy'] });
  const prior = findPriors(summaryOf(current), candidates.map(summaryOf)).defaultPrior;
  if (!prior?.study.studyDate) return undefined;
  return { studyInstanceUid: prior.study.studyInstanceUid, studyDate: prior.study.studyDate, note: `Compared with ${prior.study.description || 'the prior study'} (${prior.intervalText}).` };
}
