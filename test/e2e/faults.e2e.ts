/**
 * Fault matrix over decisions: the fake portal answers the decision request with every failure the portal is
 * known (or feared) to produce, and the analyst clicks Approve once in the popup or on the portal page. For each:
 * - what the analyst reads (an honest message, never "Approved" when the portal did not apply it);
 * - exactly one decision request per click (no retry storm), and a bounded number of list reads afterwards;
 * - the audit log ends settled, and says `applied` exactly when the fake portal applied the decision
 *   (a lost answer after the portal applied it is recovered by the client's re-read).
 *
 * The client's timeout is 20 s (utils/portal/client.ts DEFAULT_TIMEOUT_MS): the "slow but OK" case stays well
 * under it. A request that outlives the timeout ends in the same lost-answer recovery as a dropped connection,
 * which the `drop` and `applied-then-dropped` cases cover without a 20 s wait per case.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../utils/actions/types';
import type { FakePortal, FaultSpec } from '../fake-portal/server';
import {
  approveInPopup,
  ask,
  auditOf,
  extensionRequests,
  openPopupWith,
  launchSignedIn,
  stillPending,
  waitFor,
} from './helpers';
import type { Harness } from './harness';

const ACTION_ID = '5d0c8f6e-2b1a-4c3d-9e8f-7a6b5c4d3e2f';
const ENTITY = 'WS-SINGLE-01';
/** After a decision, the most list reads the extension may make: the client's re-read (pending + history) and one refresh. */
const MAX_POLLS_AFTER_DECISION = 3;

let h: Harness;
let fake: FakePortal;
let control: Page;

beforeAll(async () => {
  ({ h, fake, surface: control } = await launchSignedIn({ scenario: 'single' }));
});

afterAll(async () => {
  await h?.close();
});

/** The fake back to one pending action, and the extension's list read again (as the analyst's Refresh does). */
async function freshStart(): Promise<void> {
  fake.reset('single');
  const state = await ask(control, 'refresh', { reason: 'user' });
  expect(state.error).toBeNull();
  expect(state.pending.map((a) => a.id)).toContain(ACTION_ID);
  fake.clearRequests();
}

const OPEN: readonly AuditEntry['outcome'][] = ['inFlight', 'pendingConfirmation', 'unknown'];

/**
 * The audit entry of this click, once polls have given it a final outcome, or the expected one: an answer lost
 * while the action stays pending is rightly left "sent, waiting for the portal" (settled within days, not here).
 */
async function settledAudit(since: number, expected: AuditEntry['outcome']): Promise<AuditEntry> {
  const entries = await waitFor(
    async () => {
      await ask(control, 'refresh', { reason: 'user' });
      return auditOf(control, ACTION_ID, since);
    },
    (list) => list.length > 0 && list.every((e) => e.outcome === expected || !OPEN.includes(e.outcome)),
    15_000,
    500,
  );
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

interface FaultCase {
  readonly name: string;
  readonly fault: FaultSpec;
  /** Whether the fake portal applies the decision under this fault. */
  readonly applied: boolean;
  /** What the popup says. */
  readonly says: RegExp;
  /** The audit outcome once settled. */
  readonly outcome: AuditEntry['outcome'];
}

const CASES: readonly FaultCase[] = [
  { name: '401 session ended', fault: { kind: 'status', status: 401 }, applied: false, says: /Signed out of the Defender portal/, outcome: 'notApplied' },
  { name: '403 with an xsrf body (session)', fault: { kind: 'status', status: 403, xsrf: true }, applied: false, says: /Signed out/, outcome: 'notApplied' },
  { name: '409 already decided', fault: { kind: 'status', status: 409 }, applied: false, says: /Already decided elsewhere/, outcome: 'alreadyDecided' },
  {
    name: '429 with Retry-After',
    fault: { kind: 'status', status: 429, retryAfterSeconds: 42 },
    applied: false,
    says: /slow down.*42 seconds/s,
    outcome: 'notApplied',
  },
  // A 5xx or a lost answer is not a refusal: the portal may still apply it, so it waits (issue 12 item 9).
  { name: '500', fault: { kind: 'status', status: 500 }, applied: false, says: /Sent, waiting for the portal: .*still pending/, outcome: 'pendingConfirmation' },
  { name: '503', fault: { kind: 'status', status: 503 }, applied: false, says: /Sent, waiting for the portal: .*still pending/, outcome: 'pendingConfirmation' },
  { name: 'slow but within the timeout', fault: { kind: 'slow', delayMs: 2500 }, applied: true, says: /1 decision applied[\s\S]*Approved/, outcome: 'applied' },
  { name: 'connection dropped before applying', fault: { kind: 'drop' }, applied: false, says: /Sent, waiting for the portal/, outcome: 'pendingConfirmation' },
  { name: 'applied, then the connection dropped', fault: { kind: 'applied-then-dropped' }, applied: true, says: /1 decision applied[\s\S]*Approved/, outcome: 'applied' },
  { name: 'malformed JSON', fault: { kind: 'malformed' }, applied: false, says: /does not understand/, outcome: 'notApplied' },
  { name: 'empty body', fault: { kind: 'empty' }, applied: false, says: /does not understand/, outcome: 'notApplied' },
  { name: 'HTML sign-in page instead of JSON', fault: { kind: 'signin-page' }, applied: false, says: /Signed out of the Defender portal/, outcome: 'notApplied' },
  { name: '403 role cannot decide', fault: { kind: 'status', status: 403 }, applied: false, says: /Your role cannot approve or reject actions/, outcome: 'notApplied' },
];

describe('decision faults from the popup', () => {
  beforeEach(freshStart);

  for (const c of CASES) {
    it(c.name, async () => {
      fake.setFault({ route: 'decision', ...c.fault, times: 1 } as Parameters<FakePortal['setFault']>[0]);
      const popup = await openPopupWith(h, ENTITY);
      const since = Date.now();
      const said = await approveInPopup(popup, ENTITY);

      // What the analyst reads, and that it never claims what did not happen.
      expect(said).toMatch(c.says);
      if (!c.applied) {
        expect(said).not.toMatch(/\bApproved\b/);
        expect(said).not.toMatch(/(^|\n)1 decision applied/);
      }
      // The portal's truth.
      expect(stillPending(fake, ACTION_ID)).toBe(!c.applied);

      // One click, one decision request: no retries, even after a while.
      const pollsBefore = extensionRequests(fake, 'pending', since);
      await popup.waitForTimeout(1500);
      expect(fake.decisions()).toHaveLength(1);
      expect(extensionRequests(fake, 'pending', since)).toBeLessThanOrEqual(MAX_POLLS_AFTER_DECISION);
      expect(extensionRequests(fake, 'pending', since)).toBe(pollsBefore);

      // The audit log settles on the truth.
      const entry = await settledAudit(since, c.outcome);
      expect(entry.outcome).toBe(c.outcome);
      expect(entry.verdict).toBe('approve');
      expect(entry.surface).toBe('popup');
      expect(fake.decisions()).toHaveLength(1);

      // Not applied: after the next refresh (a good read, which also lifts a role refusal) the action is offered
      // again; sent and waiting, it stays locked in this popup rather than invite a second decision.
      if (!c.applied) {
        // A refused decision keeps the dialog open with its error: the analyst closes it first.
        const dialog = popup.getByRole('dialog');
        if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Cancel' }).click();
        await popup.getByRole('button', { name: 'Refresh now' }).click();
        const approve = popup.getByRole('button', { name: new RegExp(`^Approve .*${ENTITY}`) }).first();
        await approve.waitFor();
        if (c.outcome === 'pendingConfirmation') await expect.poll(() => approve.isDisabled()).toBe(true);
        else await expect.poll(() => approve.isEnabled()).toBe(true);
      }
      await popup.close();
    });
  }
});

/** What the row's controls say after the decision settled: its error message or its state badge. */
async function portalRowOutcome(tab: Page): Promise<string> {
  const said = tab.locator('acc-row-controls .acc-ctl__msg, acc-row-controls .acc-state');
  await said.first().waitFor({ timeout: 30_000 });
  return said.first().innerText();
}

const PORTAL_CASES: readonly Pick<FaultCase, 'name' | 'fault' | 'applied' | 'says' | 'outcome'>[] = [
  { name: '429 with Retry-After', fault: { kind: 'status', status: 429, retryAfterSeconds: 42 }, applied: false, says: /slow down — try again in 42 s/, outcome: 'notApplied' },
  { name: '500', fault: { kind: 'status', status: 500 }, applied: false, says: /^Sent, waiting for the portal$/, outcome: 'pendingConfirmation' },
  { name: 'HTML sign-in page instead of JSON', fault: { kind: 'signin-page' }, applied: false, says: /Signed out of the Defender portal/, outcome: 'notApplied' },
  { name: 'applied, then the connection dropped', fault: { kind: 'applied-then-dropped' }, applied: true, says: /^Approved ✓ by you$/, outcome: 'applied' },
];

describe('decision faults from the portal page controls', () => {
  beforeEach(freshStart);

  for (const c of PORTAL_CASES) {
    it(c.name, async () => {
      fake.setFault({ route: 'decision', ...c.fault, times: 1 } as Parameters<FakePortal['setFault']>[0]);
      const tab = await h.openPortal('/action-center/pending');
      const since = Date.now();
      await tab.getByRole('button', { name: new RegExp(`^Approve: .*${ENTITY}`) }).click();
      const dialog = tab.getByRole('dialog', { name: 'Approve 1 action?' });
      await dialog.getByRole('button', { name: 'Approve 1 action' }).click();
      const said = await portalRowOutcome(tab);
      expect(said).toMatch(c.says);
      if (c.outcome === 'pendingConfirmation') {
        // Sent, waiting for the portal: locked, no second decision invited.
        expect(await tab.getByRole('button', { name: new RegExp(`^Approve: .*${ENTITY}`) }).count()).toBe(0);
      } else if (!c.applied) {
        expect(said).not.toMatch(/Approved/);
        // The controls stay usable for another try.
        await expect.poll(() => tab.getByRole('button', { name: new RegExp(`^Approve: .*${ENTITY}`) }).isEnabled()).toBe(true);
      }
      expect(stillPending(fake, ACTION_ID)).toBe(!c.applied);
      await tab.waitForTimeout(1000);
      expect(fake.decisions()).toHaveLength(1);
      const entry = await settledAudit(since, c.outcome);
      expect(entry).toMatchObject({ outcome: c.outcome, surface: 'portal' });
      expect(fake.decisions()).toHaveLength(1);
      await tab.close();
    });
  }
});
