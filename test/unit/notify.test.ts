/**
 * Notifications: the pure plan (what to announce, summary or single, quiet hours, filters, priority, text) and
 * the browser glue on the fake browser and fake-indexeddb (dedupe across restarts, clearing, click routing).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ACTION_TYPE_IMPACT, type Action } from '@/utils/actions/model';
import type { SyncState } from '@/utils/actions/types';
import {
  actionNotificationId,
  announceNew,
  CATCH_UP_AFTER_MS,
  cleanText,
  clearNotificationsFor,
  decisionLinkSearch,
  inQuietHours,
  openDecisionWindow,
  parseDecisionLink,
  parseNotificationId,
  planAnnouncements,
  priorityOf,
  registerNotificationEvents,
  summaryNotificationId,
  TITLE_MAX,
  type AnnounceDeps,
  type PlanInput,
} from '@/utils/notify';
import { DEFAULT_SETTINGS, type NotificationSettings } from '@/utils/settings';
import { closeDatabase } from '@/utils/store/db';
import { clearAll, getMeta, notifiedAmong, saveSyncState, setMeta } from '@/utils/store/queries';
import { makeAction } from './support/actions';

const MIN = 60_000;
/** Local noon, so quiet-hours tests read the same in every time zone. */
const NOON = new Date(2026, 10, 25, 12, 0).getTime();
const SETTINGS: NotificationSettings = DEFAULT_SETTINGS.notifications;

function state(pending: readonly Action[]): SyncState {
  return {
    cloud: 'commercial',
    pending,
    error: null,
    lastSuccessAt: NOON,
    lastAttemptAt: NOON,
    nextPollAt: null,
    polling: false,
    refusedScopes: [],
    skippedItems: 0,
  };
}

function deps(overrides: Partial<NotificationSettings> = {}, more: Partial<AnnounceDeps> & { at?: number } = {}): AnnounceDeps {
  const at = more.at ?? NOON;
  return {
    now: () => at,
    settings: async () => ({ ...SETTINGS, ...overrides }),
    portalTabFocused: async () => false,
    buttons: true,
    ...more,
  };
}

async function shown() {
  return fakeBrowser.notifications.getAll() as Promise<Record<string, Browser.notifications.NotificationCreateOptions>>;
}

/** A poll has looked at the list before (no first-poll catch-up). */
async function withBaseline(at = NOON - 5 * MIN) {
  await setMeta('baselineAt', at);
}

function plan(overrides: Partial<PlanInput>): ReturnType<typeof planAnnouncements> {
  return planAnnouncements({
    pending: [],
    alreadyNotified: new Set(),
    settings: SETTINGS,
    now: NOON,
    catchUp: false,
    portalFocused: false,
    ...overrides,
  });
}

beforeEach(async () => {
  await clearAll();
});
afterEach(async () => {
  await closeDatabase();
});

describe('notification ids', () => {
  it('round-trips action and summary ids', () => {
    const a = makeAction();
    expect(parseNotificationId(actionNotificationId(a.id))).toEqual({ kind: 'action', actionId: a.id });
    expect(parseNotificationId(summaryNotificationId(NOON))).toEqual({ kind: 'summary' });
  });

  it.each([
    'acc-action:../../options.html',
    'acc-action:a b',
    'acc-action:',
    `acc-action:${'a'.repeat(129)}`,
    'acc-summary:x',
    'someone-else:1',
    '',
  ])('does not trust %j', (id) => {
    expect(parseNotificationId(id)).toBeNull();
  });

  it('refuses to build an id from something that is not an action id', () => {
    expect(() => actionNotificationId('a/b')).toThrow();
  });
});

describe('text', () => {
  it('strips bidi overrides, zero-width and control characters, and caps the length', () => {
    expect(cleanText('ws\u202Egpj.exe\u200B\u2066 \n evil\u0000', 80)).toBe('wsgpj.exe evil');
    const long = cleanText('x'.repeat(500), TITLE_MAX);
    expect([...long]).toHaveLength(TITLE_MAX);
    expect(long.endsWith('…')).toBe(true);
    // A cap never splits a surrogate pair.
    expect(cleanText('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
  });

  it('a hostile entity name cannot spoof the title', () => {
    const a = makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityName: `\u202Eecived etalosI\u202C${'A'.repeat(300)}` });
    const [single] = plan({ pending: [a] }).notifications;
    expect(single?.title.startsWith('Run antivirus scan: ecived etalosI')).toBe(true);
    expect(single?.title).not.toMatch(/[\u202A-\u202E]/);
    expect([...(single?.title ?? '')].length).toBeLessThanOrEqual(TITLE_MAX);
  });

  it('a single names the type, entity, investigation and age', () => {
    const a = makeAction({ typeLabel: 'Isolate device', entityName: 'ws-berlin', investigationId: '1234', createdAt: NOON - 12 * MIN });
    expect(plan({ pending: [a] }).notifications).toEqual([
      {
        id: actionNotificationId(a.id),
        title: 'Isolate device: ws-berlin',
        message: 'Investigation 1234 · pending for 12 min',
        priority: 2,
        actionId: a.id,
      },
    ]);
  });
});

describe('priority', () => {
  it('comes from the raw type, by the impact every surface marks: containment and destructive loud, reads and scans quiet', () => {
    for (const type of Object.keys(ACTION_TYPE_IMPACT)) expect(priorityOf({ type }), type).toBe(2);
    expect(priorityOf({ type: 'AntivirusScanResponse' })).toBe(0);
    expect(priorityOf({ type: 'CollectInvestigationPackageResponse' })).toBe(0);
    expect(priorityOf({ type: 'RequestSampleResponse' })).toBe(0);
    expect(priorityOf({ type: 'QuarantineFileResponse' })).toBe(1);
    expect(priorityOf({ type: 'BlockUrlResponse' })).toBe(1);
    expect(priorityOf({ type: 'SomethingNewResponse' })).toBe(1);
  });

  it('does not depend on the words the portal shows for the type', () => {
    const german = makeAction({ type: 'IsolateResponse', typeLabel: 'Gerät isolieren' });
    const misnamed = makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Isolate device' });
    expect(priorityOf(german)).toBe(2);
    expect(priorityOf(misnamed)).toBe(0);
  });

  it('a summary is as loud as its loudest action', () => {
    const scans = Array.from({ length: 4 }, () => makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan' }));
    expect(plan({ pending: scans }).notifications[0]?.priority).toBe(0);
    expect(plan({ pending: [...scans, makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device' })] }).notifications[0]?.priority).toBe(2);
  });
});

describe('quiet hours', () => {
  const at = (h: number, m = 0) => new Date(2026, 10, 25, h, m);
  const night = { enabled: true, start: '22:00', end: '07:00' };

  it('cross midnight in local time, start included, end excluded', () => {
    expect(inQuietHours(night, at(22, 0))).toBe(true);
    expect(inQuietHours(night, at(23, 30))).toBe(true);
    expect(inQuietHours(night, at(0, 0))).toBe(true);
    expect(inQuietHours(night, at(6, 59))).toBe(true);
    expect(inQuietHours(night, at(7, 0))).toBe(false);
    expect(inQuietHours(night, at(12, 0))).toBe(false);
    expect(inQuietHours(night, at(21, 59))).toBe(false);
  });

  it('also within one day, and not when off or empty', () => {
    const lunch = { enabled: true, start: '12:00', end: '13:30' };
    expect(inQuietHours(lunch, at(12, 45))).toBe(true);
    expect(inQuietHours(lunch, at(13, 30))).toBe(false);
    expect(inQuietHours(lunch, at(23, 0))).toBe(false);
    expect(inQuietHours({ ...night, enabled: false }, at(23, 0))).toBe(false);
    expect(inQuietHours({ enabled: true, start: '08:00', end: '08:00' }, at(8, 0))).toBe(false);
  });
});

describe('the plan', () => {
  it('one notification each up to the threshold, one summary above it', () => {
    const three = [makeAction({ investigationId: '1' }), makeAction({ investigationId: '2' }), makeAction({ investigationId: '2' })];
    expect(plan({ pending: three }).notifications.map((n) => n.actionId)).toEqual(three.map((a) => a.id));
    const seven = [...three, makeAction({ investigationId: '3' }), makeAction({ investigationId: '3' }), makeAction({ investigationId: '1' }), makeAction({ investigationId: null })];
    const result = plan({ pending: seven });
    expect(result.notifications).toHaveLength(1);
    expect(result.notifications[0]?.title).toBe('7 new pending actions in 3 investigations');
    expect(result.notifications[0]?.actionId).toBeNull();
    expect(new Set(result.records.map((r) => r.notificationId))).toEqual(new Set([result.notifications[0]?.id]));
  });

  it('the threshold is a setting', () => {
    const two = [makeAction(), makeAction()];
    expect(plan({ pending: two, settings: { ...SETTINGS, summaryThreshold: 1 } }).notifications).toHaveLength(1);
  });

  it('announces only what was not announced before, and never decided actions', () => {
    const [old, fresh] = [makeAction(), makeAction()];
    const decided = { ...makeAction(), decision: 'Approved' as const, status: 'Completed' };
    const result = plan({ pending: [old, fresh, decided], alreadyNotified: new Set([old.id]) });
    expect(result.notifications.map((n) => n.actionId)).toEqual([fresh.id]);
    expect(result.records.map((r) => r.actionId)).toEqual([fresh.id]);
  });

  it('a catch-up is one summary of all that waits', () => {
    const twelve = Array.from({ length: 12 }, () => makeAction());
    const result = plan({ pending: twelve, catchUp: true });
    expect(result.notifications).toHaveLength(1);
    expect(result.notifications[0]?.title).toBe('12 actions are waiting for approval');
    expect(result.records).toHaveLength(12);
    const one = plan({ pending: [makeAction()], catchUp: true });
    expect(one.notifications[0]?.title).toBe('1 action is waiting for approval');
  });

  it('silenced or filtered actions are recorded as seen without a notification', () => {
    const isolate = makeAction({ type: 'IsolateResponse' });
    const scan = makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan' });
    const filtered = plan({ pending: [isolate, scan], settings: { ...SETTINGS, actionTypes: ['IsolateResponse'] } });
    expect(filtered.notifications.map((n) => n.actionId)).toEqual([isolate.id]);
    expect(filtered.records.find((r) => r.actionId === scan.id)?.notificationId).toBeNull();

    const off = plan({ pending: [isolate], settings: { ...SETTINGS, enabled: false } });
    expect(off).toMatchObject({ notifications: [], silenced: 'disabled', records: [{ actionId: isolate.id, notificationId: null }] });
    const focused = plan({ pending: [isolate], settings: { ...SETTINGS, onlyWhenPortalNotFocused: true }, portalFocused: true });
    expect(focused).toMatchObject({ notifications: [], silenced: 'portalFocused' });
    expect(plan({ pending: [isolate], portalFocused: true }).notifications).toHaveLength(1); // setting off
  });
});

describe('announceNew on the fake browser', () => {
  it('first poll after install: records what is pending and raises one summary', async () => {
    const twelve = Array.from({ length: 12 }, () => makeAction());
    await announceNew(state(twelve), deps());
    const all = await shown();
    expect(Object.keys(all)).toEqual([summaryNotificationId(NOON)]);
    expect(all[summaryNotificationId(NOON)]).toMatchObject({
      type: 'basic',
      title: '12 actions are waiting for approval',
      iconUrl: 'chrome-extension://test-extension-id/icon/128.png',
    });
    expect((await notifiedAmong(twelve.map((a) => a.id))).size).toBe(12);
    expect(await getMeta('baselineAt')).toBe(NOON);

    // The next poll with one more: one notification for it, with the buttons.
    const next = makeAction({ type: 'DisableUserResponse', typeLabel: 'Disable user', entityName: 'j.doe' });
    await announceNew(state([next, ...twelve]), deps({}, { at: NOON + MIN }));
    const after = await shown();
    expect(Object.keys(after)).toHaveLength(2);
    expect(after[actionNotificationId(next.id)]).toMatchObject({
      title: 'Disable user: j.doe',
      priority: 2,
      buttons: [{ title: 'Approve…' }, { title: 'Open' }],
    });
  });

  it('never announces the same action twice, also after a worker restart (new module, same IndexedDB)', async () => {
    await withBaseline();
    const a = makeAction();
    await announceNew(state([a]), deps());
    await fakeBrowser.notifications.clear(actionNotificationId(a.id)); // the analyst dismissed it
    await announceNew(state([a]), deps({}, { at: NOON + MIN }));
    expect(await shown()).toEqual({});

    await closeDatabase();
    vi.resetModules();
    const restarted = await import('@/utils/notify');
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    const b = makeAction();
    await restarted.announceNew(state([b, a]), deps({}, { at: NOON + 2 * MIN }));
    // Only the action it had not seen; the one announced before the restart stays quiet.
    expect(create.mock.calls.map(([id]) => id)).toEqual([actionNotificationId(b.id)]);
    const db = await import('@/utils/store/db');
    await db.closeDatabase();
  });

  it('after a long gap (signed out), one catch-up summary instead of one per action', async () => {
    await withBaseline(NOON - CATCH_UP_AFTER_MS - MIN);
    const five = Array.from({ length: 2 }, () => makeAction());
    await announceNew(state(five), deps());
    const all = await shown();
    expect(Object.values(all).map((n) => n.title)).toEqual(['2 actions are waiting for approval']);
  });

  it('quiet hours across midnight: nothing at 23:30, and the actions do not pop up at 07:00', async () => {
    await withBaseline(new Date(2026, 10, 25, 23, 25).getTime());
    const quiet = { quietHours: { enabled: true, start: '22:00', end: '07:00' } };
    const a = makeAction();
    await announceNew(state([a]), deps(quiet, { at: new Date(2026, 10, 25, 23, 30).getTime() }));
    expect(await shown()).toEqual({});
    const morning = makeAction();
    // Polls kept running through the night, so no catch-up.
    await setMeta('baselineAt', new Date(2026, 10, 26, 6, 59).getTime());
    await announceNew(state([morning, a]), deps(quiet, { at: new Date(2026, 10, 26, 7, 0).getTime() }));
    expect(Object.keys(await shown())).toEqual([actionNotificationId(morning.id)]);
  });

  it('type filter: other types are recorded and stay quiet', async () => {
    await withBaseline();
    const isolate = makeAction({ type: 'IsolateResponse' });
    const scan = makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan' });
    await announceNew(state([isolate, scan]), deps({ actionTypes: ['IsolateResponse'] }));
    expect(Object.keys(await shown())).toEqual([actionNotificationId(isolate.id)]);
    expect((await notifiedAmong([scan.id])).get(scan.id)?.notificationId).toBeNull();
  });

  it('only when no portal tab is focused: asks about focus only when the setting is on', async () => {
    await withBaseline();
    const portalTabFocused = vi.fn(async () => true);
    await announceNew(state([makeAction()]), deps({ onlyWhenPortalNotFocused: true }, { portalTabFocused }));
    expect(await shown()).toEqual({});
    expect(portalTabFocused).toHaveBeenCalledTimes(1);

    portalTabFocused.mockClear();
    await announceNew(state([makeAction()]), deps({}, { portalTabFocused }));
    expect(Object.keys(await shown())).toHaveLength(1);
    expect(portalTabFocused).not.toHaveBeenCalled();
  });

  it('a refused notification (missing icon) neither fails the poll nor repeats', async () => {
    await withBaseline();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockRejectedValue(new Error('Unable to download all specified images.'));
    const a = makeAction();
    await expect(announceNew(state([a]), deps())).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalled();
    expect((await notifiedAmong([a.id])).has(a.id)).toBe(true);
    await announceNew(state([a]), deps({}, { at: NOON + MIN }));
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('records before creating, so a restart mid-way cannot announce twice', async () => {
    await withBaseline();
    const a = makeAction();
    let recordedFirst = false;
    vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(async (id) => {
      recordedFirst = (await notifiedAmong([a.id])).has(a.id);
      return String(id);
    });
    await announceNew(state([a]), deps());
    expect(recordedFirst).toBe(true);
  });

  it('Firefox: no buttons, priority or context line', async () => {
    await withBaseline();
    const a = makeAction();
    await announceNew(state([a]), deps({}, { buttons: false }));
    const created = (await shown())[actionNotificationId(a.id)];
    expect(created).toBeDefined();
    expect(created?.buttons).toBeUndefined();
    expect(created?.priority).toBeUndefined();
    expect(created?.contextMessage).toBeUndefined();
  });
});

describe('clearing', () => {
  it('a decided or vanished action clears its own notification', async () => {
    await withBaseline();
    const [a, b] = [makeAction(), makeAction()];
    await saveSyncState(state([a, b]));
    await announceNew(state([a, b]), deps());
    await saveSyncState(state([b]));
    await clearNotificationsFor([a.id]);
    expect(Object.keys(await shown())).toEqual([actionNotificationId(b.id)]);
    // Still recorded: it will not come back as new.
    expect((await notifiedAmong([a.id])).has(a.id)).toBe(true);
  });

  it('a summary is cleared once none of its actions is still pending', async () => {
    await withBaseline();
    const five = Array.from({ length: 5 }, () => makeAction());
    await saveSyncState(state(five));
    await announceNew(state(five), deps());
    const summary = summaryNotificationId(NOON);
    expect(Object.keys(await shown())).toEqual([summary]);

    await saveSyncState(state(five.slice(2)));
    await clearNotificationsFor(five.slice(0, 2).map((a) => a.id));
    expect(Object.keys(await shown())).toEqual([summary]);

    await saveSyncState(state([]));
    await clearNotificationsFor(five.slice(2).map((a) => a.id));
    expect(await shown()).toEqual({});
  });

  it('ignores ids that are not action ids and ids never announced', async () => {
    await fakeBrowser.notifications.create('someone-else', { type: 'basic', title: 't', message: 'm', iconUrl: 'x' });
    await clearNotificationsFor(['someone-else', makeAction().id]);
    expect(Object.keys(await shown())).toEqual(['someone-else']);
  });
});

describe('click routing', () => {
  function handlers() {
    return { openAction: vi.fn(async (_id: string | null) => undefined), approveAction: vi.fn(async (_id: string) => undefined) };
  }

  it('Chrome: click opens the action, Approve… asks for confirmation, Open opens it; the notification goes', async () => {
    const h = handlers();
    registerNotificationEvents(h, { buttons: true });
    const a = makeAction();
    const id = actionNotificationId(a.id);
    await fakeBrowser.notifications.create(id, { type: 'basic', title: 't', message: 'm', iconUrl: 'x' });
    await fakeBrowser.notifications.onClicked.trigger(id);
    await vi.waitFor(() => expect(h.openAction).toHaveBeenCalledWith(a.id));
    expect(await shown()).toEqual({});
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 0);
    await vi.waitFor(() => expect(h.approveAction).toHaveBeenCalledWith(a.id));
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 1);
    await vi.waitFor(() => expect(h.openAction).toHaveBeenCalledTimes(2));
    expect(h.approveAction).toHaveBeenCalledTimes(1);
  });

  it('a summary opens the Action center; foreign or forged ids do nothing', async () => {
    const h = handlers();
    registerNotificationEvents(h, { buttons: true });
    await fakeBrowser.notifications.onClicked.trigger(summaryNotificationId(NOON));
    await vi.waitFor(() => expect(h.openAction).toHaveBeenCalledWith(null));
    await fakeBrowser.notifications.onClicked.trigger('acc-action:../../evil');
    await fakeBrowser.notifications.onButtonClicked.trigger('acc-action:a b', 0);
    await fakeBrowser.notifications.onButtonClicked.trigger(summaryNotificationId(NOON), 0);
    await fakeBrowser.notifications.onClicked.trigger('other-extension-thing');
    expect(h.openAction).toHaveBeenCalledTimes(1);
    expect(h.approveAction).not.toHaveBeenCalled();
  });

  it('Firefox: a click opens the popup page on that action', async () => {
    const h = handlers();
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    registerNotificationEvents(h, { buttons: false });
    const a = makeAction();
    await fakeBrowser.notifications.onClicked.trigger(actionNotificationId(a.id));
    await vi.waitFor(() =>
      expect(create).toHaveBeenCalledWith({
        type: 'popup',
        width: 560,
        height: 600,
        url: `chrome-extension://test-extension-id/popup.html?action=${a.id}`,
      }),
    );
    expect(h.openAction).not.toHaveBeenCalled();
  });

  it('a failing handler is logged, not thrown into the event', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    registerNotificationEvents({ openAction: async () => Promise.reject(new Error('no tab')), approveAction: async () => undefined }, { buttons: true });
    await fakeBrowser.notifications.onClicked.trigger(actionNotificationId(makeAction().id));
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
  });

  it('unregisters', async () => {
    const h = handlers();
    const stop = registerNotificationEvents(h, { buttons: true });
    stop();
    await fakeBrowser.notifications.onClicked.trigger(actionNotificationId(makeAction().id));
    expect(h.openAction).not.toHaveBeenCalled();
  });
});

describe('the decision window', () => {
  it('opens the popup page in a small window on the action with the verdict', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const a = makeAction();
    await openDecisionWindow(a.id, 'approve');
    expect(create).toHaveBeenCalledWith({
      type: 'popup',
      width: 560,
      height: 600,
      url: `chrome-extension://test-extension-id/popup.html?action=${a.id}&verdict=approve`,
    });
  });

  it('opens nothing for a forged id', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    await openDecisionWindow('x"><script>', 'approve');
    expect(create).not.toHaveBeenCalled();
  });

  it('the link parses back, and anything malformed is ignored', () => {
    const a = makeAction();
    expect(parseDecisionLink(decisionLinkSearch({ actionId: a.id, verdict: 'approve' }))).toEqual({ actionId: a.id, verdict: 'approve' });
    expect(parseDecisionLink(`?action=${a.id}`)).toEqual({ actionId: a.id, verdict: null });
    expect(parseDecisionLink(`?action=${a.id}&verdict=nuke`)).toEqual({ actionId: a.id, verdict: null });
    expect(parseDecisionLink('?action=../x&verdict=approve')).toBeNull();
    expect(parseDecisionLink('')).toBeNull();
  });
});
