/**
 * A study's SRs as monitoring rows (pure): every dataset read with src parseDokueiSr, the model named as
 * metrics.ts names it, each decision keyed as review/decisions.ts keys it. Never throws: an unreadable
 * SR is an `unknown` document with its reason, as on the page.
 */
import { getString } from '../../src/domain/dicom/dicom-json';
import { parseDokueiSr } from '../../src/domain/dicom/sr';
import { Tag } from '../../src/domain/dicom/tags';
import { modelName } from '../../src/domain/reading/monitoring/metrics';
import { isQaLabel, itemKey } from '../../src/domain/reading/review/decisions';

export type DocumentKind = 'ai-result' | 'assessment' | 'report' | 'unknown';

export interface DocumentRow {
  studyUid: string;
  sopInstanceUid: string;
  kind: DocumentKind;
  reason: string | null;
  aiSrUid: string | null;
}

export interface AiResultRow {
  studyUid: string;
  srInstanceUid: string;
  model: string;
  algorithms: Array<{ id: string; version: string; sha256: string }>;
  computedAt: Date;
  oodScore: number | null;
  oodThreshold: number | null;
  outOfDistribution: boolean | null;
  qaFlags: string[];
}

export interface FindingRow {
  studyUid: string;
  srInstanceUid: string;
  ordinal: number;
  model: string;
  label: string;
  probability: number;
  threshold: number;
  positive: boolean;
  trackingUid: string;
  computedAt: Date;
}

export type DecisionKind = 'accept' | 'reject' | 'edit' | 'add';

export interface DecisionRow {
  studyUid: string;
  assessmentSrUid: string;
  ordinal: number;
  aiSrUid: string;
  trackingUid: string;
  label: string;
  itemKey: string;
  qa: boolean;
  decision: DecisionKind;
  reader: string;
  decidedAt: Date;
}

export interface StudySrRows {
  studyUid: string;
  documents: DocumentRow[];
  aiResults: AiResultRow[];
  findings: FindingRow[];
  decisions: DecisionRow[];
}

/** SOPInstanceUID of a DICOM JSON or naturalized dataset; '' when it has none. */
function sopOf(dataset: unknown): string {
  if (typeof dataset !== 'object' || dataset === null) return '';
  const natural = (dataset as { SOPInstanceUID?: unknown }).SOPInstanceUID;
  if (typeof natural === 'string') return natural.trim();
  return getString(dataset as Parameters<typeof getString>[0], Tag.SOPInstanceUID).trim();
}

export function studySrRows(studyUid: string, datasets: readonly unknown[]): StudySrRows {
  const rows: StudySrRows = { studyUid, documents: [], aiResults: [], findings: [], decisions: [] };
  const seen = new Set<string>();
  datasets.forEach((dataset, index) => {
    const sr = parseDokueiSr(dataset);
    const sop = (sr.kind === 'unknown' ? sopOf(dataset) : sr.document.sopInstanceUid) || `(no SOP instance UID #${index})`;
    // The same instance twice in one answer is one document (the primary key says so too).
    if (seen.has(sop)) return;
    seen.add(sop);
    const document: DocumentRow = { studyUid, sopInstanceUid: sop, kind: sr.kind, reason: null, aiSrUid: null };
    rows.documents.push(document);
    switch (sr.kind) {
      case 'unknown':
        document.reason = sr.reason;
        return;
      case 'report':
        return;
      case 'ai-result': {
        const { content } = sr;
        const model = modelName(content.algorithms);
        rows.aiResults.push({
          studyUid,
          srInstanceUid: sop,
          model,
          algorithms: content.algorithms.map(({ id, version, sha256 }) => ({ id, version, sha256 })),
          computedAt: content.computedAt,
          oodScore: content.ood?.score ?? null,
          oodThreshold: content.ood?.threshold ?? null,
          outOfDistribution: content.ood ? content.ood.outOfDistribution : null,
          qaFlags: content.qaFlags.map((f) => f.kind),
        });
        content.findings.forEach((f, ordinal) =>
          rows.findings.push({
            studyUid,
            srInstanceUid: sop,
            ordinal,
            model,
            label: f.label,
            probability: f.probability,
            threshold: f.threshold,
            positive: f.positive,
            trackingUid: f.trackingUid,
            computedAt: content.computedAt,
          }),
        );
        return;
      }
      case 'assessment': {
        const { content } = sr;
        document.aiSrUid = content.aiResult.sopInstanceUid;
        content.decisions.forEach((d, ordinal) =>
          rows.decisions.push({
            studyUid,
            assessmentSrUid: sop,
            ordinal,
            aiSrUid: content.aiResult.sopInstanceUid,
            trackingUid: d.trackingUid,
            label: d.label,
            itemKey: itemKey(d),
            qa: isQaLabel(d.label),
            decision: d.decision,
            reader: content.reader.Alphabetic ?? '',
            decidedAt: content.assessedAt,
          }),
        );
        return;
      }
    }
  });
  return rows;
}
