/** A shared reading state (src/domain/triage/reading-state) as the row's reading_state / claimed_by. */
import { parseReadingState, type ReadingState, type ReadingStatus } from '../../src/domain/triage/reading-state';

export interface ReadingFields {
  readingState: ReadingStatus;
  /** Who holds (in progress) or read the study; null when unread. */
  claimedBy: string | null;
}

export function readingFields(state: ReadingState): ReadingFields {
  return { readingState: state.status, claimedBy: state.status === 'unread' ? null : (state.stamp?.by ?? null) };
}

/** From Orthanc's stored metadata text (absent or unreadable = unread). */
export const readingFieldsFromText = (text: string | null | undefined): ReadingFields => readingFields(parseReadingState(text));
