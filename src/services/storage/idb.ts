/** One object store in this browser's IndexedDB: each request as a promise, the database opened on first use. */
export interface IdbStore {
  run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T>;
}

const settled = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/** The store `storeName` of database `dbName` (version 1, created with `options`); null where there is no IndexedDB (Node). */
export function idbStore(dbName: string, storeName: string, options?: IDBObjectStoreParameters): IdbStore | null {
  if (typeof indexedDB === 'undefined') return null;
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    const request = indexedDB.open(dbName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName, options);
    return settled(request);
  };
  return {
    async run(mode, action) {
      db ??= open();
      return settled(action((await db).transaction(storeName, mode).objectStore(storeName)));
    },
  };
}
