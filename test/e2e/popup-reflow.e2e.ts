/**
 * Reflow (WCAG 1.4.10, issue 19 item 10): the popup at 320 CSS px wide and at 200 % zoom (its 560×600 as a
 * 280×300 CSS-px viewport) scrolls in one direction at most, and nothing the analyst needs is cut off: the first
 * row's Approve and Reject, Sort, the bulk bar and the bulk dialog's buttons lie inside the viewport and are not
 * clipped by a container.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness';
import { ask, launchSignedIn } from './helpers';

let h: Harness;
let surface: Page;

beforeAll(async () => {
  ({ h, surface } = await launchSignedIn({ scenario: 'default', viewport: { width: 560, height: 600 } }));
  const state = await ask(surface, 'refresh', { reason: 'user' });
  expect(state.error).toBeNull();
  expect(state.pending.length).toBeGreaterThan(1);
});

afterAll(async () => {
  await h?.close();
});

const SIZES = [
  { name: '320 px wide', width: 320, height: 600 },
  { name: '200 % zoom', width: 280, height: 300 },
] as const;

async function openAt(size: { width: number; height: number }): Promise<Page> {
  const page = await h.openExtensionPage('popup');
  await page.setViewportSize(size);
  await page.getByRole('button', { name: /^Approve .+ on / }).first().waitFor({ timeout: 15_000 });
  return page;
}

/** Horizontal overflow of the document (what makes a second scroll direction). */
function overflowX(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

/**
 * Fails unless the control, scrolled into view, lies wholly inside the viewport and is what the analyst hits at
 * its centre and near both its edges (not hidden under or clipped by a container).
 */
async function expectReachable(page: Page, control: Locator, what: string): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  const seen = await control.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    const y = box.top + box.height / 2;
    const hits = [box.left + 2, box.left + box.width / 2, box.right - 2].map((x) => {
      const at = document.elementFromPoint(x, y);
      return at !== null && (at === el || el.contains(at));
    });
    return { left: box.left, right: box.right, top: box.top, bottom: box.bottom, width, height, hits };
  });
  expect(seen.left, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(seen.right, `${what}: right edge`).toBeLessThanOrEqual(seen.width);
  expect(seen.top, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(seen.bottom, `${what}: bottom edge`).toBeLessThanOrEqual(seen.height);
  expect(seen.hits, `${what}: not clipped or covered`).toEqual([true, true, true]);
}

describe('the popup in the toolbar', () => {
  it('still asks for 560x600 when laid out at a tiny height, as Chrome sizes a popup from its content', async () => {
    const page = await openAt({ width: 560, height: 40 });
    const size = await page.evaluate(() => ({
      width: document.querySelector('.acc-popup')?.getBoundingClientRect().width,
      height: document.documentElement.scrollHeight,
    }));
    expect(size).toEqual({ width: 560, height: 600 });
    await page.close();
  });
});

describe.each(SIZES)('the popup at $name', (size) => {
  it('needs no horizontal scrolling, and the first row, Sort and the bulk bar are all reachable', async () => {
    const page = await openAt(size);
    const { scrollWidth, clientWidth } = await overflowX(page);
    expect(clientWidth).toBe(size.width);
    expect(scrollWidth, 'document scrolls sideways').toBeLessThanOrEqual(clientWidth);
    await expectReachable(page, page.getByRole('button', { name: /^Sort:/ }), 'Sort');
    await expectReachable(page, page.getByRole('button', { name: /^Approve .+ on / }).first(), 'first row Approve');
    await expectReachable(page, page.getByRole('button', { name: /^Reject .+ on / }).first(), 'first row Reject');
    const bulk = page.getByRole('region', { name: 'Bulk decision' });
    await bulk.getByRole('checkbox', { name: 'Select all shown' }).check();
    await expectReachable(page, bulk.getByRole('button', { name: /^Approve \d+ selected$/ }), 'bulk Approve');
    await expectReachable(page, bulk.getByRole('button', { name: /^Reject \d+ selected$/ }), 'bulk Reject');
    expect((await overflowX(page)).scrollWidth, 'after selecting').toBeLessThanOrEqual(clientWidth);
    await page.close();
  });

  it('keeps what tells the first rows apart whole: the entity name is not cut, the type keeps most of its line', async () => {
    const page = await openAt(size);
    const seen = await page.evaluate(() =>
      [...document.querySelectorAll('.acc-row--action')].slice(0, 3).map((row) => {
        const name = row.querySelector<HTMLElement>('.acc-row__entity-name');
        const type = row.querySelector<HTMLElement>('.acc-row__type');
        return {
          nameCut: name ? name.scrollWidth > name.clientWidth + 1 : true,
          typeShare: type ? type.getBoundingClientRect().width / row.getBoundingClientRect().width : 0,
        };
      }),
    );
    expect(seen.length).toBeGreaterThan(1);
    for (const row of seen) {
      expect(row.nameCut, 'entity name cut').toBe(false);
      expect(row.typeShare, 'the type has at least half the row').toBeGreaterThan(0.5);
    }
    await page.close();
  });

  it('History: no horizontal scrolling, both exports reachable', async () => {
    const page = await openAt(size);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'Your decisions' }).waitFor();
    expect((await overflowX(page)).scrollWidth).toBeLessThanOrEqual(size.width);
    await expectReachable(page, page.getByRole('button', { name: 'Export CSV' }), 'Export CSV');
    await expectReachable(page, page.getByRole('button', { name: 'Export JSON' }), 'Export JSON');
    const panel = await page.locator('#acc-panel-history').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(panel.scrollWidth, 'the History panel scrolls sideways').toBeLessThanOrEqual(panel.clientWidth);
    await page.close();
  });

  it('shows the bulk review dialog whole: its confirm and cancel are reachable', async () => {
    const page = await openAt(size);
    const bulk = page.getByRole('region', { name: 'Bulk decision' });
    await bulk.getByRole('checkbox', { name: 'Select all shown' }).check();
    await bulk.getByRole('button', { name: /^Approve \d+ selected$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect((await overflowX(page)).scrollWidth).toBeLessThanOrEqual(size.width);
    await expectReachable(page, dialog.getByRole('button', { name: 'Cancel' }), 'dialog Cancel');
    await expectReachable(page, dialog.getByRole('button', { name: /^Approve \d+ actions$/ }), 'dialog Approve');
    await page.close();
  });
});
