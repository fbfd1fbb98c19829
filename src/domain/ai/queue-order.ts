import { PROJECTION_MODALITIES } from './pixels/select-instance';
import { priorityRank, type WorklistStudy } from '../study/worklist-study';

/** STAT first (request priority rank), then the newest study; UID breaks ties so the order is stable. */
export function compareForTriage(a: WorklistStudy, b: WorklistStudy): number {
  return (
    priorityRank(a.priority) - priorityRank(b.priority) ||
    `${b.studyDate}${b.studyTime}`.localeCompare(`${a.studyDate}${a.studyTime}`) ||
    a.studyInstanceUid.localeCompare(b.studyInstanceUid)
  );
}

/** Worth asking the PACS about: a CR/DX study, or one whose modalities are unknown. */
export function mayHaveChestImage(study: WorklistStudy): boolean {
  return study.modalities.length === 0 || study.modalities.some((m) => (PROJECTION_MODALITIES as readonly string[]).includes(m));
}
