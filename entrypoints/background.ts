/**
 * Wiring only: alarms → sync, messages → services, notification events. The logic lives in utils/.
 */
import { announceNew, clearNotificationsFor, openDecisionWindow, registerNotificationEvents } from '@/utils/notify';
import { badgeView } from '@/utils/actions/badge';
import { settleOpenAudits } from '@/utils/actions/audit';
import { createDecider } from '@/utils/actions/decide';
import { isPending, type Action } from '@/utils/actions/model';
import { createSync, EMPTY_DIFF, type PollReason } from '@/utils/actions/sync';
import type { SyncDiff, SyncState } from '@/utils/actions/types';
import { broadcast, handleRequests } from '@/utils/messages';
import { createPortalClient, type PortalClient } from '@/utils/portal/client';
import type { Result } from '@/utils/portal/errors';
import { actionCenterUrl, actionUrl, investigationUrl } from '@/utils/portal/contract';
import { CLOUDS, DEFAULT_HOST_PATTERNS, cloudForHost, hostPattern, type CloudId } from '@/utils/portal/hosts';
import { loadSettings, watchSettings, type Settings } from '@/utils/settings';
import {
  auditForActions,
  clearAll,
  getMeta,
  listAudit,
  listUnresolvedAudit,
  loadAction,
  loadSyncState,
  prune,
  putAudits,
  saveDecided,
  savePending,
  setMeta,
} from '@/utils/store/queries';

const POLL_ALARM = 'poll';
const PRUNE_ALARM = 'prune';
const SOVEREIGN_SCRIPT_ID = 'portal-sovereign';

/** A page of one of the portal hosts (where the content script runs), over HTTPS. */
function isPortalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && cloudForHost(u.hostname) !== undefined;
  } catch {
    return false;
  }
}

export default defineBackground({
  type: 'module',
  main() {
    let settings: Promise<Settings> = loadSettings();
    const clients = new Map<CloudId, PortalClient>();
    const clientFor = (cloud: CloudId): PortalClient => {
      let client = clients.get(cloud);
      if (!client) clients.set(cloud, (client = createPortalClient({ cloud })));
      return client;
    };
    const cloud = async () => (await settings).cloud;
    const portalPatterns = async () => [hostPattern(CLOUDS[await cloud()].portalHost)];
    const portalTabIds = async () =>
      (await browser.tabs.query({ url: await portalPatterns() })).flatMap((t) => (t.id === undefined ? [] : [t.id]));

    async function showBadge(state: SyncState): Promise<void> {
      const view = badgeView(state, Date.now(), (await settings).ageThresholds);
      await Promise.all([
        browser.action.setBadgeText({ text: view.text }),
        browser.action.setBadgeBackgroundColor({ color: view.color }),
        browser.action.setTitle({ title: view.title }),
      ]);
    }

    async function publish(state: SyncState, diff: SyncDiff): Promise<void> {
      await Promise.all([showBadge(state), broadcast('stateChanged', { state, diff }, await portalTabIds())]);
    }

    /** The portal's history of the last `days` days, cached in the store as it is read. */
    async function historyOf(days: number): Promise<Result<readonly Action[]>> {
      const now = Date.now();
      const result = await clientFor(await cloud()).listHistory({ from: now - days * 86_400_000, to: now });
      if (!result.ok) return result;
      await saveDecided(result.value.actions, now);
      return { ok: true, value: result.value.actions };
    }

    const decider = createDecider({
      now: Date.now,
      newId: () => crypto.randomUUID(),
      lookup: async (ids) => {
        const known = new Map((await sync.state()).pending.map((a) => [a.id, a]));
        const out = new Map<string, Action>();
        for (const id of ids) {
          const action = known.get(id) ?? (await loadAction(id));
          if (action) out.set(id, action);
        }
        return out;
      },
      rules: async () => settings,
      send: async (ids, verdict, comment) => clientFor(await cloud()).decide(ids, verdict, comment),
      saveAudit: putAudits,
      settled: async (request, report) => {
        const closed = new Set(
          report.results.filter((r) => r.outcome === 'applied' || r.outcome === 'alreadyDecided').map((r) => r.actionId),
        );
        const forbidden = report.error?.kind === 'Forbidden';
        const state = await sync.update(
          (s) => ({
            ...s,
            pending: s.pending.filter((a) => !closed.has(a.id)),
            canDecide: forbidden ? false : report.results.some((r) => r.outcome === 'applied') ? true : s.canDecide,
          }),
          { added: [], decided: [...closed], gone: [] },
        );
        await savePending(state.pending, Date.now());
        await broadcast('decided', { report, request }, await portalTabIds());
        await clearNotificationsFor([...closed]);
      },
    });

    const sync = createSync({
      now: Date.now,
      random: Math.random,
      cloud,
      pollMinutes: async () => (await settings).pollMinutes,
      // Asked every time, even for the install-time host: Firefox lets the user withdraw it.
      hasHostPermission: (c) => browser.permissions.contains({ origins: [hostPattern(CLOUDS[c].portalHost)] }),
      listPending: async (c) => {
        const result = await clientFor(c).listPending();
        return result.ok
          ? { ok: true, value: { actions: result.value.actions, skipped: result.value.skipped, total: result.value.total } }
          : result;
      },
      loadState: loadSyncState,
      saveState: async (state) => {
        await Promise.all([setMeta('syncState', state), savePending(state.pending, Date.now())]);
      },
      failureCount: {
        get: async () => (await getMeta('failureCount')) ?? 0,
        set: (n) => setMeta('failureCount', n),
      },
      schedule: async (at) => {
        if (at === null) await browser.alarms.clear(POLL_ALARM);
        else await browser.alarms.create(POLL_ALARM, { when: at });
      },
      publish,
      decidedByUs: async (ids) => {
        const entries = await auditForActions(ids);
        return new Set(entries.filter((e) => e.outcome === 'applied' || e.outcome === 'inFlight').map((e) => e.actionId));
      },
      afterGoodPoll: async (state, diff) => {
        await Promise.all([
          settleAudits(state),
          announceNew(state, {
            now: Date.now,
            settings: async () => (await settings).notifications,
            portalTabFocused: async () =>
              (await browser.tabs.query({ url: await portalPatterns(), active: true, lastFocusedWindow: true })).length > 0,
          }),
          clearNotificationsFor([...diff.decided, ...diff.gone]),
        ]);
      },
    });

    async function settleAudits(state: SyncState): Promise<void> {
      const open = await listUnresolvedAudit();
      const live = decider.inFlightIds();
      if (open.every((e) => live.has(e.actionId))) return;
      const pendingIds = new Set(state.pending.map((a) => a.id));
      const needHistory = open.some((e) => !pendingIds.has(e.actionId) && !live.has(e.actionId));
      const read = needHistory ? await historyOf(8) : null;
      const history = read?.ok ? read.value : null;
      const settled = settleOpenAudits(open, pendingIds, history, live, Date.now());
      if (settled.length > 0) await putAudits(settled);
    }

    async function openInPortal(url: string): Promise<void> {
      const [tab] = await browser.tabs.query({ url: await portalPatterns() });
      if (tab?.id !== undefined) {
        await browser.tabs.update(tab.id, { url, active: true });
        if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
      } else {
        await browser.tabs.create({ url });
      }
    }

    async function urlFor(target: { actionId?: string; investigationId?: string }): Promise<string> {
      const c = await cloud();
      if (target.actionId) {
        const action = (await sync.state()).pending.find((a) => a.id === target.actionId) ?? (await loadAction(target.actionId));
        if (action) return actionUrl(c, action);
      }
      if (target.investigationId) return investigationUrl(c, target.investigationId) ?? actionCenterUrl(c);
      return actionCenterUrl(c);
    }

    /** Sovereign-cloud portals get the content script only once the analyst granted their host. */
    async function registerSovereignContentScript(): Promise<void> {
      const pattern = hostPattern(CLOUDS[await cloud()].portalHost);
      const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SOVEREIGN_SCRIPT_ID] });
      if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SOVEREIGN_SCRIPT_ID] });
      if (DEFAULT_HOST_PATTERNS.includes(pattern)) return;
      if (!(await browser.permissions.contains({ origins: [pattern] }))) return;
      await browser.scripting.registerContentScripts([
        { id: SOVEREIGN_SCRIPT_ID, matches: [pattern], js: ['content-scripts/portal.js'], runAt: 'document_idle' },
      ]);
    }

    const poll = (reason: PollReason) => sync.poll(reason);

    handleRequests({
      getState: () => sync.state(),
      // A portal tab's refresh is passive (joins, or is skipped while fresh): the page cannot force polls.
      refresh: ({ reason }, from) => poll(from.context === 'content' ? 'portalTab' : reason),
      decide: ({ actionIds, verdict, comment }, from) => decider.decide({ actionIds, verdict, comment, surface: from.surface }),
      listAudit: ({ limit }) => listAudit(limit),
      listHistory: async ({ days }) => {
        const result = await historyOf(days);
        if (!result.ok) return { actions: [], error: result.error };
        return { actions: result.value.filter((a) => !isPending(a)), error: null };
      },
      openInPortal: async (target) => {
        await openInPortal(await urlFor(target));
        return null;
      },
      clearLocalData: async () => {
        await clearAll();
        await sync.update((s) => ({ ...s, pending: [], lastSuccessAt: null }), EMPTY_DIFF);
        void poll('user');
        return null;
      },
    }, { isPortalUrl });

    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === POLL_ALARM) void poll('alarm');
      if (alarm.name === PRUNE_ALARM) void settings.then((s) => prune(Date.now(), s.auditRetentionDays));
    });

    registerNotificationEvents({
      openAction: async (actionId) => openInPortal(await urlFor(actionId ? { actionId } : {})),
      approveAction: (actionId) => openDecisionWindow(actionId, 'approve'),
    });

    watchSettings((next) => {
      void settings.then((previous) => {
        settings = Promise.resolve(next);
        const cloudChanged = previous.cloud !== next.cloud;
        if (cloudChanged) void registerSovereignContentScript().catch(() => undefined);
        // A new cloud or interval takes effect now; other settings are read when next needed.
        if (cloudChanged || previous.pollMinutes !== next.pollMinutes) void poll('settings');
      });
    });

    // Every start of the worker: make sure a poll is armed unless we are paused for a reason.
    void (async () => {
      await browser.alarms.create(PRUNE_ALARM, { periodInMinutes: 24 * 60 });
      await registerSovereignContentScript().catch(() => undefined);
      const state = await sync.state();
      const armed = await browser.alarms.get(POLL_ALARM);
      const paused = state.error?.kind === 'SignedOut' || state.error?.kind === 'NoPermission';
      if (!armed && !paused) void poll('startup');
      else void showBadge(state);
    })();
  },
});
