import { useEffect, useState } from 'react';
import { pacsClient } from '../../services/pacs/default-client';
import { patientExamsOf } from '../../services/priors/load-priors';
import type { StudySummary } from '../../domain/priors/prior-lookup';
import { sparklineOf } from '../../domain/priors/sparkline';
import type { PlotBox } from '../../domain/priors/timeline-plot';
import { missingReason } from '../../domain/priors/timeline-measures';
import { AI_HISTORY_LOADING, formatStudyDate, formatValue } from './TimelineFormat';
import { useAiTimeline } from './use-ai-timeline';
import './TimelineStyles.css';

const BOX: PlotBox = { width: 180, height: 44, pad: 5 };

/**
 * The study's AI history: its main finding's probability over the patient's exams, threshold dashed. Mounted
 * only while shown (the worklist tooltip): the exams come from the study cache, the results from the AI store.
 */
export function AiSparkline({ studyInstanceUid }: { studyInstanceUid: string }) {
  const [studies, setStudies] = useState<StudySummary[] | 'error' | null>(null);
  useEffect(() => {
    let live = true;
    patientExamsOf(pacsClient, studyInstanceUid).then(
      (exams) => live && setStudies(exams),
      () => live && setStudies('error'),
    );
    return () => void (live = false);
  }, [studyInstanceUid]);
  if (studies === 'error') return <p className="timeline-muted">AI history unavailable (the PACS did not answer).</p>;
  if (!studies) return <p className="timeline-muted">{AI_HISTORY_LOADING}</p>;
  if (studies.length < 2) return <p className="timeline-muted">No prior exams.</p>;
  return <ExamsSparkline studies={studies} currentStudyUid={studyInstanceUid} />;
}

function ExamsSparkline({ studies, currentStudyUid }: { studies: readonly StudySummary[]; currentStudyUid: string }) {
  const { statuses, timeline } = useAiTimeline(studies, currentStudyUid);
  const pending = studies.filter((s) => missingReason(statuses[s.studyInstanceUid]) === 'AI result pending').length;
  const line = sparklineOf(timeline, BOX);
  const status = `${studies.length} exams${pending > 0 ? `, ${pending} AI results pending` : ''}`;
  if (!line) return <p className="timeline-muted">No AI finding values yet ({status}).</p>;
  const { measure } = line.series;
  const { plot } = line;
  return (
    <figure className="ai-sparkline" data-testid="ai-sparkline" data-measure={measure.id} data-exams={timeline.exams.length} data-pending={pending}>
      <svg
        width={BOX.width}
        height={BOX.height}
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-label={`${measure.label} across ${timeline.exams.length} exams`}
      >
        {plot.thresholdY !== undefined && <line className="timeline-threshold" x1={0} x2={BOX.width} y1={plot.thresholdY} y2={plot.thresholdY} />}
        <path className="timeline-line" d={line.path} fill="none" />
        {plot.gaps.map((gap) => (
          <line
            key={gap.studyInstanceUid}
            className="timeline-gap"
            data-testid="sparkline-gap"
            x1={gap.x}
            x2={gap.x}
            y1={BOX.height - BOX.pad - 3}
            y2={BOX.height - BOX.pad + 3}
          />
        ))}
        {plot.points.map(({ point, x, y }) => (
          <circle
            key={point.studyInstanceUid}
            className={`timeline-point${point.positive ? ' timeline-positive' : ''}${point.isCurrent ? ' timeline-current' : ''}`}
            data-testid="sparkline-point"
            data-current={point.isCurrent}
            cx={x}
            cy={y}
            r={point.isCurrent ? 3 : 2}
          />
        ))}
      </svg>
      <figcaption>
        {measure.label} {plot.points.map((p) => formatValue(p.point.value)).join(' → ')}
        <span className="timeline-muted">
          {' '}
          · flag threshold {formatValue(measure.threshold!)} · {status}
          {timeline.exams.length > 1 && ` · ${formatStudyDate(timeline.exams[0].time)} → ${formatStudyDate(timeline.exams.at(-1)!.time)}`}
        </span>
      </figcaption>
    </figure>
  );
}
