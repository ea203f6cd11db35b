/**
 * Queries over the store. Each is one transaction, so a service worker stopped mid-way leaves
 * either the old or the new state, never a half.
 */
import { isOpen, OPEN_AUDIT_OUTCOMES } from '../actions/audit';
import type { Action } from '../actions/model';
import type { AuditEntry, SyncState } from '../actions/types';
import { openDatabase, type MetaRecords, type NotifiedRecord, type StoredAction } from './db';

const DAY_MS = 24 * 60 * 60 * 1000;

function stripStored({ syncedAt: _s, ...action }: StoredAction): Action {
  return action;
}

/**
 * Keeps the records of actions the portal listed (a good poll's pending list, or its history), by id: lookups of an
 * action that left the pending list (links, decisions, a HAR import) and the History cache read them. Which
 * actions are pending is not kept here: the one source of that is the sync state (saveSyncState).
 */
export async function saveActions(actions: readonly Action[], now: number): Promise<void> {
  const db = await openDatabase();
  const tx = db.transaction('actions', 'readwrite');
  for (const action of actions) await tx.store.put({ ...action, syncedAt: now });
  await tx.done;
}

/** The pending actions, newest first: those of the stored sync state (the one source, see saveSyncState). */
export async function loadPending(): Promise<Action[]> {
  return [...((await loadSyncState())?.pending ?? [])].sort((a, b) => b.createdAt - a.createdAt);
}

export async function loadAction(id: string): Promise<Action | undefined> {
  const db = await openDatabase();
  const row = await db.get('actions', id);
  return row && stripStored(row);
}

/** The most recently synced actions, pending or decided (what a HAR import may name). */
export async function recentActions(limit: number): Promise<Action[]> {
  const db = await openDatabase();
  const out: Action[] = [];
  let cursor = await db.transaction('actions').store.index('bySyncedAt').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(stripStored(cursor.value));
    cursor = await cursor.continue();
  }
  return out;
}

// --- audit log -------------------------------------------------------------------------------

export async function putAudits(entries: readonly AuditEntry[]): Promise<void> {
  const db = await openDatabase();
  const tx = db.transaction('decisions', 'readwrite');
  for (const entry of entries) await tx.store.put(entry);
  await tx.done;
}

/** Newest first. */
export async function listAudit(limit = 500): Promise<AuditEntry[]> {
  const db = await openDatabase();
  const out: AuditEntry[] = [];
  let cursor = await db.transaction('decisions').store.index('byRequestedAt').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/** Entries whose outcome is not final: in flight when the worker stopped, or sent and waiting for the portal. */
export async function listUnresolvedAudit(): Promise<AuditEntry[]> {
  const db = await openDatabase();
  const lists = await Promise.all(OPEN_AUDIT_OUTCOMES.map((outcome) => db.getAllFromIndex('decisions', 'byOutcome', outcome)));
  return lists.flat();
}

export async function auditForActions(actionIds: readonly string[]): Promise<AuditEntry[]> {
  const db = await openDatabase();
  const tx = db.transaction('decisions');
  const lists = await Promise.all(actionIds.map((id) => tx.store.index('byAction').getAll(id)));
  return lists.flat();
}

// --- notified ids ---------------------------------------------------------------------------

export async function notifiedAmong(actionIds: readonly string[]): Promise<Map<string, NotifiedRecord>> {
  const db = await openDatabase();
  const tx = db.transaction('notified');
  const found = await Promise.all(actionIds.map((id) => tx.store.get(id)));
  const out = new Map<string, NotifiedRecord>();
  for (const record of found) if (record) out.set(record.actionId, record);
  return out;
}

export async function markNotified(records: readonly NotifiedRecord[]): Promise<void> {
  const db = await openDatabase();
  const tx = db.transaction('notified', 'readwrite');
  for (const record of records) await tx.store.put(record);
  await tx.done;
}

// --- meta -------------------------------------------------------------------------------------

export async function getMeta<K extends keyof MetaRecords>(key: K): Promise<MetaRecords[K] | undefined> {
  const db = await openDatabase();
  return (await db.get('meta', key)) as MetaRecords[K] | undefined;
}

export async function setMeta<K extends keyof MetaRecords>(key: K, value: MetaRecords[K]): Promise<void> {
  const db = await openDatabase();
  await db.put('meta', value, key);
}

export async function loadSyncState(): Promise<SyncState | undefined> {
  return getMeta('syncState');
}

/**
 * The one write of the pending list: the sync state (pending actions, error, freshness) in one record, so the
 * list and what it says about itself never disagree. The popup reads it first (popup-early.js), the badge and
 * the notifications from the same record.
 */
export async function saveSyncState(state: SyncState): Promise<void> {
  await setMeta('syncState', state);
}

// --- pruning and clearing -----------------------------------------------------------------

export interface PruneCounts {
  readonly decisions: number;
  readonly actions: number;
  readonly notified: number;
}

/**
 * Drops audit entries older than the retention (except unresolved ones), actions not listed for 30 days unless
 * the sync state still lists them as pending (polling paused that long), and notified ids older than 14 days
 * (a pending action expires after 7). Records lastPruneAt.
 */
export async function prune(now: number, auditRetentionDays: number): Promise<PruneCounts> {
  const db = await openDatabase();
  const tx = db.transaction(['decisions', 'actions', 'notified', 'meta'], 'readwrite');
  let decisions = 0;
  let actions = 0;
  let notified = 0;
  const auditBefore = IDBKeyRange.upperBound(now - auditRetentionDays * DAY_MS, true);
  for (let c = await tx.objectStore('decisions').index('byRequestedAt').openCursor(auditBefore); c; c = await c.continue()) {
    if (isOpen(c.value)) continue;
    await c.delete();
    decisions++;
  }
  const state = (await tx.objectStore('meta').get('syncState')) as SyncState | undefined;
  const pending = new Set(state?.pending.map((a) => a.id) ?? []);
  const actionsBefore = IDBKeyRange.upperBound(now - 30 * DAY_MS, true);
  for (let c = await tx.objectStore('actions').index('bySyncedAt').openCursor(actionsBefore); c; c = await c.continue()) {
    if (pending.has(c.value.id)) continue;
    await c.delete();
    actions++;
  }
  const notifiedBefore = IDBKeyRange.upperBound(now - 14 * DAY_MS, true);
  for (let c = await tx.objectStore('notified').index('byNotifiedAt').openCursor(notifiedBefore); c; c = await c.continue()) {
    await c.delete();
    notified++;
  }
  await tx.objectStore('meta').put(now, 'lastPruneAt');
  await tx.done;
  return { decisions, actions, notified };
}

export async function clearAll(): Promise<void> {
  const db = await openDatabase();
  const tx = db.transaction(['actions', 'decisions', 'notified', 'meta'], 'readwrite');
  await Promise.all([
    tx.objectStore('actions').clear(),
    tx.objectStore('decisions').clear(),
    tx.objectStore('notified').clear(),
    tx.objectStore('meta').clear(),
  ]);
  await tx.done;
}
