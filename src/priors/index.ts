// Prior comparison domain (issue #7): pure functions, safe in a Web Worker and in Node.
export { findPriors, isComparable, isSamePatient, type PriorEntry, type PriorLookup, type StudySummary } from './prior-lookup';
export { formatInterval } from './interval';
export { aiSummaryText, currentStudyQuery, cyclePriorUid, patientStudiesQuery, studySummaryOf } from './prior-query';
export { lookupPriors, type PriorsOfStudy } from './load-priors';
export {
  buildTimeline,
  newSincePrior,
  type ExamMeasures,
  type MeasureDefinition,
  type NewFinding,
  type Timeline,
  type TimelineExam,
  type TimelinePoint,
  type TimelineSeries,
} from './timeline';
export type { GrayPlane, PlaneMask } from './registration/plane';
export { IDENTITY, type RigidTransform } from './registration/transform';
export { register, type Registration, type RegistrationOptions } from './registration/register';
export { GOOD_ALIGNMENT_DETAIL, MIN_SUBTRACTION_OVERLAP, judgeAlignment, type AlignmentVerdict } from './registration/quality';
export { warp, type WarpedPlane } from './registration/warp';
export { registerAndSubtract, subtract, type Difference, type SubtractionOutcome } from './registration/subtract';
