/**
 * The popup's decisions: ask (the dialog when the rules call for it), send through the background in parts,
 * and settle what came back (results, the dialog, closed actions, refused kinds). Decisions go through the
 * background only.
 */
import { batch } from '@preact/signals';
import { commentRequired, MAX_ACTIONS_PER_DECISION, needsConfirmation } from '@/utils/actions/rules';
import { needsReview, type Action, type Verdict } from '@/utils/actions/model';
import { stateAfterDecision } from '@/utils/actions/permissions';
import type { ActionDecisionResult, DecisionOutcome, DecisionReport, DecisionRequest } from '@/utils/actions/types';
import { t } from '@/utils/i18n';
import { request } from '@/utils/messages';
import { ERROR_HEADLINES, errorText } from '@/utils/portal/errors';
import { dropClosed, type PopupSignals, type PopupViews } from './storeState';

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The actions a report says are closed: decided now, or already decided elsewhere. */
export function closedBy(report: DecisionReport): Set<string> {
  return new Set(report.results.filter((r) => r.outcome === 'applied' || r.outcome === 'alreadyDecided').map((r) => r.actionId));
}

function sameFor(ids: readonly string[], outcome: DecisionOutcome, message: string): DecisionReport {
  return { error: null, results: ids.map((actionId) => ({ actionId, outcome, decidedBy: null, message, error: null })) };
}

/**
 * Sends the ids in parts of at most MAX_ACTIONS_PER_DECISION (what the background takes per request), in turn.
 * Stops after a part the portal refused as a whole (the rest would fare the same) or one the background did not
 * answer; the ids not sent are reported as such. `done` gets the whole report in the same task as the last answer
 * (returning it would settle the popup a few microtasks later than the answer).
 */
async function sendInParts(ids: readonly string[], verdict: Verdict, comment: string, done: (report: DecisionReport) => void): Promise<void> {
  const reports: DecisionReport[] = [];
  for (let i = 0; i < ids.length; i += MAX_ACTIONS_PER_DECISION) {
    const chunk = ids.slice(i, i + MAX_ACTIONS_PER_DECISION);
    const rest = ids.slice(i + MAX_ACTIONS_PER_DECISION);
    let part: DecisionReport;
    try {
      part = await request('decide', { actionIds: chunk, verdict, comment, surface: 'popup' });
    } catch (error) {
      // No answer from the background: the portal may have this part; the next read tells.
      reports.push(sameFor(chunk, 'pendingConfirmation', t('popup.noAnswer', [describeError(error)])));
      if (rest.length > 0) reports.push(sameFor(rest, 'notApplied', t('popup.notSentStopped')));
      break;
    }
    reports.push(part);
    if (part.error && rest.length > 0 && part.results.every((r) => r.outcome === 'notApplied')) {
      // The portal refused the whole request (signed out, role, rate limit): the rest would fare the same.
      reports.push(sameFor(rest, 'notApplied', t('popup.notSent', [errorText(part.error, { detail: true })])));
      break;
    }
  }
  done({ error: reports.find((r) => r.error)?.error ?? null, results: reports.flatMap((r) => r.results) });
}

export function createDecisions(s: PopupSignals, v: PopupViews, clock: () => number) {
  function recordResults(actions: readonly Action[], verdict: Verdict, list: readonly ActionDecisionResult[]) {
    const byId = new Map(actions.map((a) => [a.id, a]));
    const next = new Map(s.results.value);
    const at = clock();
    for (const r of list) {
      const action = byId.get(r.actionId);
      if (!action) continue;
      // A refusal of the whole request (409) reads as its headline; a per-action answer keeps its own words.
      const message =
        r.outcome === 'unsupported'
          ? ERROR_HEADLINES.Unsupported
          : r.outcome === 'alreadyDecided' && r.error
            ? errorText(r.error, { detail: true })
            : r.message;
      next.set(r.actionId, { action, verdict, outcome: r.outcome, message, decidedBy: r.decidedBy, at });
    }
    s.results.value = next;
  }

  /** What the popup shows once a decision's answer is in. */
  function settle(fresh: readonly Action[], request: DecisionRequest, report: DecisionReport) {
    const refusedAll = report.error !== null && report.results.length > 0 && report.results.every((r) => r.outcome === 'notApplied');
    batch(() => {
      if (refusedAll && s.dialog.value && report.error) {
        // Nothing happened (signed out, role, rate limit, a rule): keep the dialog so the analyst can act.
        s.dialog.value = { ...s.dialog.value, busy: false, error: errorText(report.error, { detail: true }) };
      } else {
        s.dialog.value = null;
      }
      recordResults(fresh, request.verdict, report.results);
      s.lastDecided.value = report.results.map((r) => r.actionId);
      dropClosed(s, closedBy(report));
      // The background records the same refusal; shown at once, scoped to the kinds of action refused.
      const state = s.state.value;
      if (report.error?.kind === 'Forbidden' && state) {
        const after = stateAfterDecision({ ...state, refusedScopes: v.refusedScopes.value }, request, report);
        s.state.value = { ...state, refusedScopes: after.refusedScopes };
      }
    });
  }

  /** Sends a decision; ids already in flight are skipped, so a double click sends one request. */
  async function send(actions: readonly Action[], verdict: Verdict, comment: string): Promise<void> {
    const fresh = actions.filter((a) => !s.inFlight.value.has(a.id));
    if (fresh.length === 0) return;
    const ids = fresh.map((a) => a.id);
    batch(() => {
      s.inFlight.value = new Map([...s.inFlight.value, ...ids.map((id): [string, Verdict] => [id, verdict])]);
      if (s.dialog.value) s.dialog.value = { ...s.dialog.value, busy: true, error: null };
    });
    const landed = () => {
      const left = new Map(s.inFlight.value);
      for (const id of ids) left.delete(id);
      s.inFlight.value = left;
    };
    try {
      await sendInParts(ids, verdict, comment, (report) => {
        landed();
        settle(fresh, { actionIds: ids, verdict, comment, surface: 'popup' }, report);
      });
    } catch (error) {
      landed();
      throw error;
    }
  }

  function needsDialog(verdict: Verdict, actions: readonly Action[]): boolean {
    // A long bulk, or one that isolates or deletes, is reviewed even with confirmation off.
    return needsConfirmation(verdict, actions, s.settings.value) || needsReview(actions);
  }

  /** Intent: decide these actions (asks for confirmation when the settings or the verdict call for it). */
  function decide(ids: readonly string[], verdict: Verdict): void {
    if (v.decisionBlock.value.blocked || s.dialog.value) return;
    const wanted = new Set(ids);
    const actions = v.pending.value.filter((a) => wanted.has(a.id) && v.decidable(a));
    if (actions.length === 0) return;
    if (needsDialog(verdict, actions)) s.dialog.value = { actions, verdict, busy: false, error: null };
    else void send(actions, verdict, '');
  }

  function confirmDialog(comment: string): void {
    const d = s.dialog.value;
    if (!d || d.busy) return;
    void send(d.actions, d.verdict, comment);
  }

  function cancelDialog(): void {
    // While the request is on the wire the dialog stays: its answer is what the analyst waits for.
    if (s.dialog.value?.busy) return;
    s.dialog.value = null;
  }

  function commentRequiredFor(verdict: Verdict, actions: readonly Action[]): boolean {
    return commentRequired(verdict, actions, s.settings.value);
  }

  return { decide, confirmDialog, cancelDialog, commentRequiredFor };
}
