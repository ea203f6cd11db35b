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

/** What rows are matched against, rebuilt only when what they are built from changed. */
interface Indexes {
  readonly actions: MatchIndex<Action>;
  readonly audit: MatchIndex<AuditTarget>;
  readonly evidence: ColumnEvidence;
}

function createIndexes(): (s: PageState) => Indexes {
  let actionIndex: { from: [SyncState | null, PageState['decisions']]; index: MatchIndex<Action>; targets: Action[] } | null = null;
  let auditIndex: { from: PageState['audit']; index: MatchIndex<AuditTarget>; targets: AuditTarget[] } | null = null;
  let evidence: { from: readonly [unknown, unknown]; value: ColumnEvidence } | null = null;
  return (s) => {
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
  };
}

/** Reads the audit log into the store (History marks); one read at a time, and none once the page stopped. */
function createAuditLoader(deps: PageDeps, store: Store, stopped: () => boolean): () => Promise<void> {
  let loading = false;
  return async () => {
    if (loading) return;
    loading = true;
    try {
      const entries = await deps.request('listAudit', { limit: AUDIT_LIMIT });
      if (!stopped()) store.set({ audit: entries });
    } catch {
      // No audit, no marks: nothing visible changes.
    } finally {
      loading = false;
    }
  };
}

/**
 * After a decision the portal's list is stale. The only safe way to refresh it is the portal's own Refresh
 * command: clicked once, a moment after the outcome was shown, only if it exists and is enabled and nothing of
 * ours is open or in flight. Without it the row just keeps our outcome badge (never a stale Approve).
 */
function createPortalRefresh(deps: PageDeps, store: Store, stopped: () => boolean): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    cancel,
    schedule() {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        const s = store.get();
        if (stopped() || s.dialog || [...s.decisions.values()].some((v) => v.phase === 'busy')) return;
        // Only on the pages whose list we just changed.
        if (detectRoute(deps.href?.() ?? location.href).kind === 'other') return;
        findRefreshButton(deps.doc)?.click();
      }, deps.refreshDelayMs ?? REFRESH_DELAY_MS);
    },
  };
}

/** Asks the background for its state until it answers (settings first: the defaults stand if they fail). */
async function waitForState(deps: PageDeps, store: Store, done: () => boolean, begin: (state: SyncState) => void): Promise<void> {
  try {
    store.set({ settings: await deps.loadSettings() });
  } catch {
    // Defaults stay.
  }
  for (let attempt = 0; !done(); attempt += 1) {
    try {
      begin(await deps.request('getState', undefined));
      return;
    } catch {
      const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 30_000;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** The features' runner, the page observer that feeds it batches, and what keeps both current. */
interface Running {
  readonly runner: FeatureRunner;
  readonly observer: PageObserver;
}

interface RunningDeps {
  readonly deps: PageDeps;
  readonly store: Store;
  readonly decisions: Decisions;
  readonly onBatch: (batch: Batch) => void;
  readonly cleanups: (() => void)[];
}

function startRunning({ deps, store, decisions, onBatch, cleanups }: RunningDeps): Running {
  const { doc } = deps;
  // Rows that come into view later are told to the runner and the observer made below.
  let made: Running | null = null;
  const visibility =
    deps.visibility === null
      ? null
      : (deps.visibility ?? intersectionVisibility)((els) => {
          made?.runner.shown(els);
          made?.observer.touch(els);
        });
  if (visibility) cleanups.push(() => visibility.disconnect());
  const surfaces = trackRowSurfaces(doc);
  cleanups.push(() => surfaces.disconnect());
  const runner = createFeatureRunner(deps.features ?? FEATURES, {
    store,
    decisions,
    onError: (id, error) => {
      deps.onFeatureError?.(id, error);
    },
    ...(deps.onCompat ? { onCompat: deps.onCompat } : {}),
    ...(visibility ? { visibility } : {}),
  });
  const observer = observePage({
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
      if (next.sync !== previous.sync || next.audit !== previous.audit || doneSetChanged(next, previous)) observer.invalidate();
    }),
  );
  made = { runner, observer };
  return made;
}

export function startPage(deps: PageDeps): PageApp {
  const { doc } = deps;
  const now = deps.now ?? Date.now;
  const store = createStore(initialState(now()));
  let stopped = false;
  const isStopped = () => stopped;
  const loadAudit = createAuditLoader(deps, store, isStopped);
  const portalRefresh = createPortalRefresh(deps, store, isStopped);
  const decisions: Decisions = createDecisions({
    store,
    decide: (payload) => deps.request('decide', payload),
    afterApplied: () => {
      void loadAudit();
      portalRefresh.schedule();
    },
  });
  const cleanups: (() => void)[] = [portalRefresh.cancel];
  let running: Running | null = null;
  let layer: Host | null = null;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const indexes = createIndexes();
  const columnCache = createColumnCache(() => running?.observer.invalidate());
  let lastTab: PageContext['actionCenterTab'] = null;

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

  function onBatch(batch: Batch): void {
    if (!running) return;
    if (batch.full) {
      const theme = detectTheme(doc);
      if (theme !== store.get().theme) store.set({ theme });
    }
    const ctx = context(detectRoute(batch.href), batch.full);
    // History marks need the audit log: read it whenever the History tab comes into view.
    if (ctx.actionCenterTab === 'history' && (batch.routeChanged || lastTab !== 'history')) void loadAudit();
    lastTab = ctx.actionCenterTab;
    running.runner.run(batch, ctx);
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

  function begin(state: SyncState): void {
    if (stopped || running) return;
    applySync(store, state, null);
    running = startRunning({ deps, store, decisions, onBatch, cleanups });
    const timer = setInterval(() => store.set({ now: now() }), TICK_MS);
    cleanups.push(() => clearInterval(timer));
    resolveReady();
    // A portal tab opened: ask for fresh data (the background joins a poll in flight).
    void deps
      .request('refresh', { reason: 'portalTab' })
      .then((fresh) => !stopped && applySync(store, fresh, null))
      .catch(() => undefined);
  }

  cleanups.push(
    deps.onBroadcast('stateChanged', ({ state, diff }) => {
      if (stopped) return;
      if (!running) begin(state);
      else applySync(store, state, diff);
    }),
    deps.onBroadcast('decided', ({ report, request }) => {
      if (stopped || !running) return;
      applyReport(store, request, report, false);
      void loadAudit();
    }),
    deps.watchSettings((settings) => store.set({ settings })),
  );
  void waitForState(deps, store, () => stopped || running !== null, begin);

  return {
    store,
    ready,
    flush: () => running?.observer.flush(),
    counts: () => running?.runner.counts() ?? {},
    failedFeatures: () => running?.runner.failed() ?? [],
    stop() {
      stopped = true;
      for (const c of cleanups.splice(0)) c();
      running?.observer.disconnect();
      running?.runner.destroy();
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
