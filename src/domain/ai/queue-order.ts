import { PROJECTION_MODALITIES } from './pixels/select-instance';
import { priorityRank } from '../study/worklist-study';
import type { Study } from '../study/study';

/** STAT first (request priority rank), then the newest study; UID breaks ties so the order is stable. */
export function compareForTriage(a: Study, b: Study): number {
  return (
    priorityRank(a.priority) - priorityRank(b.priority) ||
    `${b.studyDate}${b.studyTime}`.localeCompare(`${a.studyDate}${a.studyTime}`) ||
    a.studyInstanceUid.localeCompare(b.studyInstanceUid)
  );
}

/** Worth asking the PACS about: a CR/DX study, or one whose modalities are unknown. */
export function mayHaveChestImage(study: Study): boolean {
  return study.modalities.length === 0 || study.modalities.some((m) => (PROJECTION_MODALITIES as readonly string[]).includes(m));
}
