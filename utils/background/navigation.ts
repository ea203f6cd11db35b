/**
 * Opening the portal for the analyst (from the popup, the page and notifications), and the notifications' wiring:
 * what a good poll announces and clears, and what a click on a notification does.
 */
import type { SyncDiff, SyncState } from '../actions/types';
import type { Sync } from '../actions/sync';
import { announceNew, clearNotificationsFor, openDecisionWindow, registerNotificationEvents } from '../notify';
import { detectRoute } from '../page/selectors';
import { actionCenterUrl, actionUrl, investigationUrl } from '../portal/contract';
import { loadAction } from '../store/queries';
import type { BackgroundContext } from './context';

export interface PortalTarget {
  readonly actionId?: string;
  readonly investigationId?: string;
}

/**
 * Opens a portal page in the analyst's portal tab only when that tab shows the Action center (where they came
 * from to decide); a tab on an incident, a hunt or an investigation is their work in progress: a new tab then.
 */
async function openUrlInPortal(ctx: BackgroundContext, url: string): Promise<void> {
  const tabs = await browser.tabs.query({ url: await ctx.portalPatterns() });
  const tab = tabs.find((t) => t.url !== undefined && detectRoute(t.url).kind === 'actionCenter');
  if (tab?.id !== undefined) {
    await browser.tabs.update(tab.id, { url, active: true });
    if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
  } else {
    await browser.tabs.create({ url });
  }
}

async function urlFor(ctx: BackgroundContext, sync: Sync, target: PortalTarget): Promise<string> {
  const cloud = await ctx.cloud();
  if (target.actionId) {
    const action = (await sync.state()).pending.find((a) => a.id === target.actionId) ?? (await loadAction(target.actionId));
    if (action) return actionUrl(cloud, action);
  }
  if (target.investigationId) return investigationUrl(cloud, target.investigationId) ?? actionCenterUrl(cloud);
  return actionCenterUrl(cloud);
}

export async function openInPortal(ctx: BackgroundContext, sync: Sync, target: PortalTarget): Promise<void> {
  await openUrlInPortal(ctx, await urlFor(ctx, sync, target));
}

/** After a good poll: announce what is new, clear what was decided or left the list. */
export async function notifyAfterPoll(ctx: BackgroundContext, state: SyncState, diff: SyncDiff): Promise<void> {
  await Promise.all([
    announceNew(state, {
      now: Date.now,
      settings: async () => (await ctx.settings()).notifications,
      expiryThresholds: async () => (await ctx.settings()).expiryThresholds,
      portalTabFocused: async () =>
        (await browser.tabs.query({ url: await ctx.portalPatterns(), active: true, lastFocusedWindow: true })).length > 0,
    }),
    clearNotificationsFor([...diff.decided, ...diff.gone]),
  ]);
}

/** A click on a notification opens the action in the portal; its Approve button opens the decision window. */
export function wireNotificationClicks(ctx: BackgroundContext, sync: Sync): void {
  registerNotificationEvents({
    openAction: (actionId) => openInPortal(ctx, sync, actionId ? { actionId } : {}),
    approveAction: (actionId) => openDecisionWindow(actionId, 'approve'),
  });
}
