/**
 * Any language, any column keys, an honest "not recognised" after a redesign: the in-portal features of the
 * built extension on the fake portal in German, with the app's own column keys (a row header first, no <nav>),
 * and under a redesign (renamed classes, or no Approval ID column), where no row gets a control and the popup
 * still lists and decides.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../../utils/actions/model';
import type { FakeConfig, FakePortal, PortalAction } from '../fake-portal/server';
import type { Harness } from './harness';
import { ask, resetSettings, until, launchSignedIn } from './helpers';

/** Body rows, whatever the markup: the fake's rows are role=row in the grid's second rowgroup. */
const ROW = '[role="grid"] [role="rowgroup"]:last-child [role="row"]';
const ROW_HOST = 'acc-row-controls';

let h: Harness;
let fake: FakePortal;
let surface: Page;
let opened: Page[] = [];

beforeAll(async () => {
  ({ h, fake, surface } = await launchSignedIn({ scenario: 'default' }));
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  await resetSettings(h);
});

afterEach(async () => {
  await Promise.all(opened.map((p) => p.close()));
  opened = [];
  fake.setConfig({ language: 'en', columnKeys: 'api', redesign: 'none' });
});

/** The portal in this configuration, its data back to the default scenario, the background told at once. */
async function start(config: Partial<FakeConfig>): Promise<Map<string, Action>> {
  fake.reset('default');
  fake.setConfig(config);
  const state = await ask(surface, 'refresh', { reason: 'user' });
  expect(state.error).toBeNull();
  return new Map(state.pending.map((a) => [a.id, a]));
}

async function portal(path = '/action-center'): Promise<Page> {
  const page = await h.openPortal(path);
  opened.push(page);
  return page;
}

const describeAction = (a: Action) => `${a.typeLabel} on ${a.entityName}`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The grid row with a cell (gridcell or rowheader) that says exactly `text`. */
function rowWith(page: Page, text: string): Locator {
  const exact = new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
  return page.locator(ROW).filter({ has: page.locator('[role="gridcell"], [role="rowheader"]', { hasText: exact }) });
}

async function controlsOf(page: Page, raw: PortalAction): Promise<Locator> {
  const row = rowWith(page, raw.BulkId!);
  await row.scrollIntoViewIfNeeded();
  const host = row.locator(ROW_HOST);
  await host.waitFor();
  return host;
}

async function approve(page: Page, controls: Locator, action: Action): Promise<void> {
  await controls.getByRole('button', { name: `Approve: ${describeAction(action)}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve 1 action?' });
  await dialog.getByRole('button', { name: 'Approve 1 action', exact: true }).click();
}

describe('German portal', () => {
  it('puts Approve and Reject on every pending row, Companion’s age beside the portal’s own buttons in the flyout, and the count in the navigation', async () => {
    const actions = await start({ language: 'de' });
    const page = await portal();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.getByRole('tab', { name: /^Ausstehend/ }).waitFor();
    for (const raw of fake.state().pending) {
      const controls = await controlsOf(page, raw);
      await controls.getByRole('button', { name: `Approve: ${describeAction(actions.get(raw.ActionId)!)}`, exact: true }).waitFor();
      expect(await controls.count()).toBe(1);
    }
    const pending = fake.state().pending;
    await until(() => page.locator('acc-nav-count .acc-sr-only').textContent(), (t) => t === `${pending.length} pending actions`, 'nav count');

    // The flyout: its buttons say Genehmigen / Ablehnen, recognised by structure; Companion's age goes beside them,
    // and no second pair of buttons.
    const raw = pending[2]!;
    await rowWith(page, raw.BulkId!).getByText(raw.BulkId!, { exact: true }).click();
    const flyout = page.locator('[role="dialog"]').filter({ has: page.getByRole('button', { name: 'Genehmigen', exact: true }) });
    const group = flyout.getByRole('group', { name: `Companion: ${describeAction(actions.get(raw.ActionId)!)}`, exact: true });
    await group.locator('.acc-age').waitFor();
    expect(await group.getByRole('button').count()).toBe(0);
    expect(await page.locator('acc-flyout-controls').count()).toBe(1);
  });

  it('finds the investigation page’s Pending actions tab by its identifiers, not its German name', async () => {
    const actions = await start({ language: 'de' });
    const investigationId = 1287;
    const page = await portal(`/investigation/${investigationId}?tab=pending`);
    await page.getByRole('tab', { name: /^Ausstehende Aktionen/ }).waitFor();
    const mine = fake.state().pending.filter((a) => a.InvestigationId === investigationId);
    await until(() => page.locator('acc-inv-summary .acc-chip').textContent(), (t) => t === `${mine.length} pending in this investigation`, 'summary chip');
    for (const raw of mine) {
      const row = rowWith(page, raw.BulkId!);
      await row.scrollIntoViewIfNeeded();
      await row.locator('acc-inv-row-controls').getByRole('button', { name: `Approve: ${describeAction(actions.get(raw.ActionId)!)}`, exact: true }).waitFor();
    }
    await page.getByRole('tab', { name: /^Verlauf ausstehender Aktionen/ }).click();
    await until(() => page.locator('acc-inv-row-controls').count(), (n) => n === 0, 'no row controls on the history tab');
  });

  it('approves from a row with the app’s own column keys, and History (Verlauf) marks it', async () => {
    const actions = await start({ language: 'de', columnKeys: 'app' });
    const page = await portal('/action-center/pending');
    const raw = fake.state().pending[0];
    const controls = await controlsOf(page, raw!);
    await approve(page, controls, actions.get(raw!.ActionId)!);
    await controls.getByText('Approved ✓ by you').waitFor();
    expect(fake.decisions()).toMatchObject([{ actionIds: [raw!.ActionId], decision: 'Approve', status: 200 }]);

    await page.getByRole('tab', { name: /^Verlauf/ }).click();
    const historyRow = rowWith(page, raw!.BulkId!);
    await historyRow.getByText('Genehmigt', { exact: true }).waitFor();
    await historyRow.locator('acc-history-mark').getByText('via Companion').waitFor();
  });
});

describe('the app’s own column keys', () => {
  it('reads a row header, puts the controls on every row and the count beside a role=navigation link, then beside its collapsed group', async () => {
    const actions = await start({ columnKeys: 'app' });
    const page = await portal();
    expect(await page.locator('nav').count()).toBe(0);
    expect(await page.locator('[data-automation-key="bulkId"]').count()).toBe(0);
    const pending = fake.state().pending;
    for (const raw of pending) {
      const controls = await controlsOf(page, raw);
      await controls.getByRole('button', { name: `Reject: ${describeAction(actions.get(raw.ActionId)!)}`, exact: true }).waitFor();
    }
    const count = page.locator('acc-nav-count');
    await until(() => count.locator('.acc-sr-only').textContent(), (t) => t === `${pending.length} pending actions`, 'nav count');
    expect(await count.evaluate((host) => host.previousElementSibling?.getAttribute('href'))).toContain('/action-center');

    // The group holding the link collapses: the link is gone, the count sits beside the group's button.
    const group = page.getByRole('button', { name: 'Actions & submissions' });
    await group.click();
    await until(() => page.locator('a[href*="/action-center"].fp-nav-link').count(), (n) => n === 0, 'the link unrendered');
    await until(
      () => count.evaluateAll((hosts) => hosts.map((host) => host.previousElementSibling?.getAttribute('aria-controls') ?? null)),
      (list) => list.length === 1 && list[0] === 'fp-nav-group-actions',
      'one count beside the collapsed group',
    );
    await group.click();
    await until(
      () => count.evaluateAll((hosts) => hosts.map((host) => host.previousElementSibling?.getAttribute('href') ?? null)),
      (list) => list.length === 1 && (list[0] ?? '').includes('/action-center'),
      'one count beside the link again',
    );
  });
});

describe('a redesigned portal', () => {
  /** The popup says the quick controls are off, and still approves. */
  async function popupDecides(): Promise<void> {
    const state = await ask(surface, 'refresh', { reason: 'user' });
    const target = state.pending[0]!;
    const popup = await h.openExtensionPage('popup');
    opened.push(popup);
    await popup.getByRole('status').filter({ hasText: 'The portal changed; quick controls are off on this page; the popup still works.' }).waitFor();
    await popup.getByRole('button', { name: `Approve ${describeAction(target)}`, exact: true }).click();
    const dialog = popup.getByRole('dialog', { name: 'Approve 1 action?' });
    await dialog.getByRole('button', { name: 'Approve 1 action', exact: true }).click();
    await until(() => fake.decisions().length, (n) => n === 1, 'the popup’s decision at the portal');
    expect(fake.decisions()[0]).toMatchObject({ actionIds: [target.id], decision: 'Approve', status: 200 });
  }

  it('without an Approval ID column: no row controls or header (no guess), the flyout by its ids, and the popup still decides', async () => {
    const actions = await start({ redesign: 'noApprovalColumn' });
    const page = await portal('/action-center/pending');
    const pending = fake.state().pending;
    // The extension runs (the nav count is there) but offers nothing on rows it cannot tell apart by id.
    await until(() => page.locator('acc-nav-count .acc-sr-only').textContent(), (t) => t === `${pending.length} pending actions`, 'nav count');
    const rows = page.locator(ROW);
    await until(() => rows.count(), (n) => n === pending.length, 'rows');
    // The flyout still shows the Approval ID: the controls there are for exactly that action.
    const raw = pending[1]!;
    await rows.filter({ hasText: raw.ComputerName! }).filter({ hasText: actions.get(raw.ActionId)!.typeLabel }).first().click();
    await flyoutOnlyControls(page, actions.get(raw.ActionId)!);
    await page.close();
    await popupDecides();
  });

  /**
   * The flyout's controls name exactly this action (they find it by the Approval ID shown there); once they show,
   * the rows rendered before have been looked at too, and none got a control, nor the grid a header cell.
   */
  async function flyoutOnlyControls(page: Page, action: Action): Promise<void> {
    await page.locator('acc-flyout-controls').getByRole('group', { name: `Companion: ${describeAction(action)}`, exact: true }).waitFor();
    expect(await page.locator('acc-row-controls, acc-grid-header').count()).toBe(0);
  }

  /** Options → Portal compatibility: the row controls' state, and when they last worked. */
  async function optionsSaysRows(now: 'On' | 'Off', lastWorked: RegExp): Promise<void> {
    const options = await h.openExtensionPage('options');
    opened.push(options);
    const section = options.getByRole('region', { name: 'Portal compatibility' });
    const row = section.getByRole('row', { name: /^Approve and Reject on Action center rows/ });
    await until(() => row.getByRole('cell').allTextContents(), (cells) => cells.length === 3 && lastWorked.test(cells[0]!) && cells[2] === now, `rows ${now} in Options`);
  }

  it('with renamed classes and no Fluent markers: no controls on any row, the flyout by its ids, and the popup still decides', async () => {
    await h.inWorker(() => chrome.storage.local.remove('pageCompat'));
    const actions = await start({ redesign: 'classes' });
    const page = await portal('/action-center/pending');
    const pending = fake.state().pending;
    await until(() => page.locator('acc-nav-count .acc-sr-only').textContent(), (t) => t === `${pending.length} pending actions`, 'nav count');
    await until(() => page.locator(ROW).count(), (n) => n === pending.length, 'rows');
    expect(await page.locator('.ms-DetailsRow, [data-automationid]').count()).toBe(0);
    const raw = pending[0]!;
    await rowWith(page, raw.BulkId!).getByText(raw.BulkId!, { exact: true }).click();
    await flyoutOnlyControls(page, actions.get(raw.ActionId)!);
    await page.close();
    await optionsSaysRows('Off', /^never$/);
    await popupDecides();
  });

  it('turns the notice off again once the row controls work on the portal as it is', async () => {
    await start({ redesign: 'noApprovalColumn' });
    await h.inWorker(() => chrome.storage.local.remove('pageCompat'));
    await portal('/action-center/pending');
    await optionsSaysRows('Off', /^never$/);
    fake.setConfig({ redesign: 'none' });
    const page = await portal('/action-center/pending');
    await controlsOf(page, fake.state().pending[0]!);
    await optionsSaysRows('On', /now|minute/);
    const popup = await h.openExtensionPage('popup');
    opened.push(popup);
    await popup.getByRole('heading', { name: 'Action Center Companion' }).waitFor();
    await until(() => popup.getByText('quick controls are off', { exact: false }).count(), (n) => n === 0, 'no notice');
  });
});
