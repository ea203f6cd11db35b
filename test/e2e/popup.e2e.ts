/**
 * The toolbar popup of the built extension in Chromium (opened as chrome-extension://<id>/popup.html).
 *
 * This file runs against the extension alone: the popup opens, settles into one of its states whatever the
 * background answers, is keyboard-operable and axe-clean in light and dark. The scenarios that need the fake
 * portal (default list, bulk approve reaching the portal, signed-out and forbidden states) are in
 * popup-portal.e2e.ts, on the shared harness.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHarness, type Harness } from './harness';
import { axeViolations } from './helpers';

let h: Harness;
let context: BrowserContext;
let extensionId: string;

beforeAll(async () => {
  // The extension alone: no portal is needed for this page.
  h = await launchHarness({ portal: false, viewport: { width: 560, height: 600 } });
  context = h.context;
  extensionId = h.extensionId!;
});

afterAll(async () => {
  await h?.close();
});

/** Opens the popup and waits until it shows a settled state (a list, an empty state, or a banner). */
async function openPopup(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.getByRole('heading', { name: 'Action Center Companion' }).waitFor();
  await page
    .locator('.acc-row, .acc-empty, .acc-banner')
    .first()
    .waitFor({ timeout: 15_000 });
  return page;
}

describe('popup', () => {
  it('opens at popup size and settles into a state', async () => {
    const page = await openPopup();
    const box = await page.locator('.acc-popup').boundingBox();
    expect(box?.width).toBe(560);
    expect(box?.height).toBe(600);
    await page.getByRole('tab', { name: /Pending/ }).waitFor();
    await page.close();
  });

  it('has no axe violations, light and dark, on Pending and History', async () => {
    const page = await openPopup();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), `pending, ${colorScheme}`).toEqual([]);
    }
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'Your decisions' }).waitFor();
    await page.locator('.acc-history [role="status"]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), `history, ${colorScheme}`).toEqual([]);
    }
    await page.close();
  });

  it('is keyboard-operable: / focuses the search, arrows switch tabs', async () => {
    const page = await openPopup();
    const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
    await page.locator('body').press('/');
    await expect.poll(focusedName).toBe('Search pending actions');
    await page.getByRole('tab', { name: /Pending/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'History', selected: true }).waitFor();
    await expect.poll(focusedName).toBe('History');
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('tab', { name: /Pending/, selected: true }).waitFor();
    await page.close();
  });
});
