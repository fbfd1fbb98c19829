import { formatPersonName } from '../../domain/dicom/dicom-json';
import type { ReportContent } from '../../domain/dicom/sr';

/** A signed report as plain text (React escapes it: DICOM text is never markup). */
export function ReportText({ content, pending }: { content: ReportContent; pending: boolean }) {
  const { signOff } = content;
  return (
    <article className="report-text" data-testid="report-signed" data-pending={pending}>
      <h3>Report {signOff ? 'signed' : 'draft'}</h3>
      {signOff && (
        <p className="report-signature">
          Signed by {formatPersonName(signOff.verifier)} on {signOff.verifiedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC
          {pending ? ' · waiting for the PACS' : ''}
        </p>
      )}
      {content.comparison && (
        <p>
          <strong>Comparison:</strong> {content.comparison.studyDate} {content.comparison.note ?? ''}
        </p>
      )}
      <strong>Findings</strong>
      <ul data-testid="report-findings">
        {content.findings.map((f, i) => (
          <li key={i}>{f.text}</li>
        ))}
        {content.measurements.map((m, i) => (
          <li key={`m${i}`}>
            {m.concept.CodeMeaning}: {m.value} {m.unit.CodeValue}
          </li>
        ))}
      </ul>
      <p data-testid="report-impression">
        <strong>Impression:</strong> {content.impression || '(none)'}
      </p>
      {content.recommendation && (
        <p>
          <strong>Recommendation:</strong> {content.recommendation}
        </p>
      )}
    </article>
  );
}
