/** A patient's exams and their AI statuses → the timeline's inputs (pure: no React, no store). */
import type { StudyAiStatus } from '../ai/result/types';
import type { StudySummary } from './prior-lookup';
import type { ExamMeasures, MeasureDefinition } from './timeline';

export const LUNG_AREA: MeasureDefinition = { id: 'lungArea', label: 'Lung area', unit: 'cm²' };

/** Why an exam has no values on the chart, or undefined when it has them. */
export function missingReason(status: StudyAiStatus | undefined): string | undefined {
  switch (status?.phase) {
    case undefined:
    case 'queued':
    case 'running':
    case 'waiting':
      return 'AI result pending';
    case 'no-model':
      return `no AI: ${status.reason}`;
    case 'failed':
      return `AI failed: ${status.message}`;
    case 'done':
      return status.result.notApplicable ? `AI not applicable: ${status.result.notApplicable}` : undefined;
  }
}

export interface TimelineInput {
  exams: ExamMeasures[];
  /** Findings in the order the models report them (thresholds from the current exam when it has a result), then lung area. */
  measures: MeasureDefinition[];
}

/** Findings not applicable to an image (QA or out of distribution) are untrusted and stay off the chart. */
export function timelineInput(
  studies: readonly StudySummary[],
  statuses: Readonly<Record<string, StudyAiStatus | undefined>>,
  currentStudyUid: string,
): TimelineInput {
  const thresholds = new Map<string, number>();
  let hasLungArea = false;
  const exams = studies.map((study): ExamMeasures => {
    const status = statuses[study.studyInstanceUid];
    const values: Record<string, number> = {};
    if (status?.phase === 'done' && !status.result.notApplicable) {
      for (const finding of status.result.findings) {
        values[finding.label] = finding.probability;
        if (!thresholds.has(finding.label) || study.studyInstanceUid === currentStudyUid) thresholds.set(finding.label, finding.threshold);
      }
      const both = status.result.lungAreas.find((area) => area.side === 'both');
      if (both) {
        values[LUNG_AREA.id] = both.areaCm2;
        hasLungArea = true;
      }
    }
    return { studyInstanceUid: study.studyInstanceUid, studyDate: study.studyDate, studyTime: study.studyTime, values };
  });
  const measures: MeasureDefinition[] = [...thresholds].map(([label, threshold]) => ({ id: label, label, threshold }));
  return { exams, measures: hasLungArea ? [...measures, LUNG_AREA] : measures };
}
