/**
 * The content script's page controller: waits for the background's state, then runs the page features on every
 * observer batch. Nothing is shown before the background answered; after that, state broadcasts, settings and
 * the clock update the mounted controls in place.
 */
import { h, render } from 'preact';
import type { Action } from '../actions/model';
import type { SyncState } from '../actions/types';
import type { RequestMap, BroadcastMap } from '../messages';
import { applyReport, applySync, createDecisions, matchableActions, type Decisions } from './decisions';
import { FEATURES } from './features';
import { createFeatureRunner, type Feature, type FeatureRunner, type PageContext, type Visibility } from './features/registry';
import { columnEvidence, type ColumnEvidence } from './columns';
import type { CompatStatus } from './compat';
import { createColumnCache } from './gridColumns';
import { auditTargets, buildMatchIndex, type AuditTarget, type MatchIndex } from './match';
import { createHost, type Host } from './mount';
import { observePage, type Batch, type PageObserver } from './observe';
import { actionCenterTab, detectRoute, findRefreshButton, investigationPendingTabShown, SELECTOR, type Route } from './selectors';
import type { PageSettings } from './settings';
import { createStore, initialState, type PageState, type Store } from './store';
import { parseRgb, trackRowSurfaces } from './surface';
import { Layer } from './ui/Layer';

type Request = <N extends 'getState' | 'refresh' | 'decide' | 'listAudit'>(
  name: N,
  payload: RequestMap[N]['request'],
) => Promise<RequestMap[N]['response']>;

type OnBroadcast = <N extends keyof BroadcastMap>(name: N, listener: (payload: BroadcastMap[N]) => void) => () => void;

export interface PageDeps {
  readonly doc: Document;
  readonly request: Request;
  readonly onBroadcast: OnBroadcast;
  readonly loadSettings: () => Promise<PageSettings>;
  readonly watchSettings: (listener: (s: PageSettings) => void) => () => void;
  readonly now?: () => number;
  readonly features?: readonly Feature<object>[];
  /** Frame scheduler for the observer (tests run batches by hand). */
  readonly schedule?: (run: () => void) => () => void;
  readonly href?: () => string;
  /**
   * Reports elements coming near the viewport. Defaults to an IntersectionObserver; pass null to treat every
   * element as visible (tests on a DOM without layout).
   */
  readonly visibility?: ((onVisible: (els: Element[]) => void) => Visibility & { disconnect(): void }) | null;
  readonly onFeatureError?: (featureId: string, error: unknown) => void;
  /** Portal compatibility: what each feature found (compat.ts). */
  readonly onCompat?: (featureId: string, status: CompatStatus) => void;
  /** How long the outcome shows before the portal's own Refresh is clicked. */
  readonly refreshDelayMs?: number;
}

export interface PageApp {
  readonly store: Store;
  /** Resolves once the background answered and the features run (never, if it never answers). */
  readonly ready: Promise<void>;
  /** Runs a pending batch now. */
  flush(): void;
  counts(): Record<string, number>;
  failedFeatures(): readonly string[];
  stop(): void;
}

const TICK_MS = 30_000;
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];
const AUDIT_LIMIT = 500;
const REFRESH_DELAY_MS = 3000;
/** Rows this far above or below the viewport already get their controls, so scrolling shows them ready. */
const VIEWPORT_MARGIN_PX = 200;

/** Whether a box lies within the viewport, widened by the margin above and below. Empty boxes (hidden) do not. */
export function nearViewport(rect: DOMRectReadOnly, width: number, height: number): boolean {
  if (rect.width === 0 && rect.height === 0) return false;
  return rect.bottom >= -VIEWPORT_MARGIN_PX && rect.top <= height + VIEWPORT_MARGIN_PX && rect.right >= 0 && rect.left <= width;
}

/**
 * An IntersectionObserver for rows that scroll in later; `nearNow` answers at once for the rows a batch just
 * found (all rects read in one go: one layout, however many rows).
 */
export function intersectionVisibility(onVisible: (els: Element[]) => void): (Visibility & { disconnect(): void }) | null {
  if (typeof IntersectionObserver !== 'function') return null;
  const io = new IntersectionObserver(
    (entries) => {
      const visible = entries.filter((e) => e.isIntersecting).map((e) => e.target);
      if (visible.length > 0) onVisible(visible);
    },
    { rootMargin: `${VIEWPORT_MARGIN_PX}px 0px` },
  );
  return {
    watch: (el) => io.observe(el),
    unwatch: (el) => io.unobserve(el),
    nearNow(els) {
      const view = els[0]?.ownerDocument.defaultView;
      if (!view) return els.map(() => false);
      const rects = els.map((el) => el.getBoundingClientRect());
      return rects.map((r) => nearViewport(r, view.innerWidth, view.innerHeight));
    },
    disconnect: () => io.disconnect(),
  };
}

/** The portal's theme from its page background: dark when the background is dark. Null when unknown. */
export function detectTheme(doc: Document): 'light' | 'dark' | null {
  const view = doc.defaultView;
  if (!view) return null;
  for (const el of [doc.body, doc.documentElement]) {
    const c = el ? parseRgb(view.getComputedStyle(el).backgroundColor) : null;
    if (!c || c.a === 0) continue;
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b < 128 ? 'dark' : 'light';
  }
  return null;
}

export function startPage(deps: PageDeps): PageApp {
  const { doc } = deps;
  const now = deps.now ?? Date.now;
  const store = createStore(initialState(now()));
  const decisions: Decisions = createDecisions({
    store,
    decide: (payload) => deps.request('decide', payload),
    afterApplied: () => {
      void loadAudit();
      scheduleRefresh();
    },
  });
  const cleanups: (() => void)[] = [];
  let observer: PageObserver | null = null;
  let runner: FeatureRunner | null = null;
  let layer: Host | null = null;
  let stopped = false;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  // --- Indexes, rebuilt only when what they are built from changed. ---
  let actionIndex: { from: [SyncState | null, PageState['decisions']]; index: MatchIndex<Action>; targets: Action[] } | null = null;
  let auditIndex: { from: PageState['audit']; index: MatchIndex<AuditTarget>; targets: AuditTarget[] } | null = null;
  let evidence: { from: readonly [unknown, unknown]; value: ColumnEvidence } | null = null;
  const columnCache = createColumnCache(() => observer?.invalidate());

  function indexes(s: PageState): { actions: MatchIndex<Action>; audit: MatchIndex<AuditTarget>; evidence: ColumnEvidence } {
    if (!actionIndex || actionIndex.from[0] !== s.sync || actionIndex.from[1] !== s.decisions) {
      const targets = matchableActions(s);
      actionIndex = { from: [s.sync, s.decisions], index: buildMatchIndex(targets), targets };
    }
    if (!auditIndex || auditIndex.from !== s.audit) {
      const targets = auditTargets(s.audit ?? []);
      auditIndex = { from: s.audit, index: buildMatchIndex(targets), targets };
    }
    // Columns are recognised by the values of every action a row may show (pending, or decided through us).
    if (!evidence || evidence.from[0] !== actionIndex || evidence.from[1] !== auditIndex) {
      evidence = { from: [actionIndex, auditIndex], value: columnEvidence([...actionIndex.targets, ...auditIndex.targets]) };
    }
    return { actions: actionIndex.index, audit: auditIndex.index, evidence: evidence.value };
  }

  function context(route: Route, full: boolean): PageContext {
    const state = store.get();
    const idx = indexes(state);
    return {
      doc,
      route,
      state,
      actionIndex: idx.actions,
      auditIndex: idx.audit,
      actionCenterTab: actionCenterTab(route, doc),
      investigationPendingTab: route.kind === 'investigation' && investigationPendingTabShown(doc),
      columns: columnCache.batch(idx.evidence, full),
    };
  }

  let lastTab: PageContext['actionCenterTab'] = null;

  function onBatch(batch: Batch): void {
    if (!runner) return;
    if (batch.full) {
      const theme = detectTheme(doc);
      if (theme !== store.get().theme) store.set({ theme });
    }
    const ctx = context(detectRoute(batch.href), batch.full);
    // History marks need the audit log: read it whenever the History tab comes into view.
    if (ctx.actionCenterTab === 'history' && (batch.routeChanged || lastTab !== 'history')) void loadAudit();
    lastTab = ctx.actionCenterTab;
    runner.run(batch, ctx);
    ensureLayer();
  }

  function ensureLayer(): void {
    if (layer?.el.isConnected || !doc.body) return;
    if (!layer) {
      layer = createHost('acc-page-layer', doc);
      render(h(Layer, { store, decisions }), layer.root);
    }
    doc.body.append(layer.el);
  }

  let auditLoading = false;
  async function loadAudit(): Promise<void> {
    if (auditLoading) return;
    auditLoading = true;
    try {
      const entries = await deps.request('listAudit', { limit: AUDIT_LIMIT });
      if (!stopped) store.set({ audit: entries });
    } catch {
      // No audit, no marks: nothing visible changes.
    } finally {
      auditLoading = false;
    }
  }

  /**
   * After a decision the portal's list is stale. The only safe way to refresh it is the portal's own Refresh
   * command: clicked once, a moment after the outcome was shown, only if it exists and is enabled and nothing of
   * ours is open or in flight. Without it the row just keeps our outcome badge (never a stale Approve).
   */
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  function scheduleRefresh(): void {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      const s = store.get();
      if (stopped || s.dialog || [...s.decisions.values()].some((v) => v.phase === 'busy')) return;
      // Only on the pages whose list we just changed.
      if (detectRoute(deps.href?.() ?? location.href).kind === 'other') return;
      findRefreshButton(doc)?.click();
    }, deps.refreshDelayMs ?? REFRESH_DELAY_MS);
  }
  cleanups.push(() => {
    if (refreshTimer) clearTimeout(refreshTimer);
  });

  function begin(state: SyncState): void {
    if (stopped || runner) return;
    applySync(store, state, null);
    const visibility =
      deps.visibility === null
        ? null
        : (deps.visibility ?? intersectionVisibility)((els) => {
            runner?.shown(els);
            observer?.touch(els);
          });
    if (visibility) cleanups.push(() => visibility.disconnect());
    const surfaces = trackRowSurfaces(doc);
    cleanups.push(() => surfaces.disconnect());
    runner = createFeatureRunner(deps.features ?? FEATURES, {
      store,
      decisions,
      onError: (id, error) => {
        deps.onFeatureError?.(id, error);
      },
      ...(deps.onCompat ? { onCompat: deps.onCompat } : {}),
      ...(visibility ? { visibility } : {}),
    });
    observer = observePage({
      root: doc.documentElement,
      onBatch,
      ...(deps.schedule ? { schedule: deps.schedule } : {}),
      ...(deps.href ? { href: deps.href } : {}),
      // A tab switch, or a navigation group opening or closing (the nav count moves between link and group).
      fullOnAttribute: (el, name) =>
        (name === 'aria-selected' && el.matches(SELECTOR.tab)) || (name === 'aria-expanded' && el.matches(SELECTOR.navGroup)),
    });
    // What changes which rows match needs a full pass; the rest updates mounted controls by itself.
    cleanups.push(
      store.subscribe((next, previous) => {
        if (next.sync !== previous.sync || next.audit !== previous.audit || doneSetChanged(next, previous)) observer?.invalidate();
      }),
    );
    const timer = setInterval(() => store.set({ now: now() }), TICK_MS);
    cleanups.push(() => clearInterval(timer));
    resolveReady();
    // A portal tab opened: ask for fresh data (the background joins a poll in flight).
    void deps
      .request('refresh', { reason: 'portalTab' })
      .then((fresh) => !stopped && applySync(store, fresh, null))
      .catch(() => undefined);
  }

  // --- Wiring ---
  cleanups.push(
    deps.onBroadcast('stateChanged', ({ state, diff }) => {
      if (stopped) return;
      if (!runner) begin(state);
      else applySync(store, state, diff);
    }),
    deps.onBroadcast('decided', ({ report, request }) => {
      if (stopped || !runner) return;
      applyReport(store, request, report, false);
      void loadAudit();
    }),
    deps.watchSettings((settings) => store.set({ settings })),
  );

  void (async () => {
    try {
      store.set({ settings: await deps.loadSettings() });
    } catch {
      // Defaults stay.
    }
    for (let attempt = 0; !stopped && !runner; attempt += 1) {
      try {
        begin(await deps.request('getState', undefined));
        return;
      } catch {
        const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 30_000;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  })();

  return {
    store,
    ready,
    flush: () => observer?.flush(),
    counts: () => runner?.counts() ?? {},
    failedFeatures: () => runner?.failed() ?? [],
    stop() {
      stopped = true;
      for (const c of cleanups.splice(0)) c();
      observer?.disconnect();
      runner?.destroy();
      if (layer) {
        render(null, layer.root);
        layer.el.remove();
      }
    },
  };
}

function doneSetChanged(next: PageState, previous: PageState): boolean {
  if (next.decisions === previous.decisions) return false;
  const done = (s: PageState) => [...s.decisions].filter(([, v]) => v.phase === 'done').map(([id]) => id);
  const a = done(next);
  const b = done(previous);
  return a.length !== b.length || a.some((id, i) => id !== b[i]);
}
