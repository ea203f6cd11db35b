/**
 * Page features and the runner that mounts them. A feature declares where it applies (route + selector), how an
 * element there becomes a placement (or nothing), and what it renders. The runner keeps exactly one host per
 * anchor element, re-checks anchors the page touched in each batch (recycled rows), removes hosts whose anchor
 * left or no longer matches, and isolates failures: a feature that throws is switched off and its hosts removed,
 * leaving the page as it was while the other features carry on.
 */
import { Component, h, render, type ComponentChildren, type VNode } from 'preact';
import type { Action } from '../../actions/model';
import type { CompatStatus } from '../compat';
import type { Decisions } from '../decisions';
import type { GridColumns } from '../gridColumns';
import type { AuditTarget, MatchIndex } from '../match';
import { createHost, place, type Host, type InsertionPoint } from '../mount';
import type { Batch } from '../observe';
import type { ActionCenterTab, Route } from '../selectors';
import { shallowEqual, type PageState, type Store } from '../store';
import { opaqueBackground, paintHost, PINNED_ATTRIBUTE } from '../surface';
import { claimColumn, gridOfHost, releaseColumn } from '../gridCount';

/** What every feature may read while resolving a batch (computed once per batch). */
export interface PageContext {
  readonly doc: Document;
  readonly route: Route;
  readonly state: PageState;
  /** Actions rows may show: pending, and those this tab saw decided. */
  readonly actionIndex: MatchIndex<Action>;
  /** Actions decided through the extension, from the audit log. */
  readonly auditIndex: MatchIndex<AuditTarget>;
  readonly actionCenterTab: ActionCenterTab | null;
  readonly investigationPendingTab: boolean;
  /** Each grid's column map, learnt from the data (columns.ts); rows are read through it. */
  readonly columns: GridColumns;
}

/** What rendered UI can use. */
export interface MountEnv {
  readonly store: Store;
  readonly decisions: Decisions;
  /** Unique per mount; a flyout's confirmation is rendered by the mount that opened it. */
  readonly mountId: string;
}

export interface Placement<P> {
  /** Identity of what is shown; a different key means a fresh mount (a recycled row now shows another action). */
  readonly key: string;
  readonly props: P;
  readonly at: InsertionPoint;
  /** Host laid out as a block (flex) rather than inline. */
  readonly block?: boolean;
}

export interface Feature<P extends object = object> {
  readonly id: string;
  /**
   * Anchors are resolved and mounted only once they come near the viewport (grid rows: a grid that does not
   * virtualise may hold thousands; rendering off-screen ones would cost frames for nothing).
   */
  readonly lazy?: boolean;
  /** Tag of the host element; must start with `acc-`. */
  readonly hostTag: `acc-${string}`;
  /** ARIA role of the host itself, e.g. gridcell when it sits in a grid row (a row may only own cells). */
  readonly hostRole?: string;
  /**
   * The host is a cell after a grid row's last column: pinned to the right edge of the grid's scrolling viewport
   * (page.css, `data-acc-pin`) and painted with its row's background (surface.ts), so it is reachable without
   * scrolling sideways on a narrow screen.
   */
  readonly pinned?: boolean;
  readonly selector: string;
  applies(ctx: PageContext): boolean;
  resolve(anchor: Element, ctx: PageContext): Placement<P> | null;
  /**
   * After a pass on a page where it applies: did the feature find its anchors ('worked'), does the page's markup
   * no longer fit ('missing': it stays off there), or can it not tell (null)? `mounted`: its hosts now.
   */
  probe?(ctx: PageContext, mounted: number): CompatStatus | null;
  view(props: P, env: MountEnv): VNode;
}

interface Mount {
  readonly host: Host;
  readonly id: string;
  key: string;
  props: object;
}

interface BoundaryProps {
  readonly onError: (error: unknown) => void;
  readonly children?: ComponentChildren;
}

/** Catches errors in a feature's render so they cannot break other mounts. */
class Boundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch(error: unknown): void {
    this.setState({ failed: true });
    this.props.onError(error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

export interface FeatureRunner {
  run(batch: Batch, ctx: PageContext): void;
  /** These elements came near the viewport: lazy features may mount on them from the next batch on. */
  shown(els: Iterable<Element>): void;
  /** Mounted host count per feature id (tests, bench). */
  counts(): Record<string, number>;
  failed(): readonly string[];
  destroy(): void;
}

/** Tells when watched elements come near the viewport (see app.ts: an IntersectionObserver). */
export interface Visibility {
  watch(el: Element): void;
  unwatch(el: Element): void;
  /**
   * Which of these elements are near the viewport right now (one answer per element, in order). An
   * IntersectionObserver answers only after the next frame is painted; rows a batch finds already in view are
   * mounted in the same frame instead, so they are never painted without their controls.
   */
  nearNow?(els: readonly Element[]): readonly boolean[];
}

export interface RunnerOptions {
  readonly store: Store;
  readonly decisions: Decisions;
  readonly onError?: (featureId: string, error: unknown) => void;
  /** What each feature's probe said (portal compatibility, compat.ts); a feature that threw is 'missing'. */
  readonly onCompat?: (featureId: string, status: CompatStatus) => void;
  /** Without it every anchor counts as visible. */
  readonly visibility?: Visibility;
}

let mountSeq = 0;

/** Features with different props in one list (methods are checked bivariantly, so any Feature<P> fits). */
type AnyFeature = Feature<object>;

/** One batch's decision for one feature. */
interface Plan {
  readonly feature: AnyFeature;
  /** Null when the feature does not apply on this page. */
  readonly anchors: readonly Element[] | null;
}

/** The elements a feature may mount on in this batch: every match on a full pass, else those near the changes. */
function candidates(feature: AnyFeature, batch: Batch, ctx: PageContext): Iterable<Element> {
  if (batch.full) return ctx.doc.querySelectorAll(feature.selector);
  const found = new Set<Element>();
  for (const node of batch.near) {
    const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
    const anchor = el?.isConnected ? el.closest(feature.selector) : null;
    if (anchor) found.add(anchor);
  }
  for (const el of batch.within) {
    if (!el.isConnected) continue;
    const anchor = el.closest(feature.selector);
    if (anchor) found.add(anchor);
    for (const inner of el.querySelectorAll(feature.selector)) found.add(inner);
  }
  return found;
}

/**
 * Lazy anchors: which have been near the viewport once (they stay mounted when scrolled away: no churn), and
 * which are watched until they come into view. Without a Visibility every anchor counts as in view.
 */
function createLazyAnchors(visibility: Visibility | undefined) {
  const seen = new WeakSet<Element>();
  const watched = new Set<Element>();

  function reveal(el: Element): void {
    seen.add(el);
    if (watched.delete(el)) visibility?.unwatch(el);
  }

  return {
    reveal,
    /** Not known yet to have been in view (so its colour is not read, and it may not mount yet). */
    pending: (anchor: Element) => Boolean(visibility) && !seen.has(anchor),
    /** Whether a lazy feature may look at this anchor now; otherwise it is watched until it shows. */
    inView(anchor: Element): boolean {
      if (!visibility || seen.has(anchor)) return true;
      if (!watched.has(anchor)) {
        watched.add(anchor);
        visibility.watch(anchor);
      }
      return false;
    },
    /** Lazy anchors not seen yet that are in view now count as seen, so this batch mounts them. Reads only. */
    revealNear(anchors: ReadonlySet<Element>): void {
      if (!visibility?.nearNow || anchors.size === 0) return;
      const list = [...anchors];
      const near = visibility.nearNow(list);
      list.forEach((el, i) => {
        if (near[i]) reveal(el);
      });
    },
    /** Stops watching anchors that left the page. */
    prune(): void {
      for (const el of watched) {
        if (el.isConnected) continue;
        watched.delete(el);
        visibility?.unwatch(el);
      }
    },
    destroy(): void {
      for (const el of watched) visibility?.unwatch(el);
      watched.clear();
    },
  };
}

/** The colour behind each anchor a pinned feature will mount on or update in this batch. Reads only. */
function readSurfaces(plans: readonly Plan[], notYet: (anchor: Element) => boolean): Map<Element, string | null> {
  const surfaces = new Map<Element, string | null>();
  for (const { feature, anchors } of plans) {
    if (!feature.pinned || !anchors) continue;
    for (const anchor of anchors) {
      if (feature.lazy && notYet(anchor)) continue;
      if (!surfaces.has(anchor)) surfaces.set(anchor, opaqueBackground(anchor));
    }
  }
  return surfaces;
}

/** A new host for a placement: its role, its pin and the colour behind it. */
function newHost(feature: AnyFeature, placement: Placement<object>, doc: Document, surface: string | null | undefined): Host {
  const host = createHost(feature.hostTag, doc);
  if (placement.block) host.el.setAttribute('data-acc-block', '');
  if (feature.hostRole) host.el.setAttribute('role', feature.hostRole);
  if (feature.pinned) {
    host.el.setAttribute(PINNED_ATTRIBUTE, '');
    if (surface !== undefined) paintHost(host.el, surface);
  }
  return host;
}

/**
 * Every feature's hosts, one per anchor element: mounting, updating and removing them, and switching off a feature
 * that threw (its hosts go, the others stay).
 */
function createMounts(features: readonly AnyFeature[], options: RunnerOptions) {
  const mounts = new Map<string, Map<Element, Mount>>(features.map((f) => [f.id, new Map()]));
  const failedIds = new Set<string>();

  function unmount(m: Mount): void {
    const grid = gridOfHost(m.host.el);
    render(null, m.host.root);
    m.host.el.remove();
    releaseColumn(grid);
  }

  function clear(feature: AnyFeature): void {
    const map = mounts.get(feature.id);
    if (!map) return;
    for (const m of map.values()) {
      try {
        unmount(m);
      } catch {
        m.host.el.remove();
      }
    }
    map.clear();
  }

  function fail(feature: AnyFeature, error: unknown): void {
    if (failedIds.has(feature.id)) return;
    failedIds.add(feature.id);
    clear(feature);
    options.onError?.(feature.id, error);
    options.onCompat?.(feature.id, 'missing');
  }

  function draw(feature: AnyFeature, m: Mount): void {
    const env: MountEnv = { store: options.store, decisions: options.decisions, mountId: m.id };
    render(h(Boundary, { onError: (e: unknown) => queueMicrotask(() => fail(feature, e)) }, feature.view(m.props, env)), m.host.root);
  }

  /** Puts a pinned cell in place and in its grid's column count (gridCount.ts). */
  function put(feature: AnyFeature, host: Host, at: InsertionPoint): void {
    // Moved only when it is out of place: re-inserting a host where it is would be a mutation the observer sees.
    if (!host.el.isConnected || host.el.parentNode !== at.parent) place(host.el, at);
    if (feature.pinned) claimColumn(host.el);
  }

  /** A mount that shows the same thing: repainted, put in place, and redrawn only when its props changed. */
  function update(feature: AnyFeature, m: Mount, placement: Placement<object>, surface: string | null | undefined): void {
    if (feature.pinned && surface !== undefined) paintHost(m.host.el, surface);
    put(feature, m.host, placement.at);
    if (!shallowEqual(m.props, placement.props)) {
      m.props = placement.props;
      draw(feature, m);
    }
  }

  /**
   * Mounts whose anchor left the page, by key, so that the anchor the portal rebuilt for the same action takes the
   * same host: moved, not rebuilt (a grid re-render replaces every row, and building 30 shadow roots and their
   * trees again was most of our cost). What no new anchor takes is unmounted by `release`.
   */
  function retire(map: Map<Element, Mount>): Map<string, Mount[]> {
    const pool = new Map<string, Mount[]>();
    for (const [anchor, m] of map) {
      if (anchor.isConnected) continue;
      map.delete(anchor);
      const same = pool.get(m.key);
      if (same) same.push(m);
      else pool.set(m.key, [m]);
    }
    return pool;
  }

  function release(pool: Map<string, Mount[]>): void {
    for (const list of pool.values()) for (const m of list) unmount(m);
    pool.clear();
  }

  /**
   * `surface`: the colour behind a pinned host, read in the batch's read phase (undefined: not read). `pool`:
   * retired mounts a new anchor may take over (same key).
   */
  function apply(feature: AnyFeature, map: Map<Element, Mount>, anchor: Element, ctx: PageContext, surface?: string | null, pool?: Map<string, Mount[]>): void {
    const placement = feature.resolve(anchor, ctx);
    const current = map.get(anchor);
    if (!placement) {
      if (current) {
        unmount(current);
        map.delete(anchor);
      }
      return;
    }
    if (current && current.key === placement.key) {
      update(feature, current, placement, surface);
      return;
    }
    if (current) unmount(current);
    const reused = pool?.get(placement.key)?.pop();
    if (reused) {
      map.set(anchor, reused);
      update(feature, reused, placement, surface);
      return;
    }
    const m: Mount = { host: newHost(feature, placement, ctx.doc, surface), id: `acc-m${(mountSeq += 1)}`, key: placement.key, props: placement.props };
    put(feature, m.host, placement.at);
    map.set(anchor, m);
    draw(feature, m);
  }

  /** Hosts whose anchor left the page, or (full batch) no longer matches the selector, go; lost hosts come back. */
  function sweep(feature: AnyFeature, map: Map<Element, Mount>, found: ReadonlySet<Element> | null, ctx: PageContext, surfaces: ReadonlyMap<Element, string | null>): void {
    for (const [anchor, m] of map) {
      if (found ? !found.has(anchor) : !anchor.isConnected) {
        unmount(m);
        map.delete(anchor);
      } else if (!m.host.el.isConnected) {
        apply(feature, map, anchor, ctx, surfaces.get(anchor));
      }
    }
  }

  return { mounts, failedIds, apply, sweep, clear, fail, retire, release };
}

export function createFeatureRunner(features: readonly AnyFeature[], options: RunnerOptions): FeatureRunner {
  const lazy = createLazyAnchors(options.visibility);
  const { mounts, failedIds, apply, sweep, clear, fail, retire, release } = createMounts(features, options);

  /** Read phase, part one: which anchors each working feature looks at; lazy ones found in view count as seen. */
  function plan(batch: Batch, ctx: PageContext): Plan[] {
    const plans: Plan[] = [];
    const unseen = new Set<Element>();
    for (const feature of features) {
      if (failedIds.has(feature.id)) continue;
      try {
        const anchors = feature.applies(ctx) ? [...candidates(feature, batch, ctx)] : null;
        plans.push({ feature, anchors });
        if (feature.lazy && anchors) for (const anchor of anchors) if (lazy.pending(anchor)) unseen.add(anchor);
      } catch (error) {
        fail(feature, error);
      }
    }
    lazy.revealNear(unseen);
    return plans;
  }

  /** Write phase for one feature: mount or update its anchors, sweep what left, then report what it found. */
  function runFeature(p: Plan, batch: Batch, ctx: PageContext, surfaces: ReadonlyMap<Element, string | null>): void {
    const { feature, anchors } = p;
    const map = mounts.get(feature.id);
    if (!map) return;
    if (!anchors) {
      clear(feature);
      return;
    }
    const pool = batch.full || batch.removed ? retire(map) : undefined;
    try {
      for (const anchor of anchors) {
        if (feature.lazy && !lazy.inView(anchor)) continue;
        apply(feature, map, anchor, ctx, surfaces.get(anchor), pool);
      }
    } finally {
      if (pool) release(pool);
    }
    if (batch.full || batch.removed) sweep(feature, map, batch.full ? new Set(anchors) : null, ctx, surfaces);
    if (feature.probe && options.onCompat) {
      const status = feature.probe(ctx, map.size);
      if (status) options.onCompat(feature.id, status);
    }
  }

  return {
    run(batch, ctx) {
      if (batch.full || batch.removed) lazy.prune();
      // First every read (which anchors, which of the new lazy ones are in view, the colours behind pinned cells:
      // one style and layout pass), then every write, so mounting never interleaves with layout reads.
      const plans = plan(batch, ctx);
      let surfaces: Map<Element, string | null>;
      try {
        surfaces = readSurfaces(plans, lazy.pending);
      } catch {
        // Without colours pinned cells keep what they had (or their fallback).
        surfaces = new Map();
      }
      for (const p of plans) {
        if (failedIds.has(p.feature.id)) continue;
        try {
          runFeature(p, batch, ctx, surfaces);
        } catch (error) {
          fail(p.feature, error);
        }
      }
    },
    shown(els) {
      for (const el of els) lazy.reveal(el);
    },
    counts() {
      const out: Record<string, number> = {};
      for (const [id, map] of mounts) out[id] = map.size;
      return out;
    },
    failed: () => [...failedIds],
    destroy() {
      for (const feature of features) clear(feature);
      lazy.destroy();
    },
  };
}
