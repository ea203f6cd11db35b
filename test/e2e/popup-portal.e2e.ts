/**
 * The toolbar popup of the built extension against the fake portal: it lists the portal's pending actions grouped
 * by investigation, a bulk approval of one investigation reaches the portal as exactly those decisions, and the
 * signed-out and forbidden states show as the analyst needs them.
 *
 * A decision refused for the role blocks only that kind of action, says which role is missing, and lasts until the
 * next good read (here the analyst's "Check again").
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { impactOf, type Action } from '../../utils/actions/model';
import { ERROR_HEADLINES } from '../../utils/portal/errors';
import type { FakePortal } from '../fake-portal/server';
import type { Harness } from './harness';
import { ask, axeViolations, escapeRegExp, launchSignedIn, resetSettings, until, WAIT } from './helpers';

interface AxNode {
  role?: { value: string };
  name?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
}

let h: Harness;
let fake: FakePortal;
let surface: Page;
let opened: Page[] = [];

beforeAll(async () => {
  ({ h, fake, surface } = await launchSignedIn({ scenario: 'default', viewport: { width: 560, height: 600 } }));
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  fake.reset();
  await resetSettings(h);
});

afterEach(async () => {
  await Promise.all(opened.map((p) => p.close()));
  opened = [];
});

/** Tells the background about the fresh portal data and returns its actions. */
async function refreshed(): Promise<Action[]> {
  const state = await ask(surface, 'refresh', { reason: 'user' });
  expect(state.error).toBeNull();
  return [...state.pending];
}

async function openPopup(): Promise<Page> {
  const popup = await h.openExtensionPage('popup');
  opened.push(popup);
  await popup.getByRole('heading', { name: 'Action Center Companion' }).waitFor();
  return popup;
}

const actionName = (a: Action) => `${a.typeLabel} on ${a.entityName}`;
const groupLabel = (investigationId: string | null, n: number) =>
  `${investigationId ? `Investigation ${investigationId}` : 'No investigation'}, ${n} pending`;

function byInvestigation(actions: readonly Action[]): Map<string | null, Action[]> {
  const groups = new Map<string | null, Action[]>();
  for (const a of actions) groups.set(a.investigationId, [...(groups.get(a.investigationId) ?? []), a]);
  return groups;
}

describe('popup with the portal', () => {
  it('lists the portal’s pending actions grouped by investigation', async () => {
    const actions = await refreshed();
    expect(actions).toHaveLength(fake.state().pending.length);
    const popup = await openPopup();
    const list = popup.getByRole('treegrid', { name: 'Pending actions by investigation' });
    await list.waitFor();
    await popup.getByRole('tab', { name: `Pending ${actions.length}`, exact: true }).waitFor();

    const groups = byInvestigation(actions);
    for (const [investigationId, members] of groups) {
      await list.getByRole('row', { name: groupLabel(investigationId, members.length), exact: true }).waitFor();
    }
    // Every action listed once, under its own investigation's header.
    const labels = await list.getByRole('row').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
    const headers = new Map([...groups].map(([id, members]) => [groupLabel(id, members.length), id]));
    let current: string | null | undefined;
    const listed: { label: string; under: string | null | undefined }[] = [];
    for (const label of labels) {
      if (headers.has(label)) current = headers.get(label);
      else listed.push({ label, under: current });
    }
    expect(listed).toHaveLength(actions.length);
    for (const { label, under } of listed) {
      // Row names say what tells rows apart: type, entity, impact, age and investigation.
      const candidates = actions.filter(
        (a) =>
          label.startsWith(`${actionName(a)}, ${a.entityTypeLabel}, `) &&
          label.endsWith(a.investigationId ? `, investigation ${a.investigationId}` : ', no investigation'),
      );
      expect(candidates.length, label).toBeGreaterThan(0);
      expect(candidates.some((a) => a.investigationId === under), `${label} under ${String(under)}`).toBe(true);
    }
    expect(headers.size).toBe(new Set(fake.state().pending.map((a) => a.InvestigationId)).size);
    // The group row carries its investigation's title (from the list answer) as its description.
    const title = fake.state().investigations.find((i) => i.InvestigationId === 1290)!.Title;
    expect(await list.getByRole('row', { name: groupLabel('1290', groups.get('1290')!.length), exact: true }).getAttribute('aria-describedby')).toBeTruthy();
    await list.getByRole('gridcell', { name: title, exact: true }).waitFor();
    // Two soft deletes of one phishing email: same subject, told apart by the recipient on their second line.
    const copies = actions.filter((a) => a.type === 'SoftDeleteEmailResponse' && a.entityName.startsWith('Overdue invoice'));
    expect(copies).toHaveLength(2);
    const lines = await Promise.all(
      copies.map((a) => list.getByRole('row', { name: new RegExp(`^${escapeRegExp(actionName(a))}, .*Approval ID ${a.approvalId},`) }).locator('.acc-row__detail').textContent()),
    );
    expect(lines[0]).toContain('From billing@contoso-payments.example');
    expect(lines[0]).not.toBe(lines[1]);
  });

  it('1,000 pending: an axe-clean treegrid whose rows the browser exposes as selectable, with selection state', async () => {
    fake.reset('many');
    const actions = await refreshed();
    expect(actions.length).toBe(1000);
    const popup = await openPopup();
    const grid = popup.getByRole('treegrid', { name: 'Pending actions by investigation' });
    await grid.waitFor();
    await until(async () => Number(await grid.getAttribute('aria-rowcount')), (n) => n > 1000, 'all 1,000 actions listed');
    for (const colorScheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme });
      expect(await axeViolations(popup), `pending, 1,000 actions, ${colorScheme}`).toEqual([]);
    }

    // Select the first action row with Space, as a keyboard or screen-reader user would.
    const first = grid.locator('[role="row"][aria-level="2"]').first();
    await first.focus();
    await popup.keyboard.press('Space');
    await popup.getByText('1 selected').waitFor();
    const name = (await first.getAttribute('aria-label'))!;
    // The browser's own accessibility tree (not our attributes): a treegrid, rows with a selected state, the row's name.
    const cdp = await popup.context().newCDPSession(popup);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    await cdp.detach();
    expect(nodes.some((n) => n.role?.value === 'treegrid')).toBe(true);
    const rows = nodes.filter((n) => n.role?.value === 'row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60); // windowed
    const selected = (n: AxNode) => n.properties?.find((p) => p.name === 'selected')?.value.value;
    const row = rows.find((n) => n.name?.value === name);
    expect(row, name).toBeDefined();
    expect(selected(row!)).toBe(true);
    expect(rows.filter((n) => selected(n) === false).length).toBeGreaterThan(3);
    expect(name).toMatch(/, \d+ (s|min|h|d) old, (investigation \d+|no investigation)$/);
  });

  it('bulk-approves one investigation: the portal receives exactly those decisions', async () => {
    const actions = await refreshed();
    const investigationId = '1290';
    const chosen = actions.filter((a) => a.investigationId === investigationId);
    expect(chosen.length).toBeGreaterThan(1);
    const others = fake.state().pending.filter((a) => String(a.InvestigationId) !== investigationId).map((a) => a.ActionId);

    const popup = await openPopup();
    await popup.getByRole('checkbox', { name: `Select all ${chosen.length} actions in investigation ${investigationId}`, exact: true }).check();
    await popup.getByRole('button', { name: `Approve ${chosen.length} selected`, exact: true }).click();
    const dialog = popup.getByRole('dialog', { name: `Approve ${chosen.length} actions?` });
    const listed = await dialog.getByRole('list', { name: 'Actions to approve' }).getByRole('listitem').count();
    expect(listed).toBe(chosen.length);
    // A bulk that includes containment or destructive types asks for a second, explicit yes.
    const review = dialog.getByRole('checkbox', { name: /^I have reviewed these/ });
    expect(await review.count()).toBe(chosen.some((a) => impactOf(a) !== null) ? 1 : 0);
    if ((await review.count()) > 0) await review.check();
    await dialog.getByRole('button', { name: `Approve ${chosen.length} actions`, exact: true }).click();

    await popup.getByText(`${chosen.length} decisions applied`, { exact: true }).waitFor();
    const decisions = fake.decisions();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ decision: 'Approve', headersOk: true, status: 200 });
    expect([...(decisions[0]!.actionIds ?? [])].sort()).toEqual(chosen.map((a) => a.id).sort());
    expect(fake.state().pending.map((a) => a.ActionId).sort()).toEqual([...others].sort());

    await until(
      () => popup.getByRole('row', { name: new RegExp(`^Investigation ${investigationId},`) }).count(),
      (n) => n === 0,
      'the investigation left the list',
    );
    await popup.getByRole('tab', { name: `Pending ${others.length}`, exact: true }).waitFor();
  });

  it('opens an action in the portal tab the analyst already has, not a new one', async () => {
    const actions = await refreshed();
    const target = actions.find((a) => a.investigationId !== null)!;
    const portalTab = await h.openPortal('/action-center/pending');
    opened.push(portalTab);
    const portalTabs = () => h.context.pages().filter((p) => p.url().startsWith('https://security.microsoft.com/'));
    expect(portalTabs()).toHaveLength(1);
    const popup = await openPopup();
    await popup.getByRole('button', { name: `Open ${actionName(target)} in the portal` }).click();
    await expect.poll(() => portalTab.url(), WAIT).toBe(`https://security.microsoft.com/investigation/${target.investigationId}`);
    expect(portalTabs()).toHaveLength(1);
  });

  it('leaves a portal tab that shows other work (an incident) as it is and opens the action in a new tab', async () => {
    const actions = await refreshed();
    const target = actions.find((a) => a.investigationId !== null)!;
    const busyTab = await h.openPortal('/incidents/4411', { waitForReady: false });
    opened.push(busyTab);
    const portalTabs = () => h.context.pages().filter((p) => p.url().startsWith('https://security.microsoft.com/'));
    const before = portalTabs().length;
    const popup = await openPopup();
    await popup.getByRole('button', { name: `Open ${actionName(target)} in the portal` }).click();
    await expect.poll(() => portalTabs().length, WAIT).toBe(before + 1);
    expect(busyTab.url()).toBe('https://security.microsoft.com/incidents/4411');
    const fresh = portalTabs().find((p) => p !== busyTab)!;
    opened.push(fresh);
    await expect.poll(() => fresh.url(), WAIT).toBe(`https://security.microsoft.com/investigation/${target.investigationId}`);
  });

  it('shows the signed-out state and offers no decision', async () => {
    const actions = await refreshed();
    fake.signOut();
    // The next poll finds the session gone (a popup opening within 15 s of a good poll does not poll again).
    expect((await ask(surface, 'refresh', { reason: 'user' })).error?.kind).toBe('SignedOut');
    const popup = await openPopup();
    await popup.getByRole('alert').filter({ hasText: ERROR_HEADLINES.SignedOut }).waitFor();
    await popup.getByRole('button', { name: 'Sign in to the portal' }).waitFor();
    // The last known list stays readable, its decisions off.
    const approve = popup.getByRole('button', { name: `Approve ${actionName(actions[0]!)}`, exact: true });
    await approve.waitFor();
    expect(await approve.isDisabled()).toBe(true);
    expect(fake.decisions()).toEqual([]);
    // The popup's own refresh (signed out) must end inside this test: the next test's refresh would join that
    // single-flight poll and read "signed out" after the fake portal was reset (seen once under load).
    await until(() => popup.locator('.acc-updated').textContent(), (t) => !/Refreshing/.test(t ?? ''), 'the popup’s refresh ended');
  });

  it('shows the forbidden state when the portal refuses the list for the role', async () => {
    await refreshed();
    fake.setFault({ route: 'pending', kind: 'status', status: 403 });
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await popup.getByRole('status').filter({ hasText: ERROR_HEADLINES.Forbidden }).waitFor();
    expect(await popup.getByRole('alert').filter({ hasText: ERROR_HEADLINES.SignedOut }).count()).toBe(0);
  });

  it('shows the forbidden state when the portal refuses a decision for the role, and sends nothing more', async () => {
    const actions = await refreshed();
    const target = actions[0]!;
    fake.setFault({ route: 'decision', kind: 'status', status: 403 });
    const popup = await openPopup();
    await popup.getByRole('button', { name: `Approve ${actionName(target)}`, exact: true }).click();
    const dialog = popup.getByRole('dialog', { name: 'Approve 1 action?' });
    await dialog.getByRole('button', { name: 'Approve 1 action', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: ERROR_HEADLINES.Forbidden }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await popup.getByRole('status').filter({ hasText: ERROR_HEADLINES.Forbidden }).waitFor();
    const approve = popup.getByRole('button', { name: `Approve ${actionName(target)}`, exact: true });
    await until(() => approve.isDisabled(), (d) => d, 'Approve is off');
    expect(await popup.locator(`#${await approve.getAttribute('aria-describedby')}`).textContent()).toMatch(
      /"Search and Purge"|"Active remediation actions"/,
    );
    expect(fake.decisions()).toHaveLength(1);
    expect(fake.decisions()[0]).toMatchObject({ actionIds: [target.id], status: 403 });
    expect(fake.state().pending.some((a) => a.ActionId === target.id)).toBe(true);

    // An explicit retry is a good read: the block is lifted (the role may have been granted meanwhile).
    await popup.getByRole('button', { name: 'Check again' }).click();
    await until(() => approve.isDisabled(), (d) => !d, 'Approve is offered again');
    expect(fake.decisions()).toHaveLength(1);
  });
});
