// @ts-check
/** The Action center grid: Fluent DetailsList markup, virtualised in pages of 10 like Fluent's List. */

import { CONFIG } from './config.js';
import { COLUMNS, SORTED_KEY } from './columns.js';
import { h, icon } from './dom.js';
import { DASH, actionIdOf } from './items.js';
import { t } from './language.js';
import { automationId, sel } from './redesign.js';
import { bumpRenderCount } from './state.js';

/** @typedef {import('./items.js').Item} Item */

const ROW_HEIGHT = 42;
/** Fluent's List renders rows in pages of 10; rows come and go a page at a time. */
const LIST_PAGE = 10;
const OVERSCAN_ROWS = 10;

/**
 * @typedef {{
 *   el: HTMLElement,
 *   setItems(items: Item[], failed?: boolean): void,
 *   setLoading(): void,
 *   rerender(): void,
 *   items(): Item[],
 *   select(id: string | null): void,
 *   dispose(): void,
 * }} Grid
 */

let gridSeq = 0;

/**
 * @param {{ label: string, emptyText: string, onSelect: (item: Item | null) => void }} options
 * @returns {Grid}
 */
export function createGrid(options) {
  gridSeq += 1;
  /** @type {Item[]} */
  let items = [];
  /** @type {string | null} */
  let selectedId = null;
  let loading = true;
  /** Rendered rows by item index. @type {Map<number, HTMLElement>} */
  const rendered = new Map();
  let start = 0;
  let end = 0;

  const headerRow = h(
    'div',
    { role: 'row', class: 'ms-DetailsHeader', 'aria-rowindex': 1, 'data-automationid': automationId('DetailsHeader') },
    h('div', { role: 'columnheader', class: 'ms-DetailsHeader-cell ms-DetailsHeader-cellIsCheck fp-col-check', 'aria-label': t('Selection column') }),
    ...COLUMNS.map((c) =>
      h(
        'div',
        { role: 'columnheader', class: `ms-DetailsHeader-cell fp-col fp-col-${c.key}`, 'data-item-key': c.key, 'aria-sort': c.key === SORTED_KEY ? 'descending' : 'none' },
        h('span', { class: 'ms-DetailsHeader-cellName' }, c.name),
        c.key === SORTED_KEY ? h('span', { class: 'fp-sort', 'aria-hidden': 'true' }, '↓') : null,
      ),
    ),
  );
  const topSpacer = h('div', { class: 'fp-spacer', role: 'presentation' });
  const page = h('div', { class: 'ms-List-page', role: 'presentation' });
  const bottomSpacer = h('div', { class: 'fp-spacer', role: 'presentation' });
  const shimmer = h('div', { class: 'fp-shimmer', role: 'presentation', 'aria-hidden': 'true' });
  for (let i = 0; i < 6; i += 1) shimmer.append(h('div', { class: 'fp-shimmer-row' }, h('span', {}), h('span', {}), h('span', {}), h('span', {})));
  const surface = h('div', { class: 'ms-List-surface', role: 'presentation' }, topSpacer, page, bottomSpacer);
  const body = h('div', { role: 'rowgroup', class: 'ms-List fp-grid-body' }, surface);
  const grid = h(
    'div',
    { role: 'grid', class: 'fp-grid', 'aria-label': options.label, 'aria-colcount': COLUMNS.length + 1, 'aria-rowcount': 1, 'aria-busy': 'true', id: `fp-grid-${gridSeq}` },
    h('div', { role: 'rowgroup', class: 'ms-DetailsList-headerWrapper fp-grid-head' }, headerRow),
    body,
  );
  const empty = h('div', { class: 'fp-empty', hidden: true }, options.emptyText);
  const scroller = h('div', { class: 'ms-ScrollablePane fp-grid-scroll', 'data-is-scrollable': 'true' }, grid, shimmer, empty);
  const el = h('div', { class: 'ms-DetailsList fp-detailslist' }, scroller);

  /** @param {Item} item @param {number} index */
  function keyOf(item, index) {
    return actionIdOf(item) ?? `#${index}`;
  }

  /** @param {Item} item @param {number} index */
  function buildRow(item, index) {
    const selected = keyOf(item, index) === selectedId;
    const check = h(
      'div',
      { role: 'gridcell', class: 'ms-DetailsRow-cellCheck' },
      h('div', { role: 'checkbox', class: 'ms-Check', 'aria-checked': String(selected), 'aria-label': t('Select row'), 'data-selection-toggle': 'true', 'data-automationid': automationId('DetailsRowCheck') }, icon('check', 'ms-Check-check')),
    );
    const fields = h('div', { class: 'ms-DetailsRow-fields', role: 'presentation' });
    COLUMNS.forEach((column, i) => {
      const text = column.text(item);
      const shown = text === null || text.trim() === '' ? DASH : text;
      const href = column.link?.(item) ?? null;
      const content = href && text !== null ? h('a', { class: 'ms-Link fp-link', href }, shown) : shown;
      fields.append(
        h(
          'div',
          {
            // With the app's own keys the first column is the row header, as Fluent renders a list's key column.
            role: CONFIG.columnKeys === 'app' && i === 0 ? 'rowheader' : 'gridcell',
            class: `ms-DetailsRow-cell fp-col fp-col-${column.key}`,
            'data-automation-key': column.key,
            'data-automationid': automationId('DetailsRowCell'),
            title: text ?? null,
          },
          content,
        ),
      );
    });
    return h(
      'div',
      {
        role: 'row',
        class: `ms-DetailsRow fp-row${selected ? ' is-selected' : ''}`,
        'data-automationid': automationId('DetailsRow'),
        'aria-selected': String(selected),
        'aria-rowindex': index + 2,
        'data-item-index': index,
        'data-selection-index': index,
        'data-item-key': keyOf(item, index),
        tabindex: selected || index === 0 ? 0 : -1,
      },
      check,
      fields,
    );
  }

  /** The rows near the viewport, rounded out to whole list pages. */
  function windowRange() {
    const n = items.length;
    const viewHeight = scroller.clientHeight || window.innerHeight || 800;
    const top = Math.max(0, scroller.scrollTop - body.offsetTop);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS);
    const last = Math.min(n, Math.ceil((top + viewHeight) / ROW_HEIGHT) + OVERSCAN_ROWS);
    return { from: Math.floor(first / LIST_PAGE) * LIST_PAGE, to: Math.min(n, Math.ceil(last / LIST_PAGE) * LIST_PAGE) };
  }

  function updateSpacers() {
    topSpacer.style.height = `${start * ROW_HEIGHT}px`;
    bottomSpacer.style.height = `${Math.max(0, items.length - end) * ROW_HEIGHT}px`;
  }

  /** Rows from..to-1 of the items, built and recorded as rendered, in one fragment. @param {number} from @param {number} to */
  function buildRows(from, to) {
    const fragment = document.createDocumentFragment();
    for (let i = from; i < to; i += 1) {
      const item = items[i];
      if (!item) continue;
      const row = buildRow(item, i);
      rendered.set(i, row);
      fragment.append(row);
    }
    return fragment;
  }

  /** Every row from scratch (new data, or the re-render hook). */
  function renderAll() {
    performance.mark('fake-portal:render-start');
    for (const row of rendered.values()) row.remove();
    rendered.clear();
    const { from, to } = windowRange();
    start = from;
    end = to;
    page.replaceChildren(buildRows(from, to));
    updateSpacers();
    grid.setAttribute('aria-rowcount', String(items.length + 1));
    performance.mark('fake-portal:render-end');
    try {
      performance.measure('fake-portal:render', 'fake-portal:render-start', 'fake-portal:render-end');
    } catch {
      // Measures are a convenience.
    }
    bumpRenderCount();
  }

  /** After a scroll: rows that left the window go, rows that came in are added (a page at a time). */
  function updateWindow() {
    if (loading) return;
    const { from, to } = windowRange();
    if (from === start && to === end) return;
    if (to <= start || from >= end) {
      renderAll();
      return;
    }
    for (const [i, row] of rendered) {
      if (i < from || i >= to) {
        row.remove();
        rendered.delete(i);
      }
    }
    page.prepend(buildRows(from, Math.max(from, start)));
    page.append(buildRows(Math.max(end, from), to));
    start = from;
    end = to;
    updateSpacers();
  }

  let frame = 0;
  const onScroll = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      updateWindow();
    });
  };
  scroller.addEventListener('scroll', onScroll, { passive: true });
  addEventListener('resize', onScroll);

  /** @param {string | null} id */
  function applySelection(id) {
    selectedId = id;
    for (const [i, row] of rendered) {
      const item = items[i];
      const on = item !== undefined && keyOf(item, i) === id;
      if ((row.getAttribute('aria-selected') === 'true') !== on) {
        row.setAttribute('aria-selected', String(on));
        row.classList.toggle('is-selected', on);
        row.querySelector(sel('.ms-Check'))?.setAttribute('aria-checked', String(on));
      }
    }
  }

  /** @param {Element} row */
  function itemOfRow(row) {
    const index = Number(row.getAttribute('data-item-index'));
    const item = items[index];
    return item ? { item, index } : null;
  }

  body.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const row = target?.closest(sel('[role="row"].ms-DetailsRow'));
    if (!target || !row || target.closest('a')) return;
    const hit = itemOfRow(row);
    if (!hit) return;
    const id = keyOf(hit.item, hit.index);
    const toggle = target.closest(sel('.ms-DetailsRow-cellCheck'));
    if (toggle && selectedId === id) {
      applySelection(null);
      options.onSelect(null);
      return;
    }
    applySelection(id);
    options.onSelect(hit.item);
  });

  body.addEventListener('keydown', (event) => {
    const row = event.target instanceof Element ? event.target.closest(sel('[role="row"].ms-DetailsRow')) : null;
    if (!(row instanceof HTMLElement)) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      if (next instanceof HTMLElement) {
        event.preventDefault();
        row.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    } else if (event.key === 'Enter' || event.key === ' ') {
      const hit = itemOfRow(row);
      if (!hit) return;
      event.preventDefault();
      applySelection(keyOf(hit.item, hit.index));
      options.onSelect(hit.item);
    }
  });

  const onRerender = () => {
    if (!loading && el.isConnected) renderAll();
  };
  addEventListener('fake-portal:rerender', onRerender);

  return {
    el,
    setItems(next, failed = false) {
      items = next;
      loading = false;
      if (selectedId !== null && !items.some((item, i) => keyOf(item, i) === selectedId)) selectedId = null;
      shimmer.hidden = true;
      grid.removeAttribute('aria-busy');
      // A failed load says so in its message bar, not as an empty list.
      empty.hidden = failed || items.length > 0;
      renderAll();
    },
    setLoading() {
      loading = true;
      for (const row of rendered.values()) row.remove();
      rendered.clear();
      start = 0;
      end = 0;
      updateSpacers();
      empty.hidden = true;
      shimmer.hidden = false;
      grid.setAttribute('aria-busy', 'true');
    },
    rerender: onRerender,
    items: () => items,
    select: applySelection,
    dispose() {
      scroller.removeEventListener('scroll', onScroll);
      removeEventListener('resize', onScroll);
      removeEventListener('fake-portal:rerender', onRerender);
      if (frame) cancelAnimationFrame(frame);
    },
  };
}
