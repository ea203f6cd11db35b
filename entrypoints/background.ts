/**
 * Wiring only: alarms → sync, messages → services, notification events. Each part lives in utils/background/:
 * context (settings, policy, clients), polling, decisions, learning, history, navigation and notifications,
 * requests (the answers to the surfaces).
 */
import type { KnownAction } from '@/utils/portal/decisionTemplate';
import type { SyncDiff, SyncState } from '@/utils/actions/types';
import { handleRequests } from '@/utils/messages';
import { createBackgroundContext, isPortalUrl, type BackgroundContext } from '@/utils/background/context';
import { createBackgroundDecider, type Decider } from '@/utils/background/decisions';
import { createHistoryReader, settleAudits, type HistoryReader } from '@/utils/background/history';
import { confirmCandidates, startObserving } from '@/utils/background/learning';
import { notifyAfterPoll, wireNotificationClicks } from '@/utils/background/navigation';
import { armPolling, createPolling, POLL_ALARM } from '@/utils/background/polling';
import { requestHandlers } from '@/utils/background/requests';
import { registerSovereignContentScript } from '@/utils/background/sovereign';
import type { Sync } from '@/utils/actions/sync';
import { watchSettings } from '@/utils/settings';
import { PRUNE_ALARM, pruneNow, startPruning, type PruningDeps } from '@/utils/store/pruning';

/** Alarms: the poll and the daily prune. */
function wireAlarms(sync: Sync, pruning: PruningDeps): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void sync.poll('alarm');
    if (alarm.name === PRUNE_ALARM) void pruneNow(pruning);
  });
}

/** A new cloud or interval takes effect now; other settings are read when next needed. */
function wireSettings(ctx: BackgroundContext, sync: Sync): void {
  watchSettings((next) => {
    void ctx.settings().then((previous) => {
      ctx.setSettings(next);
      const cloudChanged = previous.cloud !== next.cloud;
      if (cloudChanged) void registerSovereignContentScript(next.cloud).catch(() => undefined);
      if (cloudChanged || previous.pollMinutes !== next.pollMinutes) void sync.poll('settings');
    });
  });
}

/** After every good poll: settle open audit entries, confirm what was learned, announce and clear notifications. */
function afterGoodPoll(ctx: BackgroundContext, inFlight: () => ReadonlySet<string>, history: HistoryReader) {
  return async (state: SyncState, diff: SyncDiff) => {
    await Promise.all([
      settleAudits(state, inFlight(), history),
      confirmCandidates(ctx, state, history),
      notifyAfterPoll(ctx, state, diff),
    ]);
  };
}

export default defineBackground({
  type: 'module',
  main() {
    const ctx = createBackgroundContext();
    const history = createHistoryReader(ctx);
    const pruning: PruningDeps = { now: Date.now, retentionDays: async () => (await ctx.settings()).auditRetentionDays };
    // Ids, Approval IDs and investigations of the pending actions, kept in memory for the request observer.
    let knownPending: readonly KnownAction[] = [];
    const remember = (state: SyncState) => {
      knownPending = state.pending.map((a) => ({ id: a.id, approvalId: a.approvalId, investigationId: a.investigationId }));
    };

    // The sync and the decider need each other (a poll settles audits the decider has in flight; a decision updates the state).
    let decider: Decider | null = null;
    const inFlight = () => decider?.inFlightIds() ?? new Set<string>();
    const sync = createPolling(ctx, { onState: remember, afterGoodPoll: afterGoodPoll(ctx, inFlight, history) });
    decider = createBackgroundDecider(ctx, sync);

    // Registered at once, so that these events wake the worker.
    startObserving(ctx, () => knownPending, () => void sync.poll('user'));
    handleRequests(requestHandlers(ctx, sync, decider, history), { isPortalUrl });
    wireAlarms(sync, pruning);
    wireNotificationClicks(ctx, sync);
    wireSettings(ctx, sync);

    void (async () => {
      // Not awaited: a due prune must not hold back the first poll.
      void startPruning(pruning).catch(() => null);
      await registerSovereignContentScript(await ctx.cloud()).catch(() => undefined);
      // Known before the first poll publishes, as the observer may see a portal decision at once.
      remember(await sync.state());
      await armPolling(ctx, sync);
    })();
  },
});
