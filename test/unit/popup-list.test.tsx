/**
 * The popup's list: filters and counts, search, sort, keyboard, windowing of long lists.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecisionRequest, SyncState } from '@/utils/actions/types';
import { DEFAULT_SETTINGS, saveSettings } from '@/utils/settings';
import { App } from '@/entrypoints/popup/App';
import { createPopupStore } from '@/entrypoints/popup/store';
import { parseItem } from '@/utils/portal/contract';
import type { Action } from '@/utils/actions/model';
import defaultScenario from '../fake-portal/scenarios/default';
import { makeAction } from './support/actions';

const bg = vi.hoisted(() => ({
  state: null as unknown,
  calls: [] as { name: string; payload: unknown }[],
}));

vi.mock('@/utils/messages', () => ({
  request: (name: string, payload: unknown) => {
    bg.calls.push({ name, payload });
    if (name === 'refresh' || name === 'getState') return Promise.resolve(bg.state);
    if (name === 'decide') {
      const req = payload as DecisionRequest;
      return Promise.resolve({
        error: null,
        results: req.actionIds.map((actionId) => ({ actionId, outcome: 'applied', decidedBy: null, message: 'Done', error: null })),
      });
    }
    return Promise.resolve(null);
  },
  onBroadcast: () => () => undefined,
}));
vi.mock('@/utils/store/queries', () => ({ loadSyncState: () => Promise.resolve(undefined) }));

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const MIN = 60_000;

const isolate = makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device', entityType: 'Machine', entityName: 'ws-berlin', investigationId: '1234', approvalId: '5001', createdAt: NOW - 30 * MIN });
const scan = makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityType: 'Machine', entityName: 'srv-sql', investigationId: '1234', approvalId: '5002', createdAt: NOW - 2 * 60 * MIN });
const mail = makeAction({ type: 'SoftDelete', typeLabel: 'Soft delete email messages or clusters', entityType: 'MailMessage', entityName: 'Invoice overdue', investigationId: '777', approvalId: '6001', createdAt: NOW - 5 * 60 * MIN });
const url = makeAction({ type: 'BlockUrl', typeLabel: 'Block URL (time-of-click)', entityType: 'Url', entityName: 'evil.example', investigationId: '888', approvalId: '7001', createdAt: NOW - 30 * 60 * MIN });

function state(pending = [isolate, scan, mail, url]): SyncState {
  return { cloud: 'commercial', pending, error: null, lastSuccessAt: NOW, lastAttemptAt: NOW, nextPollAt: null, polling: false, refusedScopes: [], skippedItems: 0 };
}

async function renderPopup(pending = [isolate, scan, mail, url]) {
  bg.state = state(pending);
  const store = createPopupStore(() => NOW);
  const utils = render(<App store={store} />);
  await screen.findAllByRole('row');
  return { ...utils, store };
}

function rowNames(): string[] {
  return screen
    .getAllByRole('row')
    .filter((li) => li.dataset.rowKey)
    .map((li) => li.getAttribute('aria-label') ?? '');
}

beforeEach(() => {
  bg.calls = [];
});
afterEach(cleanup);

describe('filters', () => {
  it('filter by action type, entity type and age, with counts that follow', async () => {
    await renderPopup();
    expect(screen.getByText('4 pending')).toBeTruthy();
    const entity = screen.getByRole('combobox', { name: 'Entity type' }) as HTMLSelectElement;
    expect([...entity.options].map((o) => o.text)).toEqual(['All entities', 'Device (2)', 'Email (1)', 'URL (1)']);
    fireEvent.change(entity, { target: { value: 'machine' } });
    expect(screen.getByText(/Showing 2 of 4/)).toBeTruthy();
    expect(rowNames()).toEqual(['Investigation 1234, 2 pending', 'Isolate device on ws-berlin, Device, Containment, 30 min old, investigation 1234', 'Run antivirus scan on srv-sql, Device, 2 h old, investigation 1234']);
    // The other filters' counts now only count machines.
    const age = screen.getByRole('combobox', { name: 'Age' }) as HTMLSelectElement;
    expect([...age.options].map((o) => o.text)).toEqual(['Any age (2)', 'Older than 1 hr (1)', 'Older than 4 hr (0)', 'Older than 24 hr (0)']);
    fireEvent.change(age, { target: { value: 'gt1h' } });
    expect(rowNames()).toEqual(['Investigation 1234, 1 pending', 'Run antivirus scan on srv-sql, Device, 2 h old, investigation 1234']);
    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    expect(screen.getByText('4 pending')).toBeTruthy();

    const type = screen.getByRole('combobox', { name: 'Action type' }) as HTMLSelectElement;
    fireEvent.change(type, { target: { value: 'BlockUrl' } });
    expect(rowNames()).toEqual(['Investigation 888, 1 pending', 'Block URL (time-of-click) on evil.example, URL, 30 h old, investigation 888']);
  });

  it('search matches entity, investigation id, approval id and type', async () => {
    await renderPopup();
    const search = screen.getByRole('searchbox', { name: 'Search pending actions' });
    fireEvent.input(search, { target: { value: 'berlin' } });
    expect(rowNames()).toEqual(['Investigation 1234, 1 pending', 'Isolate device on ws-berlin, Device, Containment, 30 min old, investigation 1234']);
    fireEvent.input(search, { target: { value: '777' } });
    expect(rowNames()[1]).toBe('Soft delete email messages or clusters on Invoice overdue, Email, 5 h old, investigation 777');
    fireEvent.input(search, { target: { value: '5002' } });
    expect(rowNames()[1]).toBe('Run antivirus scan on srv-sql, Device, 2 h old, investigation 1234');
    fireEvent.input(search, { target: { value: 'antivirus' } });
    expect(screen.getByText(/Showing 1 of 4/)).toBeTruthy();
    fireEvent.input(search, { target: { value: 'nothing-like-this' } });
    expect(screen.getByText('No actions match the filters')).toBeTruthy();
    fireEvent.keyDown(search, { key: 'Escape' });
    expect((search as HTMLInputElement).value).toBe('');
    expect(screen.getByText('4 pending')).toBeTruthy();
  });

  it('sorts newest or oldest first', async () => {
    await renderPopup();
    const groups = () => rowNames().filter((n) => n.startsWith('Investigation'));
    expect(groups()).toEqual(['Investigation 1234, 2 pending', 'Investigation 777, 1 pending', 'Investigation 888, 1 pending']);
    fireEvent.click(screen.getByRole('button', { name: /^Sort: newest first/ }));
    expect(groups()).toEqual(['Investigation 888, 1 pending', 'Investigation 777, 1 pending', 'Investigation 1234, 2 pending']);
    expect(screen.getByRole('button', { name: /^Sort: oldest first/ })).toBeTruthy();
  });
});

describe('keyboard', () => {
  it('/ focuses the search', async () => {
    await renderPopup();
    fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(screen.getByRole('searchbox'));
  });

  it('arrows move between rows, Space selects, Enter opens, A and R decide', async () => {
    const { store } = await renderPopup();
    await waitFor(() => expect(store.settings.value).toEqual(DEFAULT_SETTINGS));
    const first = screen.getByRole('row', { name: 'Investigation 1234, 2 pending' });
    expect(first.tabIndex).toBe(0);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    const row = screen.getByRole('row', { name: 'Isolate device on ws-berlin, Device, Containment, 30 min old, investigation 1234' });
    expect(document.activeElement).toBe(row);
    expect(row.tabIndex).toBe(0);
    expect(first.tabIndex).toBe(-1);
    // Only the focused row's controls are in the tab order.
    expect(within(row).getByRole('button', { name: 'Approve Isolate device on ws-berlin' }).tabIndex).toBe(0);
    expect(screen.getByRole('button', { name: 'Approve Run antivirus scan on srv-sql' }).tabIndex).toBe(-1);

    fireEvent.keyDown(row, { key: ' ' });
    expect(screen.getByText('1 selected')).toBeTruthy();
    fireEvent.keyDown(row, { key: ' ' });
    expect(screen.getByText('0 selected')).toBeTruthy();

    fireEvent.keyDown(row, { key: 'Enter' });
    expect(bg.calls.filter((c) => c.name === 'openInPortal').map((c) => c.payload)).toEqual([{ actionId: isolate.id }]);

    fireEvent.keyDown(row, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Run antivirus scan on srv-sql, Device, 2 h old, investigation 1234');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(row);

    // A approves through the same confirmation.
    fireEvent.keyDown(row, { key: 'a' });
    expect(screen.getByRole('dialog', { name: 'Approve 1 action?' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Comment (optional)'));
    // Keys that still reach the list while the dialog is open do nothing there.
    fireEvent.keyDown(row, { key: ' ' });
    fireEvent.keyDown(row, { key: 'ArrowDown' });
    expect(screen.getByText('0 selected')).toBeTruthy();
    fireEvent.keyDown(screen.getByLabelText('Comment (optional)'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(row);
    // R rejects.
    fireEvent.keyDown(row, { key: 'r' });
    expect(screen.getByRole('dialog', { name: 'Reject 1 action?' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    // Space on a group header selects the investigation; End goes to the last row.
    first.focus();
    fireEvent.keyDown(first, { key: ' ' });
    expect(screen.getByText('2 selected')).toBeTruthy();
    fireEvent.keyDown(first, { key: 'End' });
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Block URL (time-of-click) on evil.example, URL, 30 h old, investigation 888');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(first);
    expect(bg.calls.filter((c) => c.name === 'decide')).toHaveLength(0);
  });

  it('does not take keys from the search box', async () => {
    await renderPopup();
    const search = screen.getByRole('searchbox');
    search.focus();
    fireEvent.keyDown(search, { key: 'a' });
    fireEvent.keyDown(search, { key: '/' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('long lists', () => {
  it('renders only the rows in view for 1,000 actions and keeps focus while moving', async () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      makeAction({ investigationId: String(100 + (i % 50)), entityName: `host-${i}`, createdAt: NOW - i * MIN }),
    );
    const { container } = await renderPopup(many);
    const list = container.querySelector('.acc-list') as HTMLElement;
    expect(list.dataset.windowed).toBe('true');
    const rendered = screen.getAllByRole('row').filter((li) => li.dataset.rowKey);
    expect(rendered.length).toBeLessThan(40);
    expect(screen.getByRole('treegrid').getAttribute('aria-rowcount')).toBe('1050');
    // Scrolling renders the rows at the new position.
    await act(async () => {
      list.scrollTop = 30_000;
      fireEvent.scroll(list);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    });
    const after = screen.getAllByRole('row').filter((li) => li.dataset.rowKey);
    expect(Number(after[0]?.getAttribute('aria-rowindex'))).toBeGreaterThan(350);
    expect(after.length).toBeLessThan(45);
    // End moves focus to the last row, rendering it.
    const firstRow = container.querySelector<HTMLElement>('[data-row-key]')!;
    firstRow.focus();
    fireEvent.keyDown(firstRow, { key: 'End' });
    expect(document.activeElement?.getAttribute('aria-rowindex')).toBe('1050');
  });

  it('renders every row in normal flow for short lists', async () => {
    const { container } = await renderPopup();
    expect((container.querySelector('.acc-list') as HTMLElement).dataset.windowed).toBe('false');
    expect(rowNames()).toHaveLength(7);
  });
});

describe('settings', () => {
  it('offers no Approve or Reject on an action past its 7-day expiry, which the portal counts as rejected', async () => {
    const expired = makeAction({ type: 'IsolateResponse', typeLabel: 'Isolate device', entityType: 'Machine', entityName: 'ws-expired', investigationId: '1234', approvalId: '5009', createdAt: NOW - 7 * 24 * 60 * MIN - MIN });
    await renderPopup([isolate, expired]);
    expect((screen.getByRole('button', { name: 'Approve Isolate device on ws-expired' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Reject Isolate device on ws-expired' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Approve Isolate device on ws-berlin' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('skips the confirmation when confirmApprove is off (and no comment is required)', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, confirmApprove: false, confirmDestructive: false });
    const { store } = await renderPopup();
    await waitFor(() => expect(store.settings.value.confirmApprove).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(bg.calls.filter((c) => c.name === 'decide')).toHaveLength(1));
  });

  it('asks for a comment on approve when requireApproveComment is on, even without confirmApprove', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, confirmApprove: false, requireApproveComment: true });
    const { store } = await renderPopup();
    await waitFor(() => expect(store.settings.value.requireApproveComment).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    expect(screen.getByLabelText('Comment (required)')).toBeTruthy();
  });
});

describe('issue 19: long names', () => {
  it('keeps the end of a long entity name apart from the part that may be cut (middle ellipsis); the whole name is read', async () => {
    const long = makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityName: 'workstation-finance-frankfurt-0042', investigationId: '1234', createdAt: NOW - MIN });
    await renderPopup([long]);
    const row = await screen.findByRole('row', { name: /^Run antivirus scan on workstation-finance-frankfurt-0042/ });
    const tail = row.querySelector('.acc-middle__tail');
    expect(tail?.textContent).toBe('kfurt-0042');
    expect(row.querySelector('.acc-middle')?.textContent).toBe('workstation-finance-frankfurt-0042');
  });
});

describe('issue 19: PageDown and PageUp', () => {
  it('move focus by a page of rows, so the focused row stays in view', async () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', investigationId: '100', entityName: `host-${i}`, createdAt: NOW - i * MIN }),
    );
    const { container } = await renderPopup(many);
    const first = container.querySelector<HTMLElement>('[data-row-key]')!;
    first.focus();
    fireEvent.keyDown(first, { key: 'PageDown' });
    // No layout in the test DOM: the list's default height (420 px) holds 5 rows of 78 px; a page keeps one in view.
    expect(document.activeElement?.getAttribute('aria-rowindex')).toBe('5');
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(document.activeElement?.getAttribute('aria-rowindex')).toBe('9');
    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    expect(document.activeElement?.getAttribute('aria-rowindex')).toBe('5');
  });
});

describe('issue 19 item 2: a treegrid screen readers understand', () => {
  it('is a multiselectable treegrid of investigation rows (level 1) and action rows (level 2), controls in gridcells', async () => {
    await renderPopup();
    const grid = screen.getByRole('treegrid', { name: 'Pending actions by investigation' });
    expect(grid.getAttribute('aria-multiselectable')).toBe('true');
    expect(grid.getAttribute('aria-rowcount')).toBe('7');
    const rows = within(grid).getAllByRole('row');
    expect(rows.map((r) => r.getAttribute('aria-level'))).toEqual(['1', '2', '2', '1', '2', '1', '2']);
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    // Every row child is a gridcell: nothing interactive sits directly in a row.
    for (const row of rows) for (const child of row.children) expect(child.getAttribute('role'), row.getAttribute('aria-label') ?? '').toBe('gridcell');
    expect(within(rows[1]!).getByRole('button', { name: 'Approve Isolate device on ws-berlin' }).closest('[role="gridcell"]')).toBeTruthy();
  });

  it('exposes selection with aria-selected, following Space, the checkbox and the group\'s checkbox', async () => {
    await renderPopup();
    const row = screen.getByRole('row', { name: /^Isolate device on ws-berlin/ });
    const group = screen.getByRole('row', { name: 'Investigation 1234, 2 pending' });
    expect(row.getAttribute('aria-selected')).toBe('false');
    row.focus();
    fireEvent.keyDown(row, { key: ' ' });
    expect(row.getAttribute('aria-selected')).toBe('true');
    expect(group.getAttribute('aria-selected')).toBe('false');
    fireEvent.click(within(row).getByRole('checkbox'));
    expect(row.getAttribute('aria-selected')).toBe('false');
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Select all 2 actions in investigation 1234' }));
    expect(group.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('row', { name: /^Run antivirus scan on srv-sql/ }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('row', { name: /^Block URL/ }).getAttribute('aria-selected')).toBe('false');
  });

  it('names each action row with its type, entity, age and investigation', async () => {
    await renderPopup();
    const names = rowNames().filter((n) => !n.startsWith('Investigation'));
    expect(names).toContain('Soft delete email messages or clusters on Invoice overdue, Email, 5 h old, investigation 777');
    for (const name of names) expect(name).toMatch(/, \d+ (s|min|h|d) old, investigation \d+$/);
  });

  it('offers the single-key shortcuts on the rows only, and says so once on the grid', async () => {
    await renderPopup();
    const grid = screen.getByRole('treegrid');
    const help = document.getElementById(grid.getAttribute('aria-describedby') ?? '');
    expect(help?.textContent).toMatch(/in this list.*Space selects, A approves, R rejects/);
    const row = screen.getByRole('row', { name: /^Isolate device on ws-berlin/ });
    expect(row.getAttribute('aria-keyshortcuts')).toContain('A R');
    expect(screen.getByRole('row', { name: 'Investigation 1234, 2 pending' }).getAttribute('aria-keyshortcuts')).not.toContain(' A ');
  });

  it('Right arrow enters a row\'s controls and moves along them; Left goes back, then to the row', async () => {
    await renderPopup();
    const row = screen.getByRole('row', { name: /^Isolate device on ws-berlin/ });
    row.focus();
    fireEvent.keyDown(row, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(within(row).getByRole('checkbox'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(within(row).getByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(row);
    // From a control, Up and Down still move between rows.
    fireEvent.keyDown(row, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('row', { name: /^Run antivirus scan on srv-sql/ }));
  });
});

/** The default scenario's items through the contract, as the background stores them. */
function portalActions(filter: (raw: ReturnType<typeof defaultScenario>['pending'][number]) => boolean): Action[] {
  const now = NOW;
  return defaultScenario(now)
    .pending.filter(filter)
    .map((raw) => {
      const parsed = parseItem({ ...raw, InvestigationTitle: 'Email messages containing malicious URL removed after delivery' });
      if (!parsed.ok) throw new Error(parsed.problem.message);
      return parsed.value;
    });
}

describe('issue 19 item 14: a second line that tells actions apart', () => {
  it('two "Soft delete" emails with the same subject differ by sender/recipient on the second line and in their names', async () => {
    const mails = portalActions((raw) => raw.ActionType === 'SoftDeleteEmailResponse' && String(raw.Subject).startsWith('Overdue'));
    expect(mails).toHaveLength(2);
    await renderPopup(mails);
    const rows = screen.getAllByRole('row').filter((r) => r.getAttribute('aria-level') === '2');
    expect(rows).toHaveLength(2);
    const lines = rows.map((r) => r.querySelector('.acc-row__detail')?.textContent ?? '');
    expect(lines[0]).not.toBe(lines[1]);
    for (const line of lines) expect(line).toMatch(/^From billing@contoso-payments\.example\s*·\s*To [a-z.]+@contoso\.example\s*·\s*Approval ID 1025\d$/);
    expect(new Set(rows.map((r) => r.getAttribute('aria-label'))).size).toBe(2);
    expect(rows[0]?.getAttribute("aria-label")).toMatch(/, From billing@contoso-payments\.example, To [a-z.]+@contoso\.example, Approval ID 1025\d, \d h old, investigation 1290$/);
    // The investigation's title is on the group row (its description), not repeated on each action.
    const group = screen.getByRole('row', { name: 'Investigation 1290, 2 pending' });
    expect(document.getElementById(group.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Email messages containing malicious URL removed after delivery');
    expect(lines[0]).not.toContain('malicious URL');
  });

  it('keeps the distinguishing end of a long path visible (middle ellipsis) and the whole path readable', async () => {
    const long = makeAction({
      type: 'QuarantineFileResponse', typeLabel: 'Quarantine a file', entityType: 'File', entityName: 'x.dll', investigationId: '1',
      distinguishing: [{ kind: 'host', value: 'WS-1' }, { kind: 'path', value: 'C:\\ProgramData\\Very\\Long\\Folder\\Name\\copy-0042\\x.dll' }],
      createdAt: NOW - MIN,
    });
    await renderPopup([long]);
    const row = screen.getByRole('row', { name: /^Quarantine a file on x\.dll/ });
    const path = row.querySelector('.acc-detail--path');
    expect(path?.querySelector('.acc-middle__tail')?.textContent).toBe('0042\\x.dll');
    expect(path?.querySelector('.acc-middle')?.textContent).toBe('C:\\ProgramData\\Very\\Long\\Folder\\Name\\copy-0042\\x.dll');
    expect(row.getAttribute('aria-label')).toContain('Path C:\\ProgramData\\Very\\Long\\Folder\\Name\\copy-0042\\x.dll');
  });
});
