/**
 * The list's roving focus: one row is tabbable at a time (the focused one, else the first). When the focused row
 * leaves the list (decided), focus goes to the row that takes its place in the same investigation.
 */
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ListRow } from '@/utils/actions/filter';
import { impactOf } from '@/utils/actions/model';

/** Where the focused row was: its index, its investigation group and its position among that group's actions. */
interface FocusPlace {
  readonly index: number;
  readonly groupKey: string | null;
  readonly position: number;
}

function placeOf(rows: readonly ListRow[], index: number): FocusPlace {
  const row = rows[index];
  if (!row) return { index, groupKey: null, position: 0 };
  if (row.kind === 'group') return { index, groupKey: row.group.key, position: -1 };
  const header = rows.find((r) => r.kind === 'group' && r.group.key === row.groupKey);
  const position = header?.kind === 'group' ? header.group.actions.indexOf(row.action) : 0;
  return { index, groupKey: row.groupKey, position };
}

/**
 * The row that takes focus when the focused one left the list (decided). Groups re-sort after a decision, so
 * the row now at the same index may belong to another investigation: focus goes to the next action of the same
 * investigation, else to a group header, and never onto a containment or destructive action the analyst did not
 * move to (with confirmation off, one more key would decide it).
 */
export function fallbackKey(rows: readonly ListRow[], place: FocusPlace): string | null {
  const header = rows.find((r) => r.kind === 'group' && r.group.key === place.groupKey);
  if (header?.kind === 'group') {
    const actions = header.group.actions;
    const next = actions[Math.min(Math.max(place.position, 0), actions.length - 1)];
    if (place.position >= 0 && next && impactOf(next) === null) return `a:${next.id}`;
    return header.key;
  }
  // The group is gone: the header of the group now at that place, never one of its actions.
  for (let i = Math.min(place.index, rows.length - 1); i >= 0; i--) {
    const row = rows[i];
    if (row?.kind === 'group') return row.key;
  }
  return rows[0]?.key ?? null;
}

export interface RovingFocus {
  /** The tabbable row: the focused one, its stand-in when it left the list, else the first row. */
  readonly activeKey: string | null;
  readonly activeIndex: number;
  /** Makes the row with this key the focused one and focuses it once it is rendered. */
  readonly focusRow: (key: string) => void;
  /** The row (or one of its controls) took focus: it becomes the tabbable row. */
  readonly onRowFocus: (key: string) => void;
}

export function useRovingFocus(rows: readonly ListRow[], scrollRef: RefObject<HTMLElement | null>): RovingFocus {
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const focusAfterRender = useRef<string | null>(null);
  const lastPlace = useRef<FocusPlace>({ index: 0, groupKey: null, position: 0 });
  const focusedIndex = focusKey === null ? -1 : rows.findIndex((r) => r.key === focusKey);
  // When the focused row leaves (decided), focus stays in its investigation (see fallbackKey).
  const activeKey =
    focusedIndex >= 0 ? focusKey : focusKey !== null ? fallbackKey(rows, lastPlace.current) : (rows[0]?.key ?? null);
  const activeIndex = rows.findIndex((r) => r.key === activeKey);
  if (activeIndex >= 0) lastPlace.current = placeOf(rows, activeIndex);

  useLayoutEffect(() => {
    const key = focusAfterRender.current;
    if (key === null) return;
    focusAfterRender.current = null;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(key)}"]`);
    el?.focus({ preventScroll: true });
  });

  // Focus lost because the focused row left the list (e.g. after a decision): put it on the row that
  // took its place, so keyboard triage continues where it was.
  useEffect(() => {
    if (focusKey === null || focusedIndex >= 0 || activeKey === null) return;
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected;
    setFocusKey(activeKey);
    if (lost) focusAfterRender.current = activeKey;
  });

  function focusRow(key: string) {
    focusAfterRender.current = key;
    setFocusKey(key);
  }
  const onRowFocus = (key: string) => focusKey !== key && setFocusKey(key);
  return { activeKey, activeIndex, focusRow, onRowFocus };
}
