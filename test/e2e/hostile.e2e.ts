/**
 * Hostile portal data (test/fake-portal/scenarios/hostile.ts: markup, javascript: URLs, bidi overrides, a
 * 10,000-character name, ids with ../ ? #) through every surface: the popup, its confirmation dialog and History
 * view, the audit export, the controls injected into the portal page, and notifications. Everything must stay
 * inert text: no script runs, no element or attribute comes from the data, every link goes to the selected portal
 * host only, hostile ids never travel back to the portal, and the layout stays usable.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, HOSTILE_ANALYST } from '../fake-portal/scenarios/hostile';
import type { FakePortal } from '../fake-portal/server';
import { ask, auditOf, signInOnce, waitFor } from './helpers';
import { launchHarness, type Harness } from './harness';

const PORTAL_ORIGIN = 'https://security.microsoft.com/';
/** A hostile action whose id is safe to send back, so a decision can complete. */
const SAFE_ID = 'c0ffee00-0000-4000-8000-00000000beef';
/** Added after the first poll, so it is announced by a notification of its own. */
const ANNOUNCED_ID = 'c0ffee00-0000-4000-8000-00000000f00d';
const FORMULA_COMMENT = '=HYPERLINK("https://evil.example","click") <b>bold</b>';

let h: Harness;
let fake: FakePortal;
let control: Page;
const dialogs: string[] = [];

interface Captured {
  readonly id: string;
  readonly options: { title?: string; message?: string; iconUrl?: string; imageUrl?: string; contextMessage?: string };
}

beforeAll(async () => {
  h = await launchHarness({ scenario: 'hostile' });
  fake = h.fake!;
  // Traps in every page: a run of the payload sets window.__xss or calls alert; a blocked one is a CSP violation.
  await h.context.addInitScript(() => {
    const hits: string[] = [];
    Object.defineProperty(window, '__accHits', { value: hits });
    Object.defineProperty(window, '__xss', { set: (v: unknown) => hits.push(`__xss=${String(v)}`), configurable: true });
    document.addEventListener('securitypolicyviolation', (e) => hits.push(`csp:${e.violatedDirective}:${e.sample}`));
  });
  h.context.on('page', (page) => page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss())));
  fake.addPending({
    ActionId: SAFE_ID,
    BulkId: '7777',
    InvestigationId: 666,
    ActionType: HOSTILE.script,
    EntityType: 'Machine',
    ComputerName: HOSTILE.img,
    ActionSource: HOSTILE.js,
    Product: HOSTILE.svg,
  });
  // Notifications are plain text by design; capture what the background asks for to check it.
  await h.inWorker(() => {
    const captured: unknown[] = [];
    Object.defineProperty(globalThis, '__accNotifications', { value: captured });
    const notifications = chrome.notifications as unknown as { create: (...args: unknown[]) => unknown };
    const original = notifications.create.bind(notifications);
    notifications.create = (...args: unknown[]) => {
      captured.push({ id: args[0], options: args[1] });
      return original(...args);
    };
  });
  await signInOnce(h);
  control = await h.openExtensionPage('options');
  const state = await ask(control, 'refresh', { reason: 'user' });
  expect(state.error).toBeNull();
});

afterAll(async () => {
  await h?.close();
});

/** What ran or was blocked in a page: trap hits and CSP violations. */
async function hits(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { __accHits?: string[] }).__accHits ?? ['the trap was not installed'])]);
}

/**
 * Elements and attributes that could only come from parsed data, inside `root` (a document or our shadow
 * roots): markup elements, on* handlers, javascript: in URL attributes, and links anywhere but the portal.
 */
async function injected(page: Page, selector: string | null): Promise<string[]> {
  return page.evaluate(
    ([sel, origin]) => {
      const roots: (Document | ShadowRoot)[] =
        sel === null ? [document] : [...document.querySelectorAll(sel)].flatMap((el) => (el.shadowRoot ? [el.shadowRoot] : []));
      const found: string[] = [];
      for (const root of roots) {
        for (const el of root.querySelectorAll('*')) {
          const tag = el.tagName.toLowerCase();
          if (['img', 'svg', 'iframe', 'object', 'embed', 'b'].includes(tag)) found.push(`<${tag}>`);
          if (tag === 'script' && !el.getAttribute('src')) found.push('<script> inline');
          if (tag === 'style' && /display:\s*none!important/.test(el.textContent ?? '')) found.push('<style> from data');
          for (const attr of el.getAttributeNames()) {
            const value = el.getAttribute(attr) ?? '';
            if (attr.startsWith('on')) found.push(`${tag}[${attr}]`);
            // A title may say "javascript:" as text; only URL attributes would act on it.
            if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(attr) && /^\s*javascript:/i.test(value)) {
              found.push(`${tag}[${attr}=javascript:]`);
            }
          }
          if (tag === 'a' && el.hasAttribute('href') && !(el as HTMLAnchorElement).href.startsWith(origin)) {
            found.push(`a[href=${(el as HTMLAnchorElement).href}]`);
          }
        }
      }
      return found;
    },
    [selector, PORTAL_ORIGIN] as const,
  );
}

async function openPopup(): Promise<Page> {
  const popup = await h.openExtensionPage('popup');
  await popup.locator('.acc-row--action').first().waitFor({ timeout: 15_000 });
  return popup;
}

const longRowApprove = (page: Page) => page.getByRole('button', { name: /^Approve .* on SRV-X{20}/ });

describe('popup', () => {
  it('shows every hostile string as inert text, with no element or handler from the data', async () => {
    const popup = await openPopup();
    await expect.poll(() => popup.locator('.acc-row--action').count()).toBe(7);
    // Shown literally, as text.
    for (const text of [HOSTILE.img, HOSTILE.script, HOSTILE.emoji, HOSTILE.arabic]) {
      expect(await popup.getByText(text, { exact: false }).count(), text).toBeGreaterThan(0);
    }
    expect(await injected(popup, null)).toEqual([]);
    expect(await hits(popup)).toEqual([]);
    expect(dialogs).toEqual([]);
    await popup.close();
  });

  it('keeps the list within its width and the long row Approve button on screen', async () => {
    const popup = await openPopup();
    const list = await popup.locator('.acc-list').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(list.scroll).toBeLessThanOrEqual(list.client);
    const frame = (await popup.locator('.acc-popup').boundingBox())!;
    const button = (await longRowApprove(popup).boundingBox())!;
    expect(button.x).toBeGreaterThanOrEqual(frame.x);
    expect(button.x + button.width).toBeLessThanOrEqual(frame.x + frame.width);
    await popup.close();
  });

  it('opens only the selected portal host, whatever the ids say', async () => {
    const popup = await openPopup();
    const opens = popup.getByRole('button', { name: /^Open .* in the portal$/ });
    const n = await opens.count();
    expect(n).toBeGreaterThanOrEqual(7);
    for (let i = 0; i < n; i += 1) await opens.nth(i).click();
    const urls = await waitFor(
      () => h.context.pages().map((p) => p.url()).filter((u) => !u.startsWith('chrome-extension://') && u !== 'about:blank'),
      (list) => list.length > 0,
    );
    for (const url of urls) expect(url.startsWith(PORTAL_ORIGIN), url).toBe(true);
    await popup.close();
  });

  it('the confirmation shows the data as text, stays usable, and never sends an unsafe id back', async () => {
    const popup = await openPopup();
    await longRowApprove(popup).click();
    const dialog = popup.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByText(HOSTILE.img).count()).toBeGreaterThan(0);
    const confirm = dialog.getByRole('button', { name: 'Approve 1 action' });
    const box = (await confirm.boundingBox())!;
    const viewport = popup.viewportSize()!;
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    await dialog.getByRole('textbox').fill(FORMULA_COMMENT);
    await confirm.click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').innerText()).toMatch(/not safe to send back; nothing was sent/);
    expect(fake.decisions()).toEqual([]);
    expect(await injected(popup, null)).toEqual([]);
    expect(await hits(popup)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await popup.close();
  });

  it('a decision with hostile data and comment round-trips as text: portal body, History view, CSV and JSON export', async () => {
    const popup = await openPopup();
    const since = Date.now();
    await popup.getByRole('button', { name: `Approve ${HOSTILE.script} on ${HOSTILE.img}`, exact: true }).click();
    const dialog = popup.getByRole('dialog');
    await dialog.getByRole('textbox').fill(FORMULA_COMMENT);
    await dialog.getByRole('button', { name: 'Approve 1 action' }).click();
    await popup.getByRole('region', { name: 'Decision results' }).waitFor();
    expect(await popup.locator('.acc-results').innerText()).toMatch(/1 decision applied/);

    // The portal got the comment verbatim, as JSON text.
    const [sent] = fake.decisions();
    expect(sent).toMatchObject({ actionIds: [SAFE_ID], decision: 'Approve', comment: FORMULA_COMMENT, status: 200 });
    const [entry] = await auditOf(control, SAFE_ID, since);
    expect(entry).toMatchObject({ outcome: 'applied', analyst: HOSTILE_ANALYST, comment: FORMULA_COMMENT });

    await popup.getByRole('tab', { name: 'History' }).click();
    await popup.getByRole('table', { name: /Decisions made with the extension/ }).waitFor();
    await popup.getByRole('table', { name: /Decided actions in the portal/ }).waitFor({ timeout: 15_000 });
    expect(await popup.getByText(HOSTILE.script, { exact: false }).count()).toBeGreaterThan(0);
    expect(await injected(popup, null)).toEqual([]);
    expect(await hits(popup)).toEqual([]);

    const csvDownload = popup.waitForEvent('download');
    await popup.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
    const row = csv.split('\r\n').find((line) => line.includes(SAFE_ID));
    expect(row).toBeDefined();
    // Formula cells start with an apostrophe; markup stays literal text inside quoted cells.
    expect(row).toContain(`"'=HYPERLINK(""https://evil.example"",""click"") <b>bold</b>"`);
    expect(row).toContain(HOSTILE.script);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);

    const jsonDownload = popup.waitForEvent('download');
    await popup.getByRole('button', { name: 'Export JSON' }).click();
    const records = JSON.parse(readFileSync((await (await jsonDownload).path())!, 'utf8')) as Record<string, string | null>[];
    expect(records.find((r) => r.actionId === SAFE_ID)).toMatchObject({
      comment: FORMULA_COMMENT,
      type: HOSTILE.script,
      analyst: HOSTILE_ANALYST,
      outcome: 'applied',
    });
    await popup.close();
  });
});

describe('portal page', () => {
  it('injected controls and their confirmation stay inert, link only to the portal, and fit the row', async () => {
    const page = await h.openPortal('/action-center/pending');
    await page.getByRole('button', { name: /^Approve: / }).first().waitFor({ timeout: 15_000 });
    expect(await injected(page, 'acc-row-controls, acc-nav-count, acc-page-layer, acc-flyout-controls')).toEqual([]);

    const approve = page.getByRole('button', { name: /^Approve: .* on SRV-X{20}/ });
    await approve.scrollIntoViewIfNeeded();
    const box = (await approve.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(await approve.isVisible()).toBe(true);

    await approve.click();
    const dialog = page.getByRole('dialog', { name: 'Approve 1 action?' });
    await dialog.waitFor();
    expect(await dialog.getByText(HOSTILE.img).count()).toBeGreaterThan(0);
    const confirm = (await dialog.getByRole('button', { name: 'Approve 1 action' }).boundingBox())!;
    expect(confirm.y + confirm.height).toBeLessThanOrEqual(viewport.height);
    expect(await injected(page, 'acc-row-controls, acc-page-layer')).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await hits(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});

describe('notifications', () => {
  it('announce hostile data as plain text with the extension icon only', async () => {
    fake.addPending({
      ActionId: ANNOUNCED_ID,
      BulkId: '7778',
      InvestigationId: 667,
      ActionType: HOSTILE.svg,
      EntityType: 'Machine',
      ComputerName: `${HOSTILE.bidi} ${HOSTILE.zeroWidth}`,
    });
    await ask(control, 'refresh', { reason: 'user' });
    const captured = await waitFor(
      () => h.inWorker(() => [...((globalThis as unknown as { __accNotifications?: Captured[] }).__accNotifications ?? [])]),
      (list) => list.some((n) => n.options.title?.includes('svg')),
    );
    const mine = captured.find((n) => n.options.title?.includes('svg'));
    expect(mine, JSON.stringify(captured)).toBeDefined();
    // Markup kept as literal text; bidi and zero-width characters removed.
    expect(mine!.options.title).toContain(HOSTILE.svg);
    expect(mine!.options.title).not.toMatch(/\u202E|\u200B|\u200C|\u200D|\uFEFF/);
    expect(mine!.options.iconUrl).toMatch(/^chrome-extension:\/\//);
    expect(mine!.options.imageUrl).toBeUndefined();
    const shown = await h.inWorker(() => chrome.notifications.getAll());
    expect(Object.keys(shown)).toContain(mine!.id);
  });
});
