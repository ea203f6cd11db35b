import { describe, expect, it } from 'vitest';
import { HISTORY_READ_EVERY_MS, historyRangeToSettle, NOT_CONFIRMED_AFTER_MS, settleOpenAudits } from '@/utils/actions/audit';
import type { Action } from '@/utils/actions/model';
import type { AuditEntry } from '@/utils/actions/types';
import { makeAction } from './support/actions';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function entry(actionId: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `e-${actionId}`,
    actionId,
    verdict: 'approve',
    comment: '',
    surface: 'popup',
    cloud: 'commercial',
    requestedAt: T0,
    completedAt: null,
    outcome: 'inFlight',
    serverStatus: null,
    analyst: null,
    message: '',
    action: { type: '', typeLabel: '', entityType: '', entityName: '', investigationId: null, approvalId: null },
    ...overrides,
  };
}

function settle(
  open: readonly AuditEntry[],
  { pending = [], history = null, live = new Set<string>(), now = T0 + MIN }: { pending?: Action[]; history?: Action[] | null; live?: Set<string>; now?: number } = {},
) {
  return settleOpenAudits({ open, pending, history, live, cloud: 'commercial', now });
}

describe('settleOpenAudits', () => {
  const stillPending = makeAction({ createdAt: T0 - DAY });
  const approvedByUs = makeAction({ status: 'Completed', decision: 'Approved', decidedBy: 'ana@contoso.example' });
  const rejectedByOther = makeAction({ status: 'Completed', decision: 'Rejected', decidedBy: 'bob@contoso.example' });

  it('settles from the portal history; an entry still pending stays sent, waiting for the portal (not a failure)', () => {
    const open = [
      entry(stillPending.id, { outcome: 'pendingConfirmation' }),
      entry(approvedByUs.id, { outcome: 'unknown' }),
      entry(rejectedByOther.id),
      entry('not-anywhere', { outcome: 'pendingConfirmation' }),
    ];
    const settled = settle(open, { pending: [stillPending], history: [approvedByUs, rejectedByOther], now: 99 + T0 });
    expect(settled.map((e) => [e.actionId, e.outcome])).toEqual([
      [approvedByUs.id, 'applied'],
      [rejectedByOther.id, 'alreadyDecided'],
    ]);
    expect(settled[0]).toMatchObject({ analyst: 'ana@contoso.example', serverStatus: 'Approved', completedAt: 99 + T0 });
  });

  it('an entry left in flight by a stopped worker becomes sent, waiting for the portal, while the action is pending', () => {
    const [settled] = settle([entry(stillPending.id)], { pending: [stillPending] });
    expect(settled).toMatchObject({ outcome: 'pendingConfirmation', completedAt: null, message: expect.stringMatching(/^Sent, waiting for the portal/) });
  });

  it('leaves entries with a live request alone', () => {
    expect(settle([entry(stillPending.id)], { pending: [stillPending], live: new Set([stillPending.id]) })).toEqual([]);
  });

  it('an action still pending with no verdict after the portal’s 7-day expiry closes the entry as left pending', () => {
    const old = makeAction({ createdAt: T0 - 6 * DAY });
    const open = [entry(old.id, { outcome: 'pendingConfirmation' })];
    expect(settle(open, { pending: [old], now: T0 + 23 * 60 * MIN })).toEqual([]);
    const [settled] = settle(open, { pending: [old], now: T0 + DAY });
    expect(settled).toMatchObject({ outcome: 'leftPending', completedAt: T0 + DAY, message: expect.stringMatching(/^Left pending/) });
  });

  it('an action in the history with no verdict (expired in the portal) closes the entry as left pending', () => {
    const expired = makeAction({ status: 'Expired', decision: null });
    const [settled] = settle([entry(expired.id, { outcome: 'pendingConfirmation' })], { history: [expired] });
    expect(settled).toMatchObject({ outcome: 'leftPending', serverStatus: 'Expired' });
  });

  it('an entry the portal never confirms nor refuses is closed as not confirmed after 8 days', () => {
    const open = [entry('not-anywhere', { outcome: 'pendingConfirmation' })];
    expect(settle(open, { now: T0 + NOT_CONFIRMED_AFTER_MS - 1 })).toEqual([]);
    const [settled] = settle(open, { now: T0 + NOT_CONFIRMED_AFTER_MS });
    expect(NOT_CONFIRMED_AFTER_MS).toBe(8 * DAY);
    expect(settled).toMatchObject({ outcome: 'notConfirmed', message: expect.stringMatching(/^Not confirmed by the portal/) });
  });

  it('an entry sent to another cloud than the selected one is closed as not confirmed at once', () => {
    const [settled] = settle([entry('gov-action', { cloud: 'gccHigh', outcome: 'pendingConfirmation' })]);
    expect(settled).toMatchObject({ outcome: 'notConfirmed', message: expect.stringMatching(/another cloud/) });
  });

  it('every open entry has a final state within 8 days, whatever the portal says (polls every 10 minutes, nothing in history)', () => {
    const young = makeAction({ createdAt: T0 });
    let open: AuditEntry[] = [
      entry('never-seen'),
      entry(young.id, { id: 'e-young', outcome: 'pendingConfirmation' }),
      entry('legacy', { id: 'e-legacy', outcome: 'unknown', cloud: undefined }),
    ];
    const finals = new Map<string, string>();
    for (let now = T0; now <= T0 + NOT_CONFIRMED_AFTER_MS && open.length > 0; now += 10 * MIN) {
      const pending = now < T0 + 7 * DAY + 2 * MIN ? [young] : [];
      const settled = settle(open, { pending, now });
      const byId = new Map(settled.map((e) => [e.id, e]));
      open = open.map((e) => byId.get(e.id) ?? e).filter((e) => {
        const final = !['inFlight', 'pendingConfirmation', 'unknown'].includes(e.outcome);
        if (final) finals.set(e.id, e.outcome);
        return !final;
      });
    }
    expect(open).toEqual([]);
    expect(Object.fromEntries(finals)).toEqual({ 'e-never-seen': 'notConfirmed', 'e-young': 'leftPending', 'e-legacy': 'notConfirmed' });
  });
});

describe('historyRangeToSettle', () => {
  const pendingAction = makeAction();

  it('reads nothing while every open entry is still pending or on the wire', () => {
    const open = [entry(pendingAction.id, { outcome: 'pendingConfirmation' }), entry('live')];
    expect(historyRangeToSettle({ open, pending: [pendingAction], live: new Set(['live']), cloud: 'commercial', now: T0, lastReadAt: null })).toBeNull();
  });

  it('reads from the oldest entry that needs it, at most once per interval while entries stay open', () => {
    const open = [entry('a', { requestedAt: T0 - 2 * DAY }), entry('b', { requestedAt: T0 - DAY })];
    const args = { open, pending: [], live: new Set<string>(), cloud: 'commercial' as const };
    const range = historyRangeToSettle({ ...args, now: T0, lastReadAt: null });
    expect(range).not.toBeNull();
    expect(range!.to).toBe(T0);
    expect(range!.from).toBeLessThanOrEqual(T0 - 2 * DAY);
    expect(range!.from).toBeGreaterThan(T0 - 2 * DAY - 10 * MIN);
    // Polls every minute: no second read until the interval has passed.
    expect(historyRangeToSettle({ ...args, now: T0 + MIN, lastReadAt: T0 })).toBeNull();
    expect(historyRangeToSettle({ ...args, now: T0 + HISTORY_READ_EVERY_MS - 1, lastReadAt: T0 })).toBeNull();
    expect(historyRangeToSettle({ ...args, now: T0 + HISTORY_READ_EVERY_MS, lastReadAt: T0 })).not.toBeNull();
  });

  it('a decision newer than the last read is looked up at once (its answer was just lost)', () => {
    const open = [entry('old', { requestedAt: T0 - DAY }), entry('new', { requestedAt: T0 + 2 * MIN })];
    expect(
      historyRangeToSettle({ open, pending: [], live: new Set(), cloud: 'commercial', now: T0 + 3 * MIN, lastReadAt: T0 }),
    ).not.toBeNull();
  });

  it('never reads more than the settlement window, and not for entries of another cloud', () => {
    const open = [entry('ancient', { requestedAt: T0 - 30 * DAY }), entry('gov', { cloud: 'dod' })];
    const range = historyRangeToSettle({ open: open.slice(0, 1), pending: [], live: new Set(), cloud: 'commercial', now: T0, lastReadAt: null });
    expect(range!.to - range!.from).toBeLessThanOrEqual(NOT_CONFIRMED_AFTER_MS);
    expect(historyRangeToSettle({ open: open.slice(1), pending: [], live: new Set(), cloud: 'commercial', now: T0, lastReadAt: null })).toBeNull();
  });
});
