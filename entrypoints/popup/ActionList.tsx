/**
 * The triage list: investigation headers and action rows with fixed heights, windowed when long
 * (1,000 actions scroll with ~20 rows in the DOM). Keyboard: ArrowUp/ArrowDown/PageUp/PageDown/Home/End move between rows,
 * ArrowRight/ArrowLeft move into and along a row's controls, Space toggles selection, A approves, R rejects, Enter
 * opens in the portal. One row is tabbable at a time.
 *
 * Semantics (WAI-ARIA APG treegrid, row focus): a multiselectable `treegrid` whose rows are investigations (level 1)
 * and their actions (level 2), `aria-selected` on every row, `aria-rowcount`/`aria-rowindex` for the windowed rows,
 * controls inside `gridcell`s. Screen readers switch to focus mode in a treegrid, so the single-key shortcuts reach
 * us there; they are offered only there (aria-keyshortcuts on the rows) and described once on the grid.
 */
import type { JSX } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { AgeBadge } from '@/components/AgeBadge';
import { ExpiryBadge } from '@/components/ExpiryBadge';
import { isExpired } from '@/utils/actions/expiry';
import { groupSelection, rowOffsets, toggleGroup, visibleWindow, type InvestigationGroup, type ListRow } from '@/utils/actions/filter';
import { ImpactMark } from '@/components/ImpactMark';
import { detailKindLabel, formatAge, IMPACT_LABELS, impactOf, type Action, type DetailPart } from '@/utils/actions/model';
import { OUTCOME_LABELS } from '@/utils/actions/outcomes';
import { actionSourceText, actionTypeText, entityTypeText } from '@/utils/portal/contract';
import { formatNumber, t } from '@/utils/i18n';
import type { PopupStore } from './store';

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

/** The row heights for the popup's width now; follows the window as it is resized or zoomed. */
function useRowHeights(): typeof HEIGHTS {
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

/** "Isolate device on ws-berlin", in the UI language (the entity's name is portal data). */
export function actionName(a: Action): string {
  return t('list.actionName', [actionTypeText(a.typeLabel), a.entityName]);
}

/** The distinguishing facts a row shows: its investigation's title is on the group header above it. */
function rowDetail(a: Action): readonly DetailPart[] {
  return (a.distinguishing ?? []).filter((p) => p.kind !== 'investigation');
}

/** The investigation title one of the group's actions carries (the list answer may send it; PORTAL.md). */
function groupTitle(group: InvestigationGroup): string | null {
  for (const a of group.actions) {
    const title = a.distinguishing?.find((p) => p.kind === 'investigation');
    if (title) return title.value;
  }
  return null;
}


function isTextField(el: EventTarget | null): boolean {
  return (
    el instanceof HTMLTextAreaElement ||
    (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type)) ||
    (el instanceof HTMLElement && el.isContentEditable)
  );
}

function GroupCheckbox(props: { group: InvestigationGroup; store: PopupStore; tabIndex: number }) {
  const { group, store } = props;
  const ref = useRef<HTMLInputElement>(null);
  const state = groupSelection(group, store.selected.value);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  const n = group.actions.length;
  const name = group.investigationId ? t('list.groupScope', [group.investigationId]) : t('list.groupScopeNone');
  return (
    <input
      ref={ref}
      type="checkbox"
      class="acc-check"
      tabIndex={props.tabIndex}
      checked={state === 'all'}
      aria-label={t('list.selectGroup', n, [formatNumber(n), name])}
      onChange={() => store.setSelected(toggleGroup(group, store.selected.value))}
    />
  );
}

function GroupRow(props: { group: InvestigationGroup; store: PopupStore; focused: boolean; nameId: string }) {
  const { group, store } = props;
  const tab = props.focused ? 0 : -1;
  const n = group.actions.length;
  const title = group.investigationId ? t('list.groupTitle', [group.investigationId]) : t('list.groupNone');
  const investigationTitle = groupTitle(group);
  return (
    <>
      <span role="gridcell" class="acc-group__check">
        <GroupCheckbox group={group} store={store} tabIndex={tab} />
      </span>
      <span role="gridcell" class="acc-group__title">
        {title}
      </span>
      {investigationTitle !== null && (
        <span role="gridcell" class="acc-group__name" id={props.nameId} title={investigationTitle}>
          {investigationTitle}
        </span>
      )}
      <span role="gridcell" class="acc-group__count">
        {t('list.groupCount', n, [formatNumber(n)])}
      </span>
      {group.investigationId && (
        <span role="gridcell" class="acc-group__open">
          <button
            type="button"
            class="acc-btn acc-btn--link acc-btn--small acc-group__link"
            tabIndex={tab}
            aria-label={t('list.openInvestigationName', [group.investigationId])}
            onClick={() => void store.openInPortal({ investigationId: group.investigationId ?? undefined })}
          >
            {t('list.openInvestigation')} <span aria-hidden="true">↗</span>
          </button>
        </span>
      )}
    </>
  );
}

/** Characters kept at the end of a long name: the suffix that tells "…-0041" from "…-0042". */
export const NAME_TAIL = 10;

/**
 * Text cut in the middle when it does not fit: the start shrinks with an ellipsis, the end always shows.
 * The whole text stays in the DOM (screen readers read both parts) and in the row's accessible name.
 */
function MiddleText({ text, className }: { text: string; className: string }) {
  if (text.length <= NAME_TAIL * 2) return <span class={className}>{text}</span>;
  return (
    <span class={`${className} acc-middle`}>
      <span class="acc-middle__head">{text.slice(0, -NAME_TAIL)}</span>
      <span class="acc-middle__tail">{text.slice(-NAME_TAIL)}</span>
    </span>
  );
}

/** The second line of what tells the action apart: "From a@x · To b@y · Approval ID 10250", each value cut in the middle. */
function DetailLine({ parts }: { parts: readonly DetailPart[] }) {
  const full = parts.map((p) => t('labels.detail.part', [detailKindLabel(p.kind), p.value])).join(' · ');
  return (
    <span role="gridcell" class="acc-row__detail" title={full}>
      {parts.map((p, i) => (
        // Short values (an Approval ID, a device) keep their width; long ones give it up, cut in the middle.
        <span key={p.kind} class={`acc-detail acc-detail--${p.kind}${p.value.length > NAME_TAIL * 2 ? ' acc-detail--long' : ''}`}>
          {i > 0 && (
            <span class="acc-detail__sep" aria-hidden="true">
              ·
            </span>
          )}
          <span class="acc-detail__label">{detailKindLabel(p.kind)}</span>{' '}
          <MiddleText text={p.value} className="acc-detail__value" />
        </span>
      ))}
    </span>
  );
}

function ActionRowBody(props: { action: Action; store: PopupStore; focused: boolean; blockedReasonId: string }) {
  const { action: a, store } = props;
  const tab = props.focused ? 0 : -1;
  const sending = store.inFlight.value.get(a.id);
  const busy = sending !== undefined;
  const globallyBlocked = store.decisionBlock.value.blocked;
  // The portal refused this kind of action for the role (e.g. email without Search and Purge): the others stay.
  const refusedScope = store.refusedScopeOf(a);
  const blocked = globallyBlocked || refusedScope !== null;
  const result = store.results.value.get(a.id);
  // Sent, waiting for the portal: locked until a read says what happened (the row leaves the list, or not).
  const waiting = result?.outcome === 'pendingConfirmation';
  // Past its 7-day expiry the portal counts it as rejected: nothing to decide (its badge says "expired").
  const expired = isExpired(a, store.now.value);
  const disabled = busy || blocked || waiting || expired;
  const describedBy = globallyBlocked ? props.blockedReasonId : refusedScope ? `${props.blockedReasonId}-${refusedScope}` : undefined;
  const verdictInFlight = sending === 'reject' ? t('list.rejecting') : sending === 'approve' ? t('list.approving') : null;
  const typeText = actionTypeText(a.typeLabel);
  const entityType = entityTypeText(a.entityTypeLabel);
  const detail = rowDetail(a);
  return (
    <>
      <span role="gridcell" class="acc-row__check">
        <input
          type="checkbox"
          class="acc-check"
          tabIndex={tab}
          checked={store.selected.value.has(a.id)}
          disabled={busy || waiting}
          aria-label={t('list.select', [actionName(a)])}
          onChange={() => store.toggleSelected(a.id)}
        />
      </span>
      <span role="gridcell" class="acc-row__type" title={typeText}>
        <ImpactMark action={a} />
        {impactOf(a) !== null && ' '}
        {typeText}
      </span>
      <span role="gridcell" class="acc-row__age">
        <AgeBadge createdAt={a.createdAt} now={store.now.value} thresholds={store.settings.value.ageThresholds} />
        <ExpiryBadge action={a} now={store.now.value} thresholds={store.settings.value.expiryThresholds} compact always />
      </span>
      <span role="gridcell" class="acc-row__buttons">
        {verdictInFlight && (
          // Not a live region: one status for the whole decision is in PendingView (InFlightStatus).
          <span class="acc-row__busy">
            <span class="acc-spinner" aria-hidden="true" /> {verdictInFlight}
          </span>
        )}
        <button
          type="button"
          class="acc-btn acc-btn--small acc-btn--approve"
          tabIndex={tab}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-label={t('list.approveName', [actionName(a)])}
          onClick={() => store.decide([a.id], 'approve')}
        >
          {t('common.approve')}
        </button>
        <button
          type="button"
          class="acc-btn acc-btn--small acc-btn--reject"
          tabIndex={tab}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-label={t('list.rejectName', [actionName(a)])}
          onClick={() => store.decide([a.id], 'reject')}
        >
          {t('common.reject')}
        </button>
      </span>
      <span role="gridcell" class="acc-row__entity" title={`${a.entityName} (${entityType})`}>
        <MiddleText text={a.entityName} className="acc-row__entity-name" />
        <span class="acc-muted"> · {entityType}</span>
        {a.source && <span class="acc-muted acc-row__source"> · {actionSourceText(a.source)}</span>}
      </span>
      <span role="gridcell" class="acc-row__meta">
        {result && (
          <span class={`acc-chip acc-chip--${result.outcome}`} title={result.message}>
            {OUTCOME_LABELS[result.outcome]}
            {result.outcome !== 'applied' && <span class="acc-sr-only">: {result.message}</span>}
          </span>
        )}
        <button
          type="button"
          class="acc-btn acc-btn--link acc-btn--small"
          tabIndex={tab}
          aria-label={t('list.openName', [actionName(a)])}
          onClick={() => void store.openInPortal({ actionId: a.id })}
        >
          {t('list.open')} <span aria-hidden="true">↗</span>
        </button>
      </span>
      {detail.length > 0 && <DetailLine parts={detail} />}
    </>
  );
}

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

/**
 * A row's accessible name: what distinguishes it from its neighbours (type, entity, impact, the distinguishing
 * facts of the second line, age, investigation).
 */
export function actionRowName(a: Action, now: number): string {
  const impact = impactOf(a);
  return [
    actionName(a),
    entityTypeText(a.entityTypeLabel),
    impact ? IMPACT_LABELS[impact] : '',
    ...rowDetail(a).map((p) => t('labels.detail.part', [detailKindLabel(p.kind), p.value])),
    t('list.rowAge', [formatAge(a.createdAt, now)]),
    a.investigationId ? t('list.rowInvestigation', [a.investigationId]) : t('list.rowNoInvestigation'),
  ]
    .filter(Boolean)
    .join(', ');
}

function groupRowName(group: InvestigationGroup): string {
  const n = group.actions.length;
  const title = group.investigationId ? t('list.groupTitle', [group.investigationId]) : t('list.groupNone');
  return t('list.groupRowName', n, [formatNumber(n), title]);
}

/** The row's controls that can take focus now, in order. */
function controlsOf(rowEl: HTMLElement): HTMLElement[] {
  return [...rowEl.querySelectorAll<HTMLElement>('input, button')].filter((el) => !(el as HTMLInputElement | HTMLButtonElement).disabled);
}

export function ActionList(props: { store: PopupStore; rows: readonly ListRow[]; blockedReasonId: string; stale: boolean }): JSX.Element {
  const { store, rows } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const focusAfterRender = useRef<string | null>(null);
  const frame = useRef(0);
  const baseId = useId();
  const helpId = `${baseId}-keys`;

  const heights = useRowHeights();
  const offsets = rowOffsets(rows, heights);
  const total = offsets[rows.length] ?? 0;
  const windowed = rows.length > WINDOW_THRESHOLD;
  const range = windowed ? visibleWindow(offsets, scrollTop, viewport) : { start: 0, end: rows.length };
  // The focused row is always rendered, so scrolling never drops keyboard focus.
  const lastPlace = useRef<FocusPlace>({ index: 0, groupKey: null, position: 0 });
  const focusedIndex = focusKey === null ? -1 : rows.findIndex((r) => r.key === focusKey);
  // When the focused row leaves (decided), focus stays in its investigation (see fallbackKey).
  const activeKey =
    focusedIndex >= 0 ? focusKey : focusKey !== null ? fallbackKey(rows, lastPlace.current) : (rows[0]?.key ?? null);
  const activeIndex = rows.findIndex((r) => r.key === activeKey);
  if (activeIndex >= 0) lastPlace.current = placeOf(rows, activeIndex);
  const indices: number[] = [];
  for (let i = range.start; i < range.end; i++) indices.push(i);
  if (activeIndex >= 0 && (activeIndex < range.start || activeIndex >= range.end)) indices.push(activeIndex);

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

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  function onScroll(event: Event) {
    const top = (event.currentTarget as HTMLDivElement).scrollTop;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(top));
  }

  function moveTo(index: number) {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    const i = rows.indexOf(row);
    const el = scrollRef.current;
    if (el) {
      const top = offsets[i] ?? 0;
      const bottom = offsets[i + 1] ?? top;
      const height = el.clientHeight > 0 ? el.clientHeight : viewport;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (bottom > el.scrollTop + height) el.scrollTop = bottom - height;
      setScrollTop(el.scrollTop);
    }
    focusAfterRender.current = row.key;
    setFocusKey(row.key);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (store.dialog.value) return; // keys belong to the dialog while it is open
    const rowEl = (event.target as HTMLElement).closest<HTMLElement>('[data-row-key]');
    if (!rowEl || isTextField(event.target)) return;
    const index = rows.findIndex((r) => r.key === rowEl.dataset.rowKey);
    const row = rows[index];
    if (!row) return;
    const onRow = event.target === rowEl;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowLeft': {
        // APG treegrid: Right enters the row's controls and moves along them; Left moves back, then to the row.
        const controls = controlsOf(rowEl);
        const at = onRow ? -1 : controls.indexOf(event.target as HTMLElement);
        const next = event.key === 'ArrowRight' ? (onRow ? controls[0] : controls[at + 1]) : at > 0 ? controls[at - 1] : onRow ? undefined : rowEl;
        if (!next) return;
        event.preventDefault();
        next.focus();
        return;
      }
      case 'ArrowDown':
        event.preventDefault();
        moveTo(index + 1);
        return;
      case 'ArrowUp':
        event.preventDefault();
        moveTo(index - 1);
        return;
      case 'PageDown':
      case 'PageUp': {
        // Focus moves with the page (the browser's own PageDown scrolled and left focus off-screen).
        event.preventDefault();
        const el = scrollRef.current;
        const page = Math.max(1, Math.floor((el && el.clientHeight > 0 ? el.clientHeight : viewport) / heights.action) - 1);
        moveTo(index + (event.key === 'PageDown' ? page : -page));
        return;
      }
      case 'Home':
        event.preventDefault();
        moveTo(0);
        return;
      case 'End':
        event.preventDefault();
        moveTo(rows.length - 1);
        return;
      case ' ':
        if (!onRow) return; // a focused button or checkbox keeps its own Space
        event.preventDefault();
        if (row.kind === 'action') store.toggleSelected(row.action.id);
        else store.setSelected(toggleGroup(row.group, store.selected.value));
        return;
      case 'Enter':
        if (!onRow) return;
        event.preventDefault();
        void store.openInPortal(row.kind === 'action' ? { actionId: row.action.id } : { investigationId: row.group.investigationId ?? undefined });
        return;
      case 'a':
      case 'A':
      case 'r':
      case 'R':
        if (event.shiftKey && event.key === event.key.toLowerCase()) return;
        if (row.kind !== 'action') return;
        event.preventDefault();
        store.decide([row.action.id], event.key.toLowerCase() === 'a' ? 'approve' : 'reject');
        return;
      default:
    }
  }

  return (
    <div
      ref={scrollRef}
      class={`acc-list${props.stale ? ' acc-list--stale' : ''}`}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-windowed={windowed ? 'true' : 'false'}
      data-source={store.source.value}
    >
      <p id={helpId} class="acc-sr-only">
        {t('list.shortcutHelp')}
      </p>
      <div
        class="acc-list__inner"
        role="treegrid"
        aria-multiselectable="true"
        aria-label={t('list.label')}
        aria-describedby={helpId}
        aria-rowcount={rows.length}
        style={{ height: `${total}px` }}
      >
        {indices.map((i) => {
          const row = rows[i];
          if (!row) return null;
          const focused = row.key === activeKey;
          const style = { transform: `translateY(${offsets[i] ?? 0}px)`, height: `${heights[row.kind]}px` };
          const label = row.kind === 'group' ? groupRowName(row.group) : actionRowName(row.action, store.now.value);
          const selected =
            row.kind === 'action' ? store.selected.value.has(row.action.id) : groupSelection(row.group, store.selected.value) === 'all';
          const nameId = `${baseId}-${i}-name`;
          const describedBy = row.kind === 'group' && groupTitle(row.group) !== null ? nameId : undefined;
          return (
            <div
              key={row.key}
              role="row"
              data-row-key={row.key}
              aria-label={label}
              aria-describedby={describedBy}
              aria-level={row.kind === 'group' ? 1 : 2}
              aria-rowindex={i + 1}
              aria-selected={selected ? 'true' : 'false'}
              tabIndex={focused ? 0 : -1}
              aria-keyshortcuts={
                row.kind === 'action'
                  ? 'ArrowUp ArrowDown ArrowRight ArrowLeft PageUp PageDown Home End Space A R Enter'
                  : 'ArrowUp ArrowDown ArrowRight ArrowLeft PageUp PageDown Home End Space Enter'
              }
              class={`acc-row acc-row--${row.kind}${row.kind === 'action' && selected ? ' acc-row--selected' : ''}`}
              style={style}
              onFocusCapture={() => focusKey !== row.key && setFocusKey(row.key)}
            >
              {row.kind === 'group' ? (
                <GroupRow group={row.group} store={store} focused={focused} nameId={nameId} />
              ) : (
                <ActionRowBody action={row.action} store={store} focused={focused} blockedReasonId={props.blockedReasonId} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
