/**
 * How the popup's state fills and stays current: the local store first (an instant paint), then the background,
 * then its broadcasts, the settings and a clock that ticks once a second.
 */
import { batch, effect, untracked } from '@preact/signals';
import { expiresSoon } from '@/utils/actions/filter';
import { t } from '@/utils/i18n';
import { onBroadcast, request } from '@/utils/messages';
import { loadSettings, watchSettings } from '@/utils/settings';
import { loadSyncState } from '@/utils/store/queries';
import { takeEarlyRead } from './earlyRead';
import { closedBy, describeError } from './storeDecisions';
import { applyState, dropClosed, type PopupSignals, type PopupViews } from './storeState';

/** The store read settles in tens of ms; one stuck (a database upgrade waiting) must not hold the background back. */
const ASK_BACKGROUND_AFTER_MS = 150;

type Stop = () => void;

export async function refreshFrom(s: PopupSignals, reason: 'user' | 'popupOpened'): Promise<void> {
  s.refreshing.value = true;
  try {
    applyState(s, await request('refresh', { reason }), 'live');
    s.backgroundError.value = null;
  } catch (error) {
    s.backgroundError.value = t('popup.backgroundSilent', [describeError(error)]);
  } finally {
    s.refreshing.value = false;
  }
}

/**
 * The list paints from the store first; the background is asked once that list is on screen. Asked at once, a
 * stopped service worker waking up (in this process, reading the same database) slowed the store read, and an
 * awake one's answer (1,000 actions to decode and render) landed before the first frame.
 */
function loadCacheThenAsk(s: PopupSignals): Stop {
  s.refreshing.value = true;
  let asked = false;
  const askBackground = () => {
    if (asked) return;
    asked = true;
    clearTimeout(fallback);
    s.facetsReady.value = true;
    void refreshFrom(s, 'popupOpened');
  };
  const fallback = setTimeout(askBackground, ASK_BACKGROUND_AFTER_MS);
  // popup-early.js started this read before the modules ran; tests and other pages read here.
  void (takeEarlyRead() ?? loadSyncState()).then(
    (cached) => {
      if (!cached) return askBackground();
      applyState(s, cached, 'cache');
      // Once the frame that paints it was produced (a task queued in rAF runs after that frame).
      requestAnimationFrame(() => setTimeout(askBackground, 0));
    },
    askBackground, // no cache: the background's answer fills the list
  );
  return () => {
    asked = true;
    clearTimeout(fallback);
  };
}

/** The background's broadcasts and the settings, live. */
function followLive(s: PopupSignals): Stop[] {
  return [
    onBroadcast('stateChanged', ({ state: next }) => {
      applyState(s, next, 'live');
      s.backgroundError.value = null;
    }),
    onBroadcast('decided', ({ report }) => dropClosed(s, closedBy(report))),
    watchSettings((next) => {
      s.settings.value = next;
    }),
  ];
}

/**
 * "Expiring first" is the default when something expires within 24 h. Decided once, on the first list, so the
 * list never re-sorts under the analyst's hands and a choice of theirs stands.
 */
function defaultOrderOnce(s: PopupSignals, v: PopupViews): Stop {
  let orderDefaulted = false;
  return effect(() => {
    if (orderDefaulted || s.state.value === null) return;
    orderDefaulted = true;
    const list = v.pending.value;
    untracked(() => {
      if (list.some((a) => expiresSoon(a, s.now.value))) s.order.value = 'expiring';
    });
  });
}

function tick(s: PopupSignals, clock: () => number): Stop {
  const timer = setInterval(() => {
    s.now.value = clock();
  }, 1000);
  return () => clearInterval(timer);
}

function readSettings(s: PopupSignals): void {
  void loadSettings().then(
    (settings) => {
      batch(() => {
        s.settings.value = settings;
        s.settingsLoaded.value = true;
      });
    },
    () => (s.settingsLoaded.value = true), // the defaults stand: they ask for confirmation
  );
}

/**
 * Returns start(): the popup's reads and subscriptions, and a stop. Idempotent while running: main.tsx starts it
 * before the first render so the reads overlap rendering, and App starts it again (a no-op) for the stores tests
 * hand in.
 */
export function createStarter(s: PopupSignals, v: PopupViews, clock: () => number): () => Stop {
  let stopRunning: Stop | null = null;
  return function start(): Stop {
    if (stopRunning) return stopRunning;
    const stops: Stop[] = [loadCacheThenAsk(s), ...followLive(s), defaultOrderOnce(s, v), tick(s, clock)];
    readSettings(s);
    const stop = () => {
      if (stopRunning !== stop) return;
      stopRunning = null;
      stops.forEach((each) => each());
    };
    stopRunning = stop;
    return stop;
  };
}
