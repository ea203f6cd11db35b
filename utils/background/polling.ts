/**
 * Polling: the sync (utils/actions/sync.ts) wired to the portal client, the store, the poll alarm, the badge and
 * the broadcast to open surfaces.
 */
import { badgeView } from '../actions/badge';
import { createSync, type Sync } from '../actions/sync';
import type { SyncDiff, SyncState } from '../actions/types';
import { broadcast } from '../messages';
import { CLOUDS, hostPattern } from '../portal/hosts';
import { auditForActions, getMeta, loadSyncState, saveActions, saveSyncState, setMeta } from '../store/queries';
import type { BackgroundContext } from './context';

export const POLL_ALARM = 'poll';

export async function showBadge(ctx: BackgroundContext, state: SyncState): Promise<void> {
  const settings = await ctx.settings();
  const view = badgeView(state, Date.now(), settings.ageThresholds, settings.expiryThresholds);
  await Promise.all([
    browser.action.setBadgeText({ text: view.text }),
    browser.action.setBadgeBackgroundColor({ color: view.color }),
    browser.action.setTitle({ title: view.title }),
  ]);
}

export interface PollingHooks {
  /** Every published state (after a poll or a decision), before the badge and the surfaces hear of it. */
  readonly onState: (state: SyncState) => void;
  readonly afterGoodPoll: (state: SyncState, diff: SyncDiff) => Promise<void>;
}

/** Ids the extension decided (or is deciding), to tell "decided" from "gone" when actions leave the list. */
async function decidedByUs(ids: readonly string[]): Promise<ReadonlySet<string>> {
  const entries = await auditForActions(ids);
  return new Set(
    entries
      .filter((e) => e.outcome === 'applied' || e.outcome === 'inFlight' || e.outcome === 'pendingConfirmation')
      .map((e) => e.actionId),
  );
}

export function createPolling(ctx: BackgroundContext, hooks: PollingHooks): Sync {
  return createSync({
    now: Date.now,
    random: Math.random,
    cloud: ctx.cloud,
    pollMinutes: async () => (await ctx.settings()).pollMinutes,
    // Asked every time, even for the install-time host: Firefox lets the user withdraw it.
    hasHostPermission: (c) => browser.permissions.contains({ origins: [hostPattern(CLOUDS[c].portalHost)] }),
    listPending: async (c) => {
      const result = await ctx.clientFor(c).listPending();
      return result.ok
        ? { ok: true, value: { actions: result.value.actions, skipped: result.value.skipped, total: result.value.total } }
        : result;
    },
    loadState: loadSyncState,
    saveState: saveSyncState,
    saveListed: saveActions,
    failureCount: {
      get: async () => (await getMeta('failureCount')) ?? 0,
      set: (n) => setMeta('failureCount', n),
    },
    schedule: async (at) => {
      if (at === null) await browser.alarms.clear(POLL_ALARM);
      else await browser.alarms.create(POLL_ALARM, { when: at });
    },
    publish: async (state, diff) => {
      hooks.onState(state);
      await Promise.all([showBadge(ctx, state), broadcast('stateChanged', { state, diff }, await ctx.portalTabIds())]);
    },
    decidedByUs,
    afterGoodPoll: hooks.afterGoodPoll,
  });
}

/** Every start of the worker: make sure a poll is armed unless polling is paused for a reason (signed out, no access). */
export async function armPolling(ctx: BackgroundContext, sync: Sync): Promise<void> {
  const state = await sync.state();
  const armed = await browser.alarms.get(POLL_ALARM);
  const paused = state.error?.kind === 'SignedOut' || state.error?.kind === 'NoPermission';
  if (!armed && !paused) void sync.poll('startup');
  else void showBadge(ctx, state);
}
