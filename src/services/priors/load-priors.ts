/** Prior lookup against the PACS: the current study's own QIDO record, then every study of its patient. */
import type { PacsClient } from '../pacs/client';
import { findPriors, type PriorLookup, type StudySummary } from '../../domain/priors/prior-lookup';
import { currentStudyQuery, patientStudiesQuery, studySummaryOf } from '../../domain/priors/prior-query';

export interface PriorsOfStudy {
  current: StudySummary;
  lookup: PriorLookup;
}

/** Throws with a readable message when the PACS fails or does not know the study; no PatientID means no priors. */
export async function lookupPriors(client: Pick<PacsClient, 'searchStudies'>, studyInstanceUid: string, signal?: AbortSignal): Promise<PriorsOfStudy> {
  const [record] = await client.searchStudies(currentStudyQuery(studyInstanceUid), { signal });
  if (!record) throw new Error('the PACS does not list this study');
  const current = studySummaryOf(record);
  if (current.patientId === '') return { current, lookup: { priors: [] } };
  const candidates = await client.searchStudies(patientStudiesQuery(current), { signal });
  return { current, lookup: findPriors(current, candidates.map(studySummaryOf)) };
}
