import { pacsClient } from './default-client';
import { followStudyChanges } from './study-changes';
import { studyCacheOf } from './study-cache';

let started = false;

/** The app's study cache follows the PACS's change feed for the whole session (src/app/bootstrap.ts). */
export function startStudyCacheSync(): void {
  if (started) return;
  started = true;
  followStudyChanges({ client: pacsClient, cache: studyCacheOf(pacsClient) });
}
