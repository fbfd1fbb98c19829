import type { TimelineExam, TimelineSeries } from '../../domain/priors/timeline';
import { plotSeries, type PlotBox } from '../../domain/priors/timeline-plot';
import { formatStudyDate, formatValue } from './TimelineFormat';

const BOX: PlotBox = { width: 280, height: 52, pad: 6 };

/** One measure across the exams: values joined where consecutive, threshold dashed, current exam ringed. */
export function TimelineChart({ series, exams }: { series: TimelineSeries; exams: readonly TimelineExam[] }) {
  const plot = plotSeries(series, exams, BOX);
  const { measure } = series;
  return (
    <figure className="timeline-chart" data-testid="timeline-chart" data-measure={measure.id}>
      <figcaption>
        {measure.label}
        {measure.unit && ` (${measure.unit})`}
        <span className="timeline-muted">
          {measure.threshold !== undefined
            ? ` · threshold ${formatValue(measure.threshold)}`
            : ` · axis ${formatValue(plot.yRange[0], measure.unit)} – ${formatValue(plot.yRange[1], measure.unit)}`}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={`${measure.label} across ${exams.length} exams`}>
        <rect className="timeline-frame" x={0.5} y={0.5} width={BOX.width - 1} height={BOX.height - 1} />
        {plot.currentX !== undefined && <line className="timeline-current-line" x1={plot.currentX} x2={plot.currentX} y1={0} y2={BOX.height} />}
        {plot.thresholdY !== undefined && <line className="timeline-threshold" x1={0} x2={BOX.width} y1={plot.thresholdY} y2={plot.thresholdY} />}
        {plot.segments.map(([x1, y1, x2, y2], i) => (
          <line key={i} className="timeline-line" x1={x1} y1={y1} x2={x2} y2={y2} />
        ))}
        {plot.gaps.map((gap) => (
          <g key={gap.studyInstanceUid} data-testid="timeline-gap">
            <title>{`${formatStudyDate(gap.time)}: no value`}</title>
            <line className="timeline-gap" x1={gap.x} x2={gap.x} y1={BOX.height - BOX.pad - 4} y2={BOX.height - BOX.pad + 4} />
          </g>
        ))}
        {plot.points.map(({ point, x, y }) => (
          <circle
            key={point.studyInstanceUid}
            className={`timeline-point${point.positive ? ' timeline-positive' : ''}${point.isCurrent ? ' timeline-current' : ''}`}
            data-testid="timeline-point"
            data-study-uid={point.studyInstanceUid}
            data-current={point.isCurrent}
            cx={x}
            cy={y}
            r={point.isCurrent ? 4.5 : 3}
          >
            <title>{`${formatStudyDate(point.time)}${point.isCurrent ? ' (current)' : ''}: ${measure.label} ${formatValue(point.value, measure.unit)}${point.positive === undefined ? '' : point.positive ? ', positive' : ', negative'}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
