/**
 * The popup's list: filters and counts, search, sort, keyboard, windowing of long lists.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecisionRequest, SyncState } from '@/utils/actions/types';
import { DEFAULT_SETTINGS, saveSettings } from '@/utils/settings';
import { App } from '@/entrypoints/popup/App';
import { createPopupStore } from '@/entrypoints/popup/store';
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
  await screen.findAllByRole('listitem');
  return { ...utils, store };
}

function rowNames(): string[] {
  return screen
    .getAllByRole('listitem')
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
    expect([...age.options].map((o) => o.text)).toEqual(['Any age (2)', 'Older than 1 h (1)', 'Older than 4 h (0)', 'Older than 24 h (0)']);
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
    const first = screen.getByRole('listitem', { name: 'Investigation 1234, 2 pending' });
    expect(first.tabIndex).toBe(0);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    const row = screen.getByRole('listitem', { name: 'Isolate device on ws-berlin, Device, Containment, 30 min old, investigation 1234' });
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
    const rendered = screen.getAllByRole('listitem').filter((li) => li.dataset.rowKey);
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]?.getAttribute('aria-setsize')).toBe('1050');
    // Scrolling renders the rows at the new position.
    await act(async () => {
      list.scrollTop = 30_000;
      fireEvent.scroll(list);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    });
    const after = screen.getAllByRole('listitem').filter((li) => li.dataset.rowKey);
    expect(Number(after[0]?.getAttribute('aria-posinset'))).toBeGreaterThan(400);
    expect(after.length).toBeLessThan(45);
    // End moves focus to the last row, rendering it.
    const firstRow = container.querySelector<HTMLElement>('[data-row-key]')!;
    firstRow.focus();
    fireEvent.keyDown(firstRow, { key: 'End' });
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1050');
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
    const row = await screen.findByRole('listitem', { name: /^Run antivirus scan on workstation-finance-frankfurt-0042/ });
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
    // No layout in the test DOM: the list's default height (420 px) holds 7 rows of 60 px; a page keeps one in view.
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('7');
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('13');
    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('7');
  });
});
