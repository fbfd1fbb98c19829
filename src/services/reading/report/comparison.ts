/** The prior to compare with: the priors feature's own QIDO queries, then the priors domain picks the default. */
import type { PacsClient } from '../../pacs/client';
import { findPriors } from '../../../domain/priors/prior-lookup';
import { currentStudyQuery, patientStudiesQuery, studySummaryOf } from '../../../domain/priors/prior-query';
import type { Comparison } from '../../../domain/dicom/sr';

/** The most recent comparable dated prior, or undefined (study not listed, no patient ID, no prior). */
export async function findComparison(client: PacsClient, studyInstanceUid: string): Promise<Comparison | undefined> {
  const [record] = await client.searchStudies(currentStudyQuery(studyInstanceUid));
  const current = record ? studySummaryOf(record) : undefined;
  if (!current || current.patientId === '') return undefined;
  const candidates = await client.searchStudies(patientStudiesQuery(current));
  const prior = findPriors(current, candidates.map(studySummaryOf)).defaultPrior;
  if (!prior?.study.studyDate) return undefined;
  return { studyInstanceUid: prior.study.studyInstanceUid, studyDate: prior.study.studyDate, note: `Compared with ${prior.study.description || 'the prior study'} (${prior.intervalText}).` };
}
