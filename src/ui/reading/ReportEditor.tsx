import { useState } from 'react';
import type { ReportDraft } from '../../domain/reading/report/draft';
import type { ReportContent, ReportFinding } from '../../domain/dicom/sr';

export type ReportToSign = Omit<ReportContent, 'author' | 'writtenAt' | 'signOff'>;

/** Free-text findings, one per line; lines equal to a draft finding keep its label (its code). */
function findingsFromText(text: string, draft: readonly ReportFinding[]): ReportFinding[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => draft.find((f) => f.text === line) ?? { text: line });
}

/**
 * The report draft, editable until signed. The findings follow the review until the reader
 * edits them; an empty impression asks once before sign-off.
 */
export function ReportEditor({
  draft,
  measurementNotes,
  onSign,
}: {
  draft: ReportDraft;
  measurementNotes: readonly string[];
  onSign(report: ReportToSign): void;
}) {
  const draftText = [...draft.findings.map((f) => f.text), ...measurementNotes.map((m) => `Measurement: ${m}`)].join('\n');
  const [findings, setFindings] = useState<string | null>(null);
  const [impression, setImpression] = useState(draft.impression);
  const [recommendation, setRecommendation] = useState(draft.recommendation);
  const [comparisonNote, setComparisonNote] = useState<string | null>(null);
  const [confirmEmpty, setConfirmEmpty] = useState(false);

  const sign = () => {
    if (impression.trim() === '' && !confirmEmpty) return setConfirmEmpty(true);
    const note = comparisonNote ?? draft.comparison?.note ?? '';
    onSign({
      findings: findingsFromText(findings ?? draftText, draft.findings),
      measurements: draft.measurements,
      ...(draft.comparison ? { comparison: { ...draft.comparison, ...(note.trim() ? { note: note.trim() } : { note: undefined }) } } : {}),
      impression: impression.trim(),
      ...(recommendation.trim() ? { recommendation: recommendation.trim() } : {}),
    });
  };

  return (
    <section className="report-editor" aria-label="Report" data-testid="report-editor">
      <h3>Report</h3>
      {draft.comparison ? (
        <label>
          Comparison: prior of {draft.comparison.studyDate}
          <input aria-label="Comparison" value={comparisonNote ?? draft.comparison.note ?? ''} onChange={(e) => setComparisonNote(e.target.value)} />
        </label>
      ) : (
        <p className="review-hint">No prior study to compare with.</p>
      )}
      <label>
        Findings (one per line)
        <textarea aria-label="Findings" rows={5} value={findings ?? draftText} onChange={(e) => setFindings(e.target.value)} />
      </label>
      <label>
        Impression
        <textarea
          aria-label="Impression"
          rows={2}
          value={impression}
          onChange={(e) => {
            setImpression(e.target.value);
            setConfirmEmpty(false);
          }}
        />
      </label>
      <label>
        Recommendation
        <input aria-label="Recommendation" value={recommendation} onChange={(e) => setRecommendation(e.target.value)} />
      </label>
      {confirmEmpty && <p role="alert">The impression is empty. Sign off anyway?</p>}
      <button type="button" onClick={sign}>
        {confirmEmpty ? 'Sign off without impression' : 'Sign off'}
      </button>
    </section>
  );
}
