/**
 * Decisions only the analyst makes (issue 12 items 6 and 7), in a real Chromium:
 * - the PRODUCT build (what `wxt build` ships, closed shadow roots): a portal script can neither find nor press our
 *   Approve, while the analyst's real click (found through the accessibility tree) still decides;
 * - the content script's own channel (its isolated world, reached over CDP) cannot ask the background to clear
 *   local data;
 * - the e2e build (open roots, as the other e2e files use): even a page script that reaches our button and clicks
 *   it sends nothing, because the controls act on trusted input only.
 * One browser at a time: each describe launches its own and closes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../utils/actions/model';
import { E2E_NOTIFICATION_HOOK } from '../../utils/e2eHooks';
import type { FakePortal } from '../fake-portal/server';
import { EXTENSION_DIR, PRODUCT_EXTENSION_DIR, pressAccessible, type Harness } from './harness';
import { ask, auditOf, badgeText, escapeRegExp, launchSignedIn, setSettings, until } from './helpers';

const ROW_HOST = 'acc-row-controls';

/** What the controls call an action (utils/page/ui/Controls.tsx). */
const approveName = (a: Action) => new RegExp(`^Approve: ${escapeRegExp(`${a.typeLabel} on ${a.entityName}`)}$`);

/** Everything a portal script can try on our row controls of the action with this Approval ID; what it saw. */
function attackFromPage(page: Page, approvalId: string) {
  return page.evaluate((id) => {
    const row = [...document.querySelectorAll('[role="row"].ms-DetailsRow')].find(
      (r) => r.querySelector('[data-automation-key="bulkId"]')?.textContent?.trim() === id,
    );
    const host = row?.querySelector('acc-row-controls') as HTMLElement | null | undefined;
    if (!host) return { found: false, shadowRoot: 'n/a', reached: [] as string[] };
    const box = host.getBoundingClientRect();
    const reached = new Set<string>();
    const click = (target: Element, x: number, y: number) => {
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
        target.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true, cancelable: true, clientX: x, clientY: y }));
      }
    };
    // Every point across the host: whatever the page can hit there gets a full synthetic click.
    for (let x = box.left + 2; x < box.right; x += 6) {
      const y = box.top + box.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (!hit) continue;
      reached.add(hit.tagName.toLowerCase());
      click(hit, x, y);
    }
    host.click();
    host.focus();
    for (const key of ['Enter', ' ']) host.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    return { found: true, shadowRoot: host.shadowRoot === null ? 'null' : 'reachable', reached: [...reached] };
  }, approvalId);
}

describe('the product build', () => {
  let h: Harness;
  let fake: FakePortal;
  let surface: Page;

  beforeAll(async () => {
    ({ h, fake, surface } = await launchSignedIn({ scenario: 'default', extensionDir: PRODUCT_EXTENSION_DIR }));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('ships closed shadow roots and no test hooks; the e2e build alone opens them', () => {
    const script = (dir: string) => readFileSync(join(dir, 'content-scripts/portal.js'), 'utf8');
    // The mode is a build-time constant (utils/page/mount.ts SHADOW_ROOT_MODE): the minifier either keeps it in a
    // variable (`x="closed"`) or inlines it into the one call (`attachShadow({mode:"closed"})`).
    const mode = (value: string) => new RegExp(`[=:]"${value}"`);
    expect(mode('closed').test(script(PRODUCT_EXTENSION_DIR)), 'product build: closed').toBe(true);
    expect(mode('open').test(script(PRODUCT_EXTENSION_DIR)), 'product build: never open').toBe(false);
    if (EXTENSION_DIR !== PRODUCT_EXTENSION_DIR) expect(mode('open').test(script(EXTENSION_DIR)), 'e2e build: open').toBe(true);
    // Nor does it carry the e2e build's test hooks (utils/e2eHooks.ts).
    expect(readFileSync(join(PRODUCT_EXTENSION_DIR, 'background.js'), 'utf8').includes(E2E_NOTIFICATION_HOOK)).toBe(false);
  });

  it('a portal script cannot find or press Approve; the analyst’s real click still decides', async () => {
    // Approve without a confirmation: a click that got through would send the decision at once.
    await setSettings(h, { confirmApprove: false, confirmDestructive: false });
    const state = await ask(surface, 'refresh', { reason: 'user' });
    const byApproval = new Map(state.pending.map((a) => [a.approvalId, a]));
    const target = byApproval.get('10244')!;
    const other = byApproval.get('10247')!;
    const since = Date.now();

    const page = await h.openPortal('/action-center/pending');
    await page.locator(ROW_HOST).first().waitFor({ state: 'attached' });
    await until(() => page.locator(ROW_HOST).count(), (n) => n >= 2, 'row controls on the pending rows');

    const seen = await attackFromPage(page, target.approvalId!);
    expect(seen.found).toBe(true);
    expect(seen.shadowRoot).toBe('null');
    // The page hits our host at most, never a button inside it.
    expect(seen.reached).not.toContain('button');

    // The analyst approves another action with a real mouse click, found through the accessibility tree. The
    // page's attempts ran before it, on the same content script: had one got through, its request would be first.
    // The page's clicks on our host reached its own row (that is the portal's business): close the flyout they opened.
    await page.keyboard.press('Escape');
    await page.locator('[role="dialog"] acc-flyout-controls').waitFor({ state: 'detached' });
    await pressAccessible(page, approveName(other));
    await until(() => fake.decisions(), (d) => d.length > 0, 'the analyst’s decision reaches the portal');
    expect(fake.decisions().map((d) => d.actionIds)).toEqual([[other.id]]);
    expect(fake.state().pending.some((a) => a.ActionId === target.id)).toBe(true);
    expect(await auditOf(surface, target.id, since)).toEqual([]);
    expect((await auditOf(surface, other.id, since)).map((e) => e.surface)).toEqual(['portal']);
    await page.close();
  });

  it('refuses clearLocalData from the content script’s own channel (its isolated world)', async () => {
    const before = await ask(surface, 'listAudit', {});
    const page = await h.openPortal('/action-center/pending');
    await page.locator(ROW_HOST).first().waitFor({ state: 'attached' });
    const cdp = await page.context().newCDPSession(page);
    const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const world = await until(
      () => contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith(`chrome-extension://${h.extensionId}`)),
      (c) => c !== undefined,
      'the content script’s isolated world',
    );
    const send = async (name: string, payload?: unknown) => {
      const { result } = (await cdp.send('Runtime.evaluate', {
        contextId: world!.id,
        expression: `chrome.runtime.sendMessage(${JSON.stringify({ acc: 'request', name, payload })})`,
        awaitPromise: true,
        returnByValue: true,
      })) as { result: { value: unknown } };
      return result.value;
    };
    // The same channel works for what the page needs...
    expect(await send('getState')).toMatchObject({ ok: true });
    // ...and not for wiping the audit log, nor for reading the portal's history.
    expect(await send('clearLocalData')).toEqual({ ok: false, error: 'Refused: the portal page may not ask for clearLocalData.' });
    expect(await send('listHistory', { days: 7 })).toEqual({ ok: false, error: 'Refused: the portal page may not ask for listHistory.' });
    expect(await ask(surface, 'listAudit', {})).toEqual(before);
    await cdp.detach();
    await page.close();
  });
});

describe('the e2e build (open shadow roots)', () => {
  let h: Harness;
  let fake: FakePortal;
  let surface: Page;

  beforeAll(async () => {
    ({ h, fake, surface } = await launchSignedIn({ scenario: 'default' }));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a page script that reaches our Approve and clicks it sends nothing: only trusted input decides', async () => {
    await setSettings(h, { confirmApprove: false, confirmDestructive: false });
    const state = await ask(surface, 'refresh', { reason: 'user' });
    const target = state.pending.find((a) => a.approvalId === '10244')!;
    const other = state.pending.find((a) => a.approvalId === '10247')!;
    const since = Date.now();
    const page = await h.openPortal('/action-center/pending');
    const approve = page.locator(ROW_HOST).getByRole('button', { name: approveName(target) });
    await approve.waitFor();
    // Synthetic: the page's own script, through the open root (isTrusted false).
    const clicked = await approve.evaluate((button) => {
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
      (button as HTMLButtonElement).click();
      return button.getRootNode() instanceof ShadowRoot;
    });
    expect(clicked).toBe(true);
    // Then the analyst's real click on another action: had the synthetic ones got through, theirs would be first.
    await page.locator(ROW_HOST).getByRole('button', { name: approveName(other) }).click();
    await until(() => fake.decisions(), (d) => d.length > 0, 'the analyst’s decision reaches the portal');
    expect(fake.decisions().map((d) => d.actionIds)).toEqual([[other.id]]);
    expect(await auditOf(surface, target.id, since)).toEqual([]);
    // And the analyst's real click on the target itself still works.
    await approve.click();
    await until(() => fake.decisions(), (d) => d.length > 1, 'the second decision reaches the portal');
    expect(fake.decisions().map((d) => d.actionIds)).toEqual([[other.id], [target.id]]);
    await page.close();
  });

  // Issue 12 item 8 (not a trust matter, but the same browser serves): a portal that caps pages below the size asked.
  it('reads every pending action from a portal that caps pages at 50: the badge says 120', async () => {
    fake.reset('many:120');
    fake.setConfig({ maxPageSize: 50 });
    try {
      const state = await ask(surface, 'refresh', { reason: 'user' });
      expect(state.error).toBeNull();
      expect(state.pending).toHaveLength(120);
      expect(state.portalTotal ?? null).toBeNull();
      await until(() => badgeText(h), (text) => text === '120', 'the badge counts all 120');
    } finally {
      fake.setConfig({ maxPageSize: undefined });
    }
  });
});
