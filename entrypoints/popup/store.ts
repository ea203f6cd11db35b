/**
 * The popup's store: state and derived views (storeState.ts), decisions (storeDecisions.ts) and how it fills and
 * stays current (storeStart.ts), wired into one object. Shared with @preact/signals; the views only render it and
 * call the intents. Decisions go through the background only.
 */
import { effect, untracked } from '@preact/signals';
import { request } from '@/utils/messages';
import type { DecisionLink } from '@/utils/notify';
import { t } from '@/utils/i18n';
import { createDecisions, describeError } from './storeDecisions';
import { createStarter, refreshFrom } from './storeStart';
import { createSignals, deriveViews, type PopupSignals, type PopupViews } from './storeState';

export type { DataSource, DecisionBlock, DialogState, ResultView } from './storeState';
export { describeError };

/** Selection, results and the portal link: the small intents. */
function createListIntents(s: PopupSignals) {
  return {
    toggleSelected(id: string): void {
      const next = new Set(s.selected.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      s.selected.value = next;
    },
    setSelected(next: ReadonlySet<string>): void {
      s.selected.value = next;
    },
    dismissResults(): void {
      s.results.value = new Map();
      s.lastDecided.value = [];
    },
    async openInPortal(target: { actionId?: string; investigationId?: string }): Promise<void> {
      try {
        await request('openInPortal', target);
      } catch (error) {
        s.backgroundError.value = t('popup.couldNotOpen', [describeError(error)]);
      }
    },
  };
}

/**
 * One action from a notification. openLink shows it and, for a verdict, asks about it once the background has
 * answered and the settings are read: the same dialog and rules as a click in the list. Returns a stop.
 */
function createLinkIntents(s: PopupSignals, v: PopupViews, decide: ReturnType<typeof createDecisions>['decide']) {
  return {
    openLink(link: DecisionLink): () => void {
      s.linked.value = link;
      const verdict = link.verdict;
      if (!verdict) return () => undefined;
      let asked = false;
      return effect(() => {
        if (asked || s.source.value !== 'live' || !s.settingsLoaded.value) return;
        // Once only: cancelling the dialog must not bring it back.
        asked = true;
        untracked(() => {
          if (v.linkedAction.value) decide([link.actionId], verdict);
        });
      });
    },
    closeLink(): void {
      s.linked.value = null;
    },
  };
}

export function createPopupStore(clock: () => number = Date.now) {
  const s = createSignals(clock);
  const v = deriveViews(s);
  const decisions = createDecisions(s, v, clock);
  const { facetsReady: _facetsReady, ...signals } = s;
  const { decidable: _decidable, ...views } = v;
  return {
    ...signals,
    ...views,
    start: createStarter(s, v, clock),
    refresh: (reason: 'user' | 'popupOpened') => refreshFrom(s, reason),
    ...decisions,
    ...createListIntents(s),
    ...createLinkIntents(s, v, decisions.decide),
  };
}

export type PopupStore = ReturnType<typeof createPopupStore>;
