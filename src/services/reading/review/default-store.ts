import { sendReadingAction } from '../../triage/reading-client';
import { useTriage } from '../../triage/store';
import type { CompleteReading } from '../../../domain/reading/review/mark-read';
import { indexedDbOutbox } from './outbox-idb';
import type { OutboxStorage } from './outbox';
import { currentReader } from './reader';
import { createReviewStore } from './store';

let storage: OutboxStorage | null = null;

/** "complete" through the app server; the worklist's reading state follows at once. */
const completeReading: CompleteReading = async (studyInstanceUid) => {
  const outcome = await sendReadingAction(studyInstanceUid, 'complete');
  if (outcome.ok) useTriage.getState().mergeReading({ [studyInstanceUid]: outcome.state }, false);
  return outcome;
};

/** The app's review store, its outbox in IndexedDB (opened on first use), signing marks studies read. */
export const useReview = createReviewStore({ storage: () => (storage ??= indexedDbOutbox()), completeReading, reader: currentReader });

if (typeof window !== 'undefined') window.addEventListener('online', () => void useReview.sync(true));
