/**
 * The Firefox build in a real Firefox (ESR) against the fake portal: one browser for the whole file, the tests in
 * order (the last one withdraws the host permission). Each test acts as the analyst would and checks both what
 * the analyst sees and what the fake portal received; none of it would pass with the add-on not installed.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../utils/actions/model';
import { ERROR_HEADLINES } from './messages';
import type { FakePortal } from '../fake-portal/server';
import { until } from '../e2e/helpers';
import { ask, launchFirefox, type FirefoxHarness } from './firefox';

const PORTAL_ORIGIN = 'https://security.microsoft.com/*';

let ff: FirefoxHarness;
let fake: FakePortal;
/** An extension page to talk to the background from, as the popup does. */
let surface: Page;
let opened: Page[] = [];

beforeAll(async () => {
  ff = await launchFirefox({ scenario: 'default' });
  fake = ff.fake;
  console.info(`Firefox: ${ff.firefox.path} (${ff.firefox.source}, ${ff.firefox.version})`);
  // Signing in: a visit to the portal leaves the session cookies the background's poll carries.
  await (await ff.openPortal('/action-center')).close();
  surface = await ff.openExtensionPage('options');
});

afterAll(async () => {
  await ff?.close();
});

afterEach(async () => {
  await Promise.all(opened.map((p) => p.close().catch(() => undefined)));
  opened = [];
});

function keep(page: Page): Page {
  opened.push(page);
  return page;
}

/** The browser.* API of an extension page (Firefox's own, promise-based). */
type Api = typeof chrome;
declare const browser: Api;

/** The accessible names of the page's enabled buttons (aria-label, else their text). */
async function buttonNames(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate(
    (scope) =>
      [...document.querySelectorAll(`${scope} button`)]
        .filter((b) => !(b as HTMLButtonElement).disabled)
        .map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim() ?? ''),
    within,
  );
}

/** Clicks the button whose accessible name is exactly `name` (waits for it), with a real pointer click. */
async function clickButton(page: Page, name: string, within = 'body'): Promise<void> {
  const handle = await page.waitForFunction(
    (scope, wanted) =>
      [...document.querySelectorAll<HTMLButtonElement>(`${scope} button`)].find(
        (b) => !b.disabled && (b.getAttribute('aria-label') ?? b.textContent?.trim()) === wanted,
      ) ?? null,
    { timeout: 15_000 },
    within,
    name,
  );
  const button = handle.asElement() as ElementHandle<HTMLButtonElement> | null;
  if (!button) throw new Error(`No button "${name}".`);
  await button.click();
}

const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

async function waitForText(page: Page, text: string): Promise<string> {
  return until(() => bodyText(page), (t) => t.includes(text), `"${text}" on ${page.url()}`);
}

/** What the in-portal controls and the popup call an action. */
const name = (a: Action) => `${a.typeLabel} on ${a.entityName}`;

describe('Firefox ESR: the Firefox build', () => {
  it('installs, its background starts and polls the portal with the analyst’s session', async () => {
    expect(ff.extensionId).toBe('action-center-companion@example.invalid');
    await until(() => fake.requests({ route: 'pending', fromPage: false }).length, (n) => n > 0, 'a poll by the extension');
    const state = await ask(surface, 'refresh', { reason: 'user' });
    expect(state.error).toBeNull();
    expect(state.pending.map((a) => a.id).sort()).toEqual(fake.state().pending.map((a) => a.ActionId).sort());
  });

  it('shows the portal’s pending count on the toolbar badge', async () => {
    const count = fake.state().pending.length;
    expect(count).toBeGreaterThan(1);
    await until(() => surface.evaluate(() => browser.action.getBadgeText({})), (t) => t === String(count), 'the badge');
  });

  it('puts Approve and Reject on every visible pending row of the Action center', async () => {
    const actions = new Map((await ask(surface, 'getState', undefined)).pending.map((a) => [a.id, a]));
    const byApprovalId = new Map(fake.state().pending.map((raw) => [raw.BulkId, actions.get(raw.ActionId)!]));
    const page = keep(await ff.openPortal('/action-center'));
    const rows = await until(
      () =>
        page.evaluate(() =>
          [...document.querySelectorAll('[role="row"].ms-DetailsRow')].map((row) => {
            const box = row.getBoundingClientRect();
            let top = 0;
            let bottom = window.innerHeight;
            for (let el = row.parentElement; el; el = el.parentElement) {
              if (getComputedStyle(el).overflowY === 'visible') continue;
              const clip = el.getBoundingClientRect();
              top = Math.max(top, clip.top);
              bottom = Math.min(bottom, clip.bottom);
            }
            const hosts = [...row.querySelectorAll('acc-row-controls')];
            return {
              approvalId: row.querySelector('[data-automation-key="bulkId"]')?.textContent?.trim() ?? '',
              inView: box.height > 0 && box.top >= top && box.bottom <= bottom,
              hosts: hosts.length,
              buttons: [...(hosts[0]?.shadowRoot?.querySelectorAll('button') ?? [])].map((b) => b.getAttribute('aria-label') ?? ''),
            };
          }),
        ),
      (list) => list.some((r) => r.inView) && list.filter((r) => r.inView).every((r) => r.hosts === 1 && r.buttons.length >= 2),
      'controls on every visible row',
    );
    const visible = rows.filter((r) => r.inView);
    expect(visible.length).toBeGreaterThan(1);
    for (const row of visible) {
      const action = byApprovalId.get(row.approvalId);
      expect(action, `row ${row.approvalId} is a pending action`).toBeDefined();
      expect(row.buttons).toEqual(expect.arrayContaining([`Approve: ${name(action!)}`, `Reject: ${name(action!)}`]));
    }
    expect(rows.every((r) => r.hosts <= 1)).toBe(true);
  });

  it('lists the pending actions in the popup; Approve from it sends exactly one decision', async () => {
    const state = await ask(surface, 'getState', undefined);
    const popup = keep(await ff.openExtensionPage('popup'));
    await until(
      () => buttonNames(popup),
      (names) => state.pending.every((a) => names.includes(`Approve ${name(a)}`)),
      'a row with Approve for every pending action',
    );
    const target = state.pending[0]!;
    fake.clearRequests();
    await clickButton(popup, `Approve ${name(target)}`);
    await clickButton(popup, 'Approve 1 action', '[role="dialog"]');
    await waitForText(popup, '1 decision applied');
    expect(fake.decisions().map((d) => d.actionIds)).toEqual([[target.id]]);
    expect(fake.state().pending.some((a) => a.ActionId === target.id)).toBe(false);
  });

  it('raises a notification for a new pending action; clicking it opens that action', async () => {
    await ask(surface, 'refresh', { reason: 'user' });
    const added = fake.addPending({ ComputerName: 'WS-FIREFOX-NEW' });
    await ask(surface, 'refresh', { reason: 'user' });
    await until(
      () => surface.evaluate(async () => Object.keys(await browser.notifications.getAll())),
      (ids) => ids.includes(`acc-action:${added.ActionId}`),
      'the extension’s notification of the new action',
    );
    await until(() => ff.shownNotifications(), (shown) => shown.some((n) => n.text.includes('WS-FIREFOX-NEW') || n.title.includes('WS-FIREFOX-NEW')), 'the notification on screen');
    await ff.clickNotification('WS-FIREFOX-NEW');
    // Firefox notifications have no buttons: the click opens the popup page on that action, to decide there.
    const page = keep(await ff.extensionPageOpened(`popup.html?action=${added.ActionId}`));
    await waitForText(page, 'WS-FIREFOX-NEW');
    expect(await buttonNames(page, '[aria-label="Action from a notification"]')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Approve .*WS-FIREFOX-NEW$/), expect.stringMatching(/^Reject .*WS-FIREFOX-NEW$/)]),
    );
  });

  it('is an event page: stopped, it wakes for its poll alarm and polls; stopped again, it wakes for the popup', async () => {
    await ask(surface, 'refresh', { reason: 'user' });
    expect(await ff.terminateBackground()).toBe('stopped');
    const added = fake.addPending({ ComputerName: 'WS-WHILE-ASLEEP' });
    const since = Date.now();
    // The poll alarm, due now instead of in minutes: Firefox must start the background to deliver it.
    await surface.evaluate(() => browser.alarms.create('poll', { when: Date.now() + 500 }));
    await until(() => fake.requests({ route: 'pending', fromPage: false }).filter((r) => r.at >= since).length, (n) => n > 0, 'the poll');
    const count = String(fake.state().pending.length);
    await until(() => surface.evaluate(() => browser.action.getBadgeText({})), (t) => t === count, 'the badge after the poll');
    expect(await ff.backgroundState()).toBe('running');

    expect(await ff.terminateBackground()).toBe('stopped');
    const popup = keep(await ff.openExtensionPage('popup'));
    await until(() => buttonNames(popup), (names) => names.some((n) => n.startsWith('Approve ') && n.endsWith('WS-WHILE-ASLEEP')), 'the popup');
    expect((await ask(surface, 'getState', undefined)).pending.some((a) => a.id === added.ActionId)).toBe(true);
    expect(await ff.backgroundState()).toBe('running');
  });

  it('shows the signed-out state when the portal answers 401', async () => {
    fake.signOut();
    try {
      const state = await ask(surface, 'refresh', { reason: 'user' });
      expect(state.error?.kind).toBe('SignedOut');
      const popup = keep(await ff.openExtensionPage('popup'));
      await waitForText(popup, ERROR_HEADLINES.SignedOut);
      expect(await buttonNames(popup)).toContain('Sign in to the portal');
    } finally {
      fake.signIn();
    }
    // A refresh joins a poll in flight (the popup's own, maybe still signed out); the next one is clean.
    await until(() => ask(surface, 'refresh', { reason: 'user' }), (s) => s.error === null, 'a clean poll once signed in again');
  });

  it('shows "grant access" in the popup when the analyst withdrew the portal host permission; granting it polls again', async () => {
    expect(await surface.evaluate((o) => browser.permissions.remove({ origins: [o] }), PORTAL_ORIGIN)).toBe(true);
    const since = Date.now();
    const state = await ask(surface, 'refresh', { reason: 'user' });
    expect(state.error?.kind).toBe('NoPermission');
    const popup = keep(await ff.openExtensionPage('popup'));
    await waitForText(popup, ERROR_HEADLINES.NoPermission);
    expect(await buttonNames(popup)).toContain('Grant access to security.microsoft.com');
    // Without the permission the background does not even try the portal.
    expect(fake.requests({ route: 'pending', fromPage: false }).filter((r) => r.at >= since)).toEqual([]);

    // The button asks Firefox, which asks the analyst; Allow gives the access back and the list returns.
    await clickButton(popup, 'Grant access to security.microsoft.com');
    await ff.allowPermissionPrompt();
    await until(() => surface.evaluate((o) => browser.permissions.contains({ origins: [o] }), PORTAL_ORIGIN), (yes) => yes, 'the permission back');
    const first = fake.state().pending[0]!;
    await until(
      () => bodyText(popup),
      (text) => !text.includes(ERROR_HEADLINES.NoPermission) && text.includes(first.ComputerName ?? ''),
      'the list back in the popup, without the banner',
    );
    expect(fake.requests({ route: 'pending', fromPage: false }).filter((r) => r.at >= since).length).toBeGreaterThan(0);
  });
  it('learns the portal’s own decision request (webRequest sees request bodies in Firefox too)', async () => {
    fake.setConfig({ decisionShape: 'approvals' });
    const since = Date.now();
    try {
      await ask(surface, 'refresh', { reason: 'user' });
      const target = fake.state().pending[1]!;
      const page = keep(await ff.openPortal('/action-center/pending'));
      // The analyst opens the row's flyout and presses the portal's own Approve, then its Confirm.
      await until(
        () => page.evaluate((id) => {
          const cell = [...document.querySelectorAll('[data-automation-key="bulkId"]')].find((c) => c.textContent?.trim() === id);
          if (cell instanceof HTMLElement) cell.click();
          const approve = [...document.querySelectorAll('.fp-flyout-buttons button')].find((b) => b.textContent?.trim() === 'Approve');
          if (approve instanceof HTMLElement) approve.click();
          return document.querySelector('[role="alertdialog"]') !== null;
        }, target.BulkId ?? ''),
        (open) => open,
        'the portal’s own confirmation',
      );
      await page.evaluate(() => {
        const confirm = [...document.querySelectorAll('[role="alertdialog"] button')].find((b) => b.textContent?.trim() === 'Confirm');
        if (confirm instanceof HTMLElement) confirm.click();
      });
      await until(() => fake.state().pending.some((a) => a.ActionId === target.ActionId), (still) => !still, 'the portal applied its own decision');
      const status = await until(() => ask(surface, 'decisionMethod', undefined), (m) => m.inUse === 'learned', 'the request learned');
      expect(status.template?.from).toBe('actionCenter');
      // The page's own request, once; the extension sent none.
      expect(fake.decisions().filter((d) => d.at >= since).map((d) => [d.shape, d.fromPage])).toEqual([['approvals', true]]);
    } finally {
      fake.setConfig({ decisionShape: 'guess' });
      await ask(surface, 'forgetDecisionMethod', undefined);
    }
  });
});
