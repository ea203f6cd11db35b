/**
 * The 7-day expiry in the built extension against the fake portal's `expiring` scenario (4 h, 30 min and 22 h
 * left, one expired but still listed, 46 h, and a fresh one): the portal row badges, the popup's default sort,
 * facet and banner, the toolbar badge colour, the expiry notifications (once, also after a worker restart), and an
 * expired action that cannot be decided.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakePortal } from '../fake-portal/server';
import { guid } from '../fake-portal/scenarios/build';
import type { Harness } from './harness';
import { ask, extensionRequests, launchSignedIn, until, waitFor } from './helpers';

const ROW = '[role="row"].ms-DetailsRow';
const id = (seed: string) => guid(`action:${seed}`);
/** components.css: --acc-age-critical-bg and --acc-age-alert-bg in the light theme. */
const CRITICAL_BG = 'rgb(164, 38, 44)';
const ALERT_BG = 'rgb(254, 217, 204)';

let h: Harness;
let fake: FakePortal;
let surface: Page;

const shown = () =>
  h.inWorker(async () => {
    const all = (await chrome.notifications.getAll()) as Record<string, unknown>;
    return Object.keys(all).sort();
  });

beforeAll(async () => {
  ({ h, fake, surface } = await launchSignedIn({ scenario: 'expiring' }));
  const state = await ask(surface, 'refresh', { reason: 'user' });
  expect(state.pending).toHaveLength(6);
});

afterAll(async () => {
  await h?.close();
});

describe('expiry', () => {
  it('portal rows: time left with escalating colour, spoken text, no badge on a fresh row, no buttons when expired', async () => {
    const page = await h.openPortal('/action-center/pending');
    const badgeOf = (bulkId: string) => page.locator(ROW, { hasText: bulkId }).locator('[data-expiry]');
    const soon = badgeOf('20402');
    await soon.waitFor();
    expect(await soon.getAttribute('data-expiry')).toBe('critical');
    expect(await soon.innerText()).toMatch(/^\d+ min left/);
    expect(await soon.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(CRITICAL_BG);
    expect(await soon.locator('.acc-sr-only').innerText()).toMatch(/^Expires in \d+ minutes, at \d{1,2}:\d{2}/);
    expect(await soon.getAttribute('title')).toMatch(/^Expires in .* — .*\d{4}/);

    const alert = badgeOf('20404');
    expect(await alert.getAttribute('data-expiry')).toBe('alert');
    expect(await alert.innerText()).toMatch(/^2[12] h left/);
    expect(await alert.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(ALERT_BG);

    expect(await badgeOf('20406').count(), 'a fresh action shows no expiry badge in the grid').toBe(0);

    const expiredRow = page.locator(ROW, { hasText: '20403' });
    expect(await badgeOf('20403').getAttribute('data-expiry')).toBe('expired');
    expect(await expiredRow.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    // The age badge stays beside it.
    expect(await page.locator(ROW, { hasText: '20402' }).locator('.acc-age').count()).toBe(1);
    await page.close();
  });

  it('popup: expiring first by default, time left on every row, the banner, and the 24 h facet with its count', async () => {
    const popup = await h.openExtensionPage('popup');
    const banner = popup.locator('.acc-expiry-banner');
    await banner.waitFor();
    expect(await banner.locator('.acc-banner__title').innerText()).toBe('2 actions expire within 4 h');
    expect(await popup.locator('.acc-sort').innerText()).toContain('Expiring first');
    await until(() => popup.locator('[data-expiry]').count(), (n) => n === 6, 'a time-left badge on every row');
    // Soonest first: the expired one, then 30 min, then 4 h.
    const order = await popup.locator('[data-expiry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-expiry')));
    expect(order).toEqual(['expired', 'critical', 'critical', 'alert', 'warn', 'none']);

    const facet = popup.getByRole('button', { name: /^Expires within 24 h/ });
    expect(await facet.innerText()).toBe('Expires within 24 h (3)');
    await facet.click();
    expect(await facet.getAttribute('aria-pressed')).toBe('true');
    await until(() => popup.locator('[data-expiry]').count(), (n) => n === 3, 'only the three expiring within 24 h');
    await popup.close();
  });

  it('toolbar: the critical colour, and a tooltip with how many and when', async () => {
    const color = await h.inWorker(() => chrome.action.getBadgeBackgroundColor({}));
    expect(color.slice(0, 3)).toEqual([164, 38, 44]);
    const title = await h.inWorker(() => chrome.action.getTitle({}));
    expect(title).toMatch(/2 expire within 4 hr, the first at \d{1,2}:\d{2}/);
  });

  it('notifications: one at the alert threshold, none repeated after a worker restart', async () => {
    const alertId = `acc-action:${id('x4')}`;
    const ids = await until(shown, (list) => list.includes(alertId), 'the alert warning of the 22 h action');
    expect(ids.filter((n) => n === alertId)).toHaveLength(1);
    // Chromium's getAll lists ids only; the warning's own text is checked in test/unit/notify-expiry.test.ts.
    expect(ids).not.toContain(`acc-action:${id('x3')}`); // expired: nothing to warn about
    expect(ids).not.toContain(`acc-action:${id('x6')}`); // fresh, and announced in the catch-up summary

    // The analyst dismisses everything; the worker restarts; the next polls raise none of it again.
    await h.inWorker(async () => {
      for (const n of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(n);
    });
    const cdp = await h.context.newCDPSession(surface);
    await cdp.send('ServiceWorker.enable');
    await h.inWorker(() => void Object.assign(globalThis, { __accBeforeKill: true }));
    await cdp.send('ServiceWorker.stopAllWorkers');
    const fresh = await waitFor(
      async () => {
        await ask(surface, 'getState', undefined).catch(() => undefined);
        return h.inWorker(() => 'accBeforeKill' in globalThis).catch(() => true);
      },
      (survived) => !survived,
      10_000,
      250,
    );
    expect(fresh, 'the service worker restarted').toBe(false);
    await ask(surface, 'refresh', { reason: 'user' });
    await ask(surface, 'refresh', { reason: 'user' });
    expect(await shown()).toEqual([]);
  });

  it('an expired action cannot be decided: the popup offers no Approve, and the background refuses one sent anyway', async () => {
    const since = Date.now();
    const popup = await h.openExtensionPage('popup');
    const approve = popup.getByRole('button', { name: /^Approve .*SRV-FIN-03/ }).first();
    await approve.waitFor();
    expect(await approve.isDisabled()).toBe(true);
    // Another surface (or a stale one) asking anyway: refused with the reason, never sent.
    const report = await ask(surface, 'decide', { actionIds: [id('x3')], verdict: 'approve', comment: '', surface: 'popup' });
    expect(report.results.map((r) => [r.outcome, r.message])).toEqual([['notApplied', expect.stringMatching(/^Expired: the portal no longer accepts a decision/)]]);
    expect(extensionRequests(fake, 'decision', since)).toBe(0);
    expect(fake.state().pending.some((a) => a.ActionId === id('x3'))).toBe(true);
    await popup.close();
  });
});
