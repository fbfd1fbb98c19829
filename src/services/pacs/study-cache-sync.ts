import { pacsClient } from './default-client';
import { followStudyChanges } from './study-changes';
import { studyCacheOf } from './study-cache';
import { whenWorklistSource } from '../worklist/store';
import { onIndexChange } from '../worklist/index-events';

/** A server without a database pushes nothing: its PACS's change feed is polled, slowly. */
const FALLBACK_POLL_MS = 10_000;

let started = false;

/**
 * The app's study cache follows the PACS's change feed for the whole session (src/app/bootstrap.ts), read
 * when the server's event stream pushes a change, or polled when the server has no database.
 */
export function startStudyCacheSync(): void {
  if (started) return;
  started = true;
  whenWorklistSource((source) =>
    followStudyChanges({
      client: pacsClient,
      cache: studyCacheOf(pacsClient),
      ...(source === 'index' ? { pushed: (listener: () => void) => onIndexChange(() => listener()) } : { pollMs: FALLBACK_POLL_MS }),
    }),
  );
}
