/** Prior lookup against the PACS: the current study's own QIDO record, then every study of its patient. */
import type { PacsClient } from '../pacs/client';
import { studyCacheOf } from '../pacs/study-cache';
import { findPriors, type PriorLookup, type StudySummary } from '../../domain/priors/prior-lookup';
import { studySummaryOf } from '../../domain/priors/prior-query';

export interface PriorsOfStudy {
  current: StudySummary;
  lookup: PriorLookup;
}

/** Throws with a readable message when the PACS fails or does not know the study; no PatientID means no priors. */
/** Both queries go through the study cache (the report's comparison asks the same); `_signal` stays for callers. */
export async function lookupPriors(client: Pick<PacsClient, 'searchStudies'>, studyInstanceUid: string, _signal?: AbortSignal): Promise<PriorsOfStudy> {
  const cache = studyCacheOf(client);
  const record = await cache.studyRecordOf(studyInstanceUid);
  if (!record) throw new Error('the PACS does not list this study');
  const current = studySummaryOf(record);
  if (current.patientID === '') return { current, lookup: { priors: [] } };
  const candidates = await cache.patientStudiesOf(studyInstanceUid);
  return { current, lookup: findPriors(current, candidates.map(studySummaryOf)) };
}

/** The study and every other study of its patient (the priors, comparable first), as the timeline takes them. */
export async function patientExamsOf(client: Pick<PacsClient, 'searchStudies'>, studyInstanceUid: string): Promise<StudySummary[]> {
  const { current, lookup } = await lookupPriors(client, studyInstanceUid);
  return [current, ...lookup.priors.map((prior) => prior.study)];
}
