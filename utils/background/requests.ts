/**
 * The background's answers to the surfaces' requests (the table of names is utils/messages.ts). Each answer is
 * one call into the part that owns it.
 */
import { isPending } from '../actions/model';
import { EMPTY_DIFF, type Sync } from '../actions/sync';
import type { RequestHandlers } from '../messages';
import type { KnownAction } from '../portal/decisionTemplate';
import { clearAll, listAudit, recentActions } from '../store/queries';
import type { BackgroundContext } from './context';
import type { Decider } from './decisions';
import type { HistoryReader } from './history';
import { decisionStatus, forgetDecisionMethod, importDecisionTemplate } from './learning';
import { openInPortal } from './navigation';

const DAY_MS = 86_400_000;

/** Actions a HAR import may name: pending and recently seen ones, by id. */
async function knownActions(sync: Sync): Promise<KnownAction[]> {
  const byId = new Map<string, KnownAction>();
  for (const a of [...(await sync.state()).pending, ...(await recentActions(2000))]) {
    if (!byId.has(a.id)) byId.set(a.id, { id: a.id, approvalId: a.approvalId, investigationId: a.investigationId });
  }
  return [...byId.values()];
}

export function requestHandlers(ctx: BackgroundContext, sync: Sync, decider: Decider, history: HistoryReader): RequestHandlers {
  return {
    getState: () => sync.state(),
    // A portal tab's refresh is passive (joins, or is skipped while fresh): the page cannot force polls.
    refresh: ({ reason }, from) => sync.poll(from.context === 'content' ? 'portalTab' : reason),
    decide: ({ actionIds, verdict, comment }, from) => decider.decide({ actionIds, verdict, comment, surface: from.surface }),
    listAudit: ({ limit }) => listAudit(limit),
    listHistory: async ({ days }) => {
      const now = Date.now();
      const result = await history({ from: now - days * DAY_MS, to: now });
      if (!result.ok) return { actions: [], error: result.error };
      return { actions: result.value.filter((a) => !isPending(a)), error: null };
    },
    openInPortal: async (target) => {
      await openInPortal(ctx, sync, target);
      return null;
    },
    decisionMethod: () => decisionStatus(ctx),
    forgetDecisionMethod: () => forgetDecisionMethod(ctx),
    importDecisionTemplate: ({ template }) => importDecisionTemplate(ctx, template),
    knownActions: () => knownActions(sync),
    clearLocalData: async () => {
      await clearAll();
      await sync.update((s) => ({ ...s, pending: [], lastSuccessAt: null, refusedScopes: [] }), EMPTY_DIFF);
      void sync.poll('user');
      return null;
    },
  };
}
