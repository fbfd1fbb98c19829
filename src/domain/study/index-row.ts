/**
 * One study as the worklist index keeps it: the server builds and stores these rows (server/worklist) and
 * sends them as GET /api/worklist; the browser reads them (src/services/worklist/index-client.ts).
 */
import type { AiFinding, LungArea, QaFlag } from '../ai/result/types';
import type { ClinicalClass, TriageReason } from '../triage/types';

/** The study's own fields, read from the PACS (server/worklist/study-fields.ts); `When` is how a date-time travels. */
export interface IndexStudyFields<When = string> {
  studyUid: string;
  orthancId: string;
  patientId: string;
  patientName: string;
  patientSex: string | null;
  patientBirthDate: string | null;
  accession: string | null;
  studyDate: string | null;
  studyTime: string | null;
  /** StudyDate + StudyTime read as UTC; null when the date is not a calendar date. */
  studyDateTime: When | null;
  /** Distinct image modalities, DICOM multi-value form ("CR\DX"); null when the study has no image. */
  modality: string | null;
  bodyPart: string | null;
  description: string | null;
  /** RequestedProcedurePriority upper-cased as sent (STAT, HIGH, …); null when absent. */
  priority: string | null;
  /**
   * Orthanc's NumberOfStudyRelatedSeries / Instances (every series, SR and SEG included); null when not answered,
   * absent from rows indexed before migration 006.
   */
  seriesCount?: number | null;
  instanceCount?: number | null;
}

export type AiStatus = 'pending' | 'done' | 'not-applicable' | 'no-model' | 'failed';

export interface AiSummaryFinding extends Pick<AiFinding, 'label' | 'probability' | 'threshold' | 'positive'> {
  clinicalClass: ClinicalClass;
}

/**
 * The AI result as the list needs it (findings with their operating points, positives, QA flags,
 * applicability) plus the UIDs of the SR/SEG holding the full result.
 */
export interface AiSummary {
  status: Exclude<AiStatus, 'pending'>;
  /** src/domain/ai/result/model-key.ts modelKey of the builds that ran; null when no model applied. */
  modelKey: string | null;
  /** ISO 8601. */
  computedAt: string;
  findings: AiSummaryFinding[];
  /** Labels of the positive findings, strongest first: the list's one-line summary. */
  positives: string[];
  /** Why not applicable / no model / failed. */
  detail?: string;
  qaFlags: QaFlag[];
  lungAreas: LungArea[];
  srInstanceUid?: string;
  segInstanceUid?: string;
}

export type ReadingState = 'unread' | 'in-progress' | 'read';

/** One row of GET /api/worklist. Times are ISO 8601. */
export interface IndexRow extends IndexStudyFields {
  aiStatus: AiStatus;
  aiSummary: AiSummary | null;
  flagged: boolean;
  urgency: {
    level: string;
    /** Evidence + aging points at the query time. */
    score: number;
    evidenceScore: number;
    overdue: boolean;
    waitMinutes: number;
    reasons: TriageReason[];
  };
  readingState: ReadingState;
  claimedBy: string | null;
  /** When the index saw the study arrive in the PACS. */
  arrivedAt: string;
  /** Acquisition time from the DICOM (src/domain/triage/waiting-since.ts); null when undated. */
  acquiredAt: string | null;
  /** What the wait counts from: the acquisition when plausible, else the arrival. */
  waitingSince: string;
  updatedAt: string;
}
