/**
 * Decisions: the audit entry is written before the request and completed after it, each action is
 * decided by at most one request at a time (a second surface joins the first), and only a server
 * confirmation counts as done.
 */
import type { PortalError, Result } from '../portal/errors';
import type { Action, Verdict } from './model';
import type { ActionDecisionResult, AuditEntry, DecisionOutcome, DecisionReport, DecisionRequest } from './types';

/** One per-action answer from the portal client. */
export interface ServerDecision {
  readonly actionId: string;
  /** Sent: the portal took the request without saying what it did; the next reads settle it. */
  readonly status: 'Approved' | 'Rejected' | 'AlreadyDecided' | 'NotFound' | 'Failed' | 'Unknown' | 'Sent';
  readonly decidedBy?: string | null;
  readonly message?: string | null;
}

export interface DecideDeps {
  readonly now: () => number;
  readonly newId: () => string;
  readonly lookup: (ids: readonly string[]) => Promise<ReadonlyMap<string, Action>>;
  readonly rules: () => Promise<{ requireRejectComment: boolean; requireApproveComment: boolean }>;
  readonly send: (ids: readonly string[], verdict: Verdict, comment: string) => Promise<Result<readonly ServerDecision[]>>;
  readonly saveAudit: (entries: readonly AuditEntry[]) => Promise<void>;
  /** Publishes the report and updates the state (remove decided actions, note a role without rights). */
  readonly settled: (request: DecisionRequest, report: DecisionReport) => Promise<void>;
}

export const MAX_COMMENT_LENGTH = 1000;
export const MAX_ACTIONS_PER_DECISION = 100;

const VERDICT_STATUS: Record<Verdict, ServerDecision['status']> = { approve: 'Approved', reject: 'Rejected' };

export function commentRequired(verdict: Verdict, rules: { requireRejectComment: boolean; requireApproveComment: boolean }) {
  return verdict === 'reject' ? rules.requireRejectComment : rules.requireApproveComment;
}

/** Maps one server answer to what it means for the analyst. */
export function outcomeOf(verdict: Verdict, answer: ServerDecision | undefined): Omit<ActionDecisionResult, 'actionId' | 'error'> {
  const decidedBy = answer?.decidedBy ?? null;
  if (!answer || answer.status === 'Unknown') {
    return { outcome: 'unknown', decidedBy, message: 'The portal did not confirm this decision; it will be checked on the next refresh.' };
  }
  if (answer.status === 'Sent') {
    return { outcome: 'pendingConfirmation', decidedBy, message: 'Sent, waiting for the portal to confirm.' };
  }
  if (answer.status === VERDICT_STATUS[verdict]) {
    return { outcome: 'applied', decidedBy, message: verdict === 'approve' ? 'Approved' : 'Rejected' };
  }
  switch (answer.status) {
    case 'AlreadyDecided':
    case 'Approved':
    case 'Rejected':
      return {
        outcome: 'alreadyDecided',
        decidedBy,
        message: decidedBy ? `Already decided by ${decidedBy}` : 'Already decided elsewhere',
      };
    case 'NotFound':
      return { outcome: 'notApplied', decidedBy, message: answer.message?.trim() || 'The portal no longer has this action.' };
    default:
      return { outcome: 'notApplied', decidedBy, message: answer.message?.trim() || 'The portal could not apply this decision.' };
  }
}

/** What a failed request means for each action: only a lost answer leaves the outcome open. */
export function outcomeOfError(error: PortalError): DecisionOutcome {
  switch (error.kind) {
    case 'Conflict':
      return 'alreadyDecided';
    case 'Unsupported':
      return 'unsupported';
    case 'Unavailable':
      return 'unknown';
    default:
      return 'notApplied';
  }
}

function snapshot(actionId: string, action: Action | undefined): AuditEntry['action'] {
  return {
    type: action?.type ?? '',
    typeLabel: action?.typeLabel ?? '',
    entityType: action?.entityType ?? '',
    entityName: action?.entityName ?? '',
    investigationId: action?.investigationId ?? null,
    approvalId: action?.approvalId ?? (action ? null : actionId),
  };
}

function refuse(request: DecisionRequest, error: PortalError): DecisionReport {
  return {
    error,
    results: request.actionIds.map((actionId) => ({
      actionId,
      outcome: 'notApplied' as const,
      decidedBy: null,
      message: error.message,
      error,
    })),
  };
}

export function createDecider(deps: DecideDeps) {
  const inFlight = new Map<string, Promise<ActionDecisionResult>>();

  async function sendAndRecord(request: DecisionRequest, ids: readonly string[]): Promise<DecisionReport> {
    const actions = await deps.lookup(ids);
    const requestedAt = deps.now();
    const started: AuditEntry[] = ids.map((actionId) => ({
      id: deps.newId(),
      actionId,
      verdict: request.verdict,
      comment: request.comment,
      surface: request.surface,
      requestedAt,
      completedAt: null,
      outcome: 'inFlight',
      serverStatus: null,
      analyst: null,
      message: 'Sent to the portal',
      action: snapshot(actionId, actions.get(actionId)),
    }));
    // Written before the request: a worker stopped in between leaves "in flight", resolved by the next poll.
    await deps.saveAudit(started);

    const answer = await deps.send(ids, request.verdict, request.comment);
    const completedAt = deps.now();
    let report: DecisionReport;
    if (answer.ok) {
      const byId = new Map(answer.value.map((a) => [a.actionId, a]));
      report = {
        error: null,
        results: ids.map((actionId) => ({ actionId, error: null, ...outcomeOf(request.verdict, byId.get(actionId)) })),
      };
    } else {
      const outcome = outcomeOfError(answer.error);
      report = {
        error: answer.error,
        results: ids.map((actionId) => ({ actionId, outcome, decidedBy: null, message: answer.error.message, error: answer.error })),
      };
    }
    const serverStatus = answer.ok ? new Map(answer.value.map((a) => [a.actionId, a.status])) : null;
    await deps.saveAudit(
      started.map((entry, i) => {
        const result = report.results[i];
        return {
          ...entry,
          completedAt,
          outcome: result?.outcome ?? 'unknown',
          serverStatus: serverStatus?.get(entry.actionId) ?? (answer.ok ? null : `${answer.error.kind}${answer.error.status ? ` ${answer.error.status}` : ''}`),
          analyst: result?.decidedBy ?? null,
          message: result?.message ?? '',
        };
      }),
    );
    await deps.settled({ ...request, actionIds: ids }, report);
    return report;
  }

  return {
    async decide(request: DecisionRequest): Promise<DecisionReport> {
      const ids = [...new Set(request.actionIds)];
      const comment = request.comment.trim();
      if (ids.length === 0) return { error: null, results: [] };
      if (ids.length > MAX_ACTIONS_PER_DECISION) {
        return refuse(request, { kind: 'BadResponse', message: `Decide at most ${MAX_ACTIONS_PER_DECISION} actions at once.` });
      }
      if (comment.length > MAX_COMMENT_LENGTH) {
        return refuse(request, { kind: 'BadResponse', message: `Keep the comment under ${MAX_COMMENT_LENGTH} characters.` });
      }
      if (!comment && commentRequired(request.verdict, await deps.rules())) {
        return refuse(request, { kind: 'BadResponse', message: 'A comment is required for this decision.' });
      }
      const normalised: DecisionRequest = { ...request, actionIds: ids, comment };

      const fresh = ids.filter((id) => !inFlight.has(id));
      let freshReport: Promise<DecisionReport> | null = null;
      if (fresh.length > 0) {
        freshReport = sendAndRecord(normalised, fresh);
        for (const id of fresh) {
          const one = freshReport.then(
            (r) => r.results.find((x) => x.actionId === id) ?? { actionId: id, outcome: 'unknown' as const, decidedBy: null, message: '', error: null },
          );
          inFlight.set(id, one);
          void one.catch(() => undefined).finally(() => inFlight.delete(id));
        }
      }
      const results = await Promise.all(ids.map((id) => inFlight.get(id) ?? Promise.resolve(undefined)));
      const fromFresh = freshReport ? await freshReport : null;
      return {
        error: fromFresh?.error ?? null,
        results: results.map(
          (r, i): ActionDecisionResult =>
            r ?? { actionId: ids[i] ?? '', outcome: 'unknown', decidedBy: null, message: 'No answer', error: null },
        ),
      };
    },
    /** Ids with a request on the wire in this worker. */
    inFlightIds(): ReadonlySet<string> {
      return new Set(inFlight.keys());
    },
  };
}
