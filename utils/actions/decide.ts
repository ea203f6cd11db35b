/**
 * Decisions: the audit entry is written before the request and completed after it, each action is
 * decided by at most one request at a time, and only a server confirmation counts as done.
 *
 * A second surface deciding an action already on the wire never sends: with the same verdict it joins the
 * first request's result; with the opposite verdict it is answered "already being decided" at once (the
 * portal would refuse a second verdict on a decided action anyway, and sending it after would race the
 * first). Either way a comment of its own that did not reach the portal is kept in its own audit entry.
 */
import { commentRequired, MAX_ACTIONS_PER_DECISION, MAX_COMMENT_LENGTH, type CommentRules } from './rules';
import type { CloudId } from '../portal/hosts';
import type { PortalError, Result } from '../portal/errors';
import { expiredMessage, isExpired } from './expiry';
import type { Action, Verdict } from './model';
import { formatNumber, t } from '../i18n';
import type { ActionDecisionResult, AuditEntry, DecisionOutcome, DecisionReport, DecisionRequest, Surface } from './types';

/** One per-action answer from the portal client. */
export interface ServerDecision {
  readonly actionId: string;
  readonly status: 'Approved' | 'Rejected' | 'AlreadyDecided' | 'NotFound' | 'Failed' | 'Unknown';
  readonly decidedBy?: string | null;
  readonly message?: string | null;
}

export interface DecideDeps {
  readonly now: () => number;
  readonly newId: () => string;
  /** The cloud decisions go to, recorded in each audit entry. */
  readonly cloud: () => Promise<CloudId>;
  readonly lookup: (ids: readonly string[]) => Promise<ReadonlyMap<string, Action>>;
  readonly rules: () => Promise<CommentRules>;
  readonly send: (ids: readonly string[], verdict: Verdict, comment: string) => Promise<Result<readonly ServerDecision[]>>;
  readonly saveAudit: (entries: readonly AuditEntry[]) => Promise<void>;
  /** Publishes the report and updates the state (remove decided actions, note a role without rights). */
  readonly settled: (request: DecisionRequest, report: DecisionReport) => Promise<void>;
}


const VERDICT_STATUS: Record<Verdict, ServerDecision['status']> = { approve: 'Approved', reject: 'Rejected' };
/** Where a decision came from, in the words of the messages that name it. */
function surfaceWords(surface: Surface): string {
  switch (surface) {
    case 'popup':
      return t('background.fromPopup');
    case 'portal':
      return t('background.fromPortal');
    default:
      return t('background.fromNotification');
  }
}

const sentWaitingDetail = () => t('background.sentWaitingDetail');

/** The answer to a caller whose opposite verdict meets a decision already on the wire. */
export function alreadyBeingDecided(verdict: Verdict): string {
  return verdict === 'approve' ? t('background.beingDecidedApprove') : t('background.beingDecidedReject');
}

/** The audit note of a caller whose opposite verdict was not sent, naming the surface the first one came from. */
function notSentBeingDecided(verdict: Verdict, from: Surface): string {
  const where = surfaceWords(from);
  return verdict === 'approve' ? t('background.notSentBeingDecidedApprove', [where]) : t('background.notSentBeingDecidedReject', [where]);
}

/** Maps one server answer to what it means for the analyst. */
export function outcomeOf(verdict: Verdict, answer: ServerDecision | undefined): Omit<ActionDecisionResult, 'actionId' | 'error'> {
  const decidedBy = answer?.decidedBy ?? null;
  if (!answer || answer.status === 'Unknown') {
    return { outcome: 'pendingConfirmation', decidedBy, message: answer?.message?.trim() || sentWaitingDetail() };
  }
  if (answer.status === VERDICT_STATUS[verdict]) {
    return { outcome: 'applied', decidedBy, message: verdict === 'approve' ? t('background.approved') : t('background.rejected') };
  }
  switch (answer.status) {
    case 'AlreadyDecided':
    case 'Approved':
    case 'Rejected':
      return {
        outcome: 'alreadyDecided',
        decidedBy,
        message: decidedBy ? t('background.alreadyDecidedBy', [decidedBy]) : t('background.alreadyDecidedElsewhere'),
      };
    case 'NotFound':
      return { outcome: 'notApplied', decidedBy, message: answer.message?.trim() || t('background.actionGone') };
    default:
      return { outcome: 'notApplied', decidedBy, message: answer.message?.trim() || t('background.notApplied') };
  }
}

/** What a failed request means for each action: a lost answer (timeout, 5xx) leaves it open, not failed. */
export function outcomeOfError(error: PortalError): DecisionOutcome {
  switch (error.kind) {
    case 'Conflict':
      return 'alreadyDecided';
    case 'Unsupported':
      return 'unsupported';
    case 'Unavailable':
      return 'pendingConfirmation';
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

/** One audit entry of this request for one action; what differs between a sent and a not-sent one is `fate`. */
function auditEntry(
  deps: DecideDeps,
  request: DecisionRequest,
  actionId: string,
  action: Action | undefined,
  cloud: AuditEntry['cloud'],
  fate: Pick<AuditEntry, 'requestedAt' | 'completedAt' | 'outcome' | 'message'>,
): AuditEntry {
  return {
    id: deps.newId(),
    actionId,
    verdict: request.verdict,
    comment: request.comment,
    surface: request.surface,
    cloud,
    ...fate,
    serverStatus: null,
    analyst: null,
    action: snapshot(actionId, action),
  };
}

/** What the portal's answer (or its failure) means for each id sent, in the order sent. */
function reportOf(request: DecisionRequest, ids: readonly string[], answer: Result<readonly ServerDecision[]>): DecisionReport {
  if (answer.ok) {
    const byId = new Map(answer.value.map((a) => [a.actionId, a]));
    return {
      error: null,
      results: ids.map((actionId) => ({ actionId, error: null, ...outcomeOf(request.verdict, byId.get(actionId)) })),
    };
  }
  const outcome = outcomeOfError(answer.error);
  const message = outcome === 'pendingConfirmation' ? t('background.sentWaitingBecause', [answer.error.message]) : answer.error.message;
  return {
    error: answer.error,
    results: ids.map((actionId) => ({ actionId, outcome, decidedBy: null, message, error: answer.error })),
  };
}

/** The entries written before the request, completed with the report and what the server said for each. */
function completedEntries(
  started: readonly AuditEntry[],
  report: DecisionReport,
  answer: Result<readonly ServerDecision[]>,
  completedAt: number,
): AuditEntry[] {
  const serverStatus = answer.ok ? new Map(answer.value.map((a) => [a.actionId, a.status])) : null;
  return started.map((entry, i) => {
    const result = report.results[i];
    return {
      ...entry,
      // Not final yet: settlement fills completedAt once the portal says what happened.
      completedAt: result?.outcome === 'pendingConfirmation' ? null : completedAt,
      outcome: result?.outcome ?? 'pendingConfirmation',
      serverStatus: serverStatus?.get(entry.actionId) ?? (answer.ok ? null : `${answer.error.kind}${answer.error.status ? ` ${answer.error.status}` : ''}`),
      analyst: result?.decidedBy ?? null,
      message: result?.message ?? '',
    };
  });
}

/** Audit "in flight", send, complete the audit, then settle: the one path by which a verdict reaches the portal. */
async function sendAndRecord(
  deps: DecideDeps,
  request: DecisionRequest,
  ids: readonly string[],
  actions: ReadonlyMap<string, Action>,
): Promise<DecisionReport> {
  const cloud = await deps.cloud();
  const requestedAt = deps.now();
  const started: AuditEntry[] = ids.map((actionId) =>
    auditEntry(deps, request, actionId, actions.get(actionId), cloud, { requestedAt, completedAt: null, outcome: 'inFlight', message: t('background.sentToPortal') }),
  );
  // Written before the request: a worker stopped in between leaves "in flight", resolved by the next poll.
  await deps.saveAudit(started);

  const answer = await deps.send(ids, request.verdict, request.comment);
  const completedAt = deps.now();
  const report = reportOf(request, ids, answer);
  await deps.saveAudit(completedEntries(started, report, answer, completedAt));
  await deps.settled({ ...request, actionIds: ids }, report);
  return report;
}

/** A caller that met a decision already on the wire: its own entry, so its verdict and comment are not lost. */
async function recordNotSent(
  deps: DecideDeps,
  request: DecisionRequest,
  notes: ReadonlyMap<string, string>,
  actions: ReadonlyMap<string, Action>,
): Promise<void> {
  if (notes.size === 0) return;
  const ids = [...notes.keys()];
  const cloud = await deps.cloud();
  const at = deps.now();
  await deps.saveAudit(
    ids.map((actionId) =>
      auditEntry(deps, request, actionId, actions.get(actionId), cloud, {
        requestedAt: at,
        completedAt: at,
        outcome: 'alreadyDecided',
        message: notes.get(actionId) ?? '',
      }),
    ),
  );
}

/** A request refused before anything is read or sent (too many, comment too long); null when it may go on. */
function overLimits(request: DecisionRequest, ids: readonly string[], comment: string): DecisionReport | null {
  if (ids.length > MAX_ACTIONS_PER_DECISION) {
    return refuse(request, { kind: 'BadResponse', message: t('background.tooMany', [formatNumber(MAX_ACTIONS_PER_DECISION)]) });
  }
  if (comment.length > MAX_COMMENT_LENGTH) {
    return refuse(request, { kind: 'BadResponse', message: t('background.commentTooLong', [formatNumber(MAX_COMMENT_LENGTH)]) });
  }
  return null;
}

/**
 * Refused when the rules ask for a comment and none came. The types come from the background's own store, not
 * from the message: a caller cannot make an action harmless.
 */
async function missingComment(
  deps: DecideDeps,
  request: DecisionRequest,
  ids: readonly string[],
  comment: string,
  known: ReadonlyMap<string, Action>,
): Promise<DecisionReport | null> {
  if (comment || !commentRequired(request.verdict, ids.map((id) => known.get(id)), await deps.rules())) return null;
  return refuse(request, { kind: 'BadResponse', message: t('background.commentRequired') });
}

/** Past its 7-day expiry the portal counts an action as rejected: those ids are answered, not sent. */
function expiredAmong(at: number, ids: readonly string[], known: ReadonlyMap<string, Action>): Set<string> {
  return new Set(ids.filter((id) => {
    const action = known.get(id);
    return action !== undefined && isExpired(action, at);
  }));
}

/** Decides the ids that have not expired (through `decide`, checks and all) and answers the expired ones with why they were not sent. */
async function decideAroundExpired(
  decide: (request: DecisionRequest) => Promise<DecisionReport>,
  request: DecisionRequest,
  ids: readonly string[],
  expired: ReadonlySet<string>,
): Promise<DecisionReport> {
  const rest = ids.filter((id) => !expired.has(id));
  const sent = rest.length > 0 ? await decide({ ...request, actionIds: rest }) : { error: null, results: [] };
  const byId = new Map(sent.results.map((r) => [r.actionId, r]));
  return {
    error: sent.error,
    results: ids.map(
      (id): ActionDecisionResult =>
        byId.get(id) ?? { actionId: id, outcome: 'notApplied', decidedBy: null, message: expiredMessage(), error: null },
    ),
  };
}

/** A request on the wire for one action, as the next caller for that action meets it. */
interface Flight {
  readonly verdict: Verdict;
  readonly comment: string;
  readonly surface: Surface;
  readonly result: Promise<ActionDecisionResult>;
}

/**
 * Ids already on the wire: the same verdict joins that request's result (a different comment is noted as not
 * sent); the opposite verdict is answered "already being decided" and noted. Synchronous, like claim().
 */
function joinFlights(
  inFlight: ReadonlyMap<string, Flight>,
  ids: readonly string[],
  verdict: Verdict,
  comment: string,
  answers: Map<string, Promise<ActionDecisionResult>>,
  notSent: Map<string, string>,
): void {
  for (const id of ids) {
    const flight = inFlight.get(id);
    if (!flight) continue;
    if (flight.verdict !== verdict) {
      const message = alreadyBeingDecided(flight.verdict);
      answers.set(id, Promise.resolve({ actionId: id, outcome: 'alreadyDecided', decidedBy: null, message, error: null }));
      notSent.set(id, notSentBeingDecided(flight.verdict, flight.surface));
    } else {
      answers.set(id, flight.result);
      if (comment !== '' && comment !== flight.comment) notSent.set(id, t('background.notSentJoined', [surfaceWords(flight.surface)]));
    }
  }
}

/** Sends for the fresh ids and claims each of them until its answer is in. Synchronous up to the send. */
function claim(
  deps: DecideDeps,
  inFlight: Map<string, Flight>,
  request: DecisionRequest,
  fresh: readonly string[],
  answers: Map<string, Promise<ActionDecisionResult>>,
  known: ReadonlyMap<string, Action>,
): Promise<DecisionReport> {
  const report = sendAndRecord(deps, request, fresh, known);
  for (const id of fresh) {
    const result = report.then(
      (r) =>
        r.results.find((x) => x.actionId === id) ?? {
          actionId: id,
          outcome: 'pendingConfirmation' as const,
          decidedBy: null,
          message: sentWaitingDetail(),
          error: null,
        },
    );
    inFlight.set(id, { verdict: request.verdict, comment: request.comment, surface: request.surface, result });
    answers.set(id, result);
    void result.catch(() => undefined).finally(() => inFlight.delete(id));
  }
  return report;
}

/**
 * The decider of one worker: checks a request in the order limits, store read, comment rule, expiry, then sends
 * it once per action (joining or refusing what is already on the wire) and answers per action.
 */
export function createDecider(deps: DecideDeps) {
  const inFlight = new Map<string, Flight>();

  const decider = {
    async decide(request: DecisionRequest): Promise<DecisionReport> {
      const ids = [...new Set(request.actionIds)];
      const comment = request.comment.trim();
      if (ids.length === 0) return { error: null, results: [] };
      const overLimit = overLimits(request, ids, comment);
      if (overLimit) return overLimit;
      // One read of the background's store per decision: the checks below and the audit entries' snapshots.
      const known = await deps.lookup(ids);
      const noComment = await missingComment(deps, request, ids, comment, known);
      if (noComment) return noComment;
      const expired = expiredAmong(deps.now(), ids, known);
      if (expired.size > 0) return decideAroundExpired((rest) => decider.decide(rest), request, ids, expired);
      const normalised: DecisionRequest = { ...request, actionIds: ids, comment };

      // Claimed synchronously (no await from here to claim()), so two callers in the same tick cannot both send.
      const fresh = ids.filter((id) => !inFlight.has(id));
      const answers = new Map<string, Promise<ActionDecisionResult>>();
      const notSent = new Map<string, string>();
      joinFlights(inFlight, ids, request.verdict, comment, answers, notSent);
      const freshReport = fresh.length > 0 ? claim(deps, inFlight, normalised, fresh, answers, known) : null;

      await recordNotSent(deps, normalised, notSent, known);
      const results = await Promise.all(ids.map((id) => answers.get(id)));
      const fromFresh = freshReport ? await freshReport : null;
      return {
        error: fromFresh?.error ?? null,
        results: results.map(
          (r, i): ActionDecisionResult =>
            r ?? { actionId: ids[i] ?? '', outcome: 'pendingConfirmation', decidedBy: null, message: sentWaitingDetail(), error: null },
        ),
      };
    },
    /** Ids with a request on the wire in this worker. */
    inFlightIds(): ReadonlySet<string> {
      return new Set(inFlight.keys());
    },
  };
  return decider;
}
