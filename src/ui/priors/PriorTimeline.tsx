import { useMemo } from 'react';
import type { StudySummary } from '../../domain/priors/prior-lookup';
import { newSincePrior } from '../../domain/priors/timeline';
import { missingReason } from '../../domain/priors/timeline-measures';
import { TimelineChart } from './TimelineChart';
import { useAiTimeline } from './use-ai-timeline';
import { formatStudyDate, formatValue } from './TimelineFormat';
import './TimelineStyles.css';

/** Per-patient timeline of AI measures across exams (current exam marked), with what is new since the prior. */
export function PriorTimeline({ currentStudyUID, studies }: { currentStudyUID: string; studies: readonly StudySummary[] }) {
  const { statuses, input, timeline } = useAiTimeline(studies, currentStudyUID);
  const measures = input.measures;
  const { valuesOf, fresh } = useMemo(
    () => ({ valuesOf: new Map(input.exams.map((exam) => [exam.studyInstanceUid, exam.values])), fresh: newSincePrior(timeline) }),
    [input, timeline],
  );

  const missing = studies.filter((s) => missingReason(statuses[s.studyInstanceUid]) !== undefined);
  const rows = [
    ...timeline.exams.map((e) => ({ uid: e.studyInstanceUid, date: formatStudyDate(e.time) })),
    ...timeline.undatedStudyUids.map((uid) => ({ uid, date: 'date unknown' })),
  ];
  return (
    <section className="prior-timeline" data-testid="prior-timeline" aria-label="AI measures across exams">
      <header className="timeline-header">
        <strong>What changed</strong>
        <span className="timeline-muted">
          {' '}
          · {studies.length} exams
          {timeline.exams.length > 1 && `, ${formatStudyDate(timeline.exams[0].time)} → ${formatStudyDate(timeline.exams.at(-1)!.time)}`}
        </span>
        {fresh.map((f) => (
          <span
            key={f.measure.id}
            className="timeline-new"
            data-testid="new-since-prior"
            data-measure={f.measure.id}
            title={`prior ${formatValue(f.previous)} < threshold ${formatValue(f.measure.threshold!)} ≤ now ${formatValue(f.current)}`}
          >
            New since prior: {f.measure.label} ({formatValue(f.previous)} → {formatValue(f.current)})
          </span>
        ))}
      </header>
      <div className="timeline-charts">
        {timeline.series
          .filter((s) => s.points.length > 0)
          .map((s) => (
            <TimelineChart key={s.measure.id} series={s} exams={timeline.exams} />
          ))}
      </div>
      {missing.length > 0 && (
        <p className="timeline-muted" data-testid="timeline-missing">
          No values for {missing.length} of {studies.length} exams (gaps on the chart; see the table).
        </p>
      )}
      {timeline.undatedStudyUids.length > 0 && (
        <p className="timeline-muted">{timeline.undatedStudyUids.length} exams without a study date are not on the chart.</p>
      )}
      <details className="timeline-table">
        <summary>Values as a table</summary>
        <table>
          <thead>
            <tr>
              <th>Study date</th>
              {measures.map((m) => (
                <th key={m.id}>{m.unit ? `${m.label} (${m.unit})` : m.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ uid, date }) => {
              const values = valuesOf.get(uid) ?? {};
              const reason = missingReason(statuses[uid]);
              return (
                <tr key={uid} data-testid="timeline-exam" data-study-uid={uid} data-current={uid === currentStudyUID}>
                  <td>
                    {date}
                    {uid === currentStudyUID && ' (current)'}
                  </td>
                  {reason ? (
                    <td colSpan={Math.max(1, measures.length)}>{reason}</td>
                  ) : (
                    measures.map((m) => <td key={m.id}>{values[m.id] === undefined ? '—' : formatValue(values[m.id], m.unit)}</td>)
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </section>
  );
}
