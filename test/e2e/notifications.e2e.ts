/**
 * Desktop notifications in the built extension against the fake portal: the first poll raises one catch-up
 * summary (no flood), a new pending action raises its own notification once, and its "Approve…" button opens
 * the popup page on that action, which asks for confirmation, decides it (recorded as from the notification) and
 * clears the notification. The button is pressed through the e2e build's hook (utils/notify.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakePortal } from '../fake-portal/server';
import type { Harness } from './harness';
import { E2E_NOTIFICATION_HOOK } from '../../utils/e2eHooks';
import { ask, auditOf, launchSignedIn, until } from './helpers';

let h: Harness;
let fake: FakePortal;
let surface: Page;

/** The ids of the notifications the browser is showing. */
const shownIds = () => h.inWorker(async () => Object.keys(await chrome.notifications.getAll()).sort());

beforeAll(async () => {
  ({ h, fake, surface } = await launchSignedIn({ scenario: 'default' }));
});

afterAll(async () => {
  await h?.close();
});

describe('notifications', () => {
  it('first poll: one summary; a new action: its own notification, once', async () => {
    const state = await ask(surface, 'refresh', { reason: 'user' });
    expect(state.error).toBeNull();
    expect(state.pending.length).toBeGreaterThan(1);
    const first = await until(shownIds, (ids) => ids.length > 0, 'a notification is shown');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^acc-summary:\d+$/);

    const added = fake.addPending();
    await ask(surface, 'refresh', { reason: 'user' });
    const actionId = `acc-action:${added.ActionId}`;
    await until(shownIds, (ids) => ids.includes(actionId), 'the new action is announced');
    // The analyst dismisses everything; a later poll must not raise any of it again.
    await h.inWorker(async () => {
      for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
    });
    await ask(surface, 'refresh', { reason: 'user' });
    expect(await shownIds()).toEqual([]);
  });

  it('Approve… opens the confirmation for that action; the decision reaches the portal and clears it', async () => {
    const added = fake.addPending({ ComputerName: 'WS-NOTIFIED' });
    await ask(surface, 'refresh', { reason: 'user' });
    const notificationId = `acc-action:${added.ActionId}`;
    await until(shownIds, (ids) => ids.includes(notificationId), 'the new action is announced');
    const since = Date.now();

    // The analyst presses the notification's first button ("Approve…"): the listener the extension registered
    // runs (reached through the e2e build's hook; no browser API clicks a notification) and opens its window.
    const opened = h.context.waitForEvent('page', { predicate: (p) => p.url().includes(`action=${added.ActionId}`) });
    const hooked = await (await h.serviceWorker()).evaluate(
      ({ hook, id }) => {
        const events = (globalThis as unknown as Record<string, { onButtonClicked(id: string, index: number): void } | undefined>)[hook];
        events?.onButtonClicked(id, 0);
        return events !== undefined;
      },
      { hook: E2E_NOTIFICATION_HOOK, id: notificationId },
    );
    expect(hooked).toBe(true);
    const popup = await opened;
    expect(new URL(popup.url()).searchParams.get('verdict')).toBe('approve');
    const dialog = popup.getByRole('dialog', { name: 'Approve 1 action?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Approve 1 action' }).click();
    await popup.getByText('1 decision applied').waitFor();
    expect(fake.decisions().map((d) => d.actionIds)).toEqual([[added.ActionId]]);
    await until(shownIds, (ids) => !ids.includes(notificationId), 'the notification is cleared');
    // The background tells the notification's window from the popup by its URL, not by what the page claims.
    expect((await auditOf(surface, added.ActionId, since)).map((e) => e.surface)).toEqual(['notification']);
    await popup.close();
  });

  it('an action no longer pending is said so plainly', async () => {
    const popup = await h.openExtensionPage('popup', '?action=00000000-0000-4000-8000-00000000dead&verdict=approve');
    await popup.getByText('This action is no longer pending').waitFor();
    expect(await popup.getByRole('dialog').count()).toBe(0);
    await popup.close();
  });
});
