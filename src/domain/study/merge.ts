/**
 * Applying a fresh study list to the current one. Unchanged studies keep their object identity
 * so memoized rows do not re-render and selection/scroll anchors stay put across live updates.
 */
import type { Study } from './study';

function sameStudy(a: Study, b: Study): boolean {
  if (a === b) return true;
  for (const key of Object.keys(a) as (keyof Study)[]) {
    const va = a[key];
    const vb = b[key];
    if (Array.isArray(va) && Array.isArray(vb)) {
      if (va.length !== vb.length || va.some((item, i) => item !== vb[i])) return false;
    } else if (va !== vb) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

export interface MergeResult {
  studies: Study[];
  added: string[];
  removed: string[];
  changed: number;
}

/**
 * A partial update (one page, or studies the change feed named): incoming studies are added or
 * replaced, `goneUIDs` removed, everything else kept as it is.
 */
export function upsertStudies(previous: readonly Study[], incoming: readonly Study[], goneUIDs: readonly string[] = []): MergeResult {
  const updates = new Map(incoming.map((study) => [study.studyInstanceUid, study]));
  const gone = new Set(goneUIDs);
  const kept = previous.filter((study) => !gone.has(study.studyInstanceUid) && !updates.has(study.studyInstanceUid));
  const touched = previous.filter((study) => updates.has(study.studyInstanceUid));
  const result = mergeStudies(touched, [...updates.values()]);
  return {
    studies: [...kept, ...result.studies],
    added: result.added,
    removed: previous.filter((study) => gone.has(study.studyInstanceUid)).map((study) => study.studyInstanceUid),
    changed: result.changed,
  };
}

/**
 * The incoming list is the truth (a complete harvest): studies absent from it were deleted.
 * Incoming duplicates of one StudyInstanceUID keep the first occurrence.
 */
export function mergeStudies(previous: readonly Study[], incoming: readonly Study[]): MergeResult {
  const before = new Map(previous.map((study) => [study.studyInstanceUid, study]));
  const seen = new Set<string>();
  const studies: Study[] = [];
  const added: string[] = [];
  let changed = 0;
  for (const study of incoming) {
    const uid = study.studyInstanceUid;
    if (seen.has(uid)) continue;
    seen.add(uid);
    const old = before.get(uid);
    if (!old) added.push(uid);
    else if (!sameStudy(old, study)) changed++;
    studies.push(old && sameStudy(old, study) ? old : study);
  }
  const removed = previous.map((study) => study.studyInstanceUid).filter((uid) => !seen.has(uid));
  return { studies, added, removed, changed };
}
