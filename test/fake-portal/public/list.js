// @ts-check
/** A list of actions in a grid, with its command bar, loader and flyout: what the Action center and the investigation tabs show. */

import { CONFIG } from './config.js';
import { commandBar } from './controls.js';
import { closeFlyout, flyoutActionId, showFlyout } from './flyout.js';
import { createGrid } from './grid.js';
import { actionIdOf } from './items.js';
import { failureBar, failureState, messageBar } from './messagebar.js';
import { sleep } from './api.js';
import { setPageState } from './state.js';

/** @typedef {import('./items.js').Item} Item @typedef {import('./grid.js').Grid} Grid @typedef {import('./api.js').ApiResult} ApiResult */

/**
 * A grid of actions with its command bar and loader, as the Action center and the investigation tabs show it:
 * selecting a row opens the flyout; a decision there, or Refresh, reloads the list.
 * @param {{ label: string, emptyText: string, isPending: () => boolean, notice: HTMLElement, status: HTMLElement, fetch: Parameters<typeof listLoader>[0]['fetch'], afterLoad?: (items: Item[], count: number) => void }} o
 */
export function actionList(o) {
  const grid = createGrid({
    label: o.label,
    emptyText: o.emptyText,
    onSelect: (item) => {
      if (!item) return closeFlyout();
      showFlyout(item, {
        pending: o.isPending(),
        onClose: () => grid.select(null),
        onDecided: (message) => {
          closeFlyout();
          o.notice.replaceChildren(messageBar('success', message));
          void loader.load({ delay: false });
        },
      });
    },
  });
  const bar = commandBar(() => {
    o.notice.replaceChildren();
    void loader.load({ delay: false });
  });
  const loader = listLoader({
    grid,
    bar,
    status: o.status,
    fetch: o.fetch,
    afterLoad: (items, count) => {
      o.afterLoad?.(items, count);
      // The flyout shows an action that is gone from this list (decided elsewhere): it closes, as the portal's does.
      const shown = flyoutActionId();
      if (shown && !items.some((i) => actionIdOf(i) === shown)) closeFlyout();
    },
  });
  return { grid, bar, loader };
}

/**
 * One list shown in a grid, with its loading, error and refresh cycle.
 * @param {{ grid: Grid, bar: ReturnType<typeof commandBar>, status: HTMLElement, fetch: (signal: AbortSignal) => Promise<{ ok: true, items: Item[], count: number } | Extract<ApiResult, { ok: false }>>, afterLoad?: (items: Item[], count: number) => void }} parts
 */
export function listLoader(parts) {
  /** @type {AbortController | null} */
  let controller = null;
  return {
    /** @param {{ delay: boolean }} how */
    async load(how) {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      setPageState('loading');
      parts.bar.setBusy(true);
      parts.grid.setLoading();
      parts.status.replaceChildren();
      try {
        if (how.delay) await sleep(CONFIG.renderDelayMs);
        if (mine.signal.aborted) return;
        const res = await parts.fetch(mine.signal);
        if (mine.signal.aborted) return;
        parts.bar.setBusy(false);
        if (!res.ok) {
          parts.grid.setItems([], true);
          parts.bar.setCount(null);
          parts.status.replaceChildren(failureBar(res));
          failureState(res);
          return;
        }
        parts.grid.setItems(res.items);
        parts.bar.setCount(res.items.length);
        parts.afterLoad?.(res.items, res.count);
        setPageState('ready');
      } catch (e) {
        if (mine.signal.aborted) return;
        parts.bar.setBusy(false);
        parts.grid.setItems([], true);
        const failure = /** @type {const} */ ({ ok: false, kind: 'malformed', status: null, message: e instanceof Error ? e.message : String(e) });
        parts.status.replaceChildren(failureBar(failure));
        failureState(failure);
      }
    },
    abort() {
      controller?.abort();
    },
  };
}
