/**
 * The popup and the shared components under the pseudo-locale: every word they show comes from locales/en.yml
 * (sections popup, components, common, errors). Portal data (names, ids, the portal's own words) is passed as
 * `data`. The action list itself (entrypoints/popup/ActionList.tsx, .acc-list) belongs to the list helper and is
 * checked in its own test, so it is cut out of these checks; the badges it shows are checked here on their own.
 */
import { act, cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AgeBadge } from '@/components/AgeBadge';
import { DecisionDialog } from '@/components/DecisionDialog';
import { ExpiryBadge } from '@/components/ExpiryBadge';
import { CompatTable } from '@/components/CompatTable';
import { App } from '@/entrypoints/popup/App';
import { exactTime } from '@/entrypoints/popup/HistoryView';
import { createPopupStore } from '@/entrypoints/popup/store';
import { DEFAULT_EXPIRY_THRESHOLDS } from '@/utils/actions/expiry';
import { formatAge, type Action } from '@/utils/actions/model';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import type { AuditEntry, SyncState } from '@/utils/actions/types';
import { COMPAT_KEY } from '@/utils/page/compat';
import { formatRelative } from '@/utils/i18n';
import { portalError } from '@/utils/portal/errors';
import { makeAction, makeSyncState } from './support/actions';
import { expectNoLiteral, usePseudoLocale } from './support/i18n';

const bg = vi.hoisted(() => ({
  handlers: {} as Record<string, (payload: unknown) => Promise<unknown>>,
}));

vi.mock('@/utils/messages', () => ({
  request: (name: string, payload: unknown) => {
    const handler = bg.handlers[name];
    return handler ? handler(payload) : Promise.reject(new Error(`no handler for ${name}`));
  },
  onBroadcast: () => () => undefined,
}));

vi.mock('@/utils/store/queries', () => ({ loadSyncState: () => Promise.resolve(undefined) }));

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const MIN = 60_000;
const H = 60 * MIN;

const isolate = makeAction({ typeLabel: 'Isolate device', entityName: 'ws-berlin-0042', investigationId: '1234', createdAt: NOW - 3 * H });
const scan = makeAction({ typeLabel: 'Run antivirus scan', type: 'AntivirusScanResponse', entityName: 'srv-sql', investigationId: '1234', createdAt: NOW - 10 * MIN });
// Raised 6 days 22 hours ago: expires within the critical 4 h, so the expiry banner shows.
const mail = makeAction({
  typeLabel: 'Soft delete email messages or clusters',
  type: 'SoftDelete',
  entityName: 'Invoice overdue #88213',
  entityType: 'MailMessage',
  investigationId: '777',
  createdAt: NOW - (7 * 24 - 2) * H,
});

/**
 * What the fixture puts on screen as portal data: names and ids. Not the type, entity type or source: those show
 * in our own (localised) words, so an English one on screen is a leak.
 */
function portalStrings(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => [a.entityName, a.investigationId ?? '', a.approvalId ?? '']);
}


function syncState(overrides: Partial<SyncState> = {}): SyncState {
  return makeSyncState(NOW, overrides);
}

/** The popup without the action list (ActionList.tsx, owned and checked elsewhere). */
function popupWithoutList(container: Element): Element {
  const copy = container.cloneNode(true) as Element;
  copy.querySelectorAll('.acc-list').forEach((list) => list.remove());
  return copy;
}

async function renderPopup(state: SyncState) {
  bg.handlers.refresh = async () => state;
  const store = createPopupStore(() => NOW);
  const utils = render(<App store={store} />);
  await waitFor(() => expect(store.source.value).toBe('live'));
  return { ...utils, store };
}

beforeEach(() => {
  bg.handlers = {
    openInPortal: async () => null,
    listAudit: async () => [],
    listHistory: async () => ({ actions: [], error: null }),
  };
  usePseudoLocale();
});
afterEach(cleanup);

describe('the popup under the pseudo-locale', () => {
  it('pending list with data, a filter, a selection, the expiry banner and the page-compatibility notice', async () => {
    await fakeBrowser.storage.local.set({ [COMPAT_KEY]: { 'row-flyout': { lastWorkedAt: NOW - H, lastMissingAt: NOW - MIN } } });
    const { container, store } = await renderPopup(syncState({ pending: [isolate, scan, mail], portalTotal: 5, skippedItems: 0 }));
    act(() => {
      store.setSelected(new Set([isolate.id, scan.id]));
      store.filter.value = { ...store.filter.value, search: 'srv' };
    });
    await waitFor(() => expect(container.querySelector('.acc-expiry-banner')).not.toBeNull());
    await waitFor(() => expect(container.querySelector('[role="status"].acc-banner--info')).not.toBeNull());
    expect(container.querySelector('.acc-bulk')).not.toBeNull();
    expectNoLiteral(popupWithoutList(container), [...portalStrings([isolate, scan, mail]), 'srv']);
  });

  it('empty, and the filtered-empty state', async () => {
    const { container } = await renderPopup(syncState({ pending: [] }));
    await waitFor(() => expect(container.querySelector('.acc-empty')).not.toBeNull());
    expectNoLiteral(popupWithoutList(container));
    cleanup();
    const again = await renderPopup(syncState({ pending: [scan] }));
    act(() => {
      again.store.filter.value = { ...again.store.filter.value, search: 'nothing-like-this' };
    });
    await waitFor(() => expect(again.container.querySelector('.acc-empty')).not.toBeNull());
    expectNoLiteral(popupWithoutList(again.container), [...portalStrings([scan]), 'nothing-like-this']);
  });

  it('signed out, no permission, a refused list, a portal error with retry time, and a silent background', async () => {
    const states = [
      syncState({ error: portalError('SignedOut', 'Session expired'), lastSuccessAt: NOW - 12 * MIN }),
      syncState({ cloud: 'gccHigh', error: portalError('NoPermission', 'no access'), lastSuccessAt: null }),
      syncState({ pending: [scan], error: portalError('Forbidden', 'HTTP 403'), lastSuccessAt: NOW - 12 * MIN }),
      syncState({ pending: [scan], error: portalError('RateLimited', 'Too many requests'), lastSuccessAt: NOW - 12 * MIN, nextPollAt: NOW + 2 * MIN }),
      syncState({ pending: [scan], skippedItems: 2 }),
    ];
    for (const state of states) {
      const { container } = await renderPopup(state);
      await waitFor(() => expect(container.querySelector('.acc-banner')).not.toBeNull());
      // 'Too many requests' is the portal's own message; the host names are data (utils/portal/hosts.ts).
      expectNoLiteral(popupWithoutList(container), [...portalStrings([scan]), 'Too many requests', 'security.microsoft.us']);
      cleanup();
    }
    bg.handlers.refresh = () => Promise.reject(new Error('Could not establish connection'));
    const store = createPopupStore(() => NOW);
    const { container } = render(<App store={store} />);
    await waitFor(() => expect(store.backgroundError.value).not.toBeNull());
    expectNoLiteral(popupWithoutList(container), ['Could not establish connection']);
  });

  it('the History tab: the audit log and the portal history', async () => {
    const entry: AuditEntry = {
      id: 'e1',
      actionId: isolate.id,
      verdict: 'approve',
      comment: 'Confirmed with the owner',
      surface: 'popup',
      requestedAt: NOW - 5 * MIN,
      completedAt: NOW - 5 * MIN,
      outcome: 'applied',
      serverStatus: 'Approved',
      analyst: 'ana@contoso.com',
      message: 'Approved',
      action: { type: isolate.type, typeLabel: isolate.typeLabel, entityType: 'Machine', entityName: isolate.entityName, investigationId: '1234', approvalId: '1001' },
    };
    const decided = makeAction({ ...scan, id: 'h1', status: 'Completed', decision: 'Approved', decidedBy: 'ben@contoso.com', updatedAt: NOW - H });
    bg.handlers.listAudit = async () => [entry, { ...entry, id: 'e2', outcome: 'notApplied', message: 'Portal said no', verdict: 'reject' }];
    bg.handlers.listHistory = async () => ({ actions: [decided], error: null });
    const { container } = await renderPopup(syncState({ pending: [scan] }));
    act(() => screen.getAllByRole('tab')[1]?.click());
    await waitFor(() => expect(container.querySelectorAll('.acc-table')).toHaveLength(2));
    expectNoLiteral(popupWithoutList(container), [
      ...portalStrings([isolate, scan, decided]),
      'Confirmed with the owner',
      'Portal said no',
      'Approved',
      'Completed',
      'ben@contoso.com',
      // Dates in the tooltips are Intl's, in the browser's language.
      exactTime(entry.requestedAt),
      exactTime(decided.updatedAt),
    ]);
  });
});

describe('the shared components under the pseudo-locale', () => {
  const noop = () => undefined;

  it('the decision dialog for one action, with a required comment and a refusal', () => {
    const { container } = render(
      <DecisionDialog actions={[scan]} verdict="reject" requireComment busy={false} error="HTTP 403" onConfirm={noop} onCancel={noop} />,
    );
    expectNoLiteral(container, [...portalStrings([scan]), 'HTTP 403']);
  });

  it('the bulk review: counts by type and entity, destructive marks, the second yes, while sending', () => {
    const many = [isolate, scan, mail, ...Array.from({ length: 3 }, () => makeAction({ typeLabel: 'Run antivirus scan', type: 'AntivirusScanResponse' }))];
    const { container } = render(<DecisionDialog actions={many} verdict="approve" requireComment={false} busy onConfirm={noop} onCancel={noop} error={null} />);
    expect(container.querySelector('.acc-dialog__summary')).not.toBeNull();
    expect(container.querySelector('.acc-dialog__review')).not.toBeNull();
    expectNoLiteral(container, portalStrings(many));
  });

  it('the age and expiry badges, and the compatibility table', async () => {
    const age = render(<AgeBadge createdAt={NOW - 3 * H} now={NOW} thresholds={DEFAULT_SETTINGS.ageThresholds} />);
    // The visible "3 h" is model.ts's formatAge (converted by the helper who owns model.ts).
    expectNoLiteral(age.container, [formatAge(NOW - 3 * H, NOW)]);
    for (const now of [NOW, mail.createdAt + 7 * 24 * H + MIN]) {
      const expiry = render(<ExpiryBadge action={mail} now={now} thresholds={DEFAULT_EXPIRY_THRESHOLDS} always />);
      expectNoLiteral(expiry.container);
      const compact = render(<ExpiryBadge action={mail} now={now} thresholds={DEFAULT_EXPIRY_THRESHOLDS} always compact />);
      expectNoLiteral(compact.container);
    }
    await fakeBrowser.storage.local.set({ [COMPAT_KEY]: { 'row-flyout': { lastWorkedAt: NOW - H, lastMissingAt: NOW - MIN }, 'nav-count': { lastWorkedAt: null, lastMissingAt: null } } });
    const table = render(<CompatTable now={NOW} />);
    await waitFor(() => expect(table.container.querySelector('table')).not.toBeNull());
    // "1 hour ago" is Intl's relative time in the browser's language.
    expectNoLiteral(table.container, [formatRelative(-1, 'hour'), formatRelative(-1, 'minute')]);
  });
});
