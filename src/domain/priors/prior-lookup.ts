import { formatInterval, intervalDays } from './interval';
import { compareInstants, instantMs, parseStudyInstant } from './study-time';
import type { Study } from '../study/study';

/**
 * A study as the priors lookup needs it: from QIDO (prior-query.ts studySummaryOf, strings as found in the
 * DICOM JSON, possibly padded) or a worklist Study. Modalities include SR etc. (ModalitiesInStudy).
 */
export type StudySummary = Pick<Study, 'studyInstanceUid' | 'patientID' | 'issuerOfPatientId' | 'modalities'> &
  Partial<Pick<Study, 'studyDate' | 'studyTime' | 'bodyPart' | 'description'>> & {
    /** Short AI result for display (e.g. "Effusion 0.82"), passed through untouched. */
    aiSummary?: string;
  };

export interface PriorEntry {
  study: StudySummary;
  /** Same modality family and no contradicting body part: worth hanging beside the current study. */
  comparable: boolean;
  /** Calendar days before the current study; undefined when either date is missing or invalid. */
  intervalDays?: number;
  /** "+12 d", "+3 mo", "+2 y", "same day" or "date unknown". */
  intervalText: string;
}

export interface PriorLookup {
  /** Comparable first; within each group dated studies newest first, then undated ones in input order. */
  priors: PriorEntry[];
  /** The most recent comparable dated prior: the default hanging beside the current study. */
  defaultPrior?: PriorEntry;
}

/** Modalities that carry no pixels to compare (reports, presentation states, key images, segmentations). */
const NON_IMAGE_MODALITIES = new Set(['SR', 'PR', 'KO', 'SEG', 'REG', 'DOC', 'OT']);
/** CR and DX are both projection radiography; a CR prior is a fine comparison for a DX film. */
const MODALITY_FAMILY: Record<string, string> = { CR: 'XR', DX: 'XR' };
const BODY_PART_SYNONYM: Record<string, string> = { THORAX: 'CHEST' };

const norm = (value: string | undefined): string => value?.trim().toUpperCase() ?? '';

/** PACS pad PatientID with spaces; the issuer only decides when both studies carry one. */
export function isSamePatient(a: StudySummary, b: StudySummary): boolean {
  const id = a.patientID.trim();
  if (id === '' || id !== b.patientID.trim()) return false;
  const issuerA = a.issuerOfPatientId?.trim() ?? '';
  const issuerB = b.issuerOfPatientId?.trim() ?? '';
  return issuerA === '' || issuerB === '' || issuerA === issuerB;
}

function imagingFamilies(study: StudySummary): Set<string> {
  const families = new Set<string>();
  for (const modality of study.modalities.map(norm)) {
    if (modality !== '' && !NON_IMAGE_MODALITIES.has(modality)) families.add(MODALITY_FAMILY[modality] ?? modality);
  }
  return families;
}

function bodyPartsAgree(a: StudySummary, b: StudySummary): boolean {
  const partA = norm(a.bodyPart);
  const partB = norm(b.bodyPart);
  if (partA === '' || partB === '') return true; // unknown does not count against a prior
  return (BODY_PART_SYNONYM[partA] ?? partA) === (BODY_PART_SYNONYM[partB] ?? partB);
}

export function isComparable(current: StudySummary, prior: StudySummary): boolean {
  const currentFamilies = imagingFamilies(current);
  const sharesFamily = [...imagingFamilies(prior)].some((family) => currentFamilies.has(family));
  return sharesFamily && bodyPartsAgree(current, prior);
}

interface Candidate {
  entry: PriorEntry;
  /** instantMs of the study; a total order (compareInstants is not one: unknown times tie with everything). */
  time?: number;
  inputIndex: number;
}

function byComparableThenNewest(a: Candidate, b: Candidate): number {
  if (a.entry.comparable !== b.entry.comparable) return a.entry.comparable ? -1 : 1;
  if (a.time !== undefined && b.time !== undefined) return b.time - a.time || a.inputIndex - b.inputIndex;
  if (a.time !== undefined || b.time !== undefined) return a.time !== undefined ? -1 : 1;
  return a.inputIndex - b.inputIndex;
}

/**
 * Priors of `current` among `candidates` (e.g. a QIDO search by PatientID): other patients, the current study,
 * repeated StudyInstanceUIDs and later studies are dropped. A same-day study whose time is unknown cannot be
 * ordered and is kept (hiding a possible prior is worse than showing a sibling); undated studies are kept last.
 */
export function findPriors(current: StudySummary, candidates: readonly StudySummary[]): PriorLookup {
  const currentInstant = parseStudyInstant(current.studyDate, current.studyTime);
  const seen = new Set([current.studyInstanceUid]);
  const kept: Candidate[] = [];
  candidates.forEach((study, inputIndex) => {
    if (seen.has(study.studyInstanceUid) || !isSamePatient(current, study)) return;
    seen.add(study.studyInstanceUid);
    const instant = parseStudyInstant(study.studyDate, study.studyTime);
    const comparable = isComparable(current, study);
    if (instant && currentInstant) {
      if (compareInstants(instant, currentInstant) > 0) return;
      const entry = {
        study,
        comparable,
        intervalDays: intervalDays(instant, currentInstant),
        intervalText: formatInterval(instant, currentInstant),
      };
      kept.push({ entry, time: instantMs(instant), inputIndex });
    } else {
      // Without the current date the interval is unknown, but the candidates' own dates still order them.
      kept.push({ entry: { study, comparable, intervalText: 'date unknown' }, time: instant && instantMs(instant), inputIndex });
    }
  });
  const priors = kept.sort(byComparableThenNewest).map((candidate) => candidate.entry);
  const defaultPrior = priors.find((entry) => entry.comparable && entry.intervalDays !== undefined);
  return defaultPrior ? { priors, defaultPrior } : { priors };
}
