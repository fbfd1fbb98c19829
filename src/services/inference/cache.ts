import type { StudyAiResult } from '../../domain/ai/result/types';

/** Results (heatmaps and mask included) by SOPInstanceUID + model builds, in this browser's IndexedDB. */
const DB_NAME = 'dokuei-ai';
const STORE = 'results';

const cacheKey = (sopInstanceUid: string, modelKey: string) => `${sopInstanceUid}|${modelKey}`;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let db: Promise<IDBDatabase> | null = null;

async function withStore<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  db ??= openDb();
  const store = (await db).transaction(STORE, mode).objectStore(STORE);
  return new Promise((resolve, reject) => {
    const request = action(store);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function cachedResult(sopInstanceUid: string, modelKey: string): Promise<StudyAiResult | null> {
  if (typeof indexedDB === 'undefined') return null;
  const found = await withStore<StudyAiResult | undefined>('readonly', (s) => s.get(cacheKey(sopInstanceUid, modelKey)));
  return found ? { ...found, origin: 'cache' } : null;
}

export async function cacheResult(result: StudyAiResult): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  await withStore('readwrite', (s) => s.put(result, cacheKey(result.sopInstanceUid, result.modelKey)));
}
