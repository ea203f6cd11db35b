/**
 * The core loop of the built extension against the fake portal: the background polls the portal on the analyst's
 * session, the toolbar badge shows the pending count, a decision reaches the portal once with the anti-forgery
 * header, a lost session pauses polling, and a 429 pushes the next poll past Retry-After.
 *
 * The background keeps its sync state in memory between tests (one browser per file): each test starts with a
 * fresh fake portal and a user refresh. The Retry-After test runs last because a rate-limited state refuses user
 * refreshes until the portal's wait is over (by design: no retry storm from clicks).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakePortal } from '../fake-portal/server';
import type { Harness } from './harness';
import { ask, badgeText, launchSignedIn, pollAlarm, resetSettings, until } from './helpers';

let h: Harness;
let fake: FakePortal;
/** An extension page to talk to the background from, as the popup would. */
let surface: Page;

beforeAll(async () => {
  ({ h, fake, surface } = await launchSignedIn({ scenario: 'default' }));
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  fake.reset();
  await resetSettings(h);
});

/** Polls now, as a click on the popup's Refresh does, and returns the state after the poll. */
const refresh = () => ask(surface, 'refresh', { reason: 'user' });

/** Requests to the pending list that the extension made (the fake page's own requests do not count). */
const extensionPendingReads = () => fake.requestCounts({ fromPage: false }).pending;

describe('core', () => {
  it('shows the fake portal’s pending count on the toolbar badge', async () => {
    const expected = fake.state().pending.length;
    expect(expected).toBeGreaterThan(0);
    const state = await refresh();
    expect(state.error).toBeNull();
    expect(state.pending.map((a) => a.id).sort()).toEqual(fake.state().pending.map((a) => a.ActionId).sort());
    await until(() => badgeText(h), (t) => t === String(expected), `badge shows ${expected}`);
    // Every read carried the session cookie and the anti-forgery header.
    const reads = fake.requests({ route: 'pending', fromPage: false });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.cookie && r.xsrf === 'ok' && r.status === 200)).toBe(true);
  });

  it('approves through the background: the action moves to History at the portal and leaves the store', async () => {
    await refresh();
    const target = fake.state().pending[0]!;
    const report = await ask(surface, 'decide', {
      actionIds: [target.ActionId],
      verdict: 'approve',
      comment: 'Confirmed malicious, isolate.',
      surface: 'popup',
    });
    expect(report.error).toBeNull();
    expect(report.results).toEqual([expect.objectContaining({ actionId: target.ActionId, outcome: 'applied' })]);

    const decisions = fake.decisions();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      actionIds: [target.ActionId],
      decision: 'Approve',
      comment: 'Confirmed malicious, isolate.',
      xsrf: 'ok',
      headersOk: true,
      fromPage: false,
      status: 200,
    });
    const portal = fake.state();
    expect(portal.pending.some((a) => a.ActionId === target.ActionId)).toBe(false);
    expect(portal.history.find((a) => a.ActionId === target.ActionId)).toMatchObject({
      ActionDecision: 'Approved',
      DecidedBy: portal.analyst,
      Comment: 'Confirmed malicious, isolate.',
    });

    const state = await ask(surface, 'getState', undefined);
    expect(state.pending.some((a) => a.id === target.ActionId)).toBe(false);
    expect(state.pending).toHaveLength(portal.pending.length);
    await until(() => badgeText(h), (t) => t === String(portal.pending.length), 'badge counts one fewer');
  });

  it.each([
    ['the portal signs the analyst out', () => fake.signOut()],
    ['the pending list answers 401', () => void fake.setFault({ route: 'pending', kind: 'status', status: 401 })],
  ])('shows signed out and stops polling when %s', async (_how, loseSession) => {
    const good = await refresh();
    expect(good.error).toBeNull();
    expect(await pollAlarm(h)).not.toBeNull();

    loseSession();
    const readsBefore = extensionPendingReads();
    const state = await refresh();
    expect(state.error?.kind).toBe('SignedOut');
    expect(state.nextPollAt).toBeNull();
    await until(() => badgeText(h), (t) => t === 'OUT', 'badge shows OUT');
    expect(await pollAlarm(h)).toBeNull();
    // One failed read, no retries behind it.
    expect(extensionPendingReads()).toBe(readsBefore + 1);
    await ask(surface, 'getState', undefined);
    expect(await pollAlarm(h)).toBeNull();
    expect(extensionPendingReads()).toBe(readsBefore + 1);
  });

  it('waits at least Retry-After after a 429 before the next poll', async () => {
    const retryAfterSeconds = 600;
    expect((await refresh()).error).toBeNull();
    fake.setFault({ route: 'pending', kind: 'status', status: 429, retryAfterSeconds, times: 1 });
    const askedAt = Date.now();
    const state = await refresh();
    expect(state.error?.kind).toBe('RateLimited');
    const alarm = await pollAlarm(h);
    expect(alarm).not.toBeNull();
    expect(alarm!.scheduledTime).toBeGreaterThanOrEqual(askedAt + retryAfterSeconds * 1000);
    expect(state.nextPollAt).toBeGreaterThanOrEqual(askedAt + retryAfterSeconds * 1000);
    // A click on Refresh does not call the portal again before the wait is over.
    const reads = extensionPendingReads();
    await refresh();
    expect(extensionPendingReads()).toBe(reads);
  });
});
