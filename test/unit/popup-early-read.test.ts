/**
 * popup-early.js's store read (entrypoints/popup/earlyRead.ts) against fake-indexeddb: the stored SyncState when
 * there is one, nothing (and no database left behind) when there is none, and handed to the store once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncState } from '@/utils/actions/types';
import { startEarlyRead, takeEarlyRead } from '@/entrypoints/popup/earlyRead';
import { DB_NAME, DB_VERSION, closeDatabase, openDatabase } from '@/utils/store/db';
import { loadSyncState, setMeta } from '@/utils/store/queries';
import { makeAction } from './support/actions';

const STATE: SyncState = {
  cloud: 'commercial',
  pending: [makeAction({ entityName: 'ws-berlin' })],
  error: null,
  lastSuccessAt: 1,
  lastAttemptAt: 1,
  nextPollAt: 2,
  polling: false,
  refusedScopes: [],
  skippedItems: 0,
};

function deleteDatabase(): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });
}

afterEach(async () => {
  takeEarlyRead();
  await closeDatabase();
  await deleteDatabase();
});

describe('the popup early store read', () => {
  it('reads the stored SyncState', async () => {
    await setMeta('syncState', STATE);
    startEarlyRead(DB_NAME, DB_VERSION);
    expect(await takeEarlyRead()).toEqual(STATE);
  });

  it('is handed over once: a second start of the store reads through the store module', async () => {
    startEarlyRead(DB_NAME, DB_VERSION);
    expect(takeEarlyRead()).toBeInstanceOf(Promise);
    expect(takeEarlyRead()).toBeUndefined();
  });

  it('finds nothing in a database that does not exist, and does not create it', async () => {
    startEarlyRead(DB_NAME, DB_VERSION);
    expect(await takeEarlyRead()).toBeUndefined();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(DB_NAME);
    // The background still creates the schema on its first open.
    const db = await openDatabase();
    expect([...db.objectStoreNames].sort()).toEqual(['actions', 'decisions', 'meta', 'notified']);
  });

  it('finds nothing in an older database and leaves its upgrade to the store', async () => {
    await setMeta('syncState', STATE);
    await closeDatabase();
    startEarlyRead(DB_NAME, DB_VERSION + 1);
    expect(await takeEarlyRead()).toBeUndefined();
    expect(await loadSyncState()).toEqual(STATE);
  });

  it('closes its connection, so it never blocks an upgrade', async () => {
    await setMeta('syncState', STATE);
    await closeDatabase();
    startEarlyRead(DB_NAME, DB_VERSION);
    await takeEarlyRead();
    const upgraded = await new Promise<number>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION + 1);
      request.onblocked = () => reject(new Error('blocked by an open connection'));
      request.onsuccess = () => {
        request.result.close();
        resolve(request.result.version);
      };
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    expect(upgraded).toBe(DB_VERSION + 1);
  });
});
