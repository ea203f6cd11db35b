/**
 * Expiry: computed once (utils/actions/expiry.ts) from a stated field or the start time + 7 days; zone-less times
 * are UTC; DST in the analyst's zone (this project runs in America/New_York) moves the wall clock, not the instant.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXPIRY_THRESHOLDS,
  expiresAt,
  expiringWithin,
  expirySentence,
  expiryLevel,
  formatClock,
  formatExactTime,
  formatTimeLeft,
  isExpired,
  nearestExpiry,
} from '@/utils/actions/expiry';
import { badgeView, BADGE_COLORS } from '@/utils/actions/badge';
import { parseItem } from '@/utils/portal/contract';
import type { Action } from '@/utils/actions/model';
import type { SyncState } from '@/utils/actions/types';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { makeAction } from './support/actions';

const H = 3_600_000;
const WEEK = 7 * 24 * H;

function item(overrides: Record<string, unknown>): Action {
  const parsed = parseItem({ ActionId: 'a-1', ActionType: 'IsolateResponse', ActionStatus: 'Pending', ...overrides });
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.value;
}

describe('expiresAt', () => {
  it('is the start time + 7 days when the portal states no expiry; a zone-less time is UTC', () => {
    const a = item({ StartTime: '2026-11-23T14:05:00', EventTime: '2026-11-23T14:05:02' });
    expect(expiresAt(a)).toBe(Date.UTC(2026, 10, 30, 14, 5));
  });

  it('takes the earlier of StartTime and EventTime (EventTime may be an update time)', () => {
    const a = item({ StartTime: '2026-11-23T08:00:00Z', EventTime: '2026-11-24T09:00:00Z' });
    expect(expiresAt(a)).toBe(Date.UTC(2026, 10, 30, 8));
    const onlyEvent = item({ EventTime: '2026-11-24T09:00:00+01:00' });
    expect(expiresAt(onlyEvent)).toBe(Date.UTC(2026, 11, 1, 8));
  });

  it('uses an expiry the portal states, whatever the start time', () => {
    const a = item({ StartTime: '2026-11-23T08:00:00Z', ExpirationTime: '2026-11-26T10:30:00' });
    expect(expiresAt(a)).toBe(Date.UTC(2026, 10, 26, 10, 30));
  });

  it('falls back to createdAt for actions stored before startedAt was kept', () => {
    const a = makeAction({ createdAt: Date.UTC(2026, 10, 25, 8) });
    expect(expiresAt(a)).toBe(Date.UTC(2026, 10, 25, 8) + WEEK);
  });

  it('stays exactly 168 hours across the end of DST in the analyst zone; the wall clock shifts by an hour', () => {
    // New York leaves DST on 2026-11-01: raised 10:05 EDT, it expires 09:05 EST, 168 h later.
    const a = item({ StartTime: '2026-10-27T14:05:00' });
    expect(expiresAt(a) - Date.UTC(2026, 9, 27, 14, 5)).toBe(WEEK);
    expect(new Date(expiresAt(a)).getHours()).toBe(9);
    expect(formatClock(expiresAt(a), { locale: 'en-GB' })).toBe('09:05');
    expect(formatClock(expiresAt(a), { locale: 'en-GB', timeZone: 'UTC' })).toBe('14:05');
  });

  it('across the start of DST too (2027-03-14): 23:30 EST raised, 00:30 EDT a week later', () => {
    const a = item({ StartTime: '2027-03-10T04:30:00Z' });
    expect(formatClock(expiresAt(a), { locale: 'en-GB' })).toBe('00:30');
    expect(formatExactTime(expiresAt(a), { locale: 'en-US' })).toContain('EDT');
  });
});

describe('levels and text', () => {
  const start = Date.UTC(2026, 10, 23, 12);
  const a = makeAction({ createdAt: start });
  const at = (left: number) => start + WEEK - left;

  it.each([
    [49 * H, 'none'],
    [47 * H, 'warn'],
    [23 * H, 'alert'],
    [3.5 * H, 'critical'],
    [0, 'expired'],
    [-H, 'expired'],
  ] as const)('with %d ms left the level is %s', (left, level) => {
    expect(expiryLevel(a, at(left), DEFAULT_EXPIRY_THRESHOLDS)).toBe(level);
  });

  it('follows configured thresholds', () => {
    expect(expiryLevel(a, at(10 * H), { warnHours: 72, alertHours: 12, criticalHours: 2 })).toBe('alert');
    expect(expiryLevel(a, at(10 * H), { warnHours: 72, alertHours: 36, criticalHours: 11 })).toBe('critical');
  });

  it('says time left compactly and in words with the clock time', () => {
    expect(formatTimeLeft(18 * H + 40 * 60_000)).toBe('18 h');
    expect(formatTimeLeft(30 * 60_000)).toBe('30 min');
    expect(formatTimeLeft(5 * 24 * H)).toBe('5 d');
    expect(formatTimeLeft(0)).toBe('expired');
    const b = makeAction({ createdAt: Date.UTC(2026, 10, 22, 19, 5) }); // expires 14:05 EST on the 29th
    expect(expirySentence(b, Date.UTC(2026, 10, 29, 1, 0), { locale: 'en-GB' })).toBe('Expires in 18 hours, at 14:05');
    expect(expirySentence(b, Date.UTC(2026, 10, 30), { locale: 'en-GB' })).toMatch(/^Expired at /);
  });

  it('finds the expiring and the nearest, skipping expired ones', () => {
    const now = Date.UTC(2026, 10, 30, 12);
    const gone = makeAction({ createdAt: now - WEEK - 60_000 });
    const soon = makeAction({ createdAt: now - WEEK + 2 * H });
    const later = makeAction({ createdAt: now - WEEK + 20 * H });
    const far = makeAction({ createdAt: now - H });
    expect(isExpired(gone, now)).toBe(true);
    expect(expiringWithin([gone, soon, later, far], now, 24 * H)).toEqual([soon, later]);
    expect(nearestExpiry([far, later, gone, soon], now)).toBe(soon);
  });
});

describe('toolbar badge', () => {
  const now = Date.UTC(2026, 10, 30, 12);
  const state = (pending: Action[]): SyncState => ({
    cloud: 'commercial',
    pending,
    error: null,
    lastSuccessAt: now,
    lastAttemptAt: now,
    nextPollAt: null,
    polling: false,
    refusedScopes: [],
    skippedItems: 0,
  });

  it('turns to the critical colour and says how many and when, when one expires within the critical threshold', () => {
    const soon = makeAction({ createdAt: now - WEEK + 2 * H });
    const view = badgeView(state([soon, makeAction({ createdAt: now - H })]), now, DEFAULT_SETTINGS.ageThresholds, DEFAULT_SETTINGS.expiryThresholds);
    expect(view.color).toBe(BADGE_COLORS.expiring);
    expect(view.text).toBe('2');
    expect(view.title).toContain('1 expires within 4 hr, the first at');
  });

  it('keeps its usual colour when nothing expires within the critical threshold', () => {
    const alert = makeAction({ createdAt: now - WEEK + 10 * H });
    const view = badgeView(state([alert]), now, DEFAULT_SETTINGS.ageThresholds, DEFAULT_SETTINGS.expiryThresholds);
    expect(view.color).not.toBe(BADGE_COLORS.expiring);
  });
});

describe('history', () => {
  it('tells an expired item from one someone rejected', async () => {
    const { endedByExpiry } = await import('@/utils/actions/expiry');
    const start = Date.UTC(2026, 10, 20, 8);
    const base = { createdAt: start, status: 'Completed', decision: 'Rejected' as const };
    expect(endedByExpiry(makeAction({ ...base, decidedBy: null, updatedAt: start + WEEK + 60_000 }))).toBe(true);
    expect(endedByExpiry(makeAction({ ...base, decidedBy: 'j.doe@contoso.example', updatedAt: start + WEEK + 60_000 }))).toBe(false);
    expect(endedByExpiry(makeAction({ ...base, decidedBy: null, updatedAt: start + H }))).toBe(false);
    expect(endedByExpiry(makeAction({ ...base, status: 'Expired', decidedBy: null, updatedAt: start + H }))).toBe(true);
  });
});
