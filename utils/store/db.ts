/**
 * The extension's IndexedDB database. Only the background and extension pages open it (content scripts
 * live in the portal's origin and ask the background instead).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames, unwrap } from 'idb';
import type { Action } from '../actions/model';
import type { AuditEntry, SyncState } from '../actions/types';
import { DB_NAME, DB_VERSION } from './identity';

export { DB_NAME, DB_VERSION };

/** An action as last read from the portal. Whether it is pending is the sync state's business (meta syncState). */
export interface StoredAction extends Action {
  readonly syncedAt: number;
}

export interface NotifiedRecord {
  readonly actionId: string;
  readonly notifiedAt: number;
  /** The browser notification that announced it (single or summary), to clear it later. */
  readonly notificationId: string | null;
}

export interface MetaRecords {
  syncState: SyncState;
  /** When notifications last looked at the pending list (every good poll); unset or older than CATCH_UP_AFTER_MS means one catch-up summary, not a flood. */
  baselineAt: number;
  /** When prune() last ran: the worker prunes at start-up when this is older than a day. */
  lastPruneAt: number;
  /** When the portal's history was last read to settle open audit entries (bounded: see utils/actions/audit.ts). */
  settleHistoryReadAt: number;
  /** Failed polls in a row, for backoff across worker restarts. */
  failureCount: number;
}

export interface CompanionDB extends DBSchema {
  actions: {
    key: string;
    value: StoredAction;
    indexes: { byInvestigation: string; bySyncedAt: number };
  };
  decisions: {
    key: string;
    value: AuditEntry;
    indexes: { byAction: string; byRequestedAt: number; byOutcome: string };
  };
  notified: { key: string; value: NotifiedRecord; indexes: { byNotifiedAt: number } };
  meta: { key: string; value: unknown };
}

export type Database = IDBPDatabase<CompanionDB>;

/** Each step upgrades from the version before it; never edit a shipped step, add the next one. */
function upgrade(db: Database, oldVersion: number, tx: IDBPTransaction<CompanionDB, StoreNames<CompanionDB>[], 'versionchange'>): void {
  if (oldVersion < 1) {
    const actions = db.createObjectStore('actions', { keyPath: 'id' });
    actions.createIndex('byInvestigation', 'investigationId');
    // Removed again by version 2 (raw store: the typed schema no longer names it).
    unwrap(actions).createIndex('byPending', 'pendingFlag');
    actions.createIndex('bySyncedAt', 'syncedAt');
    const decisions = db.createObjectStore('decisions', { keyPath: 'id' });
    decisions.createIndex('byAction', 'actionId');
    decisions.createIndex('byRequestedAt', 'requestedAt');
    decisions.createIndex('byOutcome', 'outcome');
    const notified = db.createObjectStore('notified', { keyPath: 'actionId' });
    notified.createIndex('byNotifiedAt', 'notifiedAt');
    db.createObjectStore('meta');
  }
  if (oldVersion < 2) {
    // Version 1 kept a pending flag on each action besides the sync state's list: two truths that a decision had
    // to write twice. The list in meta syncState is the one kept; the flag and its index go.
    const actions = unwrap(tx).objectStore('actions');
    if (actions.indexNames.contains('byPending')) actions.deleteIndex('byPending');
    if (oldVersion >= 1) void stripPendingFlags(tx);
  }
}

async function stripPendingFlags(tx: IDBPTransaction<CompanionDB, StoreNames<CompanionDB>[], 'versionchange'>): Promise<void> {
  for (let c = await tx.objectStore('actions').openCursor(); c; c = await c.continue()) {
    const { pendingFlag: _legacy, ...action } = c.value as StoredAction & { pendingFlag?: unknown };
    await c.update(action);
  }
}

let opening: Promise<Database> | null = null;

export function openDatabase(): Promise<Database> {
  opening ??= openDB<CompanionDB>(DB_NAME, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
    blocking: () => {
      // A newer version wants the database: let it go and reopen on the next call.
      void opening?.then((db) => db.close());
      opening = null;
    },
  });
  return opening;
}

/** Tests: forget the cached connection so each test can start from an empty database. */
export async function closeDatabase(): Promise<void> {
  const current = opening;
  opening = null;
  if (current) (await current).close();
}
