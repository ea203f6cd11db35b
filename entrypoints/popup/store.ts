/**
 * The popup's state: what the background last published (first from the local store for an instant paint),
 * the analyst's filters and selection, and decisions in flight. Shared with @preact/signals; the views only
 * render it and call the intents below. Decisions go through the background only.
 */
import { batch, computed, effect, signal, untracked, type ReadonlySignal, type Signal } from '@preact/signals';
import { commentRequired, MAX_ACTIONS_PER_DECISION, needsConfirmation } from '@/utils/actions/rules';
import { isPending, needsReview, type Action, type Verdict } from '@/utils/actions/model';
import { expiringWithin } from '@/utils/actions/expiry';
import {
  AGE_FILTERS,
  expiresSoon,
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
import { decisionScope, stateAfterDecision, type DecisionScope } from '@/utils/actions/permissions';
import type { ActionDecisionResult, DecisionOutcome, DecisionReport, DecisionRequest, SyncState } from '@/utils/actions/types';
import { onBroadcast, request } from '@/utils/messages';
import type { DecisionLink } from '@/utils/notify';
import { ERROR_HEADLINES, errorText } from '@/utils/portal/errors';
import { DEFAULT_SETTINGS, loadSettings, watchSettings, type Settings } from '@/utils/settings';
import { loadSyncState } from '@/utils/store/queries';
import { takeEarlyRead } from './earlyRead';

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

const UNSUPPORTED_MESSAGE = ERROR_HEADLINES.Unsupported;

/** The store read settles in tens of ms; one stuck (a database upgrade waiting) must not hold the background back. */
const ASK_BACKGROUND_AFTER_MS = 150;

/**
 * The toolbar's facets before the counts are made, for the first screen: each select shows only its selected
 * option then ("All action types", "All entities", "Any age (N)"), so the placeholders look the same.
 */
function unfilteredFacets(pending: readonly Action[]): FacetCounts {
  const anyAge = AGE_FILTERS.find((f) => f.id === 'any');
  const ages = anyAge ? [{ value: anyAge.id, label: anyAge.label, count: pending.length }] : [];
  return { actionTypes: [], entityTypes: [], ages, shown: pending.length, total: pending.length };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createPopupStore(clock: () => number = Date.now) {
  const state: Signal<SyncState | null> = signal(null);
  const source: Signal<DataSource> = signal('none');
  const settings: Signal<Settings> = signal(DEFAULT_SETTINGS);
  const now = signal(clock());
  const refreshing = signal(false);
  /** The background did not answer (a message failed), as opposed to a portal error inside the state. */
  const backgroundError: Signal<string | null> = signal(null);
  const filter: Signal<ActionFilter> = signal(NO_FILTER);
  const order: Signal<SortOrder> = signal('newest');
  const selected: Signal<ReadonlySet<string>> = signal(new Set<string>());
  /** Action ids on the wire, with the verdict sent. */
  const inFlight: Signal<ReadonlyMap<string, Verdict>> = signal(new Map<string, Verdict>());
  const results: Signal<ReadonlyMap<string, ResultView>> = signal(new Map());
  /** The ids of the last decision (one row or one bulk): its summary counts these only, not the session. */
  const lastDecided: Signal<readonly string[]> = signal([]);
  const dialog: Signal<DialogState | null> = signal(null);
  /** False until the stored settings are read: a linked verdict waits for them (confirmation, comments). */
  const settingsLoaded = signal(false);
  /** The action a notification opened the popup on (popup.html?action=…); null for the usual list. */
  const linked: Signal<DecisionLink | null> = signal(null);

  /** False until the first list is on screen: the facet counts (several passes over the list) wait for it. */
  const facetsReady = signal(false);

  const pending: ReadonlySignal<readonly Action[]> = computed(() => (state.value?.pending ?? []).filter(isPending));
  const shown: ReadonlySignal<readonly Action[]> = computed(() =>
    isFiltering(filter.value) ? filterActions(pending.value, filter.value, now.value) : pending.value,
  );
  const facets: ReadonlySignal<FacetCounts> = computed(() =>
    facetsReady.value || isFiltering(filter.value) ? facetCounts(pending.value, filter.value, now.value) : unfilteredFacets(pending.value),
  );
  const groups: ReadonlySignal<InvestigationGroup[]> = computed(() => groupByInvestigation(shown.value, order.value));
  const rows: ReadonlySignal<ListRow[]> = computed(() => flattenGroups(groups.value));
  /** Pending actions that expire within the critical threshold (the popup's banner), soonest first. */
  const expiringCritical: ReadonlySignal<readonly Action[]> = computed(() =>
    expiringWithin(pending.value, now.value, settings.value.expiryThresholds.criticalHours * 3_600_000),
  );
  /** Sent, waiting for the portal: not decided again from this popup until a read says what happened. */
  const waiting = (id: string) => results.value.get(id)?.outcome === 'pendingConfirmation';
  /** Kinds of action the portal refused for this role (a cached state of an older version has none). */
  const refusedScopes: ReadonlySignal<readonly DecisionScope[]> = computed(() => state.value?.refusedScopes ?? []);
  /** The refused scope an action falls in, or null when the portal did not refuse its kind. */
  const refusedScopeOf = (action: Action): DecisionScope | null => {
    const scope = decisionScope(action);
    return refusedScopes.value.includes(scope) ? scope : null;
  };
  const selectedActions: ReadonlySignal<Action[]> = computed(() =>
    pending.value.filter(
      (a) => selected.value.has(a.id) && !inFlight.value.has(a.id) && !waiting(a.id) && refusedScopeOf(a) === null,
    ),
  );

  const linkedAction: ReadonlySignal<Action | null> = computed(() => {
    const link = linked.value;
    return link ? (pending.value.find((a) => a.id === link.actionId) ?? null) : null;
  });

  const decisionBlock: ReadonlySignal<DecisionBlock> = computed(() => {
    const s = state.value;
    const kind = s?.error?.kind;
    if (kind === 'SignedOut') return { blocked: true, reason: 'Sign in to the portal to decide.' };
    if (kind === 'NoPermission') return { blocked: true, reason: 'Grant access to the portal to decide.' };
    if (kind === 'Forbidden') {
      return {
        blocked: true,
        reason: `${ERROR_HEADLINES.Forbidden}. Approving needs the Security Administrator role or the "Active remediation actions" permission.`,
      };
    }
    return { blocked: false, reason: null };
  });

  function setState(next: SyncState, from: DataSource) {
    // A cached copy never overwrites what the background already told us.
    if (from === 'cache' && source.value === 'live') return;
    batch(() => {
      state.value = next;
      source.value = from;
      if (selected.value.size > 0) selected.value = pruneSelection(selected.value, next.pending);
    });
  }

  /** Removes actions that are closed (decided by us or elsewhere) without waiting for the next broadcast. */
  function dropClosed(ids: ReadonlySet<string>) {
    const s = state.value;
    if (!s || ids.size === 0) return;
    const remaining = s.pending.filter((a) => !ids.has(a.id));
    batch(() => {
      state.value = { ...s, pending: remaining };
      selected.value = pruneSelection(selected.value, remaining);
    });
  }

  async function refresh(reason: 'user' | 'popupOpened'): Promise<void> {
    refreshing.value = true;
    try {
      setState(await request('refresh', { reason }), 'live');
      backgroundError.value = null;
    } catch (error) {
      backgroundError.value = `The extension's background did not answer: ${describeError(error)}`;
    } finally {
      refreshing.value = false;
    }
  }

  function closedBy(report: DecisionReport): Set<string> {
    return new Set(
      report.results.filter((r) => r.outcome === 'applied' || r.outcome === 'alreadyDecided').map((r) => r.actionId),
    );
  }

  function recordResults(actions: readonly Action[], verdict: Verdict, list: readonly ActionDecisionResult[]) {
    const byId = new Map(actions.map((a) => [a.id, a]));
    const next = new Map(results.value);
    const at = clock();
    for (const r of list) {
      const action = byId.get(r.actionId);
      if (!action) continue;
      // A refusal of the whole request (409) reads as its headline; a per-action answer keeps its own words.
      const message =
        r.outcome === 'unsupported' ? UNSUPPORTED_MESSAGE : r.outcome === 'alreadyDecided' && r.error ? errorText(r.error, { detail: true }) : r.message;
      next.set(r.actionId, { action, verdict, outcome: r.outcome, message, decidedBy: r.decidedBy, at });
    }
    results.value = next;
  }

  /** Sends a decision; ids already in flight are skipped, so a double click sends one request. */
  async function send(actions: readonly Action[], verdict: Verdict, comment: string): Promise<void> {
    const fresh = actions.filter((a) => !inFlight.value.has(a.id));
    if (fresh.length === 0) return;
    const ids = fresh.map((a) => a.id);
    batch(() => {
      inFlight.value = new Map([...inFlight.value, ...ids.map((id): [string, Verdict] => [id, verdict])]);
      if (dialog.value) dialog.value = { ...dialog.value, busy: true, error: null };
    });
    // The background takes at most MAX_ACTIONS_PER_DECISION per request; larger bulks go in turn.
    const reports: DecisionReport[] = [];
    try {
      for (let i = 0; i < ids.length; i += MAX_ACTIONS_PER_DECISION) {
        const chunk = ids.slice(i, i + MAX_ACTIONS_PER_DECISION);
        try {
          const part = await request('decide', { actionIds: chunk, verdict, comment, surface: 'popup' });
          reports.push(part);
          const rest = ids.slice(i + MAX_ACTIONS_PER_DECISION);
          if (part.error && rest.length > 0 && part.results.every((r) => r.outcome === 'notApplied')) {
            // The portal refused the whole request (signed out, role, rate limit): the rest would fare the same.
            const message = `Not sent: ${errorText(part.error, { detail: true })}`;
            reports.push({
              error: null,
              results: rest.map((actionId) => ({ actionId, outcome: 'notApplied', decidedBy: null, message, error: null })),
            });
            break;
          }
        } catch (error) {
          // No answer from the background: the portal may have this part; the next read tells.
          const message = `No answer from the extension's background (${describeError(error)}). The next refresh will tell what the portal did.`;
          reports.push({
            error: null,
            results: chunk.map((actionId) => ({ actionId, outcome: 'pendingConfirmation', decidedBy: null, message, error: null })),
          });
          const rest = ids.slice(i + MAX_ACTIONS_PER_DECISION);
          if (rest.length > 0) {
            const notSent = 'Not sent: the extension stopped answering before this part of the bulk decision.';
            reports.push({
              error: null,
              results: rest.map((actionId) => ({ actionId, outcome: 'notApplied', decidedBy: null, message: notSent, error: null })),
            });
          }
          break;
        }
      }
    } finally {
      const left = new Map(inFlight.value);
      for (const id of ids) left.delete(id);
      inFlight.value = left;
    }
    const report: DecisionReport = {
      error: reports.find((r) => r.error)?.error ?? null,
      results: reports.flatMap((r) => r.results),
    };
    const refusedAll =
      report.error !== null && report.results.length > 0 && report.results.every((r) => r.outcome === 'notApplied');
    batch(() => {
      if (refusedAll && dialog.value && report.error) {
        // Nothing happened (signed out, role, rate limit, a rule): keep the dialog so the analyst can act.
        dialog.value = { ...dialog.value, busy: false, error: errorText(report.error, { detail: true }) };
      } else {
        dialog.value = null;
      }
      recordResults(fresh, verdict, report.results);
      lastDecided.value = report.results.map((r) => r.actionId);
      dropClosed(closedBy(report));
      // The background records the same refusal; shown at once, scoped to the kinds of action refused.
      if (report.error?.kind === 'Forbidden' && state.value) {
        const asked: DecisionRequest = { actionIds: ids, verdict, comment, surface: 'popup' };
        const after = stateAfterDecision({ ...state.value, refusedScopes: refusedScopes.value }, asked, report);
        state.value = { ...state.value, refusedScopes: after.refusedScopes };
      }
    });
  }

  function needsDialog(verdict: Verdict, actions: readonly Action[]): boolean {
    // A long bulk, or one that isolates or deletes, is reviewed even with confirmation off.
    return needsConfirmation(verdict, actions, settings.value) || needsReview(actions);
  }

  /** Intent: decide these actions (asks for confirmation when the settings or the verdict call for it). */
  function decide(ids: readonly string[], verdict: Verdict): void {
    if (decisionBlock.value.blocked || dialog.value) return;
    const wanted = new Set(ids);
    const actions = pending.value.filter(
      (a) => wanted.has(a.id) && !inFlight.value.has(a.id) && !waiting(a.id) && refusedScopeOf(a) === null,
    );
    if (actions.length === 0) return;
    if (needsDialog(verdict, actions)) dialog.value = { actions, verdict, busy: false, error: null };
    else void send(actions, verdict, '');
  }

  function confirmDialog(comment: string): void {
    const d = dialog.value;
    if (!d || d.busy) return;
    void send(d.actions, d.verdict, comment);
  }

  function cancelDialog(): void {
    // While the request is on the wire the dialog stays: its answer is what the analyst waits for.
    if (dialog.value?.busy) return;
    dialog.value = null;
  }

  function commentRequiredFor(verdict: Verdict, actions: readonly Action[]): boolean {
    return commentRequired(verdict, actions, settings.value);
  }

  /**
   * Shows one action (from a notification) and, for a verdict, asks about it once the background has
   * answered and the settings are read: the same dialog and rules as a click in the list. Returns a stop.
   */
  function openLink(link: DecisionLink): () => void {
    linked.value = link;
    const verdict = link.verdict;
    if (!verdict) return () => undefined;
    let asked = false;
    return effect(() => {
      if (asked || source.value !== 'live' || !settingsLoaded.value) return;
      // Once only: cancelling the dialog must not bring it back.
      asked = true;
      untracked(() => {
        if (linkedAction.value) decide([link.actionId], verdict);
      });
    });
  }

  function closeLink(): void {
    linked.value = null;
  }

  function toggleSelected(id: string): void {
    const next = new Set(selected.value);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selected.value = next;
  }

  function setSelected(next: ReadonlySet<string>): void {
    selected.value = next;
  }

  function dismissResults(): void {
    results.value = new Map();
    lastDecided.value = [];
  }

  async function openInPortal(target: { actionId?: string; investigationId?: string }): Promise<void> {
    try {
      await request('openInPortal', target);
    } catch (error) {
      backgroundError.value = `Could not open the portal: ${describeError(error)}`;
    }
  }

  let stopRunning: (() => void) | null = null;

  /**
   * Starts the popup: local store first, then the background, then live updates. Returns a stop. Idempotent
   * while running: main.tsx starts it before the first render so the reads overlap rendering, and App starts
   * it again (a no-op) for the stores tests hand in.
   */
  function start(): () => void {
    if (stopRunning) return stopRunning;
    const stops: (() => void)[] = [];
    // The list paints from the store first; the background is asked once that list is on screen. Asked at once,
    // a stopped service worker waking up (in this process, reading the same database) slowed the store read, and
    // an awake one's answer (1,000 actions to decode and render) landed before the first frame.
    refreshing.value = true;
    let asked = false;
    const askBackground = () => {
      if (asked) return;
      asked = true;
      clearTimeout(fallback);
      facetsReady.value = true;
      void refresh('popupOpened');
    };
    const fallback = setTimeout(askBackground, ASK_BACKGROUND_AFTER_MS);
    stops.push(() => {
      asked = true;
      clearTimeout(fallback);
    });
    // popup-early.js started this read before the modules ran; tests and other pages read here.
    void (takeEarlyRead() ?? loadSyncState())
      .then(
        (cached) => {
          if (!cached) return askBackground();
          setState(cached, 'cache');
          // Once the frame that paints it was produced (a task queued in rAF runs after that frame).
          requestAnimationFrame(() => setTimeout(askBackground, 0));
        },
        askBackground, // no cache: the background's answer fills the list
      );
    stops.push(
      onBroadcast('stateChanged', ({ state: next }) => {
        setState(next, 'live');
        backgroundError.value = null;
      }),
      onBroadcast('decided', ({ report }) => dropClosed(closedBy(report))),
      watchSettings((next) => {
        settings.value = next;
      }),
    );
    // "Expiring first" is the default when something expires within 24 h. Decided once, on the first list, so the
    // list never re-sorts under the analyst's hands and a choice of theirs stands.
    let orderDefaulted = false;
    stops.push(
      effect(() => {
        if (orderDefaulted || state.value === null) return;
        orderDefaulted = true;
        const list = pending.value;
        untracked(() => {
          if (list.some((a) => expiresSoon(a, now.value))) order.value = 'expiring';
        });
      }),
    );
    const timer = setInterval(() => {
      now.value = clock();
    }, 1000);
    stops.push(() => clearInterval(timer));

    void loadSettings().then(
      (s) => {
        batch(() => {
          settings.value = s;
          settingsLoaded.value = true;
        });
      },
      () => (settingsLoaded.value = true), // the defaults stand: they ask for confirmation
    );
    const stop = () => {
      if (stopRunning !== stop) return;
      stopRunning = null;
      stops.forEach((each) => each());
    };
    stopRunning = stop;
    return stop;
  }

  return {
    state,
    source,
    settings,
    now,
    refreshing,
    backgroundError,
    filter,
    order,
    selected,
    inFlight,
    results,
    lastDecided,
    dialog,
    settingsLoaded,
    linked,
    linkedAction,
    pending,
    shown,
    facets,
    groups,
    rows,
    expiringCritical,
    selectedActions,
    decisionBlock,
    refusedScopes,
    refusedScopeOf,
    start,
    refresh,
    decide,
    confirmDialog,
    cancelDialog,
    commentRequiredFor,
    toggleSelected,
    setSelected,
    dismissResults,
    openInPortal,
    openLink,
    closeLink,
  };
}

export type PopupStore = ReturnType<typeof createPopupStore>;

