/**
 * Signing the report marks the study read in the shared reading state (triage). The reading rules
 * let the signer complete a study that is unread or claimed by them, so no claim is needed first;
 * a study claimed by someone else, or already read, stays as it is and the reader is told why.
 * Pure apart from the `complete` call it is given.
 */
import type { ActionOutcome } from '../../triage/reading-state';

export type MarkRead = { status: 'marking' } | { status: 'read'; by: string } | { status: 'refused'; reason: string } | { status: 'failed'; error: string };

/** Sends "complete" for one study; rejects when the server cannot be asked (not signed in, PACS down). */
export type CompleteReading = (studyInstanceUid: string) => Promise<ActionOutcome>;

/** Never throws: the report is signed and kept whatever happens to the reading state. */
export async function markRead(studyInstanceUid: string, complete: CompleteReading): Promise<MarkRead> {
  try {
    const outcome = await complete(studyInstanceUid);
    return outcome.ok ? { status: 'read', by: outcome.state.stamp?.by ?? '' } : { status: 'refused', reason: outcome.reason };
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}

export function markReadText(mark: MarkRead): string {
  switch (mark.status) {
    case 'marking':
      return 'Marking the study read…';
    case 'read':
      return `Study marked read by ${mark.by}.`;
    case 'refused':
      return `The report is signed, but the study was not marked read: ${mark.reason}.`;
    case 'failed':
      return `The report is signed and kept, but the study could not be marked read: ${mark.error}.`;
  }
}

/** Refused (e.g. claimed by someone else) or failed: asking again may succeed later. */
export const canRetry = (mark: MarkRead | null) => mark?.status === 'refused' || mark?.status === 'failed';
