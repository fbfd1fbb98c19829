import { indexedDbOutbox } from './outbox-idb';
import type { OutboxStorage } from './outbox';
import { createReviewStore } from './store';

let storage: OutboxStorage | null = null;

/** The app's review store, its outbox in IndexedDB (opened on first use). */
export const useReview = createReviewStore({ storage: () => (storage ??= indexedDbOutbox()) });

if (typeof window !== 'undefined') window.addEventListener('online', () => void useReview.sync(true));
