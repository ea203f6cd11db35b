/**
 * The popup's list under the pseudo-locale: every word of the treegrid (row names, buttons, group rows, the
 * second line's labels, the shortcut help) comes from locales/en.yml; only portal data (names, ids, addresses)
 * is left as it is. Issue 15 item 1.
 */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncState } from '@/utils/actions/types';
import { NAME_TAIL } from '@/entrypoints/popup/ActionList';
import { App } from '@/entrypoints/popup/App';
import { createPopupStore } from '@/entrypoints/popup/store';
import { parseItem } from '@/utils/portal/contract';
import type { Action } from '@/utils/actions/model';
import defaultScenario from '../fake-portal/scenarios/default';
import { makeAction } from './support/actions';
import { expectNoLiteral, usePseudoLocale } from './support/i18n';

const bg = vi.hoisted(() => ({ state: null as unknown }));

vi.mock('@/utils/messages', () => ({
  request: (name: string) => Promise.resolve(name === 'refresh' || name === 'getState' ? bg.state : null),
  onBroadcast: () => () => undefined,
}));
vi.mock('@/utils/store/queries', () => ({ loadSyncState: () => Promise.resolve(undefined) }));
// The age and expiry badges are shared components with their own pseudo-locale test (components/); this file
// proves the list's own words.
vi.mock('@/components/AgeBadge', () => ({ AgeBadge: () => null }));
vi.mock('@/components/ExpiryBadge', () => ({ ExpiryBadge: () => null }));

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const TITLE = 'Email messages containing malicious URL removed after delivery';

afterEach(cleanup);

function portalActions(): Action[] {
  return defaultScenario(NOW).pending.map((raw) => {
    const parsed = parseItem({ ...raw, InvestigationTitle: raw.InvestigationId === 1290 ? TITLE : null });
    if (!parsed.ok) throw new Error(parsed.problem.message);
    return parsed.value;
  });
}

/** Every piece of portal data the rows may show: names, ids and the distinguishing values (and the two parts a middle ellipsis cuts them into). */
function dataOf(actions: readonly Action[]): string[] {
  const values = actions.flatMap((a) => [a.entityName, a.approvalId ?? '', a.investigationId ?? '', ...(a.distinguishing ?? []).map((p) => p.value)]);
  return values.flatMap((v) => (v.length > 2 * NAME_TAIL ? [v, v.slice(0, -NAME_TAIL), v.slice(-NAME_TAIL)] : [v]));
}

describe('the popup list under the pseudo-locale', () => {
  it('shows no literal: rows, groups, buttons, second lines and the shortcut help all come from locales/en.yml', async () => {
    usePseudoLocale();
    // Portal data through the contract (as the background stores it), and an action type we have no word for.
    const unknown = makeAction({ type: 'BrandNewResponse', typeLabel: 'BrandNewResponse', entityType: 'Machine', entityTypeLabel: 'Device', entityName: 'ws-new', investigationId: null, source: 'Public API', createdAt: NOW - 60_000 });
    const actions = [...portalActions(), unknown];
    const state: SyncState = { cloud: 'commercial', pending: actions, error: null, lastSuccessAt: NOW, lastAttemptAt: NOW, nextPollAt: null, polling: false, refusedScopes: [], skippedItems: 0 };
    bg.state = state;
    render(<App store={createPopupStore(() => NOW)} />);
    const grid = await screen.findByRole('treegrid');
    await screen.findAllByRole('row');
    // The words are there, localised (so the check below is not vacuous).
    expect(grid.getAttribute('aria-label')).toMatch(/^⟦.+⟧$/u);
    expect(grid.querySelectorAll('[role="row"][aria-level="2"]').length).toBe(actions.length);
    expect(grid.querySelector('.acc-detail__label')?.textContent).toMatch(/^⟦.+⟧$/u);
    expectNoLiteral(grid.closest('.acc-list') ?? grid, [...dataOf(actions), 'BrandNewResponse', TITLE]);
  });
});
