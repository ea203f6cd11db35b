/**
 * The popup's state as signals (what the background published, the analyst's filters and selection, decisions in
 * flight) and what the views read derived from them. No intents here: store.ts wires those.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { isPending, type Action, type Verdict } from '@/utils/actions/model';
import { expiringWithin } from '@/utils/actions/expiry';
import {
  AGE_FILTERS,
  facetCounts,
  filterActions,
  flattenGroups,
  groupByInvestigation,
  isFiltering,
  NO_FILTER,
  pruneSelection,
  type ActionFilter,
  type FacetCounts,
  type InvestigationGroup,
  type ListRow,
  type SortOrder,
} from '@/utils/actions/filter';
import { decisionScope, type DecisionScope } from '@/utils/actions/permissions';
import type { DecisionOutcome, SyncState } from '@/utils/actions/types';
import { t } from '@/utils/i18n';
import type { DecisionLink } from '@/utils/notify';
import { ERROR_HEADLINES } from '@/utils/portal/errors';
import { DEFAULT_SETTINGS, type Settings } from '@/utils/settings';

/** How the list was filled: nothing yet, from the local store (before the background answered), or live. */
export type DataSource = 'none' | 'cache' | 'live';

export interface DialogState {
  readonly actions: readonly Action[];
  readonly verdict: Verdict;
  readonly busy: boolean;
  readonly error: string | null;
}

/** A decision result the popup shows, with the action as it was when decided (it may leave the list). */
export interface ResultView {
  readonly action: Action;
  readonly verdict: Verdict;
  readonly outcome: DecisionOutcome;
  readonly message: string;
  readonly decidedBy: string | null;
  readonly at: number;
}

export interface DecisionBlock {
  readonly blocked: boolean;
  /** Why decisions are off, for the analyst (and aria-describedby). */
  readonly reason: string | null;
}

/** The writable state. */
export function createSignals(clock: () => number) {
  return {
    state: signal<SyncState | null>(null),
    source: signal<DataSource>('none'),
    settings: signal<Settings>(DEFAULT_SETTINGS),
    now: signal(clock()),
    refreshing: signal(false),
    /** The background did not answer (a message failed), as opposed to a portal error inside the state. */
    backgroundError: signal<string | null>(null),
    filter: signal<ActionFilter>(NO_FILTER),
    order: signal<SortOrder>('newest'),
    selected: signal<ReadonlySet<string>>(new Set<string>()),
    /** Action ids on the wire, with the verdict sent. */
    inFlight: signal<ReadonlyMap<string, Verdict>>(new Map<string, Verdict>()),
    results: signal<ReadonlyMap<string, ResultView>>(new Map()),
    /** The ids of the last decision (one row or one bulk): its summary counts these only, not the session. */
    lastDecided: signal<readonly string[]>([]),
    dialog: signal<DialogState | null>(null),
    /** False until the stored settings are read: a linked verdict waits for them (confirmation, comments). */
    settingsLoaded: signal(false),
    /** The action a notification opened the popup on (popup.html?action=…); null for the usual list. */
    linked: signal<DecisionLink | null>(null),
    /** False until the first list is on screen: the facet counts (several passes over the list) wait for it. */
    facetsReady: signal(false),
  };
}

export type PopupSignals = ReturnType<typeof createSignals>;

/**
 * The toolbar's facets before the counts are made, for the first screen: each select shows only its selected
 * option then ("All action types", "All entities", "Any age (N)"), so the placeholders look the same.
 */
function unfilteredFacets(pending: readonly Action[]): FacetCounts {
  const anyAge = AGE_FILTERS.find((f) => f.id === 'any');
  const ages = anyAge ? [{ value: anyAge.id, label: anyAge.label, count: pending.length }] : [];
  return { actionTypes: [], entityTypes: [], ages, shown: pending.length, total: pending.length };
}

/** Why decisions are off altogether (signed out, no access, a role that cannot decide), or not. */
function blockOf(state: SyncState | null): DecisionBlock {
  const kind = state?.error?.kind;
  if (kind === 'SignedOut') return { blocked: true, reason: t('popup.signInToDecide') };
  if (kind === 'NoPermission') return { blocked: true, reason: t('popup.grantToDecide') };
  if (kind === 'Forbidden') return { blocked: true, reason: t('popup.forbiddenReason', [ERROR_HEADLINES.Forbidden]) };
  return { blocked: false, reason: null };
}

/** The list as the views show it: pending, filtered, grouped, counted. */
function deriveList(s: PopupSignals) {
  const pending: ReadonlySignal<readonly Action[]> = computed(() => (s.state.value?.pending ?? []).filter(isPending));
  const shown: ReadonlySignal<readonly Action[]> = computed(() =>
    isFiltering(s.filter.value) ? filterActions(pending.value, s.filter.value, s.now.value) : pending.value,
  );
  const facets: ReadonlySignal<FacetCounts> = computed(() =>
    s.facetsReady.value || isFiltering(s.filter.value)
      ? facetCounts(pending.value, s.filter.value, s.now.value)
      : unfilteredFacets(pending.value),
  );
  const groups: ReadonlySignal<InvestigationGroup[]> = computed(() => groupByInvestigation(shown.value, s.order.value));
  const rows: ReadonlySignal<ListRow[]> = computed(() => flattenGroups(groups.value));
  /** Pending actions that expire within the critical threshold (the popup's banner), soonest first. */
  const expiringCritical: ReadonlySignal<readonly Action[]> = computed(() =>
    expiringWithin(pending.value, s.now.value, s.settings.value.expiryThresholds.criticalHours * 3_600_000),
  );
  return { pending, shown, facets, groups, rows, expiringCritical };
}

/** Which actions can be decided now: not on the wire, not waiting for the portal, not of a refused kind. */
function deriveDecidable(s: PopupSignals, pending: ReadonlySignal<readonly Action[]>) {
  /** Sent, waiting for the portal: not decided again from this popup until a read says what happened. */
  const waiting = (id: string) => s.results.value.get(id)?.outcome === 'pendingConfirmation';
  /** Kinds of action the portal refused for this role (a cached state of an older version has none). */
  const refusedScopes: ReadonlySignal<readonly DecisionScope[]> = computed(() => s.state.value?.refusedScopes ?? []);
  /** The refused scope an action falls in, or null when the portal did not refuse its kind. */
  const refusedScopeOf = (action: Action): DecisionScope | null => {
    const scope = decisionScope(action);
    return refusedScopes.value.includes(scope) ? scope : null;
  };
  const decidable = (a: Action) => !s.inFlight.value.has(a.id) && !waiting(a.id) && refusedScopeOf(a) === null;
  const selectedActions: ReadonlySignal<Action[]> = computed(() =>
    pending.value.filter((a) => s.selected.value.has(a.id) && decidable(a)),
  );
  const linkedAction: ReadonlySignal<Action | null> = computed(() => {
    const link = s.linked.value;
    return link ? (pending.value.find((a) => a.id === link.actionId) ?? null) : null;
  });
  const decisionBlock: ReadonlySignal<DecisionBlock> = computed(() => blockOf(s.state.value));
  return { refusedScopes, refusedScopeOf, decidable, selectedActions, linkedAction, decisionBlock };
}

export function deriveViews(s: PopupSignals) {
  const list = deriveList(s);
  return { ...list, ...deriveDecidable(s, list.pending) };
}

export type PopupViews = ReturnType<typeof deriveViews>;

/** Takes a state from the store or the background; a cached copy never overwrites what the background said. */
export function applyState(s: PopupSignals, next: SyncState, from: DataSource): void {
  if (from === 'cache' && s.source.value === 'live') return;
  batch(() => {
    s.state.value = next;
    s.source.value = from;
    if (s.selected.value.size > 0) s.selected.value = pruneSelection(s.selected.value, next.pending);
  });
}

/** Removes actions that are closed (decided by us or elsewhere) without waiting for the next broadcast. */
export function dropClosed(s: PopupSignals, ids: ReadonlySet<string>): void {
  const state = s.state.value;
  if (!state || ids.size === 0) return;
  const remaining = state.pending.filter((a) => !ids.has(a.id));
  batch(() => {
    s.state.value = { ...state, pending: remaining };
    s.selected.value = pruneSelection(s.selected.value, remaining);
  });
}
