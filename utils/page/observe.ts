/**
 * ONE MutationObserver for the whole page; work is batched to one call per animation frame.
 *
 * A batch says what may have changed: `full` (first run, SPA route change, state change, tab switch) or the
 * set of nodes touched since the last frame — `near` (a mutation target: look at the anchor it sits in) and
 * `within` (an added subtree: look for anchors inside it). Route changes are noticed without patching page
 * globals: the location is compared on every batch, and popstate schedules one.
 * Mutations caused by our own hosts are dropped, so injecting never feeds back into another batch.
 */
import { isOwnNode, WATCHED_ATTRIBUTES } from './selectors';

export interface Batch {
  readonly full: boolean;
  readonly href: string;
  readonly routeChanged: boolean;
  /** Mutation targets: the anchor containing each may show something else now. */
  readonly near: ReadonlySet<Node>;
  /** Added subtrees: anchors inside may be new. */
  readonly within: ReadonlySet<Element>;
  /** Something was removed: mounts whose anchors left the page must go. */
  readonly removed: boolean;
}

export interface ObserveOptions {
  readonly root: Node;
  readonly onBatch: (batch: Batch) => void;
  readonly href?: () => string;
  /** Schedules `run` for the next frame; returns a cancel. Defaults to requestAnimationFrame. */
  readonly schedule?: (run: () => void) => () => void;
  /** A mutation of these attributes on a matching element forces a full batch (e.g. a tab switch). */
  readonly fullOnAttribute?: (el: Element, name: string) => boolean;
}

export interface PageObserver {
  /** Asks for a full batch on the next frame. */
  invalidate(): void;
  /** Runs a pending batch now (tests, and after our own state changed synchronously). */
  flush(): void;
  /** Asks for the anchors around these nodes to be looked at next frame (e.g. rows that scrolled into view). */
  touch(nodes: Iterable<Node>): void;
  disconnect(): void;
}

function frameScheduler(run: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(run);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(run, 16);
  return () => clearTimeout(id);
}

function insideOwn(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (isOwnNode(n)) return true;
  return false;
}

export function observePage(options: ObserveOptions): PageObserver {
  const href = options.href ?? (() => location.href);
  const schedule = options.schedule ?? frameScheduler;
  let cancel: (() => void) | null = null;
  let full = true;
  let removed = false;
  let near = new Set<Node>();
  let within = new Set<Element>();
  let lastHref = href();
  let connected = true;

  let running = false;

  function request(): void {
    if (cancel || running || !connected) return;
    cancel = schedule(run);
  }

  function collect(records: MutationRecord[]): void {
    let relevant = false;
    for (const r of records) {
      if (insideOwn(r.target)) continue;
      if (r.type === 'childList') {
        let own = true;
        for (const n of r.addedNodes) {
          if (isOwnNode(n)) continue;
          own = false;
          if (n.nodeType === 1) within.add(n as Element);
        }
        for (const n of r.removedNodes) {
          if (isOwnNode(n)) {
            // Someone else took our host away (a portal re-render): the anchor needs it back.
            removed = true;
            near.add(r.target);
            relevant = true;
            continue;
          }
          own = false;
          removed = true;
        }
        if (own) continue;
        near.add(r.target);
        relevant = true;
      } else if (r.type === 'characterData') {
        if (r.target.parentNode) near.add(r.target.parentNode);
        relevant = true;
      } else if (r.type === 'attributes') {
        const el = r.target as Element;
        if (options.fullOnAttribute?.(el, r.attributeName ?? '')) full = true;
        else near.add(el);
        relevant = true;
      }
    }
    if (relevant) request();
  }

  const observer = new MutationObserver(collect);
  observer.observe(options.root, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: [...WATCHED_ATTRIBUTES],
  });

  const onNavigation = () => request();
  addEventListener('popstate', onNavigation);

  function run(): void {
    cancel = null;
    if (!connected) return;
    running = true;
    // Records not yet delivered belong to this frame too.
    collect(observer.takeRecords());
    const current = href();
    const routeChanged = current !== lastHref;
    lastHref = current;
    const batch: Batch = { full: full || routeChanged, href: current, routeChanged, near, within, removed };
    full = false;
    removed = false;
    near = new Set();
    within = new Set();
    try {
      if (batch.full || batch.near.size > 0 || batch.within.size > 0 || batch.removed) options.onBatch(batch);
    } finally {
      // Our own insertions and removals during the batch are not news.
      observer.takeRecords();
      running = false;
      // A full pass asked for while this one ran (state changed under it) runs next frame.
      if (full) request();
    }
  }

  request();

  return {
    invalidate() {
      full = true;
      request();
    },
    touch(nodes) {
      for (const node of nodes) near.add(node);
      request();
    },
    flush() {
      if (cancel) {
        cancel();
        cancel = null;
      }
      run();
    },
    disconnect() {
      connected = false;
      cancel?.();
      cancel = null;
      observer.disconnect();
      removeEventListener('popstate', onNavigation);
    },
  };
}
