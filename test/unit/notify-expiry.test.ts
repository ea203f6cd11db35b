/**
 * Expiry warnings: one per action at the alert threshold and one at the critical one, never repeated (also after
 * a worker restart: the marks are in IndexedDB), respecting the type filter and quiet hours.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Action } from '@/utils/actions/model';
import type { SyncState } from '@/utils/actions/types';
import { actionNotificationId, announceNew, expiryMarkKey, planExpiryWarnings, type AnnounceDeps } from '@/utils/notify';
import { DEFAULT_SETTINGS, type NotificationSettings } from '@/utils/settings';
import { closeDatabase } from '@/utils/store/db';
import { clearAll, setMeta } from '@/utils/store/queries';
import { makeAction } from './support/actions';

const H = 3_600_000;
const WEEK = 7 * 24 * H;
/** Local noon: outside the default quiet hours in any zone. */
const NOON = new Date(2026, 10, 30, 12, 0).getTime();
const SETTINGS = DEFAULT_SETTINGS.notifications;
const THRESHOLDS = DEFAULT_SETTINGS.expiryThresholds;

/** An action with `left` ms before its expiry at NOON. */
const leaving = (left: number, overrides: Partial<Action> = {}) => makeAction({ createdAt: NOON - WEEK + left, ...overrides });

function state(pending: readonly Action[]): SyncState {
  return { cloud: 'commercial', pending, error: null, lastSuccessAt: NOON, lastAttemptAt: NOON, nextPollAt: null, polling: false, refusedScopes: [], skippedItems: 0 };
}

function deps(at: number, overrides: Partial<NotificationSettings> = {}): AnnounceDeps {
  return {
    now: () => at,
    settings: async () => ({ ...SETTINGS, ...overrides }),
    portalTabFocused: async () => false,
    expiryThresholds: async () => THRESHOLDS,
    buttons: true,
  };
}

beforeEach(async () => {
  await clearAll();
  // Seen before: no catch-up summary, and the actions below count as already announced.
  await setMeta('baselineAt', NOON - 60_000);
});
afterEach(async () => {
  await closeDatabase();
});

describe('planExpiryWarnings', () => {
  const input = (pending: Action[], marked: string[] = [], settings: Partial<NotificationSettings> = {}, now = NOON) =>
    planExpiryWarnings({ pending, marked: new Set(marked), settings: { ...SETTINGS, ...settings }, thresholds: THRESHOLDS, now, portalFocused: false });

  it('warns at the alert and at the critical threshold, not before, not after expiry', () => {
    const far = leaving(30 * H);
    const alert = leaving(20 * H);
    const critical = leaving(2 * H);
    const gone = leaving(-60_000);
    const plan = input([far, alert, critical, gone]);
    expect(plan.notifications.map((n) => n.actionId)).toEqual([alert.id, critical.id]);
    expect(plan.notifications[0]?.title).toMatch(/^Expires in 20 hr: Isolate device/);
    // Jumping straight to critical marks both stages: no belated alert warning.
    expect(plan.records.map((r) => r.actionId).sort()).toEqual(
      [expiryMarkKey('alert', alert.id), expiryMarkKey('alert', critical.id), expiryMarkKey('critical', critical.id)].sort(),
    );
  });

  it('warns again at critical after the alert warning, and never twice per stage', () => {
    const a = leaving(2 * H);
    expect(input([a], [expiryMarkKey('alert', a.id)]).notifications).toHaveLength(1);
    expect(input([a], [expiryMarkKey('alert', a.id), expiryMarkKey('critical', a.id)]).notifications).toHaveLength(0);
  });

  it('marks filtered-out types without a notification', () => {
    const scan = leaving(20 * H, { type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan' });
    const plan = input([scan], [], { actionTypes: ['IsolateResponse'] });
    expect(plan.notifications).toEqual([]);
    expect(plan.records.map((r) => r.actionId)).toEqual([expiryMarkKey('alert', scan.id)]);
  });

  it('defers during quiet hours; the critical one breaks them only when the analyst turned that on', () => {
    const night = new Date(2026, 10, 30, 23, 30).getTime();
    const quiet = { quietHours: { enabled: true, start: '22:00', end: '07:00' } };
    const alert = makeAction({ createdAt: night - WEEK + 20 * H });
    const critical = makeAction({ createdAt: night - WEEK + 2 * H });
    const off = input([alert, critical], [], quiet, night);
    expect(off.notifications).toEqual([]);
    expect(off.records).toEqual([]); // not marked: warned when quiet hours end
    const on = input([alert, critical], [], { ...quiet, criticalExpiryInQuietHours: true }, night);
    expect(on.notifications.map((n) => n.actionId)).toEqual([critical.id]);
  });

  it('summarises more warnings than the summary threshold', () => {
    const many = [1, 2, 3, 4].map((i) => leaving(i * H + 18 * H));
    const plan = input(many);
    expect(plan.notifications).toHaveLength(1);
    expect(plan.notifications[0]?.title).toBe('4 pending actions expire soon');
    expect(plan.notifications[0]?.actionId).toBeNull();
  });
});

describe('announceNew with expiry warnings', () => {
  it('warns once at alert, not again after a worker restart, then once at critical', async () => {
    const a = leaving(20 * H);
    // The action was announced when it was new, long ago.
    const { markNotified } = await import('@/utils/store/queries');
    await markNotified([{ actionId: a.id, notifiedAt: NOON - 6 * 24 * H, notificationId: actionNotificationId(a.id) }]);

    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await announceNew(state([a]), deps(NOON));
    expect(create).toHaveBeenCalledTimes(1);
    expect((create.mock.calls[0] as unknown[] | undefined)?.[1]).toMatchObject({ title: expect.stringMatching(/^Expires in 20 h/), buttons: [{ title: 'Approve…' }, { title: 'Open' }] });

    await closeDatabase();
    vi.resetModules();
    const restarted = await import('@/utils/notify');
    await restarted.announceNew(state([a]), deps(NOON + 60_000));
    expect(create).toHaveBeenCalledTimes(1);

    // 16 hours later it has under 4 h left: the critical warning, once.
    await restarted.announceNew(state([a]), deps(NOON + 16.5 * H));
    await restarted.announceNew(state([a]), deps(NOON + 16.6 * H));
    expect(create).toHaveBeenCalledTimes(2);
    expect((create.mock.calls[1] as unknown[] | undefined)?.[1]).toMatchObject({ title: expect.stringMatching(/^Expires in 3 h/), priority: 2 });
    const db = await import('@/utils/store/db');
    await db.closeDatabase();
  });
});
