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

export function createFeatureRunner(features: readonly AnyFeature[], options: RunnerOptions): FeatureRunner {
  const mounts = new Map<string, Map<Element, Mount>>(features.map((f) => [f.id, new Map()]));
  const failedIds = new Set<string>();
  /** Anchors that have been near the viewport once (they stay mounted when scrolled away: no churn). */
  const seen = new WeakSet<Element>();
  /** Anchors waiting to come into view. */
  const watched = new Set<Element>();
  const visibility = options.visibility;

  /** Whether a lazy feature may look at this anchor now; otherwise it is watched until it shows. */
  function inView(anchor: Element): boolean {
    if (!visibility || seen.has(anchor)) return true;
    if (!watched.has(anchor)) {
      watched.add(anchor);
      visibility.watch(anchor);
    }
    return false;
  }

  function pruneWatched(): void {
    for (const el of watched) {
      if (el.isConnected) continue;
      watched.delete(el);
      visibility?.unwatch(el);
    }
  }

  function unmount(m: Mount): void {
    render(null, m.host.root);
    m.host.el.remove();
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

  /** `surface`: the colour behind a pinned host, read in the batch's read phase (undefined: not read). */
  function apply(feature: AnyFeature, map: Map<Element, Mount>, anchor: Element, ctx: PageContext, surface?: string | null): void {
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
      if (feature.pinned && surface !== undefined) paintHost(current.host.el, surface);
      if (!current.host.el.isConnected || current.host.el.parentNode !== placement.at.parent) place(current.host.el, placement.at);
      if (!shallowEqual(current.props, placement.props)) {
        current.props = placement.props;
        draw(feature, current);
      }
      return;
    }
    if (current) unmount(current);
    const host = createHost(feature.hostTag, ctx.doc);
    if (placement.block) host.el.setAttribute('data-acc-block', '');
    if (feature.hostRole) host.el.setAttribute('role', feature.hostRole);
    if (feature.pinned) {
      host.el.setAttribute(PINNED_ATTRIBUTE, '');
      if (surface !== undefined) paintHost(host.el, surface);
    }
    const m: Mount = { host, id: `acc-m${(mountSeq += 1)}`, key: placement.key, props: placement.props };
    place(host.el, placement.at);
    map.set(anchor, m);
    draw(feature, m);
  }

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

  /** Lazy anchors not seen yet that are in view now count as seen, so this batch mounts them. Reads only. */
  function revealNear(anchors: ReadonlySet<Element>): void {
    if (!visibility?.nearNow || anchors.size === 0) return;
    const list = [...anchors];
    const near = visibility.nearNow(list);
    list.forEach((el, i) => {
      if (near[i]) reveal(el);
    });
  }

  function reveal(el: Element): void {
    seen.add(el);
    if (watched.delete(el)) visibility?.unwatch(el);
  }

  interface Plan {
    readonly feature: AnyFeature;
    /** Null when the feature does not apply on this page. */
    readonly anchors: readonly Element[] | null;
  }

  /** The colour behind each anchor a pinned feature will mount on or update in this batch. Reads only. */
  function readSurfaces(plans: readonly Plan[]): Map<Element, string | null> {
    const surfaces = new Map<Element, string | null>();
    for (const { feature, anchors } of plans) {
      if (!feature.pinned || !anchors) continue;
      for (const anchor of anchors) {
        if (feature.lazy && visibility && !seen.has(anchor)) continue;
        if (!surfaces.has(anchor)) surfaces.set(anchor, opaqueBackground(anchor));
      }
    }
    return surfaces;
  }

  function runFeature(plan: Plan, batch: Batch, ctx: PageContext, surfaces: ReadonlyMap<Element, string | null>): void {
    const { feature, anchors } = plan;
    const map = mounts.get(feature.id);
    if (!map) return;
    if (!anchors) {
      clear(feature);
      return;
    }
    for (const anchor of anchors) {
      if (feature.lazy && !inView(anchor)) continue;
      apply(feature, map, anchor, ctx, surfaces.get(anchor));
    }
    // Anchors that left the page, or (full batch) no longer match the selector, lose their hosts.
    const found = batch.full ? new Set(anchors) : null;
    if (found || batch.removed) {
      for (const [anchor, m] of map) {
        if (found ? !found.has(anchor) : !anchor.isConnected) {
          unmount(m);
          map.delete(anchor);
        } else if (!m.host.el.isConnected) {
          apply(feature, map, anchor, ctx, surfaces.get(anchor));
        }
      }
    }
  }

  return {
    run(batch, ctx) {
      if (batch.full || batch.removed) pruneWatched();
      // First every read (which anchors, which of the new lazy ones are in view, the colours behind pinned cells:
      // one style and layout pass), then every write, so mounting never interleaves with layout reads.
      const plans: Plan[] = [];
      const unseen = new Set<Element>();
      for (const feature of features) {
        if (failedIds.has(feature.id)) continue;
        try {
          const anchors = feature.applies(ctx) ? [...candidates(feature, batch, ctx)] : null;
          plans.push({ feature, anchors });
          if (feature.lazy && anchors) for (const anchor of anchors) if (!seen.has(anchor)) unseen.add(anchor);
        } catch (error) {
          fail(feature, error);
        }
      }
      revealNear(unseen);
      let surfaces: Map<Element, string | null>;
      try {
        surfaces = readSurfaces(plans);
      } catch {
        // Without colours pinned cells keep what they had (or their fallback).
        surfaces = new Map();
      }
      for (const plan of plans) {
        if (failedIds.has(plan.feature.id)) continue;
        try {
          runFeature(plan, batch, ctx, surfaces);
          if (plan.anchors && plan.feature.probe && options.onCompat) {
            const status = plan.feature.probe(ctx, mounts.get(plan.feature.id)?.size ?? 0);
            if (status) options.onCompat(plan.feature.id, status);
          }
        } catch (error) {
          fail(plan.feature, error);
        }
      }
    },
    shown(els) {
      for (const el of els) reveal(el);
    },
    counts() {
      const out: Record<string, number> = {};
      for (const [id, map] of mounts) out[id] = map.size;
      return out;
    },
    failed: () => [...failedIds],
    destroy() {
      for (const feature of features) clear(feature);
      for (const el of watched) visibility?.unwatch(el);
      watched.clear();
    },
  };
}
