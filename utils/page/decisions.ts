/**
 * Decisions from the page: the button → (confirmation) → request('decide') → what the row shows.
 * Only an `applied` outcome counts as success; every error is shown in plain words and leaves the controls usable.
 * A decision that may have reached the portal (no answer from the background, a lost answer) shows "Sent, waiting
 * for the portal" and keeps the row locked until a read no longer lists the action: offering Approve again would
 * invite a second decision. One request per action at a time: a second click while one is in flight does nothing.
 */
import { commentRequired, needsConfirmation } from '../actions/rules';
import type { Action, Verdict } from '../actions/model';
import type { ActionDecisionResult, DecisionReport, DecisionRequest, SyncDiff, SyncState } from '../actions/types';
import { t } from '../i18n';
import type { RequestMap } from '../messages';
import { ERROR_HEADLINES, errorText, type PortalError } from '../portal/errors';
import { actionTypeText } from '../portal/contract';
import { withEntry, type DecisionView, type PageState, type Store } from './store';

type Decide = (payload: RequestMap['decide']['request']) => Promise<RequestMap['decide']['response']>;

export interface DecisionsDeps {
  readonly store: Store;
  readonly decide: Decide;
  /** Called once an action was decided by us (e.g. to refresh the portal's list when that is safe). */
  readonly afterApplied?: (actionIds: readonly string[]) => void;
}

export interface Decisions {
  /**
   * A click on Approve or Reject from the mount `opener`. `owner` is the mount that renders the confirmation in
   * place (a flyout traps focus, so its dialog must live inside it); null lets the page layer render it.
   */
  start(actionId: string, verdict: Verdict, where: { owner: string | null; opener: string | null }): void;
  /** The confirmation's confirm button. */
  confirm(comment: string): void;
  cancel(): void;
}

/** The background stopped answering mid-decision: the request may have reached the portal (as the popup says). */
export const noAnswer = (): string => t('page.noAnswer');

function sentence(text: string): string {
  const t = text.trim();
  return t === '' || /[.!?]$/.test(t) ? t : `${t}.`;
}

/** What one result means for the row. */
export function viewOf(verdict: Verdict, result: ActionDecisionResult, reportError: PortalError | null): DecisionView {
  switch (result.outcome) {
    case 'applied':
      return { phase: 'done', verdict, how: 'us', decidedBy: result.decidedBy };
    case 'alreadyDecided': {
      // A refusal of the request reads as its headline; a per-action answer without who decided keeps its words
      // (e.g. "Already being decided: rejected by you a moment ago" when another surface's verdict is on the wire).
      const error = result.error ?? reportError;
      const note =
        error || result.decidedBy || result.message.trim() === ''
          ? errorText(error ?? { kind: 'Conflict', message: '' }, { decidedBy: result.decidedBy })
          : result.message.trim();
      return { phase: 'done', verdict: null, how: 'elsewhere', decidedBy: result.decidedBy, note };
    }
    case 'pendingConfirmation':
      return { phase: 'waiting', verdict, message: sentence(result.message) || t('page.sentWaiting') };
    case 'unsupported':
      return { phase: 'error', verdict, message: ERROR_HEADLINES.Unsupported, inPortal: true };
    default: {
      const error = result.error ?? reportError;
      const message = error ? errorText(error, { decidedBy: result.decidedBy }) : sentence(result.message) || ERROR_HEADLINES.Unavailable;
      return { phase: 'error', verdict, message };
    }
  }
}

/** "Isolate device on WS-FIN-042": what a control or an announcement is about (portal data inside our words). */
export function describeAction(action: Action): string {
  return t('page.describeAction', [actionTypeText(action.typeLabel), action.entityName]);
}

/** Announcement for screen readers after a decision. */
function announce(view: DecisionView, action: Action | undefined): string {
  const what = action ? describeAction(action) : t('page.unknownAction');
  if (view.phase === 'done') return t('page.announce', [what, doneText(view)]);
  if (view.phase === 'error') return t('page.announce', [what, view.message]);
  if (view.phase === 'waiting') return t('page.announce', [what, t('page.sentWaiting')]);
  return '';
}

export function doneText(view: Extract<DecisionView, { phase: 'done' }>): string {
  if (view.note) return view.note;
  if (view.how === 'us') return view.verdict === 'reject' ? t('page.rejectedByYou') : t('page.approvedByYou');
  if (view.how === 'elsewhere') return t('page.decidedElsewhere');
  return t('page.noLongerPending');
}

/** Applies a decision report (ours, or another surface's broadcast) to the store. */
export function applyReport(store: Store, request: DecisionRequest, report: DecisionReport, own: boolean): void {
  store.set((s) => {
    const decisions = new Map(s.decisions);
    let announcement = s.announcement;
    for (const result of report.results) {
      const view = viewOf(request.verdict, result, report.error);
      // Another surface's failure says nothing about this tab's controls.
      if (!own && view.phase === 'error') continue;
      // A decision in flight from this tab waits for its own answer.
      if (!own && s.decisions.get(result.actionId)?.phase === 'busy') continue;
      decisions.set(result.actionId, view);
      if (own) announcement = announce(view, s.actions.get(result.actionId));
    }
    return { decisions, announcement };
  });
}

/** Applies a state the background published: new pending actions become known; vanished ones are marked. */
export function applySync(store: Store, state: SyncState, diff: SyncDiff | null): void {
  store.set((s) => {
    const actions = new Map(s.actions);
    for (const a of state.pending) actions.set(a.id, a);
    let decisions: ReadonlyMap<string, DecisionView> = s.decisions;
    const pendingIds = new Set(state.pending.map((a) => a.id));
    // Back in pending (e.g. an unknown outcome that did not apply): the row may offer the buttons again.
    for (const [id, view] of s.decisions) {
      if (pendingIds.has(id) && view.phase === 'done' && view.how === 'gone') decisions = withEntry(decisions, id, undefined);
      // Sent and no longer pending: something decided it, but only the portal's confirmation may say "Approved".
      if (!pendingIds.has(id) && view.phase === 'waiting') {
        decisions = withEntry(decisions, id, { phase: 'done', verdict: null, how: 'gone', decidedBy: null });
      }
    }
    if (diff) {
      // Gone without a decision of ours: the portal row, until it refreshes, must not offer a stale Approve.
      for (const id of diff.gone) {
        if (!actions.has(id) || s.decisions.get(id)?.phase === 'busy' || s.decisions.get(id)?.phase === 'done') continue;
        decisions = withEntry(decisions, id, { phase: 'done', verdict: null, how: 'gone', decidedBy: null });
      }
    }
    return { sync: state, actions, decisions };
  });
}

/** Actions a row may show: pending ones, and ones this tab saw decided (so the row shows the outcome). */
export function matchableActions(s: PageState): Action[] {
  const out = s.sync ? [...s.sync.pending] : [];
  const pendingIds = new Set(out.map((a) => a.id));
  for (const [id, view] of s.decisions) {
    if (view.phase !== 'done' || pendingIds.has(id)) continue;
    const action = s.actions.get(id);
    if (action) out.push(action);
  }
  return out;
}

/** Actions this tab does not know stay undefined: the rules count them as possibly destructive. */
function actionsOf(actionIds: readonly string[], s: PageState) {
  return actionIds.map((id) => s.actions.get(id));
}

export function commentRequiredFor(dialog: { verdict: Verdict; actionIds: readonly string[] }, s: PageState): boolean {
  return commentRequired(dialog.verdict, actionsOf(dialog.actionIds, s), s.settings);
}

export function createDecisions(deps: DecisionsDeps): Decisions {
  const { store } = deps;

  function busy(id: string): boolean {
    return store.get().decisions.get(id)?.phase === 'busy';
  }

  async function send(actionIds: readonly string[], verdict: Verdict, comment: string, opener: string | null): Promise<void> {
    const ids = actionIds.filter((id) => !busy(id));
    if (ids.length === 0) return;
    // Locked before the first await: a double click finds the action busy and does nothing.
    store.set((s) => {
      const decisions = new Map(s.decisions);
      for (const id of ids) decisions.set(id, { phase: 'busy', verdict });
      // With the dialog open, the dialog itself says "Sending decision…": announced once, not twice.
      return { decisions, announcement: s.dialog ? '' : t('page.sending') };
    });
    const request: DecisionRequest = { actionIds: ids, verdict, comment, surface: 'portal' };
    let report: DecisionReport;
    try {
      report = await deps.decide(request);
    } catch {
      // No answer from the background (stopped mid-decision): the portal may have the request, as the popup says.
      report = {
        error: null,
        results: ids.map((actionId) => ({ actionId, outcome: 'pendingConfirmation', decidedBy: null, message: noAnswer(), error: null })),
      };
    }
    // Ids the background did not answer for are not decided.
    const answered = new Set(report.results.map((r) => r.actionId));
    const missing = ids.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      report = {
        ...report,
        results: [
          ...report.results,
          ...missing.map((actionId) => ({
            actionId,
            outcome: 'pendingConfirmation' as const,
            decidedBy: null,
            message: t('page.notConfirmed'),
            error: null,
          })),
        ],
      };
    }
    applyReport(store, request, report, true);
    // The row's buttons give way to its state (decided, or sent and waiting): focus follows to that state.
    const settled = report.results.some((r) => r.outcome !== 'notApplied' && r.outcome !== 'unsupported');
    store.set((s) => ({
      ...(s.dialog && s.dialog.actionIds.some((id) => ids.includes(id)) ? { dialog: null } : {}),
      ...(settled ? { focusMount: opener } : {}),
    }));
    const applied = report.results.filter((r) => r.outcome === 'applied').map((r) => r.actionId);
    if (applied.length > 0) deps.afterApplied?.(applied);
  }

  return {
    start(actionId, verdict, where) {
      const s = store.get();
      if (busy(actionId) || s.dialog) return;
      const view = s.decisions.get(actionId);
      if (view?.phase === 'done' || view?.phase === 'waiting') return;
      if (needsConfirmation(verdict, actionsOf([actionId], s), s.settings)) {
        // A previous error stays visible until the analyst confirms again.
        store.set({ dialog: { actionIds: [actionId], verdict, owner: where.owner, opener: where.opener } });
        return;
      }
      void send([actionId], verdict, '', where.opener);
    },
    confirm(comment) {
      const s = store.get();
      const dialog = s.dialog;
      if (!dialog) return;
      if (dialog.actionIds.some(busy)) return;
      if (commentRequiredFor(dialog, s) && comment.trim() === '') return;
      void send(dialog.actionIds, dialog.verdict, comment.trim(), dialog.opener);
    },
    cancel() {
      const dialog = store.get().dialog;
      if (!dialog || dialog.actionIds.some(busy)) return;
      store.set({ dialog: null });
    },
  };
}
