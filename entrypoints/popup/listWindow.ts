/**
 * The list's windowing: fixed row heights (taller rows in a narrow popup), the scroll position and the viewport's
 * height, and from them which rows are rendered. Long lists (1,000 actions) keep ~20 rows in the DOM.
 */
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { rowOffsets, visibleWindow, type ListRow } from '@/utils/actions/filter';

export const GROUP_ROW_HEIGHT = 40;
/** Three lines: type and buttons; entity; what tells the action apart (issue 19 item 14). */
export const ACTION_ROW_HEIGHT = 78;
/** Above this many rows only the rows in view are rendered. */
export const WINDOW_THRESHOLD = 100;
const HEIGHTS = { group: GROUP_ROW_HEIGHT, action: ACTION_ROW_HEIGHT };
/**
 * A narrow popup (320 px, or 200 % zoom) gives each line of an action row the whole width — type, entity, what
 * tells it apart, then age and buttons — so a longer language still shows what the action is (popup.css, same query).
 */
export const NARROW_ROWS_QUERY = '(max-width: 480px)';
export const NARROW_ACTION_ROW_HEIGHT = 106;
const NARROW_HEIGHTS = { group: GROUP_ROW_HEIGHT, action: NARROW_ACTION_ROW_HEIGHT };

export type RowHeights = typeof HEIGHTS;

/** The row heights for the popup's width now; follows the window as it is resized or zoomed. */
function useRowHeights(): RowHeights {
  const narrowQuery = () => (typeof matchMedia === 'function' ? matchMedia(NARROW_ROWS_QUERY) : null);
  const [narrow, setNarrow] = useState(() => narrowQuery()?.matches ?? false);
  useEffect(() => {
    const query = narrowQuery();
    if (!query) return;
    const changed = () => setNarrow(query.matches);
    query.addEventListener('change', changed);
    changed();
    return () => query.removeEventListener('change', changed);
  }, []);
  return narrow ? NARROW_HEIGHTS : HEIGHTS;
}

/** Used before the list has been measured (and in tests, where nothing has a layout). */
const DEFAULT_VIEWPORT = 420;

/** The list's height: measured once at mount, then only when a ResizeObserver says it changed (no read per render). */
function useViewportHeight(scrollRef: RefObject<HTMLDivElement | null>): number {
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    const measure = () => setViewport(el.clientHeight > 0 ? el.clientHeight : DEFAULT_VIEWPORT);
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return viewport;
}

/** The scroll position the window is cut at, taken at most once a frame while the analyst scrolls. */
function useScrollTop(): [number, (top: number) => void, (event: Event) => void] {
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  function onScroll(event: Event) {
    const top = (event.currentTarget as HTMLDivElement).scrollTop;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(top));
  }
  return [scrollTop, setScrollTop, onScroll];
}

export interface ListWindow {
  /** The scrolling element: the list's outer div. */
  readonly scrollRef: RefObject<HTMLDivElement | null>;
  readonly heights: RowHeights;
  /** Each row's top, and the total height after the last. */
  readonly offsets: readonly number[];
  readonly total: number;
  /** Whether only the rows in view are rendered. */
  readonly windowed: boolean;
  readonly range: { readonly start: number; readonly end: number };
  readonly onScroll: (event: Event) => void;
  /** Scrolls the least distance that shows row `index` whole. */
  readonly reveal: (index: number) => void;
  /** Rows a PageDown or PageUp moves by: the action rows in view less one kept in view. */
  readonly pageRows: () => number;
}

export function useListWindow(rows: readonly ListRow[]): ListWindow {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop, onScroll] = useScrollTop();
  const viewport = useViewportHeight(scrollRef);
  const heights = useRowHeights();
  const offsets = rowOffsets(rows, heights);
  const windowed = rows.length > WINDOW_THRESHOLD;
  const range = windowed ? visibleWindow(offsets, scrollTop, viewport) : { start: 0, end: rows.length };
  // The measured height can be stale by a frame while the popup resizes: read it when a key needs it.
  const height = (el: HTMLDivElement | null) => (el && el.clientHeight > 0 ? el.clientHeight : viewport);

  function reveal(index: number) {
    const el = scrollRef.current;
    if (!el) return;
    const top = offsets[index] ?? 0;
    const bottom = offsets[index + 1] ?? top;
    const shown = height(el);
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + shown) el.scrollTop = bottom - shown;
    setScrollTop(el.scrollTop);
  }

  const pageRows = () => Math.max(1, Math.floor(height(scrollRef.current) / heights.action) - 1);
  return { scrollRef, heights, offsets, total: offsets[rows.length] ?? 0, windowed, range, onScroll, reveal, pageRows };
}

/** The rows to render: those in the window, and the focused row wherever it is, so scrolling never drops focus. */
export function renderedIndices(range: ListWindow['range'], activeIndex: number): number[] {
  const indices: number[] = [];
  for (let i = range.start; i < range.end; i++) indices.push(i);
  if (activeIndex >= 0 && (activeIndex < range.start || activeIndex >= range.end)) indices.push(activeIndex);
  return indices;
}
