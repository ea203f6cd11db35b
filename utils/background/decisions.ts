/**
 * Decisions in the background: the decider (utils/actions/decide.ts) wired to the method in use for this portal,
 * the audit log, and the state. A settled decision changes the state once (sync.update: one write of the pending
 * list), tells the surfaces, and clears the notifications of what it closed.
 */
import { createDecider, type ServerDecision } from '../actions/decide';
import type { Action, Verdict } from '../actions/model';
import { stateAfterDecision } from '../actions/permissions';
import type { Sync } from '../actions/sync';
import type { DecisionReport, DecisionRequest } from '../actions/types';
import { broadcast } from '../messages';
import { clearNotificationsFor } from '../notify';
import { markBroken, markConfirmedUse, resolveMethod } from '../portal/decisionMethod';
import type { KnownAction } from '../portal/decisionTemplate';
import { ERROR_HEADLINES, fail, portalError, type Result } from '../portal/errors';
import { CLOUDS } from '../portal/hosts';
import { t } from '../i18n';
import { loadAction, putAudits } from '../store/queries';
import type { BackgroundContext } from './context';
import { methodsFor } from './learning';

export type Decider = ReturnType<typeof createDecider>;

/** The actions behind ids: the pending list first, then the store's records of actions that left it. */
export async function lookupActions(sync: Sync, ids: readonly string[]): Promise<Map<string, Action>> {
  const known = new Map((await sync.state()).pending.map((a) => [a.id, a]));
  const out = new Map<string, Action>();
  for (const id of ids) {
    const action = known.get(id) ?? (await loadAction(id));
    if (action) out.set(id, action);
  }
  return out;
}

/**
 * Sends with the method in use for this portal (learned > organisation > built-in guess). A method the portal
 * refused is marked broken, so the next click does not send it again; a confirmed use confirms a derived verdict.
 */
export async function sendDecision(
  ctx: BackgroundContext,
  sync: Sync,
  ids: readonly string[],
  verdict: Verdict,
  comment: string,
): Promise<Result<readonly ServerDecision[]>> {
  const cloud = await ctx.cloud();
  const host = CLOUDS[cloud].portalHost;
  const { methods, template } = await methodsFor(ctx, host);
  const method = resolveMethod(methods, template);
  if (method.kind === 'none') return fail<readonly ServerDecision[]>(portalError('Unsupported', ERROR_HEADLINES.Unsupported));
  const actions = await lookupActions(sync, ids);
  const targets: KnownAction[] = ids.map((id) => {
    const action = actions.get(id);
    return { id, approvalId: action?.approvalId ?? null, investigationId: action?.investigationId ?? null };
  });
  const result = await ctx.clientFor(cloud).decide(targets, verdict, comment, method.template);
  const now = Date.now();
  if (!result.ok && result.error.kind === 'Unsupported' && (result.error.status !== undefined || result.error.field !== undefined)) {
    const why = result.error.status !== undefined ? t('background.brokenHttp', [String(result.error.status)]) : t('background.brokenUnreadable');
    await markBroken(host, method, verdict, now, why);
  } else if (result.ok && result.value.some((d) => d.status === (verdict === 'approve' ? 'Approved' : 'Rejected'))) {
    await markConfirmedUse(host, method, verdict, now);
  }
  return result;
}

/** What a settled decision changes: the state once (the only write of the pending list), the surfaces, the notifications. */
export async function settleDecision(ctx: Pick<BackgroundContext, 'portalTabIds'>, sync: Sync, request: DecisionRequest, report: DecisionReport): Promise<void> {
  const closed = report.results.filter((r) => r.outcome === 'applied' || r.outcome === 'alreadyDecided').map((r) => r.actionId);
  await sync.update((s) => stateAfterDecision(s, request, report), { added: [], decided: closed, gone: [] });
  await broadcast('decided', { report, request }, await ctx.portalTabIds());
  await clearNotificationsFor(closed);
}

export function createBackgroundDecider(ctx: BackgroundContext, sync: Sync): Decider {
  return createDecider({
    now: Date.now,
    newId: () => crypto.randomUUID(),
    cloud: ctx.cloud,
    lookup: (ids) => lookupActions(sync, ids),
    rules: ctx.settings,
    send: (ids, verdict, comment) => sendDecision(ctx, sync, ids, verdict, comment),
    saveAudit: putAudits,
    settled: (request, report) => settleDecision(ctx, sync, request, report),
  });
}
