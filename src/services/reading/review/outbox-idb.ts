import { memoryOutbox, type OutboxEntry, type OutboxStorage } from './outbox';

/** The outbox in this browser's IndexedDB, so queued SRs survive a reload or a closed tab. */
const DB_NAME = 'dokuei-reporting';
const STORE = 'outbox';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'sopInstanceUid' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function indexedDbOutbox(): OutboxStorage {
  if (typeof indexedDB === 'undefined') return memoryOutbox();
  const db = openDb();
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const store = (await db).transaction(STORE, mode).objectStore(STORE);
    return new Promise((resolve, reject) => {
      const request = action(store);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  };
  return {
    all: () => run<OutboxEntry[]>('readonly', (s) => s.getAll()),
    put: async (entry) => void (await run('readwrite', (s) => s.put(entry))),
    remove: async (uid) => void (await run('readwrite', (s) => s.delete(uid))),
  };
}
