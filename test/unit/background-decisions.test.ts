import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDecider } from '@/utils/actions/decide';
import { badgeView } from '@/utils/actions/badge';
import { createSync, type SyncDeps } from '@/utils/actions/sync';
import type { SyncState } from '@/utils/actions/types';
import { settleDecision } from '@/utils/background/decisions';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { closeDatabase } from '@/utils/store/db';
import * as queries from '@/utils/store/queries';
import { makeAction } from './support/actions';

const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);

afterEach(async () => {
  vi.restoreAllMocks();
  await queries.clearAll();
  await closeDatabase();
});

/** The background's sync and decider over the real store, with every write of the state and the action records counted. */
function background() {
  const actions = [makeAction(), makeAction(), makeAction()];
  const published: SyncState[] = [];
  const saveState = vi.fn(queries.saveSyncState);
  const saveListed = vi.fn(queries.saveActions);
  // Every write that reaches IndexedDB, by store (and key for meta).
  const idbWrites: string[] = [];
  const put = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    idbWrites.push(this.name === 'meta' ? `meta:${String(key)}` : this.name);
    return put.call(this, value, key);
  });
  const deps: SyncDeps = {
    now: () => NOW,
    random: () => 0.5,
    cloud: async () => 'commercial',
    pollMinutes: async () => 1,
    hasHostPermission: async () => true,
    listPending: async () => ({ ok: true, value: { actions, skipped: 0 } }),
    loadState: queries.loadSyncState,
    saveState,
    saveListed,
    failureCount: { get: async () => 0, set: async () => undefined },
    schedule: async () => undefined,
    publish: async (state) => void published.push(state),
    decidedByUs: async () => new Set(),
  };
  const sync = createSync(deps);
  const decider = createDecider({
    now: () => NOW,
    newId: () => crypto.randomUUID(),
    cloud: async () => 'commercial',
    lookup: async (ids) => new Map(actions.filter((a) => ids.includes(a.id)).map((a) => [a.id, a])),
    rules: async () => ({ requireRejectComment: false, requireApproveComment: false, requireCommentForDestructive: false }),
    send: async (ids) => ({ ok: true, value: ids.map((actionId) => ({ actionId, status: 'Approved' as const, decidedBy: 'ana@contoso.example' })) }),
    saveAudit: queries.putAudits,
    settled: (request, report) => settleDecision({ portalTabIds: async () => [] }, sync, request, report),
  });
  return { actions, published, saveState, saveListed, idbWrites, sync, decider };
}

describe('background: one source of truth for the pending list', () => {
  it('a decision writes the state once and the action records not at all', async () => {
    const bg = background();
    await bg.sync.poll('alarm');
    bg.saveState.mockClear();
    bg.saveListed.mockClear();
    bg.idbWrites.length = 0;

    const [a, b, c] = bg.actions.map((x) => x.id);
    const report = await bg.decider.decide({ actionIds: [a!], verdict: 'approve', comment: '', surface: 'popup' });

    expect(report.results.map((r) => r.outcome)).toEqual(['applied']);
    expect(bg.saveState).toHaveBeenCalledTimes(1);
    expect(bg.saveListed).not.toHaveBeenCalled();
    // In the database: the audit entry before and after the request, and the state once; no action record.
    expect(bg.idbWrites.sort()).toEqual(['decisions', 'decisions', 'meta:syncState']);
    expect((await bg.sync.state()).pending.map((x) => x.id)).toEqual([b, c]);
  });

  it('the popup, the badge and the notifications read the same pending list after a decision', async () => {
    const bg = background();
    await bg.sync.poll('alarm');
    const [a, b, c] = bg.actions.map((x) => x.id);
    await bg.decider.decide({ actionIds: [b!], verdict: 'approve', comment: '', surface: 'notification' });

    const published = bg.published.at(-1);
    // The popup's first read (meta syncState, also what popup-early.js reads), the badge (the published state)
    // and the notifications (loadPending) agree.
    const stored = await queries.loadSyncState();
    expect(stored).toEqual(published);
    expect((await queries.loadPending()).map((x) => x.id).sort()).toEqual([a, c].sort());
    expect(published && badgeView(published, NOW, DEFAULT_SETTINGS.ageThresholds, DEFAULT_SETTINGS.expiryThresholds).text).toBe('2');
    // The decided action's record stays for lookups (its link, its audit snapshot).
    expect(await queries.loadAction(b!)).toMatchObject({ id: b });
  });
});
