/**
 * The popup against a simulated background (utils/messages mocked): every state, decisions and their results.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Action } from '@/utils/actions/model';
import type { DecisionReport, DecisionRequest, SyncState } from '@/utils/actions/types';
import type { BroadcastMap, RequestMap, RequestName } from '@/utils/messages';
import { ERROR_HEADLINES, portalError } from '@/utils/portal/errors';
import { DEFAULT_SETTINGS, saveSettings, type Settings } from '@/utils/settings';
import { App } from '@/entrypoints/popup/App';
import { createPopupStore } from '@/entrypoints/popup/store';
import { decisionReport, makeAction, makeSyncState } from './support/actions';

type Handler<N extends RequestName> = (payload: RequestMap[N]['request']) => Promise<RequestMap[N]['response']>;

const bg = vi.hoisted(() => ({
  handlers: {} as Record<string, (payload: unknown) => Promise<unknown>>,
  calls: [] as { name: string; payload: unknown }[],
  listeners: new Map<string, Set<(payload: unknown) => void>>(),
  cached: undefined as unknown,
}));

vi.mock('@/utils/messages', () => ({
  request: (name: string, payload: unknown) => {
    bg.calls.push({ name, payload });
    const handler = bg.handlers[name];
    return handler ? handler(payload) : Promise.reject(new Error(`no handler for ${name}`));
  },
  onBroadcast: (name: string, listener: (payload: unknown) => void) => {
    const set = bg.listeners.get(name) ?? new Set();
    set.add(listener);
    bg.listeners.set(name, set);
    return () => set.delete(listener);
  },
}));

vi.mock('@/utils/store/queries', () => ({
  loadSyncState: () => Promise.resolve(bg.cached),
}));

function on<N extends RequestName>(name: N, handler: Handler<N>) {
  bg.handlers[name] = handler as (payload: unknown) => Promise<unknown>;
}

function emit<N extends keyof BroadcastMap>(name: N, payload: BroadcastMap[N]) {
  act(() => bg.listeners.get(name)?.forEach((l) => l(payload)));
}

function calls(name: RequestName) {
  return bg.calls.filter((c) => c.name === name).map((c) => c.payload);
}

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const MIN = 60_000;

function syncState(overrides: Partial<SyncState> = {}): SyncState {
  return makeSyncState(NOW, overrides);
}

const a1 = makeAction({ typeLabel: 'Isolate device', entityName: 'ws-berlin', entityType: 'Machine', investigationId: '1234', createdAt: NOW - 3 * 60 * MIN });
const a2 = makeAction({ typeLabel: 'Run antivirus scan', type: 'AntivirusScanResponse', entityName: 'srv-sql', entityType: 'Machine', investigationId: '1234', createdAt: NOW - 10 * MIN });
const a3 = makeAction({ typeLabel: 'Soft delete email messages or clusters', type: 'SoftDelete', entityName: 'Invoice overdue', entityType: 'MailMessage', investigationId: '777', createdAt: NOW - 30 * 60 * MIN });

function applied(req: Pick<DecisionRequest, 'actionIds'>): DecisionReport {
  return {
    error: null,
    results: req.actionIds.map((actionId) => ({ actionId, outcome: 'applied', decidedBy: 'ana@contoso.com', message: 'Approved', error: null })),
  };
}

async function renderPopup(opts: { state?: SyncState; cached?: SyncState; settings?: Partial<Settings> } = {}) {
  if (opts.settings) await saveSettings({ ...DEFAULT_SETTINGS, ...opts.settings });
  bg.cached = opts.cached;
  if (opts.state) {
    const state = opts.state;
    on('refresh', async () => state);
    on('getState', async () => state);
  }
  const store = createPopupStore(() => NOW);
  const utils = render(<App store={store} />);
  return { ...utils, store };
}

async function noAxeViolations(container: Element) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
}

beforeEach(() => {
  bg.handlers = {};
  bg.calls = [];
  bg.listeners.clear();
  bg.cached = undefined;
  on('openInPortal', async () => null);
  on('listAudit', async () => []);
  on('listHistory', async () => ({ actions: [], error: null }));
});
afterEach(cleanup);

describe('opening', () => {
  it('shows a loading state the first time, then the list', async () => {
    let answer: (s: SyncState) => void = () => undefined;
    on('refresh', () => new Promise((resolve) => (answer = resolve)));
    const { container } = await renderPopup();
    expect(screen.getByText('Loading pending actions…').getAttribute('role')).toBe('status');
    await noAxeViolations(container);
    await act(async () => answer(syncState({ pending: [a1] })));
    expect(await screen.findByText('Isolate device')).toBeTruthy();
    expect(calls('refresh')).toEqual([{ reason: 'popupOpened' }]);
  });

  it('paints from the local store at once, marked with its age, then updates in place', async () => {
    let answer: (s: SyncState) => void = () => undefined;
    on('refresh', () => new Promise((resolve) => (answer = resolve)));
    await renderPopup({ cached: syncState({ pending: [a1], lastSuccessAt: NOW - 5 * MIN }) });
    expect(await screen.findByText('Isolate device')).toBeTruthy();
    expect(screen.getByText('Refreshing…')).toBeTruthy();
    // The background is asked once the cached list is on screen.
    await waitFor(() => expect(calls('refresh')).toHaveLength(1));
    await act(async () => answer(syncState({ pending: [a1, a2], lastSuccessAt: NOW - 40_000 })));
    expect(await screen.findByText('Run antivirus scan')).toBeTruthy();
    expect(screen.getByText('Updated 40 s ago')).toBeTruthy();
  });

  it('does not let a late cache read overwrite the live answer', async () => {
    let cacheAnswer: (s: SyncState) => void = () => undefined;
    bg.cached = undefined;
    const cached = new Promise<SyncState>((resolve) => (cacheAnswer = resolve));
    const queries = await import('@/utils/store/queries');
    vi.spyOn(queries, 'loadSyncState').mockReturnValue(cached);
    on('refresh', async () => syncState({ pending: [a2] }));
    render(<App store={createPopupStore(() => NOW)} />);
    expect(await screen.findByText('Run antivirus scan')).toBeTruthy();
    await act(async () => cacheAnswer(syncState({ pending: [a1] })));
    expect(screen.queryByText('Isolate device')).toBeNull();
  });

  it('follows live updates from the background', async () => {
    await renderPopup({ state: syncState({ pending: [a1] }) });
    await screen.findByText('Isolate device');
    emit('stateChanged', { state: syncState({ pending: [a3] }), diff: { added: [a3.id], decided: [], gone: [a1.id] } });
    expect(screen.getByText('Soft delete email messages or clusters')).toBeTruthy();
    expect(screen.queryByText('Isolate device')).toBeNull();
  });

  it('asks the background once the local store was read, so a waking service worker does not slow that read', async () => {
    let cacheAnswer: (s: SyncState | undefined) => void = () => undefined;
    const queries = await import('@/utils/store/queries');
    vi.spyOn(queries, 'loadSyncState').mockReturnValue(new Promise((resolve) => (cacheAnswer = resolve)));
    on('refresh', async () => syncState({ pending: [a1, a2] }));
    vi.useFakeTimers();
    try {
      const store = createPopupStore(() => NOW);
      store.start();
      await vi.advanceTimersByTimeAsync(10);
      expect(calls('refresh')).toEqual([]);
      expect(store.refreshing.value).toBe(true);
      cacheAnswer(syncState({ pending: [a1] }));
      await vi.advanceTimersByTimeAsync(0);
      expect(store.source.value).toBe('cache');
      // After the frame that painted the cached list.
      await vi.advanceTimersByTimeAsync(50);
      expect(store.source.value).toBe('live');
      expect(calls('refresh')).toEqual([{ reason: 'popupOpened' }]);
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls('refresh')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts the facets once the first list is on screen; until then each select holds what it shows', async () => {
    let cacheAnswer: (s: SyncState | undefined) => void = () => undefined;
    const queries = await import('@/utils/store/queries');
    vi.spyOn(queries, 'loadSyncState').mockReturnValue(new Promise((resolve) => (cacheAnswer = resolve)));
    on('refresh', () => new Promise(() => undefined));
    vi.useFakeTimers();
    try {
      const store = createPopupStore(() => NOW);
      store.start();
      cacheAnswer(syncState({ pending: [a1, a2, a3] }));
      await vi.advanceTimersByTimeAsync(0);
      expect(store.facets.value).toEqual({
        actionTypes: [],
        entityTypes: [],
        ages: [{ value: 'any', label: 'Any age', count: 3 }],
        shown: 3,
        total: 3,
      });
      expect(store.rows.value).toHaveLength(5);
      await vi.advanceTimersByTimeAsync(50);
      expect(store.facets.value.actionTypes.map((o) => o.count)).toEqual([1, 1, 1]);
      expect(store.facets.value.ages.map((o) => o.count)).toEqual([3, 2, 1, 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks the background anyway when the local store does not answer', async () => {
    const queries = await import('@/utils/store/queries');
    vi.spyOn(queries, 'loadSyncState').mockReturnValue(new Promise(() => undefined));
    on('refresh', async () => syncState({ pending: [a1] }));
    vi.useFakeTimers();
    try {
      const store = createPopupStore(() => NOW);
      store.start();
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls('refresh')).toEqual([{ reason: 'popupOpened' }]);
      expect(store.pending.value.map((a) => a.id)).toEqual([a1.id]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('started before the first render (as main.tsx does), reads and subscribes once', async () => {
    on('refresh', async () => syncState({ pending: [a1] }));
    const store = createPopupStore(() => NOW);
    const stop = store.start();
    expect(store.start()).toBe(stop);
    render(<App store={store} />);
    expect(await screen.findByText('Isolate device')).toBeTruthy();
    expect(calls('refresh')).toEqual([{ reason: 'popupOpened' }]);
    expect(bg.listeners.get('stateChanged')?.size).toBe(1);
    stop();
    expect(bg.listeners.get('stateChanged')?.size).toBe(0);
  });

  it('groups by investigation with a count and a portal link', async () => {
    const { container } = await renderPopup({ state: syncState({ pending: [a1, a2, a3] }) });
    await screen.findByText('Investigation 1234');
    const header = screen.getByRole('row', { name: 'Investigation 1234, 2 pending' });
    expect(within(header).getByText('2 actions')).toBeTruthy();
    fireEvent.click(within(header).getByRole('button', { name: 'Open investigation 1234 in the portal' }));
    expect(calls('openInPortal')).toEqual([{ investigationId: '1234' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Open Isolate device on ws-berlin in the portal' }));
    expect(calls('openInPortal')[1]).toEqual({ actionId: a1.id });
    // The age badge speaks its age.
    expect(screen.getByText('Pending for 3 hours')).toBeTruthy();
    await noAxeViolations(container);
  });

  it('says when nothing is pending', async () => {
    const { container } = await renderPopup({ state: syncState({ pending: [] }) });
    expect(await screen.findByText('Nothing pending')).toBeTruthy();
    await noAxeViolations(container);
  });

  it('offers a retry when the background does not answer', async () => {
    on('refresh', async () => {
      throw new Error('Could not establish connection');
    });
    await renderPopup();
    expect(await screen.findByText(/did not answer: Could not establish connection/)).toBeTruthy();
    expect(screen.getByText('No list yet')).toBeTruthy();
    on('refresh', async () => syncState({ pending: [a1] }));
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(await screen.findByText('Isolate device')).toBeTruthy();
    expect(calls('refresh').at(-1)).toEqual({ reason: 'user' });
  });

  it('refreshes on the Refresh button', async () => {
    await renderPopup({ state: syncState({ pending: [a1] }) });
    await screen.findByText('Isolate device');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(calls('refresh')).toEqual([{ reason: 'popupOpened' }, { reason: 'user' }]));
  });
});

describe('error states', () => {
  it('signed out: a button opens the portal to sign in', async () => {
    const { container } = await renderPopup({
      state: syncState({ pending: [], error: portalError('SignedOut', 'Session expired'), lastSuccessAt: null, nextPollAt: null }),
    });
    expect(await screen.findByText('Signed out of the Defender portal')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in to the portal' }));
    expect(calls('openInPortal')).toEqual([{}]);
    expect(screen.queryByText('Nothing pending')).toBeNull();
    await noAxeViolations(container);
  });

  it('a refused email decision blocks email actions only, names the missing role, and a check clears it', async () => {
    const { container } = await renderPopup({ state: syncState({ pending: [a1, a3], refusedScopes: ['email'] }) });
    await screen.findByText('Isolate device');
    expect(screen.getAllByText('Your role cannot approve or reject actions').length).toBeGreaterThan(0);
    const emailApprove = screen.getByRole('button', { name: 'Approve Soft delete email messages or clusters on Invoice overdue' }) as HTMLButtonElement;
    expect(emailApprove.disabled).toBe(true);
    const reasonId = emailApprove.getAttribute('aria-describedby');
    expect(reasonId && document.getElementById(reasonId)?.textContent).toContain('Search and Purge');
    // Device actions need another permission the portal did not refuse: still offered.
    expect((screen.getByRole('button', { name: 'Approve Isolate device on ws-berlin' }) as HTMLButtonElement).disabled).toBe(false);
    await noAxeViolations(container);
    // An explicit retry reads again; the good read clears the block (the background clears it on a good poll).
    on('refresh', async () => syncState({ pending: [a1, a3], refusedScopes: [] }));
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(emailApprove.disabled).toBe(false));
  });

  it('forbidden list: says the portal refused the list and that the one shown may be out of date', async () => {
    const { container } = await renderPopup({
      state: syncState({ pending: [a1], error: portalError('Forbidden', 'HTTP 403'), lastSuccessAt: NOW - 12 * MIN }),
    });
    await screen.findByText('Isolate device');
    const banner = screen.getByRole('region', { name: 'Your role cannot approve or reject actions' });
    expect(banner.textContent).toContain('refused to list pending actions');
    expect(banner.textContent).toContain('from 12 min ago; it may be out of date');
    expect(banner.textContent).not.toContain('You can read the list');
    expect(screen.getByText('· stale', { exact: false })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Approve Isolate device on ws-berlin' }) as HTMLButtonElement).disabled).toBe(true);
    await noAxeViolations(container);
  });

  it.each(['Unavailable', 'RateLimited', 'BadResponse'] as const)('%s: last data stays, marked stale, with the retry time', async (kind) => {
    const { container } = await renderPopup({
      state: syncState({ pending: [a1], error: portalError(kind, 'details'), lastSuccessAt: NOW - 12 * MIN, nextPollAt: NOW + 2 * MIN }),
    });
    await screen.findByText('Isolate device');
    const alert = screen.getByRole('region', { name: ERROR_HEADLINES[kind] });
    expect(screen.getByRole('alert').textContent).toBe(ERROR_HEADLINES[kind]);
    expect(alert.textContent).toContain('Showing the list from 12 min ago');
    expect(alert.textContent).toContain('Next try in 2 min');
    expect(screen.getByText(/stale/)).toBeTruthy();
    on('refresh', async () => syncState({ pending: [a1] }));
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry now' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await noAxeViolations(container);
  });

  it('no permission: asks for the selected cloud host straight from the click', async () => {
    const requestPermission = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    await renderPopup({ state: syncState({ cloud: 'gccHigh', error: portalError('NoPermission', 'no access'), lastSuccessAt: null }) });
    const button = await screen.findByRole('button', { name: 'Grant access to security.microsoft.us' });
    fireEvent.click(button);
    expect(requestPermission).toHaveBeenCalledWith({ origins: ['https://security.microsoft.us/*'] });
    await waitFor(() => expect(calls('refresh').at(-1)).toEqual({ reason: 'user' }));
  });

  it('says "showing N of M" when the portal counted more pending actions than it sent', async () => {
    await renderPopup({ state: syncState({ pending: [a1], portalTotal: 120 }) });
    expect(await screen.findByText('Showing 1 of 120 pending actions')).toBeTruthy();
  });

  it('notes items the portal sent that could not be read', async () => {
    await renderPopup({ state: syncState({ pending: [a1], skippedItems: 2 }) });
    expect(await screen.findByText('2 items from the portal could not be read')).toBeTruthy();
  });
});

describe('deciding', () => {
  it('approve with confirmation lists the action and sends one decision', async () => {
    let finish: (r: DecisionReport) => void = () => undefined;
    on('decide', () => new Promise((resolve) => (finish = resolve)));
    await renderPopup({ state: syncState({ pending: [a1, a2] }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    const dialog = screen.getByRole('dialog', { name: 'Approve 1 action?' });
    expect(within(dialog).getByText('ws-berlin')).toBeTruthy();
    const confirm = within(dialog).getByRole('button', { name: 'Approve 1 action' });
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    expect(calls('decide')).toEqual([{ actionIds: [a1.id], verdict: 'approve', comment: '', surface: 'popup' }]);
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await act(async () => finish(applied(calls('decide')[0] as DecisionRequest)));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('1 decision applied')).toBeTruthy();
    expect(screen.queryByText('Isolate device')).toBeNull(); // left the list
    expect(screen.getByText('Isolate device on ws-berlin')).toBeTruthy(); // in the results
  });

  it('approve without confirmation sends at once, and a double click sends one request', async () => {
    let finish: (r: DecisionReport) => void = () => undefined;
    on('decide', () => new Promise((resolve) => (finish = resolve)));
    const { store } = await renderPopup({ state: syncState({ pending: [a1] }), settings: { confirmApprove: false, confirmDestructive: false } });
    // Settings load asynchronously; wait until the stored "no confirmation" applies.
    await waitFor(() => expect(store.settings.value.confirmApprove).toBe(false));
    const button = await screen.findByRole('button', { name: 'Approve Isolate device on ws-berlin' });
    fireEvent.click(button);
    fireEvent.click(button);
    fireEvent.dblClick(button);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls('decide')).toHaveLength(1);
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/Approving…/)).toBeTruthy();
    await act(async () => finish(applied(calls('decide')[0] as DecisionRequest)));
  });

  it('isolating a device asks for confirmation with confirmDestructive on, even with confirmation off', async () => {
    on('decide', async (req) => applied(req));
    const { store } = await renderPopup({ state: syncState({ pending: [a1, a2] }), settings: { confirmApprove: false, confirmDestructive: true } });
    await waitFor(() => expect(store.settings.value.confirmApprove).toBe(false));
    // An ordinary scan still goes at once.
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Run antivirus scan on srv-sql' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(calls('decide')).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(calls('decide')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Approve 1 action' }));
    await waitFor(() => expect(calls('decide')[1]).toEqual({ actionIds: [a1.id], verdict: 'approve', comment: '', surface: 'popup' }));
  });

  it('isolating a device asks for a comment with requireCommentForDestructive on, even with confirmation off', async () => {
    on('decide', async (req) => applied(req));
    const { store } = await renderPopup({
      state: syncState({ pending: [a1] }),
      settings: { confirmApprove: false, confirmDestructive: false, requireCommentForDestructive: true },
    });
    await waitFor(() => expect(store.settings.value.requireCommentForDestructive).toBe(true));
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    const confirm = screen.getByRole('button', { name: 'Approve 1 action' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Comment (required)'), { target: { value: 'Confirmed compromise' } });
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(calls('decide')).toEqual([{ actionIds: [a1.id], verdict: 'approve', comment: 'Confirmed compromise', surface: 'popup' }]),
    );
  });

  it('reject requires a comment when the settings say so', async () => {
    on('decide', async (req) => applied(req));
    await renderPopup({ state: syncState({ pending: [a1] }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Reject Isolate device on ws-berlin' }));
    const confirm = screen.getByRole('button', { name: 'Reject 1 action' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Comment (required)'), { target: { value: 'False positive' } });
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(calls('decide')).toEqual([{ actionIds: [a1.id], verdict: 'reject', comment: 'False positive', surface: 'popup' }]),
    );
  });

  it('shows each outcome honestly: done, failed, decided elsewhere, sent and waiting (locked), unsupported', async () => {
    const a4 = makeAction({ typeLabel: 'Block URL (time-of-click)', entityName: 'evil.example', investigationId: '1234' });
    const a5 = makeAction({ typeLabel: 'Disable user', entityName: 'j.doe', investigationId: '1234' });
    on('decide', async () => ({
      error: null,
      results: [
        { actionId: a1.id, outcome: 'applied', decidedBy: 'ana', message: 'Approved', error: null },
        { actionId: a2.id, outcome: 'notApplied', decidedBy: null, message: 'The portal could not apply this decision.', error: null },
        { actionId: a4.id, outcome: 'alreadyDecided', decidedBy: 'bob@contoso.com', message: 'Already decided by bob@contoso.com', error: null },
        { actionId: a5.id, outcome: 'pendingConfirmation', decidedBy: null, message: 'The portal did not confirm this decision', error: null },
      ],
    }));
    const { container, store } = await renderPopup({ state: syncState({ pending: [a1, a2, a4, a5] }), settings: { confirmApprove: false, confirmDestructive: false } });
    await waitFor(() => expect(store.settings.value.confirmApprove).toBe(false));
    await screen.findByText('Investigation 1234');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all 4 actions in investigation 1234' }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 4 selected' }));
    // Containment types in a bulk are reviewed even with confirmation off.
    fireEvent.click(screen.getByRole('checkbox', { name: /^I have reviewed these 4 actions/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 4 actions' }));
    expect(calls('decide')).toHaveLength(1);
    const results = await screen.findByRole('region', { name: 'Decision results' });
    expect(within(results).getByText('1 of 4 decisions applied')).toBeTruthy();
    expect(within(results).getByText('Approved')).toBeTruthy();
    expect(within(results).getByText('Failed: The portal could not apply this decision.')).toBeTruthy();
    expect(within(results).getByText('Already decided by bob@contoso.com')).toBeTruthy();
    expect(within(results).getByText('Sent, waiting for the portal: The portal did not confirm this decision')).toBeTruthy();
    // Failed and waiting stay in the list with their chip; applied and decided-elsewhere leave.
    expect(screen.getByRole('row', { name: /Run antivirus scan on srv-sql/ }).textContent).toContain('Failed');
    // Sent, waiting for the portal: locked, so a second decision is not invited before a read says what happened.
    const waitingRow = screen.getByRole('row', { name: /Disable user on j\.doe/ });
    expect(waitingRow.textContent).toContain('Sent, waiting for the portal');
    expect(within(waitingRow).getByRole('button', { name: 'Approve Disable user on j.doe' }).hasAttribute('disabled')).toBe(true);
    expect(within(screen.getByRole('row', { name: /Run antivirus scan on srv-sql/ })).getByRole('button', { name: /^Approve/ }).hasAttribute('disabled')).toBe(false);
    expect(screen.queryByRole('row', { name: /Isolate device on ws-berlin/ })).toBeNull();
    expect(screen.queryByRole('row', { name: /Block URL/ })).toBeNull();
    await noAxeViolations(container);
  });

  it('an opposite verdict on a decision already on the wire reads "already being decided", never "Approved"', async () => {
    on('decide', async (req) =>
      decisionReport(req.actionIds, 'alreadyDecided', { decidedBy: null, message: 'Already being decided: rejected by you a moment ago' }),
    );
    const { store } = await renderPopup({ state: syncState({ pending: [a1] }), settings: { confirmApprove: false, confirmDestructive: false } });
    await waitFor(() => expect(store.settings.value.confirmApprove).toBe(false));
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    const results = await screen.findByRole('region', { name: 'Decision results' });
    expect(within(results).getByText('Already being decided: rejected by you a moment ago')).toBeTruthy();
    expect(within(results).queryByText('Approved')).toBeNull();
  });

  it('unsupported portal: never success, says to decide in the portal, with a link', async () => {
    on('decide', async (req) => ({
      error: portalError('Unsupported', 'Decision route answered 404'),
      results: req.actionIds.map((actionId) => ({ actionId, outcome: 'unsupported', decidedBy: null, message: 'Decision route answered 404', error: null })),
    }));
    await renderPopup({ state: syncState({ pending: [a1] }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 1 action' }));
    const results = await screen.findByRole('region', { name: 'Decision results' });
    expect(within(results).getByText('Decide this one in the portal: Companion learns how from your decision and does it for you from then on')).toBeTruthy();
    expect(within(results).getByText('0 of 1 decision applied')).toBeTruthy();
    expect(within(results).queryByText('Approved')).toBeNull();
    fireEvent.click(within(results).getByRole('button', { name: 'Decide Isolate device on ws-berlin in the portal' }));
    expect(calls('openInPortal')).toEqual([{ actionId: a1.id }]);
    // Still pending in the list.
    expect(screen.getByRole('row', { name: /Isolate device on ws-berlin/ })).toBeTruthy();
  });

  it('a refused request keeps the dialog open with the reason', async () => {
    on('decide', async (req) => ({
      error: portalError('Forbidden', 'HTTP 403'),
      results: req.actionIds.map((actionId) => ({ actionId, outcome: 'notApplied', decidedBy: null, message: 'HTTP 403', error: null })),
    }));
    await renderPopup({ state: syncState({ pending: [a1, a3] }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 1 action' }));
    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(alert.textContent).toBe('Your role cannot approve or reject actions: HTTP 403');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    // The role is now known to be unable to decide device actions; email actions (another role) stay offered.
    const refused = screen.getByRole('button', { name: 'Approve Isolate device on ws-berlin' }) as HTMLButtonElement;
    expect(refused.disabled).toBe(true);
    expect(document.getElementById(refused.getAttribute('aria-describedby') ?? '')?.textContent).toContain('Active remediation actions');
    expect((screen.getByRole('button', { name: 'Approve Soft delete email messages or clusters on Invoice overdue' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('no answer from the background is sent, waiting for the portal (locked), not success', async () => {
    on('decide', async () => {
      throw new Error('message port closed');
    });
    await renderPopup({ state: syncState({ pending: [a1] }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 1 action' }));
    const results = await screen.findByRole('region', { name: 'Decision results' });
    expect(within(results).getByText(/^Sent, waiting for the portal: No answer from the extension's background/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Approve Isolate device on ws-berlin' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('drops actions decided from another surface', async () => {
    await renderPopup({ state: syncState({ pending: [a1, a2] }) });
    await screen.findByText('Isolate device');
    const req: DecisionRequest = { actionIds: [a1.id], verdict: 'approve', comment: '', surface: 'portal' };
    emit('decided', { request: req, report: applied(req) });
    expect(screen.queryByText('Isolate device')).toBeNull();
    expect(screen.getByText('Run antivirus scan')).toBeTruthy();
  });

  it('bulk: select all in an investigation, one comment for all, exactly those actions', async () => {
    on('decide', async (req) => applied(req));
    await renderPopup({ state: syncState({ pending: [a1, a2, a3] }) });
    await screen.findByText('Investigation 1234');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all 2 actions in investigation 1234' }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reject 2 selected' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject 2 actions?' });
    const items = within(dialog).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items.join()).toContain('ws-berlin');
    expect(items.join()).toContain('srv-sql');
    expect(items.join()).not.toContain('Invoice overdue');
    fireEvent.input(within(dialog).getByLabelText('Comment (required)'), { target: { value: 'Benign admin tool' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^I have reviewed these 2 actions, including 1 containment/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject 2 actions' }));
    await waitFor(() => expect(calls('decide')).toHaveLength(1));
    const sent = calls('decide')[0] as DecisionRequest;
    expect([...sent.actionIds].sort()).toEqual([a1.id, a2.id].sort());
    expect(sent.comment).toBe('Benign admin tool');
    expect(await screen.findByText('0 selected')).toBeTruthy();
  });

  it('the group checkbox is mixed when only some are selected', async () => {
    await renderPopup({ state: syncState({ pending: [a1, a2] }) });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Isolate device on ws-berlin' }));
    const group = screen.getByRole('checkbox', { name: 'Select all 2 actions in investigation 1234' }) as HTMLInputElement;
    expect(group.indeterminate).toBe(true);
    expect(group.checked).toBe(false);
    fireEvent.click(group);
    expect(group.checked).toBe(true);
    fireEvent.click(group);
    expect(screen.getByText('0 selected')).toBeTruthy();
  });
});

describe('history', () => {
  it('lists the audit log and the portal history, and exports CSV and JSON', async () => {
    const entry = {
      id: 'e1',
      actionId: a1.id,
      verdict: 'approve' as const,
      comment: '=cmd',
      surface: 'popup' as const,
      requestedAt: NOW - 60 * MIN,
      completedAt: NOW - 60 * MIN,
      outcome: 'applied' as const,
      serverStatus: 'Approved',
      analyst: 'ana@contoso.com',
      message: 'Approved',
      action: { type: a1.type, typeLabel: a1.typeLabel, entityType: 'Machine', entityName: 'ws-berlin', investigationId: '1234', approvalId: null },
    };
    on('listAudit', async () => [entry]);
    const decided: Action = { ...a3, decision: 'Rejected', decidedBy: 'bob@contoso.com', status: 'Completed', updatedAt: NOW - 2 * 60 * MIN };
    on('listHistory', async () => ({ actions: [decided], error: null }));
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:fake';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicks: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download, href: this.href });
    });
    const { container } = await renderPopup({ state: syncState({ pending: [] }) });
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(await screen.findByText('Isolate device')).toBeTruthy();
    expect(await screen.findByText('bob@contoso.com')).toBeTruthy();
    expect(calls('listHistory')).toEqual([{ days: 7 }]);
    await noAxeViolations(container);

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(clicks).toHaveLength(1));
    expect(clicks[0]?.download).toMatch(/^action-center-audit-.*\.csv$/);
    const csv = await created[0]!.text();
    expect(csv.split('\r\n')[0]).toBe('time,analyst,action id,type,entity,investigation,verdict,comment,outcome,server status,result');
    expect(csv).toContain("'=cmd");
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(clicks).toHaveLength(2));
    expect(JSON.parse(await created[1]!.text())).toHaveLength(1);
  });

  it('shows the settlement’s waiting and final states in words', async () => {
    const base = {
      verdict: 'approve' as const,
      comment: '',
      surface: 'portal' as const,
      requestedAt: NOW - 60 * MIN,
      completedAt: null,
      serverStatus: null,
      analyst: null,
      action: { type: a1.type, typeLabel: a1.typeLabel, entityType: 'Machine', entityName: 'ws-berlin', investigationId: '1234', approvalId: null },
    };
    on('listAudit', async () => [
      { ...base, id: 'w', actionId: 'w', outcome: 'pendingConfirmation' as const, message: 'Sent, waiting for the portal: HTTP 503' },
      { ...base, id: 'n', actionId: 'n', outcome: 'notConfirmed' as const, message: 'Not confirmed by the portal: no verdict was seen within 8 days of the decision.' },
      { ...base, id: 'l', actionId: 'l', outcome: 'leftPending' as const, message: 'Left pending: still pending with no verdict after the portal’s 7-day expiry.' },
    ]);
    const { container } = await renderPopup({ state: syncState({ pending: [] }) });
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    const table = await screen.findByRole('table', { name: /Decisions made with the extension/ });
    expect([...table.querySelectorAll('.acc-chip')].map((c) => c.textContent)).toEqual([
      'Sent, waiting for the portal',
      'Not confirmed by the portal',
      'Left pending',
    ]);
    await noAxeViolations(container);
  });

  it('says when the portal history could not be read', async () => {
    on('listHistory', async () => ({ actions: [], error: portalError('SignedOut', 'Session expired') }));
    await renderPopup({ state: syncState() });
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(await screen.findByText('Signed out of the Defender portal: Session expired')).toBeTruthy();
    expect(screen.getByText('No decisions made with the extension yet.')).toBeTruthy();
  });
});

describe('large bulks', () => {
  it('sends more than 100 actions in parts of at most 100 and reports all of them', async () => {
    const many = Array.from({ length: 150 }, (_, i) => makeAction({ investigationId: '9', entityName: `h-${i}`, createdAt: NOW - i * MIN }));
    on('decide', async (req) => applied(req));
    await renderPopup({ state: syncState({ pending: many }) });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select all shown' }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 150 selected' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^I have reviewed these 150 actions/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 150 actions' }));
    await screen.findByText('150 decisions applied');
    expect(calls('decide').map((p) => (p as DecisionRequest).actionIds.length)).toEqual([100, 50]);
  });

  it('stops after a part the portal refused as a whole', async () => {
    const many = Array.from({ length: 120 }, (_, i) => makeAction({ investigationId: '9', entityName: `h-${i}` }));
    on('decide', async (req) => ({
      error: portalError('RateLimited', 'Slow down'),
      results: req.actionIds.map((actionId) => ({ actionId, outcome: 'notApplied', decidedBy: null, message: 'Slow down', error: null })),
    }));
    const { store } = await renderPopup({ state: syncState({ pending: many }), settings: { confirmApprove: false, confirmDestructive: false } });
    await waitFor(() => expect(store.settings.value.confirmApprove).toBe(false));
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select all shown' }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 120 selected' }));
    // A bulk this long is reviewed even with confirmation off.
    fireEvent.click(screen.getByRole('checkbox', { name: /^I have reviewed these 120 actions/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 120 actions' }));
    const results = await screen.findByRole('region', { name: 'Decision results' });
    expect(calls('decide')).toHaveLength(1);
    expect(within(results).getByText('0 of 120 decisions applied')).toBeTruthy();
    expect(within(results).getAllByText('Failed: Not sent: The portal asked us to slow down: Slow down')).toHaveLength(20);
  });
});

describe('focus after a decision', () => {
  it('moves to the row that took the decided row’s place', async () => {
    on('decide', async (req) => applied(req));
    await renderPopup({ state: syncState({ pending: [a1, a2] }) });
    const row = await screen.findByRole('row', { name: /^Isolate device on ws-berlin/ });
    row.focus();
    fireEvent.keyDown(row, { key: 'a' });
    fireEvent.click(screen.getByRole('button', { name: 'Approve 1 action' }));
    await screen.findByText('1 decision applied');
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Run antivirus scan on srv-sql, Device, 10 min old, investigation 1234'));
  });
});

describe('opened from a notification (?action=…&verdict=…)', () => {
  async function renderLinked(link: { actionId: string; verdict: 'approve' | 'reject' | null }, opts: { state?: SyncState; settings?: Partial<Settings> } = {}) {
    if (opts.settings) await saveSettings({ ...DEFAULT_SETTINGS, ...opts.settings });
    if (opts.state) {
      const state = opts.state;
      on('refresh', async () => state);
    }
    const store = createPopupStore(() => NOW);
    return { ...render(<App store={store} link={link} />), store };
  }

  it('Approve… asks for confirmation of exactly that action, then decides it', async () => {
    on('decide', async (req) => applied(req));
    const { container } = await renderLinked({ actionId: a2.id, verdict: 'approve' }, { state: syncState({ pending: [a1, a2, a3] }) });
    const dialog = await screen.findByRole('dialog', { name: 'Approve 1 action?' });
    expect(within(dialog).getByText('srv-sql')).toBeTruthy();
    // The single-action view, not the list.
    expect(screen.getByRole('region', { name: 'Action from a notification' }).textContent).toContain('Run antivirus scan');
    expect(screen.queryByText('Isolate device')).toBeNull();
    await noAxeViolations(container);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve 1 action' }));
    await screen.findByText('1 decision applied');
    expect(calls('decide')).toEqual([{ actionIds: [a2.id], verdict: 'approve', comment: '', surface: 'popup' }]);
    expect(screen.queryByText('This action is no longer pending')).toBeNull();
  });

  it('a required approve comment is asked for', async () => {
    await renderLinked({ actionId: a1.id, verdict: 'approve' }, { state: syncState({ pending: [a1] }), settings: { requireApproveComment: true } });
    const dialog = await screen.findByRole('dialog', { name: 'Approve 1 action?' });
    expect((within(dialog).getByRole('button', { name: 'Approve 1 action' }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(dialog).getByLabelText('Comment (required)')).toBeTruthy();
  });

  it('with confirmation turned off in options, approves without a dialog', async () => {
    on('decide', async (req) => applied(req));
    await renderLinked({ actionId: a1.id, verdict: 'approve' }, { state: syncState({ pending: [a1] }), settings: { confirmApprove: false, confirmDestructive: false } });
    await screen.findByText('1 decision applied');
    expect(calls('decide')).toEqual([{ actionIds: [a1.id], verdict: 'approve', comment: '', surface: 'popup' }]);
  });

  it('waits for the live list: an action only in the cached copy is not offered', async () => {
    bg.cached = syncState({ pending: [a1] });
    let answer: (s: SyncState) => void = () => undefined;
    on('refresh', () => new Promise((resolve) => (answer = resolve)));
    await renderLinked({ actionId: a1.id, verdict: 'approve' });
    await screen.findByRole('region', { name: 'Action from a notification' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(calls('refresh')).toHaveLength(1));
    expect(screen.queryByRole('dialog')).toBeNull();
    await act(async () => answer(syncState({ pending: [a2] })));
    expect(await screen.findByText('This action is no longer pending')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls('decide')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Show all pending (1)' }));
    expect(await screen.findByText('Run antivirus scan')).toBeTruthy();
  });

  it('cancelling does not bring the dialog back on the next update', async () => {
    await renderLinked({ actionId: a1.id, verdict: 'approve' }, { state: syncState({ pending: [a1] }) });
    await screen.findByRole('dialog');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    emit('stateChanged', { state: syncState({ pending: [a1, a2] }), diff: { added: [a2.id], decided: [], gone: [] } });
    expect(screen.queryByRole('dialog')).toBeNull();
    // The analyst can still decide from the view.
    fireEvent.click(screen.getByRole('button', { name: 'Reject Isolate device on ws-berlin' }));
    expect(screen.getByRole('dialog', { name: 'Reject 1 action?' })).toBeTruthy();
  });

  it('without a verdict (Firefox click) shows the action and asks nothing yet', async () => {
    await renderLinked({ actionId: a3.id, verdict: null }, { state: syncState({ pending: [a1, a3] }) });
    const view = await screen.findByRole('region', { name: 'Action from a notification' });
    await within(view).findByText('Invoice overdue');
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(within(view).getByRole('button', { name: 'Open Soft delete email messages or clusters on Invoice overdue in the portal' }));
    expect(calls('openInPortal')).toEqual([{ actionId: a3.id }]);
  });

  it('reads the link from the page address', async () => {
    window.history.replaceState(null, '', `/popup.html?action=${a1.id}&verdict=approve`);
    try {
      on('refresh', async () => syncState({ pending: [a1] }));
      render(<App store={createPopupStore(() => NOW)} />);
      expect(await screen.findByRole('dialog', { name: 'Approve 1 action?' })).toBeTruthy();
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });
});

describe('issue 19: announcements and focus', () => {
  it('announces a signed-out or unavailable state once: the live region holds no ticking time', async () => {
    const { store } = await renderPopup({
      state: syncState({ pending: [a1], error: portalError('Unavailable', 'details'), lastSuccessAt: NOW - 40_000, nextPollAt: NOW + MIN }),
    });
    await screen.findByText('Isolate device');
    const alert = screen.getByRole('alert');
    const said = alert.textContent;
    expect(said).toBe(ERROR_HEADLINES.Unavailable);
    act(() => {
      store.now.value = NOW + 5_000;
    });
    // The time still ticks on screen, outside the alert; the alert's text did not change.
    expect(screen.getByRole('region', { name: ERROR_HEADLINES.Unavailable }).textContent).toContain('from 45 s ago');
    expect(screen.getByRole('alert').textContent).toBe(said);
  });

  it('announces a bulk decision once while it is sent, and its summary counts that decision only', async () => {
    let finish: (r: DecisionReport) => void = () => undefined;
    on('decide', () => new Promise((resolve) => (finish = resolve)));
    const scans = [0, 1, 2, 3].map((i) =>
      makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityName: `pc-${i}`, investigationId: '55', createdAt: NOW - i * MIN }),
    );
    const { store } = await renderPopup({ state: syncState({ pending: [...scans, a2] }), settings: { confirmApprove: false, confirmDestructive: false } });
    await waitFor(() => expect(store.settings.value.confirmApprove).toBe(false));
    // One earlier decision in this session.
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Run antivirus scan on srv-sql' }));
    await act(async () => finish(applied(calls('decide')[0] as DecisionRequest)));
    expect(await screen.findByText('1 decision applied')).toBeTruthy();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all 4 actions in investigation 55' }));
    fireEvent.click(screen.getByRole('button', { name: 'Approve 4 selected' }));
    const busy = screen.getAllByRole('status').filter((s) => /Approving/.test(s.textContent ?? ''));
    expect(busy.map((s) => s.textContent)).toEqual(['Approving 4 actions…']);
    await act(async () => finish(applied(calls('decide')[1] as DecisionRequest)));
    expect(screen.getByRole('region', { name: 'Decision results' }).querySelector('[role="status"]')?.textContent).toBe('4 decisions applied');
  });

  it('after a refused decision, focus is in the dialog (the comment) and Escape closes it', async () => {
    on('decide', async (req) => ({
      error: portalError('Forbidden', 'HTTP 403'),
      results: req.actionIds.map((actionId) => ({ actionId, outcome: 'notApplied', decidedBy: null, message: 'HTTP 403', error: null })),
    }));
    await renderPopup({ state: syncState({ pending: [a1] }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Isolate device on ws-berlin' }));
    const confirm = screen.getByRole('button', { name: 'Approve 1 action' });
    confirm.focus();
    fireEvent.click(confirm);
    await within(screen.getByRole('dialog')).findByRole('alert');
    expect(document.activeElement).toBe(screen.getByLabelText('Comment (optional)'));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('"Refresh now" keeps focus while refreshing (aria-disabled, not disabled) and refreshes once', async () => {
    let answer: (s: SyncState) => void = () => undefined;
    await renderPopup({ state: syncState({ pending: [a1] }) });
    await screen.findByText('Isolate device');
    await waitFor(() => expect(screen.getByText(/^Updated/)).toBeTruthy());
    on('refresh', () => new Promise((resolve) => (answer = resolve)));
    const button = screen.getByRole('button', { name: 'Refresh now' }) as HTMLButtonElement;
    button.focus();
    const before = calls('refresh').length;
    fireEvent.click(button);
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
    expect(calls('refresh').length).toBe(before + 1);
    await act(async () => answer(syncState({ pending: [a1] })));
    expect(button.hasAttribute('aria-disabled')).toBe(false);
  });

  it('after a decision, focus stays in the investigation and never lands on a containment action of another', async () => {
    on('decide', async (req) => applied(req));
    // Investigation 900 (newest first) holds one scan; investigation 1234 holds an isolation.
    const lone = makeAction({ type: 'AntivirusScanResponse', typeLabel: 'Run antivirus scan', entityName: 'pc-lone', investigationId: '900', createdAt: NOW - MIN });
    const { store } = await renderPopup({ state: syncState({ pending: [lone, a1] }), settings: { confirmApprove: false, confirmDestructive: false } });
    await waitFor(() => expect(store.settings.value.confirmApprove).toBe(false));
    const row = await screen.findByRole('row', { name: /^Run antivirus scan on pc-lone/ });
    row.focus();
    fireEvent.keyDown(row, { key: 'a' });
    await screen.findByText('1 decision applied');
    // Its investigation is gone: focus goes to the next investigation's header, not onto "Isolate device".
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Investigation 1234, 1 pending'));
    fireEvent.keyDown(document.activeElement!, { key: 'a' });
    expect(calls('decide')).toHaveLength(1);
  });

  it('marks containment actions in the rows with an icon and a word', async () => {
    await renderPopup({ state: syncState({ pending: [a1, a2] }) });
    const isolate = await screen.findByRole('row', { name: /^Isolate device on ws-berlin/ });
    expect(isolate.getAttribute('aria-label')).toContain('Containment');
    expect(within(isolate).getByText('Containment')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /^Run antivirus scan/ })).queryByText('Containment')).toBeNull();
  });
});
