/**
 * The three parts of the built extension start in a real Chromium: the content script on the portal page, the
 * popup, and the background service worker. Each test fails when the extension is not loaded: run this file
 * with ACC_E2E_WITHOUT_EXTENSION=1 to see them fail (the browser then starts without the extension).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHarness, type Harness } from './harness';
import { ask, builtVersion } from './helpers';

const withExtension = process.env.ACC_E2E_WITHOUT_EXTENSION !== '1';

let h: Harness;

beforeAll(async () => {
  h = await launchHarness({ scenario: 'default', extension: withExtension });
  h.context.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await h?.close();
});

describe('foundation', () => {
  it('runs the content script on the Action center page, which marks itself present without telling its version', async () => {
    // The SPA need not have rendered: the content script marks the document as soon as it runs.
    const page = await h.openPortal('/action-center', { waitForReady: false });
    const marker = page.locator('acc-companion');
    await marker.waitFor({ state: 'attached' });
    const found = await marker.evaluate((el) => ({
      parentIsRoot: el.parentElement === document.documentElement,
      hidden: (el as HTMLElement).hidden,
      attributes: el.getAttributeNames().map((name) => `${name}=${el.getAttribute(name) ?? ''}`),
      children: el.childNodes.length,
      count: document.querySelectorAll('acc-companion').length,
    }));
    // The page is not told which release runs (an attacker would pick exploits by it).
    expect(found).toEqual({ parentIsRoot: true, hidden: true, attributes: ['hidden='], children: 0, count: 1 });
    expect(JSON.stringify(found)).not.toContain(builtVersion());
    await page.close();
  });

  it('opens the popup and renders it', async () => {
    const popup = await h.openExtensionPage('popup');
    await popup.getByRole('heading', { name: 'Action Center Companion' }).waitFor();
    await popup.getByRole('tab', { name: /^Pending/ }).waitFor();
    await popup.close();
  });

  it('starts the background service worker, which answers getState', async () => {
    const worker = await h.serviceWorker();
    expect(worker.url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\/background\.js$/);
    expect(new URL(worker.url()).host).toBe(h.extensionId);
    const page = await h.openExtensionPage('options');
    const state = await ask(page, 'getState', undefined);
    expect(state.cloud).toBe('commercial');
    expect(Array.isArray(state.pending)).toBe(true);
    await page.close();
  });
});
