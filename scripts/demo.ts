/**
 * `npm run demo`: the built extension in Chromium against the fake portal, to see the product without a tenant.
 *
 *   npm run demo                          opens Chromium on the Action center and the popup; Ctrl-C to quit
 *   npm run demo -- --scenario many:200   another fake portal scenario (default, empty, many:N, hostile, ...)
 *   npm run demo -- --headless            no display: prints the fake portal URL, takes a short tour and saves
 *                                         screenshots into ./demo-screenshots/, then exits
 *   npm run demo -- --headless --pseudo   the same extension built with the pseudo-locale (ACC_PSEUDO=1, into
 *                                         .output-pseudo): the Action center and the popup with every word of
 *                                         ours accented and longer, so a literal or a layout that breaks shows
 *
 * Everything launches through test/e2e/harness.ts, the same launcher as the end-to-end tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchHarness, pressAccessible, waitForAccessible, type Harness } from '../test/e2e/harness';

const SCREENSHOT_DIR = resolve('demo-screenshots');
const POPUP_SIZE = { width: 560, height: 600 } as const;
/** An analyst's monitor: the portal grid's ten columns and the row controls fit without scrolling sideways. */
const PORTAL_SIZE = { width: 1920, height: 1080 } as const;
/** The options page is captured at this width and its whole height (so its sticky Save bar sits where it ends). */
const OPTIONS_WIDTH = 1280;
const STEP_TIMEOUT_MS = 15_000;
/** The pseudo-locale build's own output, so it never replaces the product build in .output. */
const PSEUDO_OUT_DIR = '.output-pseudo';
/** 200 % zoom of the 560×600 popup: half the CSS pixels, twice the device pixels (the same picture size). */
const ZOOM_200 = { width: 280, height: 300, deviceScaleFactor: 2 } as const;

interface DemoOptions {
  readonly headless: boolean;
  readonly scenario: string;
  readonly pseudo: boolean;
}

function usage(): string {
  return 'Usage: npm run demo -- [--headless] [--pseudo] [--scenario default|empty|many:N|hostile|<json name>]';
}

function parseArgs(argv: readonly string[]): DemoOptions {
  let headless = false;
  let pseudo = false;
  let scenario = 'default';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--headless') headless = true;
    else if (arg === '--pseudo') pseudo = true;
    else if (arg === '--scenario' && argv[i + 1]) scenario = argv[++i]!;
    else if (arg?.startsWith('--scenario=')) scenario = arg.slice('--scenario='.length);
    else if (arg === '--help' || arg === '-h') {
      console.log(usage());
      process.exit(0);
    } else {
      console.error(`Unknown argument "${arg}".\n${usage()}`);
      process.exit(2);
    }
  }
  return { headless, scenario, pseudo };
}

/** A headed Chromium on Linux needs an X or Wayland display; say how to do without one before trying. */
function assertDisplay(): void {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return;
  console.error(
    [
      'demo: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so Chromium cannot open a window.',
      '  Run it headless, which saves screenshots instead:  npm run demo -- --headless',
      '  or give it a virtual display:                      xvfb-run -a npm run demo',
    ].join('\n'),
  );
  process.exit(1);
}

function step(text: string): void {
  console.log(`demo: ${text}`);
}

/**
 * Waits until the page is still: panels that slide or fade in have finished (a screenshot mid-way shows a
 * see-through panel) and the last change was painted. Endless animations (loading shimmers) are not waited for.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(`Promise.race([
    Promise.all(document.getAnimations()
      .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
      .map((a) => a.finished.catch(() => undefined))),
    new Promise((r) => setTimeout(r, 3000)),
  ]).then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))`);
}

/** Waits until the extension's controls are in the page: the run shows the product, not the bare fake. */
async function waitForHosts(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  await settled(page);
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOT_DIR, name);
  await page.screenshot({ path });
  step(`saved ${path}`);
}

/** The first grid row that carries the extension's row controls. */
function firstControlledRow(page: Page): Locator {
  return page.locator('[role="row"].ms-DetailsRow', { has: page.locator('acc-row-controls') }).first();
}

/**
 * Removes an earlier run's screenshots of the same kind (a tour with fewer steps must not leave old ones beside its
 * own); the English and the pseudo-locale tours keep each other's.
 */
function clearScreenshots(pseudo: boolean): void {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const file of readdirSync(SCREENSHOT_DIR)) {
    if (/^\d\d[a-z]?-[a-z0-9-]+\.png$/.test(file) && file.includes('-pseudo-') === pseudo) rmSync(join(SCREENSHOT_DIR, file));
  }
}

/**
 * The popup at 200 % zoom, as Chromium renders it: a 280×300 CSS-px viewport at twice the pixel density. Captured
 * through the same DevTools session (Playwright's own screenshot puts its viewport back first).
 */
async function zoom200(page: Page): Promise<{ shoot(name: string): Promise<void>; restore(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { ...ZOOM_200, mobile: false });
  return {
    async shoot(name: string) {
      const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
      const path = join(SCREENSHOT_DIR, name);
      writeFileSync(path, Buffer.from(data, 'base64'));
      step(`saved ${path}`);
    },
    async restore() {
      await cdp.send('Emulation.clearDeviceMetricsOverride');
      await cdp.detach();
    },
  };
}

/** The popup's states at 320 px, at 200 % zoom (top and scrolled to the bulk bar), and its bulk dialog there. */
async function reflowShots(popup: Page, prefix: string, pseudo = false): Promise<void> {
  const name = (stage: string, what: string) => `${prefix}${stage}-${pseudo ? 'pseudo-' : ''}${what}.png`;
  step('the popup at 320 px wide (WCAG 1.4.10 reflow)');
  await popup.setViewportSize({ width: 320, height: 600 });
  await settled(popup);
  await shoot(popup, name('c', 'popup-320'));
  await popup.locator('#acc-tab-history').click();
  await popup.locator('.acc-history .acc-section').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  // Both sections read (the loading lines are status regions): the table, not "Loading…", is what is looked at.
  await popup.locator('.acc-history [role="status"]').first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS }).catch(() => undefined);
  await settled(popup);
  await shoot(popup, name('g', 'popup-320-history'));
  await popup.locator('#acc-tab-pending').click();

  step('the popup at 200 % zoom (280x300 CSS px): the top, then scrolled to the bulk bar, then the bulk dialog');
  const zoomed = await zoom200(popup);
  try {
    await popup.evaluate(() => window.scrollTo(0, 0));
    await settled(popup);
    await zoomed.shoot(name('d', 'popup-200-zoom'));
    await popup.evaluate(() => document.querySelector('.acc-bulk')?.scrollIntoView({ block: 'end' }));
    await settled(popup);
    await zoomed.shoot(name('e', 'popup-200-zoom-bulk-bar'));
    if (await openBulkDialog(popup)) {
      await zoomed.shoot(name('f', 'popup-200-zoom-bulk-dialog'));
      await closeBulkDialog(popup);
    }
  } finally {
    await zoomed.restore();
  }
}

/** Selects every shown action and presses the bulk Approve: false when there is nothing to select. */
async function openBulkDialog(popup: Page): Promise<boolean> {
  const all = popup.locator('.acc-bulk input[type="checkbox"]');
  if ((await all.count()) === 0 || !(await all.isEnabled())) return false;
  await all.check();
  await popup.locator('.acc-bulk .acc-btn--primary').click();
  await popup.getByRole('dialog').waitFor({ timeout: STEP_TIMEOUT_MS });
  await settled(popup);
  return true;
}

/** Cancels the dialog and clears the selection: the tour decides nothing. */
async function closeBulkDialog(popup: Page): Promise<void> {
  await popup.keyboard.press('Escape');
  await popup.getByRole('dialog').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  await popup.locator('.acc-bulk input[type="checkbox"]').uncheck();
}

async function tour(h: Harness): Promise<void> {
  const fake = h.fake!;
  clearScreenshots(false);

  const portal = await h.openPortal('/action-center/pending');
  if (fake.state().pending.length === 0) {
    step('this scenario has no pending actions: the Action center, then the extension pages');
    await settled(portal);
    await shoot(portal, '01-action-center-pending.png');
  } else {
    step('opening the Action center (Pending tab) and waiting for the extension\'s controls');
    await waitForHosts(portal, 'acc-row-controls');
    await shoot(portal, '01-action-center-pending.png');
    await rowTour(h, portal);
  }
  await portal.close();
  await extensionPagesTour(h);
  if (fake.state().pending.length > 0) await germanTour(h);
}

/** The same page features on the portal in German (the fake portal's `language: 'de'`). */
async function germanTour(h: Harness): Promise<void> {
  const fake = h.fake!;
  fake.setConfig({ language: 'de' });
  try {
    step('the Action center in German (Ausstehend), with the extension\'s controls');
    const portal = await h.openPortal('/action-center/pending');
    await waitForHosts(portal, 'acc-row-controls');
    await shoot(portal, '08-de-action-center-pending.png');
    step('a row\'s flyout in German (Genehmigen / Ablehnen), with the extension\'s controls beside');
    await firstControlledRow(portal).locator('[role="gridcell"][data-automation-key="actionType"]').click();
    await waitForHosts(portal, '[role="dialog"] acc-flyout-controls');
    await shoot(portal, '09-de-flyout.png');
    await portal.close();
  } finally {
    fake.setConfig({ language: 'en' });
  }
}

/** A row's flyout, the confirmation after Approve (cancelled), an investigation's Pending actions tab. */
async function rowTour(h: Harness, portal: Page): Promise<void> {
  const fake = h.fake!;

  step('opening a row\'s flyout');
  const row = firstControlledRow(portal);
  // Click a plain data cell, not the injected controls.
  await row.locator('[role="gridcell"][data-automation-key="actionType"]').click();
  await portal.locator('[role="dialog"]').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await waitForHosts(portal, '[role="dialog"] acc-flyout-controls');
  await shoot(portal, '02-flyout.png');
  await portal.keyboard.press('Escape');
  await portal.locator('[role="dialog"] acc-flyout-controls').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS }).catch(() => undefined);

  step('clicking Approve on a row: the confirmation dialog');
  // The product build's controls live in closed shadow roots: found through the accessibility tree and pressed
  // with a real mouse click, as the analyst would.
  await pressAccessible(portal, /^Approve: /, { timeoutMs: STEP_TIMEOUT_MS });
  await waitForAccessible(portal, 'button', /^Cancel$/, STEP_TIMEOUT_MS);
  await settled(portal);
  await shoot(portal, '03-confirm-approve.png');
  // Leave the action pending: the tour does not decide anything.
  await pressAccessible(portal, /^Cancel$/, { timeoutMs: STEP_TIMEOUT_MS });

  const investigationId = fake.state().pending.find((a) => a.InvestigationId !== null)?.InvestigationId;
  if (investigationId !== undefined && investigationId !== null) {
    step(`opening investigation ${investigationId}, Pending actions tab`);
    const inv = await h.openPortal(`/investigation/${investigationId}`);
    await inv.getByRole('tab', { name: /^pending actions(\s*\(\d+\))?$/i }).click();
    await waitForHosts(inv, 'acc-inv-row-controls');
    await shoot(inv, '04-investigation-pending-actions.png');
    await inv.close();
  } else {
    step('this scenario has no investigation with pending actions: skipping the investigation page');
  }

}

async function extensionPagesTour(h: Harness): Promise<void> {
  step('opening the popup (560x600), light then dark');
  const popup = await h.openExtensionPage('popup');
  await popup.setViewportSize(POPUP_SIZE);
  await popup.locator('.acc-row, .acc-empty, .acc-banner').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await popup.emulateMedia({ colorScheme: 'light' });
  await settled(popup);
  await shoot(popup, '05-popup-light.png');
  await popup.emulateMedia({ colorScheme: 'dark' });
  await settled(popup);
  await shoot(popup, '06-popup-dark.png');

  step('the bulk confirmation: every shown action selected, Approve (summary, impact marks, review step)');
  await popup.emulateMedia({ colorScheme: 'light' });
  if (await openBulkDialog(popup)) {
    await shoot(popup, '06b-popup-bulk-dialog.png');
    await closeBulkDialog(popup);
  }
  await reflowShots(popup, '06');
  await popup.close();

  step('opening the options page');
  const options = await h.openExtensionPage('options');
  await options.getByRole('heading').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await options.setViewportSize({ width: OPTIONS_WIDTH, height: 800 });
  const height = await options.evaluate(() => document.documentElement.scrollHeight);
  await options.setViewportSize({ width: OPTIONS_WIDTH, height });
  await settled(options);
  await shoot(options, '07-options.png');
  await options.close();
}

/**
 * The pseudo-locale tour: the Action center with the extension's row controls, and the popup at its size, at
 * 320 px, at 200 % zoom and with the bulk dialog, every word of ours pseudo-localised (⟦Áþþŕóṽé···⟧).
 */
async function pseudoTour(h: Harness): Promise<void> {
  clearScreenshots(true);
  const portal = await h.openPortal('/action-center/pending');
  if (h.fake!.state().pending.length > 0) {
    step('the Action center under the pseudo-locale, with the extension\'s controls');
    await waitForHosts(portal, 'acc-row-controls');
  } else {
    await settled(portal);
  }
  await shoot(portal, '10-pseudo-action-center.png');
  await portal.close();

  step('the popup under the pseudo-locale (560x600)');
  const popup = await h.openExtensionPage('popup');
  await popup.setViewportSize(POPUP_SIZE);
  await popup.locator('.acc-row, .acc-empty, .acc-banner').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await settled(popup);
  await shoot(popup, '11-pseudo-popup.png');
  if (await openBulkDialog(popup)) {
    await shoot(popup, '11b-pseudo-popup-bulk-dialog.png');
    await closeBulkDialog(popup);
  }
  await reflowShots(popup, '11', true);
  await popup.close();
}

/** Builds the extension with the pseudo-locale into its own directory and returns the Chrome build's path. */
function buildPseudo(): string {
  step(`building with the pseudo-locale (ACC_PSEUDO=1) into ${PSEUDO_OUT_DIR}`);
  const built = spawnSync('npx', ['wxt', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, ACC_PSEUDO: '1', ACC_OUT_DIR: PSEUDO_OUT_DIR },
  });
  if (built.status !== 0) throw new Error(`the pseudo-locale build failed (exit ${built.status ?? built.signal})`);
  return resolve(PSEUDO_OUT_DIR, 'chrome-mv3');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.headless) assertDisplay();
  const extensionDir = opts.pseudo ? buildPseudo() : undefined;

  step(`starting the fake portal (scenario "${opts.scenario}") and Chromium with the extension${opts.headless ? ' (headless)' : ''}`);
  const h = await launchHarness({
    scenario: opts.scenario,
    headless: opts.headless,
    ...(opts.headless ? { viewport: PORTAL_SIZE } : {}),
    ...(extensionDir ? { extensionDir } : {}),
  });
  const fake = h.fake!;
  step(`fake portal at ${fake.url}; in this Chromium ${fake.portalUrl('/action-center')} is mapped to it`);
  step(`extension ${h.extensionId} loaded`);

  if (opts.headless) {
    try {
      await (opts.pseudo ? pseudoTour(h) : tour(h));
      step(`done: screenshots in ${SCREENSHOT_DIR}`);
    } finally {
      await h.close();
    }
    return;
  }

  const portal = await h.openPortal('/action-center/pending');
  await h.openExtensionPage('popup');
  await portal.bringToFront();
  // The persistent context opens with a blank tab of its own; the demo needs only its two tabs.
  for (const page of h.context.pages()) if (page.url() === 'about:blank') await page.close();
  step('Chromium shows the Action center and, in a second tab, the popup. Press Ctrl-C to quit.');

  await new Promise<void>((done) => {
    const finish = () => done();
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    // Closing the Chromium window ends the demo too.
    h.context.once('close', finish);
  });
  step('closing');
  await h.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`demo: failed: ${message}`);
    if (/X server|\$DISPLAY|display/i.test(message)) console.error('demo: without a usable display, run: npm run demo -- --headless  (or xvfb-run -a npm run demo)');
    process.exit(1);
  },
);
