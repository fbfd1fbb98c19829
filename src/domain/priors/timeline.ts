import { instantMs, parseStudyInstant } from './study-time';

/** One exam's AI outputs, keyed by measure id (e.g. "Effusion" → 0.82, "lungArea" → 512.3). */
export interface ExamMeasures {
  studyInstanceUid: string;
  /** DA "YYYYMMDD" and TM "HHMMSS"; exams without a valid date cannot be placed on the time axis. */
  studyDate?: string;
  studyTime?: string;
  values: Readonly<Record<string, number>>;
}

/** How to read one measure. Finding probabilities carry their operating threshold; lung area does not. */
export interface MeasureDefinition {
  id: string;
  label: string;
  /** Display unit, e.g. "cm²" or "% of image" for lung area; absent for probabilities. */
  unit?: string;
  /** Positive when value ≥ threshold (the model manifest's operating point). */
  threshold?: number;
}

export interface TimelinePoint {
  studyInstanceUid: string;
  /** Study date + time in ms (UTC arithmetic; a missing time counts as midnight): the x coordinate. */
  time: number;
  value: number;
  isCurrent: boolean;
  /** Only for thresholded measures. */
  positive?: boolean;
}

export interface TimelineSeries {
  measure: MeasureDefinition;
  /** Oldest first; exams lacking this measure (or with a non-finite value) are left out. */
  points: TimelinePoint[];
}

/** A dated exam on the time axis, whether or not it has any measure (a missing value is a gap, not nothing). */
export interface TimelineExam {
  studyInstanceUid: string;
  time: number;
  isCurrent: boolean;
}

export interface Timeline {
  /** Every dated exam, oldest first. */
  exams: TimelineExam[];
  series: TimelineSeries[];
  /** Exams without a valid study date, listed so the UI can say what the chart leaves out. */
  undatedStudyUids: string[];
}

export interface NewFinding {
  measure: MeasureDefinition;
  current: number;
  previous: number;
  previousStudyUid: string;
}

/** Per-measure series across a patient's exams, oldest first, with the current exam marked. */
export function buildTimeline(exams: readonly ExamMeasures[], measures: readonly MeasureDefinition[], currentStudyUid: string): Timeline {
  const dated: { exam: ExamMeasures; time: number }[] = [];
  const undatedStudyUids: string[] = [];
  for (const exam of exams) {
    const instant = parseStudyInstant(exam.studyDate, exam.studyTime);
    if (instant) dated.push({ exam, time: instantMs(instant) });
    else undatedStudyUids.push(exam.studyInstanceUid);
  }
  dated.sort((a, b) => a.time - b.time); // stable: same-instant exams keep their input order

  const series = measures.map((measure) => {
    const points: TimelinePoint[] = [];
    for (const { exam, time } of dated) {
      const value = exam.values[measure.id];
      if (value === undefined || !Number.isFinite(value)) continue;
      const point: TimelinePoint = { studyInstanceUid: exam.studyInstanceUid, time, value, isCurrent: exam.studyInstanceUid === currentStudyUid };
      if (measure.threshold !== undefined) point.positive = value >= measure.threshold;
      points.push(point);
    }
    return { measure, points };
  });
  const timelineExams = dated.map(({ exam, time }) => ({
    studyInstanceUid: exam.studyInstanceUid,
    time,
    isCurrent: exam.studyInstanceUid === currentStudyUid,
  }));
  return { exams: timelineExams, series, undatedStudyUids };
}

/**
 * Findings positive on the current exam and negative on the exam just before it (the latest earlier exam that
 * has the measure). Without a dated earlier value there is nothing to compare, so nothing is reported as new.
 */
export function newSincePrior(timeline: Timeline): NewFinding[] {
  const found: NewFinding[] = [];
  for (const { measure, points } of timeline.series) {
    const index = points.findIndex((point) => point.isCurrent);
    if (measure.threshold === undefined || index < 1) continue;
    const current = points[index];
    const previous = points[index - 1];
    if (current.positive && !previous.positive) {
      found.push({ measure, current: current.value, previous: previous.value, previousStudyUid: previous.studyInstanceUid });
    }
  }
  return found;
}
