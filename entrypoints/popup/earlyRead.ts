/**
 * The popup's first list comes from one IndexedDB read of the stored SyncState. popup-early.js, a classic script
 * in popup.html's head, starts that read as soon as the page is parsed, while the page's modules still load and
 * compile (about 10 ms of a 60 ms open); the store takes the promise when it starts. Plain IndexedDB, not idb:
 * this runs before any module.
 */
import type { SyncState } from '@/utils/actions/types';

type WithEarlyRead = typeof globalThis & { __accEarlySyncState?: Promise<SyncState | undefined> };

/** Reads meta 'syncState'; undefined when the database is missing, older or newer, or the read fails. */
function readSyncState(dbName: string, version: number): Promise<SyncState | undefined> {
  return new Promise((resolve) => {
    let open: IDBOpenDBRequest;
    try {
      open = indexedDB.open(dbName, version);
    } catch {
      resolve(undefined);
      return;
    }
    // Creating or upgrading the schema is the background's job (utils/store/db.ts): abort, which leaves no database.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => resolve(undefined);
    open.onblocked = () => resolve(undefined);
    open.onsuccess = () => {
      const db = open.result;
      try {
        const get = db.transaction('meta', 'readonly').objectStore('meta').get('syncState');
        get.onsuccess = () => resolve(get.result as SyncState | undefined);
        get.onerror = () => resolve(undefined);
      } catch {
        resolve(undefined);
      }
      // Closes once the read is done: an open connection would block the background's next upgrade.
      db.close();
    };
  });
}

export function startEarlyRead(dbName: string, version: number): void {
  (globalThis as WithEarlyRead).__accEarlySyncState = readSyncState(dbName, version);
}

/** The read popup-early.js started, once; undefined when it did not run (tests, another page). */
export function takeEarlyRead(): Promise<SyncState | undefined> | undefined {
  const scope = globalThis as WithEarlyRead;
  const read = scope.__accEarlySyncState;
  delete scope.__accEarlySyncState;
  return read;
}
