/**
 * Wiring only: alarms → sync, messages → services, notification events. The logic lives in utils/.
 */
import { announceNew, clearNotificationsFor, openDecisionWindow, registerNotificationEvents } from '@/utils/notify';
import { badgeView } from '@/utils/actions/badge';
import { historyRangeToSettle, settleOpenAudits } from '@/utils/actions/audit';
import { createDecider, type ServerDecision } from '@/utils/actions/decide';
import { stateAfterDecision } from '@/utils/actions/permissions';
import { isPending, type Action, type Verdict } from '@/utils/actions/model';
import { createSync, EMPTY_DIFF, type PollReason } from '@/utils/actions/sync';
import type { SyncDiff, SyncState } from '@/utils/actions/types';
import { broadcast, handleRequests } from '@/utils/messages';
import { createPortalClient, SETTLE_HISTORY_PAGES, type PortalClient } from '@/utils/portal/client';
import { fail, portalError, ERROR_HEADLINES, type Result } from '@/utils/portal/errors';
import { describeTemplate, parseTemplate, type KnownAction } from '@/utils/portal/decisionTemplate';
import {
  addCandidate,
  confirmCandidate,
  forgetMethods,
  listCandidates,
  loadHostMethods,
  markBroken,
  markConfirmedUse,
  methodStatus,
  resolveMethod,
  saveLearned,
  saveTemplate,
  setCandidates,
  type HostMethods,
  type LearnedFrom,
  type MethodStatus,
} from '@/utils/portal/decisionMethod';
import { observePortalDecisions } from '@/utils/portal/observer';
import { detectRoute } from '@/utils/page/selectors';
import { actionCenterUrl, actionUrl, investigationUrl } from '@/utils/portal/contract';
import { CLOUDS, DEFAULT_HOST_PATTERNS, cloudForHost, hostPattern, type CloudId } from '@/utils/portal/hosts';
import { loadSettings, watchSettings, type Settings } from '@/utils/settings';
import { loadPolicy, methodsAllowed, watchPolicy, type Policy } from '@/utils/policy';
import {
  auditForActions,
  clearAll,
  getMeta,
  listAudit,
  listUnresolvedAudit,
  loadAction,
  loadSyncState,
  recentActions,
  putAudits,
  saveDecided,
  savePending,
  setMeta,
} from '@/utils/store/queries';
import { PRUNE_ALARM, pruneNow, startPruning } from '@/utils/store/pruning';

const POLL_ALARM = 'poll';
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
    let policy: Promise<Policy> = loadPolicy();
    watchPolicy((next) => {
      policy = Promise.resolve(next);
    });
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
      const current = await settings;
      const view = badgeView(state, Date.now(), current.ageThresholds, current.expiryThresholds);
      await Promise.all([
        browser.action.setBadgeText({ text: view.text }),
        browser.action.setBadgeBackgroundColor({ color: view.color }),
        browser.action.setTitle({ title: view.title }),
      ]);
    }

    async function publish(state: SyncState, diff: SyncDiff): Promise<void> {
      rememberPending(state);
      await Promise.all([showBadge(state), broadcast('stateChanged', { state, diff }, await portalTabIds())]);
    }

    /** The portal's history over a range, cached in the store as it is read. */
    async function historyBetween(range: { from: number; to: number }, maxPages?: number): Promise<Result<readonly Action[]>> {
      const result = await clientFor(await cloud()).listHistory(range, maxPages === undefined ? {} : { maxPages });
      if (!result.ok) return result;
      await saveDecided(result.value.actions, Date.now());
      return { ok: true, value: result.value.actions };
    }
    const historyOf = (days: number) => historyBetween({ from: Date.now() - days * 86_400_000, to: Date.now() });

    const pruning = { now: Date.now, retentionDays: async () => (await settings).auditRetentionDays };

    const hostOf = async () => CLOUDS[await cloud()].portalHost;
    /** Ids, Approval IDs and investigations of the pending actions, kept in memory for the request observer. */
    let knownPending: readonly KnownAction[] = [];
    const rememberPending = (state: SyncState) => {
      knownPending = state.pending.map((a) => ({ id: a.id, approvalId: a.approvalId, investigationId: a.investigationId }));
    };

    /** The methods kept for a host as the organisation allows them, and the organisation's template. */
    async function methodsFor(host: string): Promise<{ methods: HostMethods; template: Policy['decisionTemplate'] }> {
      const [methods, p] = await Promise.all([loadHostMethods(host), policy]);
      return { methods: methodsAllowed(methods, p), template: p.decisionTemplate };
    }

    async function decisionStatus(): Promise<MethodStatus> {
      const host = await hostOf();
      const { methods, template } = await methodsFor(host);
      return methodStatus(host, methods, template, describeTemplate);
    }

    /**
     * Sends with the method in use for this portal (learned > organisation > built-in guess). A method the portal
     * refused is marked broken, so the next click does not send it again; a confirmed use confirms a derived verdict.
     */
    async function sendDecision(ids: readonly string[], verdict: Verdict, comment: string) {
      const c = await cloud();
      const host = CLOUDS[c].portalHost;
      const { methods, template } = await methodsFor(host);
      const method = resolveMethod(methods, template);
      if (method.kind === 'none') return fail<readonly ServerDecision[]>(portalError('Unsupported', ERROR_HEADLINES.Unsupported));
      const known = new Map((await sync.state()).pending.map((a) => [a.id, a]));
      const targets: KnownAction[] = [];
      for (const id of ids) {
        const action = known.get(id) ?? (await loadAction(id));
        targets.push({ id, approvalId: action?.approvalId ?? null, investigationId: action?.investigationId ?? null });
      }
      const result = await clientFor(c).decide(targets, verdict, comment, method.template);
      const now = Date.now();
      if (!result.ok && result.error.kind === 'Unsupported' && (result.error.status !== undefined || result.error.field !== undefined)) {
        const why = result.error.status !== undefined ? `HTTP ${result.error.status}` : 'an answer the extension could not read';
        await markBroken(host, method, verdict, now, `The portal answered ${why}.`);
      } else if (result.ok && result.value.some((d) => d.status === (verdict === 'approve' ? 'Approved' : 'Rejected'))) {
        await markConfirmedUse(host, method, verdict, now);
      }
      return result;
    }

    function learnedFrom(pageUrl: string | null): LearnedFrom {
      if (!pageUrl) return 'portal';
      const route = detectRoute(pageUrl);
      return route.kind === 'actionCenter' ? 'actionCenter' : route.kind === 'investigation' ? 'investigation' : 'portal';
    }

    // Registered at once, so a portal request wakes the worker: observation only (utils/portal/observer.ts).
    observePortalDecisions({
      now: Date.now,
      known: () => knownPending,
      onCandidate: (candidate, where) => {
        // Registered even when the organisation forbids learning (a listener must be added at start to wake the
        // worker, and the policy can change while it runs): then every candidate is dropped here, unkept.
        void policy.then((p) => {
          if (!p.allowLearning) return;
          return addCandidate({ host: where.host, from: learnedFrom(where.pageUrl), seenAt: Date.now(), candidate }).then(() => {
            // The portal decided: read pending soon, which confirms (or drops) what was seen.
            setTimeout(() => void poll('user'), 1500);
          });
        });
      },
    });

    /** Candidates whose actions left pending are confirmed from the portal's history, or dropped. */
    async function confirmCandidates(state: SyncState): Promise<void> {
      const now = Date.now();
      const candidates = await listCandidates(now);
      if (candidates.length === 0) return;
      // Seen before the organisation turned learning off: dropped, never saved.
      if (!(await policy).allowLearning) return void (await setCandidates([]));
      const pendingIds = new Set(state.pending.map((a) => a.id));
      const ready = candidates.filter((c) => c.host === CLOUDS[state.cloud].portalHost && c.candidate.actionIds.every((id) => !pendingIds.has(id)));
      if (ready.length === 0) return void (await setCandidates(candidates));
      const history = await historyBetween({ from: now - 86_400_000, to: now }, SETTLE_HISTORY_PAGES);
      const decisions = new Map(history.ok ? history.value.map((a) => [a.id, a.decision] as const) : []);
      const keep = candidates.filter((c) => !ready.includes(c));
      for (const c of ready) {
        const confirmed = history.ok ? confirmCandidate(c.candidate, decisions) : 'wait';
        if (confirmed === 'wait') keep.push(c);
        else if (confirmed) await saveLearned(c.host, confirmed.template, c.from, now);
      }
      await setCandidates(keep);
    }

    const decider = createDecider({
      now: Date.now,
      newId: () => crypto.randomUUID(),
      cloud,
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
      send: (ids, verdict, comment) => sendDecision(ids, verdict, comment),
      saveAudit: putAudits,
      settled: async (request, report) => {
        const closed = new Set(
          report.results.filter((r) => r.outcome === 'applied' || r.outcome === 'alreadyDecided').map((r) => r.actionId),
        );
        const state = await sync.update((s) => stateAfterDecision(s, request, report), { added: [], decided: [...closed], gone: [] });
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
        return new Set(
          entries
            .filter((e) => e.outcome === 'applied' || e.outcome === 'inFlight' || e.outcome === 'pendingConfirmation')
            .map((e) => e.actionId),
        );
      },
      afterGoodPoll: async (state, diff) => {
        await Promise.all([
          settleAudits(state),
          confirmCandidates(state),
          announceNew(state, {
            now: Date.now,
            settings: async () => (await settings).notifications,
            expiryThresholds: async () => (await settings).expiryThresholds,
            portalTabFocused: async () =>
              (await browser.tabs.query({ url: await portalPatterns(), active: true, lastFocusedWindow: true })).length > 0,
          }),
          clearNotificationsFor([...diff.decided, ...diff.gone]),
        ]);
      },
    });

    /** Gives open audit entries their outcome; the history is read only when due (bounded, see audit.ts). */
    async function settleAudits(state: SyncState): Promise<void> {
      const open = await listUnresolvedAudit();
      const live = decider.inFlightIds();
      if (open.every((e) => live.has(e.actionId))) return;
      const facts = { open, pending: state.pending, live, cloud: state.cloud };
      const range = historyRangeToSettle({ ...facts, now: Date.now(), lastReadAt: (await getMeta('settleHistoryReadAt')) ?? null });
      let history: readonly Action[] | null = null;
      if (range) {
        await setMeta('settleHistoryReadAt', range.to);
        const read = await historyBetween(range, SETTLE_HISTORY_PAGES);
        history = read.ok ? read.value : null;
      }
      const settled = settleOpenAudits({ ...facts, history, now: Date.now() });
      if (settled.length > 0) await putAudits(settled);
    }

    /**
     * Opens a portal page in the analyst's portal tab only when that tab shows the Action center (where they came
     * from to decide); a tab on an incident, a hunt or an investigation is their work in progress: a new tab then.
     */
    async function openInPortal(url: string): Promise<void> {
      const tabs = await browser.tabs.query({ url: await portalPatterns() });
      const tab = tabs.find((t) => t.url !== undefined && detectRoute(t.url).kind === 'actionCenter');
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
      decisionMethod: () => decisionStatus(),
      forgetDecisionMethod: async () => {
        await forgetMethods(await hostOf());
        return decisionStatus();
      },
      importDecisionTemplate: async ({ template }) => {
        if (!(await policy).allowLearning) throw new Error('Your organisation has turned off learning and importing the decision request.');
        const parsed = parseTemplate(template);
        if (!parsed.ok) throw new Error(`The template does not fit: ${parsed.problem}`);
        await saveTemplate(await hostOf(), { source: 'imported', template: parsed.value, from: 'har', at: Date.now() });
        return decisionStatus();
      },
      knownActions: async () => {
        const byId = new Map<string, KnownAction>();
        for (const a of [...(await sync.state()).pending, ...(await recentActions(2000))]) {
          if (!byId.has(a.id)) byId.set(a.id, { id: a.id, approvalId: a.approvalId, investigationId: a.investigationId });
        }
        return [...byId.values()];
      },
      clearLocalData: async () => {
        await clearAll();
        await sync.update((s) => ({ ...s, pending: [], lastSuccessAt: null, refusedScopes: [] }), EMPTY_DIFF);
        void poll('user');
        return null;
      },
    }, { isPortalUrl });

    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === POLL_ALARM) void poll('alarm');
      if (alarm.name === PRUNE_ALARM) void pruneNow(pruning);
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
      // Not awaited: a due prune must not hold back the first poll.
      void startPruning(pruning).catch(() => null);
      await registerSovereignContentScript().catch(() => undefined);
      const state = await sync.state();
      rememberPending(state);
      const armed = await browser.alarms.get(POLL_ALARM);
      const paused = state.error?.kind === 'SignedOut' || state.error?.kind === 'NoPermission';
      if (!armed && !paused) void poll('startup');
      else void showBadge(state);
    })();
  },
});
