/**
 * The options page of the built extension in Chromium: an analyst changes settings, they land in extension
 * storage (where the background watches them), invalid values are refused inline, and axe finds no
 * violations in light and dark. Needs no fake portal: only the extension.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHarness, type Harness } from './harness';
import { axeViolations } from './helpers';

let h: Harness;
let context: BrowserContext;
let extensionId: string;
let worker: Worker;

beforeAll(async () => {
  // The extension alone: no portal is needed for this page.
  h = await launchHarness({ portal: false, viewport: { width: 900, height: 900 } });
  context = h.context;
  extensionId = h.extensionId!;
  worker = await h.serviceWorker();
});

afterAll(async () => {
  await h?.close();
});

async function openOptions(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByRole('button', { name: 'Save' }).waitFor();
  return page;
}

async function storedSettings(): Promise<Record<string, unknown> | undefined> {
  return worker.evaluate(async () => {
    const got = await chrome.storage.local.get('settings');
    return got.settings as Record<string, unknown> | undefined;
  });
}

describe('options page', () => {
  it('has no axe violations, light and dark', async () => {
    const page = await openOptions();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), colorScheme).toEqual([]);
    }
    await page.close();
  });

  it('saves settings into extension storage', async () => {
    const page = await openOptions();
    await page.getByLabel('Check for pending actions every (minutes)').fill('2');
    await page.getByLabel('Require a comment to approve').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await storedSettings())?.pollMinutes).toBe(2);
    expect((await storedSettings())?.requireApproveComment).toBe(true);
    await page.getByText('Saved. The extension uses the new settings now.').waitFor();
    // A new page reads what was saved.
    await page.reload();
    expect(await page.getByLabel('Check for pending actions every (minutes)').inputValue()).toBe('2');
    await page.close();
  });

  it('refuses invalid values inline, and stays accessible while showing errors', async () => {
    const page = await openOptions();
    await page.getByLabel('Check for pending actions every (minutes)').fill('0.1');
    await page.getByLabel('Warn after').fill('5000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter minutes from 0.5 to 60.').waitFor();
    await page.getByText('Age thresholds must increase: warn < alert < critical.').waitFor();
    expect(await page.getByLabel('Check for pending actions every (minutes)').getAttribute('aria-invalid')).toBe('true');
    expect((await storedSettings())?.pollMinutes).not.toBe(0.1);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('asks before clearing local data', async () => {
    const page = await openOptions();
    await page.getByRole('button', { name: 'Clear local data…' }).click();
    await page.getByText('Clear all local data now? This cannot be undone.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Clear local data…' }).waitFor();
    await page.close();
  });
});
