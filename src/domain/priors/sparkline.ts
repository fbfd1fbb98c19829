/** The worklist tooltip's AI history (pure): the study's main finding across the patient's exams, as one SVG path. */
import type { Timeline, TimelineSeries } from './timeline';
import { plotSeries, type PlotBox, type SeriesPlot } from './timeline-plot';

export interface Sparkline {
  series: TimelineSeries;
  /** "M x y L x y …": consecutive exams with a value joined, a missing value breaks the line (as on the timeline). */
  path: string;
  plot: SeriesPlot;
}

/**
 * The finding to show: the highest probability on the current exam (what the row is about), else the highest
 * on any exam; only thresholded measures (findings, not lung area). Undefined when no exam has a finding value.
 */
export function mainFindingSeries(timeline: Timeline): TimelineSeries | undefined {
  const findings = timeline.series.filter((s) => s.measure.threshold !== undefined && s.points.length > 0);
  const score = (s: TimelineSeries) => {
    const current = s.points.find((p) => p.isCurrent);
    return current ? [1, current.value] : [0, Math.max(...s.points.map((p) => p.value))];
  };
  return findings.reduce<TimelineSeries | undefined>((best, s) => {
    if (!best) return s;
    const [a, b] = [score(s), score(best)];
    return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]) ? s : best;
  }, undefined);
}

/** Path of the plotted segments; runs of joined segments share one "M" so the line is drawn without seams. */
export function sparklinePath(segments: SeriesPlot['segments']): string {
  const round = (n: number) => Math.round(n * 10) / 10;
  let path = '';
  let last: [number, number] | undefined;
  for (const [x1, y1, x2, y2] of segments) {
    if (!last || last[0] !== x1 || last[1] !== y1) path += `${path ? ' ' : ''}M${round(x1)} ${round(y1)}`;
    path += ` L${round(x2)} ${round(y2)}`;
    last = [x2, y2];
  }
  return path;
}

export function sparklineOf(timeline: Timeline, box: PlotBox): Sparkline | undefined {
  const series = mainFindingSeries(timeline);
  if (!series) return undefined;
  const plot = plotSeries(series, timeline.exams, box);
  return { series, plot, path: sparklinePath(plot.segments) };
}
