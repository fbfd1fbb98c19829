/** The prior to compare with: the priors' QIDO queries (shared with the strip through the study cache), then the priors domain picks the default. */
import type { PacsClient } from '../../pacs/client';
import { studyCacheOf } from '../../pacs/study-cache';
import { findPriors } from '../../../domain/priors/prior-lookup';
import { studySummaryOf } from '../../../domain/priors/prior-query';
import type { Comparison } from '../../../domain/dicom/sr';

/** The most recent comparable dated prior, or undefined (study not listed, no patient ID, no prior). */
export async function findComparison(client: PacsClient, studyInstanceUid: string): Promise<Comparison | undefined> {
  const cache = studyCacheOf(client);
  const record = await cache.studyRecordOf(studyInstanceUid);
  const current = record ? studySummaryOf(record) : undefined;
  if (!current || current.patientID === '') return undefined;
  const candidates = await cache.patientStudiesOf(studyInstanceUid);
  const prior = findPriors(current, candidates.map(studySummaryOf)).defaultPrior;
  if (!prior?.study.studyDate) return undefined;
  return {
    studyInstanceUid: prior.study.studyInstanceUid,
    studyDate: prior.study.studyDate,
    note: `Compared with ${prior.study.description || 'the prior study'} (${prior.intervalText}).`,
  };
}
