/**
 * Notification and toolbar-badge texts under the pseudo-locale: every word is ours from locales/en.yml (accented),
 * or the fixture's data (portal labels, entity names, ids) or an Intl format (durations, clock times). A single,
 * a summary, a catch-up summary, expiry warnings (single, critical, summary), the buttons, and each badge tooltip.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeView } from '@/utils/actions/badge';
import type { Action } from '@/utils/actions/model';
import type { SyncState } from '@/utils/actions/types';
import { formatDateTime, formatUnit } from '@/utils/i18n';
import { announceNew, planAnnouncements, planExpiryWarnings, type AnnounceDeps } from '@/utils/notify';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { closeDatabase } from '@/utils/store/db';
import { clearAll, setMeta } from '@/utils/store/queries';
import { makeAction } from './support/actions';
import { expectNoLiteral, usePseudoLocale } from './support/i18n';

const MIN = 60_000;
const H = 60 * MIN;
const WEEK = 7 * 24 * H;
const NOON = new Date(2026, 10, 25, 12, 0).getTime();
const SETTINGS = DEFAULT_SETTINGS.notifications;
const THRESHOLDS = DEFAULT_SETTINGS.expiryThresholds;

const isolate = makeAction({ typeLabel: 'Isolate device', entityName: 'ws-berlin', investigationId: '1234', createdAt: NOON - 12 * MIN });
const scans = [1, 2, 3].map((i) =>
  makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityName: `srv-${i}`, investigationId: `77${i}`, createdAt: NOON - MIN }),
);
const orphan = makeAction({ typeLabel: 'Soft delete email messages or clusters', entityName: '', investigationId: '', createdAt: NOON - 3 * H });
const leaving = (left: number, entityName: string) => makeAction({ typeLabel: 'Isolate device', entityName, createdAt: NOON - WEEK + left });

/** The fixture's data, and what Intl makes of the numbers and times it shows. */
const clock = (at: number) => formatDateTime(at, { hour: '2-digit', minute: '2-digit' });
const DATA = [
  ...[isolate, ...scans, orphan].flatMap((a) => [a.typeLabel, a.entityName, a.investigationId ?? '']),
  'ws-alert',
  'ws-critical',
  ...[12, 1].map((n) => formatUnit(n, 'minute', 'short')),
  ...[3, 20, 2].map((n) => formatUnit(n, 'hour', 'short')),
  formatUnit(THRESHOLDS.criticalHours, 'hour', 'short'),
];

function expectOurWords(texts: readonly string[], data: readonly string[] = DATA): void {
  expect(texts.length).toBeGreaterThan(0);
  const root = document.createElement('div');
  for (const text of texts) root.append(Object.assign(document.createElement('p'), { textContent: text }));
  expectNoLiteral(root, data);
}

const plan = (pending: Action[], catchUp = false, alreadyNotified: ReadonlySet<string> = new Set()) =>
  planAnnouncements({ pending, alreadyNotified, settings: SETTINGS, now: NOON, catchUp, portalFocused: false });

function state(pending: readonly Action[], error: SyncState['error'] = null): SyncState {
  return { cloud: 'commercial', pending, error, lastSuccessAt: NOON, lastAttemptAt: NOON, nextPollAt: null, polling: false, refusedScopes: [], skippedItems: 0 };
}

beforeEach(async () => {
  await clearAll();
  usePseudoLocale();
});
afterEach(async () => {
  await closeDatabase();
});

describe('notification texts under the pseudo-locale', () => {
  it('a single, with and without an entity and an investigation', () => {
    const texts = plan([isolate, orphan]).notifications.flatMap((n) => [n.title, n.message]);
    expect(texts).toHaveLength(4);
    expectOurWords(texts);
  });

  it('a summary, and a catch-up summary that counts what is new', () => {
    const summary = plan([isolate, ...scans, orphan]).notifications;
    expect(summary).toHaveLength(1);
    const catchUp = plan([isolate, ...scans], true, new Set([isolate.id])).notifications;
    expect(catchUp).toHaveLength(1);
    expectOurWords([...summary, ...catchUp].flatMap((n) => [n.title, n.message]));
  });

  it('expiry warnings: alert, critical, and their summary', () => {
    const alert = leaving(20 * H, 'ws-alert');
    const critical = leaving(3 * H, 'ws-critical');
    const input = { marked: new Set<string>(), settings: SETTINGS, thresholds: THRESHOLDS, now: NOON, portalFocused: false };
    const singles = planExpiryWarnings({ ...input, pending: [alert, critical] }).notifications;
    expect(singles).toHaveLength(2);
    const many = [1, 2, 3, 4].map((i) => leaving(i * H, `ws-${i}`));
    const summary = planExpiryWarnings({ ...input, pending: many }).notifications;
    expect(summary).toHaveLength(1);
    const times = [alert, critical, ...many].map((a) => clock(a.createdAt + WEEK));
    expectOurWords([...singles, ...summary].flatMap((n) => [n.title, n.message]), [...DATA, ...many.map((a) => a.entityName), ...times]);
  });

  it('the buttons and the context line', async () => {
    await setMeta('baselineAt', NOON - MIN);
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    const deps: AnnounceDeps = { now: () => NOON, settings: async () => SETTINGS, portalTabFocused: async () => false, buttons: true };
    await announceNew(state([isolate]), deps);
    const options = (create.mock.calls[0] as unknown[] | undefined)?.[1] as { title: string; message: string; contextMessage: string; buttons: { title: string }[] };
    expect(options.buttons).toHaveLength(2);
    expectOurWords([options.title, options.message, options.contextMessage, ...options.buttons.map((b) => b.title)]);
  });
});

describe('toolbar badge under the pseudo-locale', () => {
  it('every tooltip, and the signed-out mark', () => {
    const thresholds = DEFAULT_SETTINGS.ageThresholds;
    const views = [
      badgeView(state([]), NOON, thresholds),
      badgeView(state([isolate]), NOON, thresholds),
      badgeView(state(scans), NOON, thresholds),
      badgeView(state([isolate], { kind: 'SignedOut', message: '' }), NOON, thresholds),
      badgeView(state([isolate], { kind: 'NoPermission', message: '' }), NOON, thresholds),
      badgeView(state([isolate], { kind: 'Unavailable', message: '' }), NOON, thresholds),
      badgeView(state([leaving(2 * H, 'ws-critical')]), NOON, thresholds, THRESHOLDS),
    ];
    const first = NOON - WEEK + 2 * H + WEEK;
    expectOurWords([...views.map((v) => v.title), views[3]?.text ?? ''], [...DATA, clock(first)]);
  });
});
