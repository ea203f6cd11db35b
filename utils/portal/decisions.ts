/**
 * Sending a decision to the portal and reading what became of each action: from the portal's per-action answer
 * when the template says where it is, else (and whenever the answer is lost or unreadable) from a re-read of the
 * pending list and the recent history. Only a server confirmation counts as done.
 */
import { MAX_ACTIONS_PER_DECISION } from '../actions/rules';
import type { Action, Verdict } from '../actions/model';
import { formatNumber, t } from '../i18n';
import type { ServerDecision } from '../actions/decide';
import { fail, ok, portalError, type PortalError, type Result } from './errors';
import { isSafeId } from './contract';
import { readDecisionAnswer, renderDecision, type DecisionTemplate, type KnownAction, type RenderInput } from './decisionTemplate';
import type { ListReader } from './lists';
import { unsupportedMessage, type PortalRequester } from './request';

/** Pages of history one settlement or recovery reads at most (1,000 actions, newest first). */
export const SETTLE_HISTORY_PAGES = 10;
/** How far back a lost decision or a missing action is looked for (pending actions expire after 7 days). */
export const RECENT_HISTORY_MS = 8 * 24 * 60 * 60_000;

/** What a decision reads and sends through. */
interface Io {
  readonly requester: PortalRequester;
  readonly lists: ListReader;
}

type Rendered = Extract<ReturnType<typeof renderDecision>, { ok: true }>;

export type DecisionSender = (
  targets: readonly KnownAction[],
  verdict: Verdict,
  comment: string,
  template: DecisionTemplate,
) => Promise<Result<readonly ServerDecision[]>>;

/** The portal took the request (2xx) and did not say per action what it did: the next reads settle it. */
function sent(actionId: string): ServerDecision {
  return { actionId, status: 'Unknown', decidedBy: null, message: t('background.tookRequest') };
}

function lost(actionId: string, why: string): ServerDecision {
  return { actionId, status: 'Failed', decidedBy: null, message: t('background.notSentBecause', [why]) };
}

/** Why a template could not render this decision; nothing was sent. */
function renderRefusal(reason: string, verdict: Verdict): PortalError {
  switch (reason) {
    case 'noVerdictSpelling':
      return portalError('Unsupported', verdict === 'approve' ? t('background.notSeenApprove') : t('background.notSeenReject'));
    case 'missingApprovalId':
      return portalError('BadResponse', t('background.needsApprovalId'));
    case 'mixedInvestigations':
      return portalError('BadResponse', t('background.oneInvestigation'));
    default:
      return portalError('BadResponse', t('background.unsafeValue'));
  }
}

/** Someone else's verdict on an action, in the analyst's words. */
function alreadyAs(decision: 'Approved' | 'Rejected'): string {
  return decision === 'Approved' ? t('background.alreadyApproved') : t('background.alreadyRejected');
}

/** Ids that cannot be sent at all (too many, or not safe to put in a request); null when they can. `field` names the request's JSON path (protocol). */
function refuseIds(ids: readonly string[]): PortalError | null {
  if (ids.length > MAX_ACTIONS_PER_DECISION) {
    return portalError('BadResponse', t('background.tooMany', [formatNumber(MAX_ACTIONS_PER_DECISION)]), { field: 'ActionIds' });
  }
  const unsafe = ids.findIndex((id) => !isSafeId(id));
  if (unsafe < 0) return null;
  return portalError('BadResponse', t('background.unsafeId'), {
    field: `ActionIds[${unsafe}]`,
  });
}

/** What a re-read says of one action after its answer was lost. */
function fromReread(
  actionId: string,
  stillPending: ReadonlySet<string>,
  decided: ReadonlyMap<string, Pick<Action, 'decision' | 'decidedBy'>>,
  ours: 'Approved' | 'Rejected',
): ServerDecision {
  // Still pending right after proves nothing: the portal may apply it asynchronously. Settlement decides later.
  if (stillPending.has(actionId)) {
    return { actionId, status: 'Unknown', decidedBy: null, message: t('background.lostStillPending') };
  }
  const action = decided.get(actionId);
  if (!action) {
    return { actionId, status: 'Unknown', decidedBy: null, message: t('background.lostUnknown') };
  }
  if (action.decision === ours) return { actionId, status: ours, decidedBy: action.decidedBy, message: null };
  if (action.decision !== null) {
    return { actionId, status: 'AlreadyDecided', decidedBy: action.decidedBy, message: alreadyAs(action.decision) };
  }
  return { actionId, status: 'NotFound', decidedBy: null, message: t('background.notDecided') };
}

/** What became of a decision's actions: a bounded read, so a lost answer never costs 100 pages. */
function recentHistory(io: Io) {
  const to = io.requester.now();
  return io.lists.listHistory({ from: to - RECENT_HISTORY_MS, to }, { maxPages: SETTLE_HISTORY_PAGES });
}

/** The answer to a decision was lost: ask the portal what became of each id. */
async function recover(io: Io, ids: readonly string[], verdict: Verdict, lostError: PortalError): Promise<Result<readonly ServerDecision[]>> {
  const pending = await io.lists.listPending();
  if (!pending.ok) return fail(lostError);
  const stillPending = new Set(pending.value.actions.map((a) => a.id));
  const gone = ids.filter((id) => !stillPending.has(id));
  const history = gone.length > 0 ? await recentHistory(io) : null;
  const decided = new Map(history?.ok ? history.value.actions.map((a) => [a.id, a]) : []);
  const ours = verdict === 'approve' ? 'Approved' : 'Rejected';
  return ok(ids.map((actionId) => fromReread(actionId, stillPending, decided, ours)));
}

/**
 * The portal answered, but not with per-action results we can read: what it did is learned from a re-read.
 * Unless the re-read shows a decision, the original error is the truth and is reported as it is.
 */
async function reconcile(io: Io, ids: readonly string[], verdict: Verdict, error: PortalError, { oursImpossible = false } = {}): Promise<Result<readonly ServerDecision[]>> {
  const recovered = await recover(io, ids, verdict, error);
  const decided = (d: ServerDecision) => d.status === 'Approved' || d.status === 'Rejected' || d.status === 'AlreadyDecided';
  if (!recovered.ok || !recovered.value.some(decided)) return fail(error);
  if (!oursImpossible) return recovered;
  // After a 409 a decision matching ours was still someone else's.
  return ok(
    recovered.value.map((d): ServerDecision =>
      d.status === 'Approved' || d.status === 'Rejected' ? { ...d, status: 'AlreadyDecided', message: alreadyAs(d.status) } : d,
    ),
  );
}

/**
 * The portal took the request (2xx) without saying per action what it did: an action counts as decided only when
 * a re-read shows it left pending with our verdict in history. Still pending is not a failure: the portal may
 * apply it a little later, so it is "sent, waiting for the portal" and the next polls settle it.
 */
async function confirmByReread(io: Io, ids: readonly string[], verdict: Verdict): Promise<Result<readonly ServerDecision[]>> {
  const reread = await recover(io, ids, verdict, portalError('Unavailable', t('background.rereadLater')));
  if (!reread.ok) return ok(ids.map((actionId) => sent(actionId)));
  return ok(reread.value.map((d) => (d.status === 'Failed' || d.status === 'Unknown' ? sent(d.actionId) : d)));
}

/** A request the portal did not answer with a 2xx JSON: what it means for the decision. */
function afterFailure(io: Io, template: DecisionTemplate, ids: readonly string[], verdict: Verdict, error: PortalError): Promise<Result<readonly ServerDecision[]>> {
  if (error.kind === 'Unavailable') return recover(io, ids, verdict, error);
  const success2xx = error.kind === 'BadResponse' && error.status !== undefined && error.status >= 200 && error.status < 300;
  // An empty or non-JSON 2xx is what a portal that lists no per-action results may send: the re-read tells.
  if (success2xx && template.answer === null) return confirmByReread(io, ids, verdict);
  if (error.kind === 'Conflict') return reconcile(io, ids, verdict, error, { oursImpossible: true });
  return success2xx ? reconcile(io, ids, verdict, error) : Promise.resolve(fail(error));
}

/** Sends a rendered decision and reads what became of each action. */
async function sendRendered(io: Io, template: DecisionTemplate, rendered: Rendered, input: RenderInput): Promise<Result<readonly ServerDecision[]>> {
  const ids = input.actions.map((a) => a.id);
  const { verdict } = input;
  const answer = await io.requester.send('decision', rendered.pathAndQuery, {
    method: rendered.method,
    extraHeaders: rendered.headers,
    ...(rendered.body === null ? {} : { raw: { text: rendered.body, contentType: rendered.contentType } }),
  });
  if (!answer.ok) return afterFailure(io, template, ids, verdict, answer.error);
  if (template.answer === null) return confirmByReread(io, ids, verdict);
  const results = readDecisionAnswer(template, answer.value, input);
  if (results === null) return reconcile(io, ids, verdict, portalError('Unsupported', unsupportedMessage(), { field: 'Results' }));
  const asked = new Set(ids);
  return ok(
    results
      .filter((r) => asked.has(r.actionId))
      .map((r): ServerDecision => ({ actionId: r.actionId, status: r.status, decidedBy: r.decidedBy, message: r.message })),
  );
}

/** The portal was seen deciding one action per request: so does the extension, one after the other. */
async function oneByOne(io: Io, targets: readonly KnownAction[], verdict: Verdict, comment: string, template: DecisionTemplate): Promise<Result<readonly ServerDecision[]>> {
  const all: ServerDecision[] = [];
  for (const target of targets) {
    const one = await decide(io, [target], verdict, comment, template);
    if (!one.ok) return all.length === 0 ? one : ok([...all, ...targets.slice(all.length).map((t) => lost(t.id, one.error.message))]);
    all.push(...one.value);
  }
  return ok(all);
}

async function decide(io: Io, targets: readonly KnownAction[], verdict: Verdict, comment: string, template: DecisionTemplate): Promise<Result<readonly ServerDecision[]>> {
  const ids = targets.map((t) => t.id);
  if (ids.length === 0) return ok([]);
  const refused = refuseIds(ids);
  if (refused) return fail(refused);
  const input: RenderInput = { actions: targets, verdict, comment };
  const rendered = renderDecision(template, input);
  if (rendered.ok) return sendRendered(io, template, rendered, input);
  if (rendered.reason === 'singleOnly' && targets.length > 1) return oneByOne(io, targets, verdict, comment, template);
  return fail(renderRefusal(rendered.reason, verdict));
}

export function createDecisionSender(requester: PortalRequester, lists: ListReader): DecisionSender {
  const io: Io = { requester, lists };
  return (targets, verdict, comment, template) => decide(io, targets, verdict, comment, template);
}
