import { idbStore } from '../../storage/idb';
import { memoryOutbox, type OutboxEntry, type OutboxStorage } from './outbox';

/** The outbox in this browser's IndexedDB, so queued SRs survive a reload or a closed tab. */
export function indexedDbOutbox(): OutboxStorage {
  const store = idbStore('dokuei-reporting', 'outbox', { keyPath: 'sopInstanceUid' });
  if (!store) return memoryOutbox();
  return {
    all: () => store.run<OutboxEntry[]>('readonly', (s) => s.getAll()),
    put: async (entry) => void (await store.run('readwrite', (s) => s.put(entry))),
    remove: async (uid) => void (await store.run('readwrite', (s) => s.delete(uid))),
  };
}
