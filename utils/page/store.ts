/**
 * The content script's state: what the background said, the settings, and what this tab did. One small store;
 * every mounted control reads its slice from here, so a decision made from a row shows in the flyout too.
 */
import { useEffect, useReducer, useRef } from 'preact/hooks';
import type { Action, Verdict } from '../actions/model';
import type { AuditEntry, SyncState } from '../actions/types';
import { PAGE_DEFAULTS, type PageSettings } from './settings';

/** What an action looks like from this tab. */
export type DecisionView =
  | { readonly phase: 'busy'; readonly verdict: Verdict }
  | {
      readonly phase: 'error';
      readonly verdict: Verdict;
      readonly message: string;
      /** The portal did not take the extension's request: the analyst decides in the portal, which teaches it. */
      readonly inPortal?: boolean;
    }
  /** Sent, waiting for the portal: no answer says what happened yet; locked until the action leaves pending. */
  | { readonly phase: 'waiting'; readonly verdict: Verdict; readonly message: string }
  | {
      readonly phase: 'done';
      /** Null when decided elsewhere and we do not know how. */
      readonly verdict: Verdict | null;
      /** us: the extension's decision was applied; elsewhere: someone decided first; gone: left pending otherwise. */
      readonly how: 'us' | 'elsewhere' | 'gone';
      readonly decidedBy: string | null;
      /** Plain words from the answer to this tab's own request (e.g. who decided first). */
      readonly note?: string;
    };

export interface DialogRequest {
  readonly actionIds: readonly string[];
  readonly verdict: Verdict;
  /** The mount that opened it renders it in place (inside a focus-trapping flyout); otherwise the page layer does. */
  readonly owner: string | null;
  /** The mount whose button opened it: it takes the focus back when its buttons are replaced by the outcome. */
  readonly opener: string | null;
}

export interface PageState {
  readonly sync: SyncState | null;
  readonly settings: PageSettings;
  readonly now: number;
  /** Every action seen pending in this tab, by id (kept after it leaves pending so its row can show the outcome). */
  readonly actions: ReadonlyMap<string, Action>;
  readonly decisions: ReadonlyMap<string, DecisionView>;
  /** Applied decisions made through the extension (any surface), for the History tab; null until loaded. */
  readonly audit: readonly AuditEntry[] | null;
  readonly dialog: DialogRequest | null;
  /** Polite announcement for screen readers (one live region for the page). */
  readonly announcement: string;
  /** 'light' | 'dark' when the portal's own theme is known; null follows the system. */
  readonly theme: 'light' | 'dark' | null;
  /** A mount whose buttons were just replaced by the outcome of its own decision: it moves focus to the outcome. */
  readonly focusMount: string | null;
}

export interface Store {
  get(): PageState;
  set(update: Partial<PageState> | ((s: PageState) => Partial<PageState>)): void;
  subscribe(listener: (next: PageState, previous: PageState) => void): () => void;
}

export function initialState(now: number): PageState {
  return {
    sync: null,
    settings: PAGE_DEFAULTS,
    now,
    actions: new Map(),
    decisions: new Map(),
    audit: null,
    dialog: null,
    announcement: '',
    theme: null,
    focusMount: null,
  };
}

export function createStore(initial: PageState): Store {
  let state = initial;
  const listeners = new Set<(next: PageState, previous: PageState) => void>();
  return {
    get: () => state,
    set(update) {
      const patch = typeof update === 'function' ? update(state) : update;
      const previous = state;
      state = { ...state, ...patch };
      for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Re-renders the component only when its selected slice changes (compared with Object.is per field). */
export function useSelect<T extends object>(store: Store, select: (s: PageState) => T): T {
  const [, force] = useReducer((n: number) => n + 1, 0);
  const selectRef = useRef(select);
  selectRef.current = select;
  const current = select(store.get());
  const lastRef = useRef(current);
  lastRef.current = current;
  useEffect(
    () =>
      store.subscribe((next) => {
        const picked = selectRef.current(next);
        if (!shallowEqual(picked, lastRef.current)) force(0);
      }),
    [store],
  );
  return current;
}

export function shallowEqual(a: object, b: object): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Returns a copy of the map with one entry set (or removed when value is undefined). */
export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V | undefined): Map<K, V> {
  const next = new Map(map);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}
