import { useEffect, useMemo } from 'react';
import { requestStudy } from '../../services/inference/engine';
import { useInference } from '../../services/inference/store';
import type { StudySummary } from '../../domain/priors/prior-lookup';
import { buildTimeline } from '../../domain/priors/timeline';
import { timelineInput } from '../../domain/priors/timeline-measures';

/**
 * A patient's exams as a timeline of AI measures (the viewer's timeline and the worklist's sparkline). Each
 * exam's result comes from the PACS SR, the cache or a fresh run; oldest asked first, so the newest runs first.
 */
export function useAiTimeline(studies: readonly StudySummary[], currentStudyUid: string) {
  const statuses = useInference((s) => s.studies);
  const uids = studies.map((s) => s.studyInstanceUid).join('\n');

  useEffect(() => {
    const known = useInference.getState().studies;
    for (const uid of uids.split('\n').reverse()) if (uid && !known[uid]) requestStudy(uid);
  }, [uids]);

  return useMemo(() => {
    const input = timelineInput(studies, statuses, currentStudyUid);
    return { statuses, input, timeline: buildTimeline(input.exams, input.measures, currentStudyUid) };
  }, [studies, statuses, currentStudyUid]);
}
