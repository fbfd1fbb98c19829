/** Chart geometry for one timeline series (pure): coordinates, the lines that join values, and the gaps. */
import type { TimelineExam, TimelinePoint, TimelineSeries } from './timeline';

export interface PlotBox {
  width: number;
  height: number;
  /** Inner margin on every side, so markers at the edges stay whole. */
  pad: number;
}

export interface PlottedPoint {
  point: TimelinePoint;
  x: number;
  y: number;
}

export interface SeriesPlot {
  points: PlottedPoint[];
  /** Lines between values of consecutive exams; an exam without the value in between breaks the line. */
  segments: [x1: number, y1: number, x2: number, y2: number][];
  /** Dated exams without this measure: drawn as gaps on the axis. */
  gaps: { studyInstanceUid: string; time: number; x: number }[];
  thresholdY?: number;
  /** x of the current exam (marked even when it has no value yet). */
  currentX?: number;
  /** Value range of the y axis (0–1 for probabilities, padded min–max otherwise). */
  yRange: [number, number];
}

/** x of each dated exam: oldest at the left edge, newest at the right; a single exam sits in the middle. */
export function examX(exams: readonly TimelineExam[], box: PlotBox): Map<string, number> {
  const first = exams[0]?.time ?? 0;
  const span = (exams.at(-1)?.time ?? 0) - first;
  const inner = box.width - 2 * box.pad;
  return new Map(exams.map((exam) => [exam.studyInstanceUid, span > 0 ? box.pad + ((exam.time - first) / span) * inner : box.width / 2]));
}

function valueRange(series: TimelineSeries): [number, number] {
  if (series.measure.threshold !== undefined) return [0, 1];
  const values = series.points.map((p) => p.value);
  if (values.length === 0) return [0, 1];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const margin = high > low ? 0.1 * (high - low) : Math.max(Math.abs(high) * 0.1, 1);
  return [low - margin, high + margin];
}

export function plotSeries(series: TimelineSeries, exams: readonly TimelineExam[], box: PlotBox): SeriesPlot {
  const xOf = examX(exams, box);
  const yRange = valueRange(series);
  const inner = box.height - 2 * box.pad;
  const yOf = (value: number) => box.pad + (1 - (value - yRange[0]) / (yRange[1] - yRange[0])) * inner;
  const order = new Map(exams.map((exam, i) => [exam.studyInstanceUid, i]));
  const points = series.points.map((point) => ({ point, x: xOf.get(point.studyInstanceUid)!, y: yOf(point.value) }));
  const segments: SeriesPlot['segments'] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (order.get(b.point.studyInstanceUid)! - order.get(a.point.studyInstanceUid)! === 1) segments.push([a.x, a.y, b.x, b.y]);
  }
  const plotted = new Set(series.points.map((p) => p.studyInstanceUid));
  const gaps = exams
    .filter((exam) => !plotted.has(exam.studyInstanceUid))
    .map((exam) => ({ studyInstanceUid: exam.studyInstanceUid, time: exam.time, x: xOf.get(exam.studyInstanceUid)! }));
  const threshold = series.measure.threshold;
  const current = exams.find((exam) => exam.isCurrent);
  return {
    points,
    segments,
    gaps,
    yRange,
    ...(threshold !== undefined && { thresholdY: yOf(threshold) }),
    ...(current && { currentX: xOf.get(current.studyInstanceUid) }),
  };
}
