import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_NAME, DB_VERSION, closeDatabase, openDatabase } from '@/utils/store/db';
import {
  auditForActions,
  clearAll,
  listAudit,
  listUnresolvedAudit,
  loadAction,
  loadPending,
  markNotified,
  notifiedAmong,
  prune,
  putAudits,
  saveActions,
  saveSyncState,
} from '@/utils/store/queries';
import { initialState } from '@/utils/actions/sync';
import type { Action } from '@/utils/actions/model';
import type { AuditEntry, SyncState } from '@/utils/actions/types';
import { makeAction } from './support/actions';

const DAY = 86_400_000;

const stateWith = (pending: readonly Action[]): SyncState => ({ ...initialState('commercial'), pending, lastSuccessAt: NOW });
const NOW = Date.UTC(2026, 10, 25);

function audit(id: string, requestedAt: number, outcome: AuditEntry['outcome'] = 'applied'): AuditEntry {
  return {
    id,
    actionId: `action-${id}`,
    verdict: 'approve',
    comment: '',
    surface: 'popup',
    requestedAt,
    completedAt: requestedAt,
    outcome,
    serverStatus: null,
    analyst: null,
    message: '',
    action: { type: '', typeLabel: '', entityType: '', entityName: '', investigationId: null, approvalId: null },
  };
}

afterEach(async () => {
  await clearAll();
  await closeDatabase();
});

describe('store', () => {
  it('creates every store and index at version 2 (no pending flag on actions)', async () => {
    const db = await openDatabase();
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(['actions', 'decisions', 'meta', 'notified']);
    expect([...db.transaction('actions').store.indexNames].sort()).toEqual(['byInvestigation', 'bySyncedAt']);
  });

  it('upgrades a version 1 database: the pending flag and its index go, the records and the sync state stay', async () => {
    await closeDatabase();
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(DB_NAME);
      req.onsuccess = () => resolve();
      req.onerror = () => resolve();
    });
    const a = makeAction();
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(db) {
        const actions = db.createObjectStore('actions', { keyPath: 'id' });
        actions.createIndex('byInvestigation', 'investigationId');
        actions.createIndex('byPending', 'pendingFlag');
        actions.createIndex('bySyncedAt', 'syncedAt');
        db.createObjectStore('decisions', { keyPath: 'id' });
        db.createObjectStore('notified', { keyPath: 'actionId' });
        db.createObjectStore('meta');
      },
    });
    await v1.put('actions', { ...a, pendingFlag: 1, syncedAt: NOW });
    await v1.put('meta', stateWith([a]), 'syncState');
    v1.close();

    const db = await openDatabase();
    expect([...db.transaction('actions').store.indexNames].sort()).toEqual(['byInvestigation', 'bySyncedAt']);
    expect(await db.get('actions', a.id)).toEqual({ ...a, syncedAt: NOW });
    expect((await loadPending()).map((x) => x.id)).toEqual([a.id]);
  });

  it('reopens after a newer version took the database (blocking handler closes the old connection)', async () => {
    await openDatabase();
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    newer.close();
    await closeDatabase();
    // Cleanup for other tests: the database now has a higher version; delete it.
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(DB_NAME);
      req.onsuccess = () => resolve();
      req.onerror = () => resolve();
    });
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
  });

  it('the pending list is the sync state’s; the action records outlive it for lookups', async () => {
    const [a, b, c] = [makeAction({ createdAt: 1 }), makeAction({ createdAt: 3 }), makeAction({ createdAt: 2 })];
    await saveActions([a, b], NOW);
    await saveSyncState(stateWith([a, b]));
    await saveActions([b, c], NOW + 1);
    await saveSyncState(stateWith([b, c]));
    // Notifications and the options read this; the popup and the badge read the same record (meta syncState).
    expect((await loadPending()).map((x) => x.id)).toEqual([b.id, c.id]);
    expect(await loadAction(a.id)).toMatchObject({ id: a.id });
    const loaded = await loadAction(b.id);
    expect(loaded && 'syncedAt' in loaded).toBe(false);
  });

  it('lists the audit log newest first and finds open entries', async () => {
    await putAudits([audit('1', 10), audit('2', 30, 'inFlight'), audit('3', 20, 'unknown')]);
    expect((await listAudit()).map((e) => e.id)).toEqual(['2', '3', '1']);
    expect((await listAudit(1)).map((e) => e.id)).toEqual(['2']);
    expect((await listUnresolvedAudit()).map((e) => e.id).sort()).toEqual(['2', '3']);
    expect((await auditForActions(['action-3'])).map((e) => e.id)).toEqual(['3']);
  });

  it('prunes old audit entries but never open ones, old decided actions and old notified ids', async () => {
    await putAudits([audit('old', NOW - 100 * DAY), audit('open', NOW - 100 * DAY, 'inFlight'), audit('new', NOW - DAY)]);
    const oldPending = makeAction({ id: 'old-pending' });
    await saveActions([makeAction({ id: 'old-decided' }), oldPending], NOW - 40 * DAY);
    // Polling paused for 40 days: the state still lists it, so its record stays.
    await saveSyncState(stateWith([oldPending]));
    await markNotified([
      { actionId: 'n-old', notifiedAt: NOW - 20 * DAY, notificationId: null },
      { actionId: 'n-new', notifiedAt: NOW - DAY, notificationId: 'x' },
    ]);
    const counts = await prune(NOW, 90);
    expect(counts).toEqual({ decisions: 1, actions: 1, notified: 1 });
    expect((await listAudit()).map((e) => e.id).sort()).toEqual(['new', 'open']);
    expect(await loadAction('old-pending')).toBeDefined();
    expect([...(await notifiedAmong(['n-old', 'n-new'])).keys()]).toEqual(['n-new']);
  });
});
