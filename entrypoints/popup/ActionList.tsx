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
 *
 * Windowing and row heights are in listWindow.ts, the roving focus in listFocus.ts, the keys in listKeys.ts.
 */
import type { JSX } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { AgeBadge } from '@/components/AgeBadge';
import { ExpiryBadge } from '@/components/ExpiryBadge';
import { isExpired } from '@/utils/actions/expiry';
import { groupSelection, toggleGroup, type InvestigationGroup, type ListRow } from '@/utils/actions/filter';
import { ImpactMark } from '@/components/ImpactMark';
import { detailKindLabel, formatAge, IMPACT_LABELS, impactOf, type Action, type DetailPart, type Verdict } from '@/utils/actions/model';
import { OUTCOME_LABELS } from '@/utils/actions/outcomes';
import { actionSourceText, actionTypeText, entityTypeText } from '@/utils/portal/contract';
import { formatNumber, t } from '@/utils/i18n';
import { useRovingFocus, type RovingFocus } from './listFocus';
import { createListKeyHandler } from './listKeys';
import { renderedIndices, useListWindow, type ListWindow } from './listWindow';
import type { PopupStore, ResultView } from './store';

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

/** What a row's decision controls can do now, and why not. */
interface RowDecision {
  /** The verdict being sent for this action, if any. */
  readonly sending: Verdict | undefined;
  /** Its checkbox is locked: a verdict is on its way or waiting for the portal to confirm it. */
  readonly locked: boolean;
  readonly disabled: boolean;
  /** The reason the buttons are disabled for the role, when they are. */
  readonly describedBy: string | undefined;
  /** What the portal said to the last decision on it, in this popup. */
  readonly result: ResultView | undefined;
}

function rowDecision(a: Action, store: PopupStore, blockedReasonId: string): RowDecision {
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
  const describedBy = globallyBlocked ? blockedReasonId : refusedScope ? `${blockedReasonId}-${refusedScope}` : undefined;
  return { sending, locked: busy || waiting, disabled: busy || blocked || waiting || expired, describedBy, result };
}

// An action row's cells are render functions, not components: the row stays one component (one render per change).

function selectCell(a: Action, store: PopupStore, tab: number, locked: boolean): JSX.Element {
  return (
    <span role="gridcell" class="acc-row__check">
      <input
        type="checkbox"
        class="acc-check"
        tabIndex={tab}
        checked={store.selected.value.has(a.id)}
        disabled={locked}
        aria-label={t('list.select', [actionName(a)])}
        onChange={() => store.toggleSelected(a.id)}
      />
    </span>
  );
}

function typeCell(a: Action): JSX.Element {
  const typeText = actionTypeText(a.typeLabel);
  return (
    <span role="gridcell" class="acc-row__type" title={typeText}>
      <ImpactMark action={a} />
      {impactOf(a) !== null && ' '}
      {typeText}
    </span>
  );
}

function ageCell(a: Action, store: PopupStore): JSX.Element {
  return (
    <span role="gridcell" class="acc-row__age">
      <AgeBadge createdAt={a.createdAt} now={store.now.value} thresholds={store.settings.value.ageThresholds} />
      <ExpiryBadge action={a} now={store.now.value} thresholds={store.settings.value.expiryThresholds} compact always />
    </span>
  );
}

function decisionButtonsCell(a: Action, store: PopupStore, tab: number, decision: RowDecision): JSX.Element {
  const { sending, disabled, describedBy } = decision;
  const verdictInFlight = sending === 'reject' ? t('list.rejecting') : sending === 'approve' ? t('list.approving') : null;
  return (
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
  );
}

function entityCell(a: Action): JSX.Element {
  const entityType = entityTypeText(a.entityTypeLabel);
  return (
    <span role="gridcell" class="acc-row__entity" title={`${a.entityName} (${entityType})`}>
      <MiddleText text={a.entityName} className="acc-row__entity-name" />
      <span class="acc-muted"> · {entityType}</span>
      {a.source && <span class="acc-muted acc-row__source"> · {actionSourceText(a.source)}</span>}
    </span>
  );
}

/** The outcome of the last decision on the action, and the link to it in the portal. */
function resultAndOpenCell(a: Action, store: PopupStore, tab: number, result: ResultView | undefined): JSX.Element {
  return (
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
  );
}

function ActionRowBody(props: { action: Action; store: PopupStore; focused: boolean; blockedReasonId: string }) {
  const { action: a, store } = props;
  const tab = props.focused ? 0 : -1;
  const decision = rowDecision(a, store, props.blockedReasonId);
  const detail = rowDetail(a);
  return (
    <>
      {selectCell(a, store, tab, decision.locked)}
      {typeCell(a)}
      {ageCell(a, store)}
      {decisionButtonsCell(a, store, tab, decision)}
      {entityCell(a)}
      {resultAndOpenCell(a, store, tab, decision.result)}
      {detail.length > 0 && <DetailLine parts={detail} />}
    </>
  );
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

const ACTION_ROW_KEYS = 'ArrowUp ArrowDown ArrowRight ArrowLeft PageUp PageDown Home End Space A R Enter';
const GROUP_ROW_KEYS = 'ArrowUp ArrowDown ArrowRight ArrowLeft PageUp PageDown Home End Space Enter';

/** What every rendered row needs from the list. */
interface RowContext {
  readonly store: PopupStore;
  readonly rows: readonly ListRow[];
  readonly list: ListWindow;
  readonly focus: RovingFocus;
  readonly baseId: string;
  readonly blockedReasonId: string;
}

/**
 * The treegrid row at index `i`, placed at its offset. A render function, not a component, so the signals it reads
 * (selection, time) re-render the list as before rather than each row.
 */
function listRow(i: number, ctx: RowContext): JSX.Element | null {
  const { store, list, focus } = ctx;
  const row = ctx.rows[i];
  if (!row) return null;
  const focused = row.key === focus.activeKey;
  const style = { transform: `translateY(${list.offsets[i] ?? 0}px)`, height: `${list.heights[row.kind]}px` };
  const label = row.kind === 'group' ? groupRowName(row.group) : actionRowName(row.action, store.now.value);
  const selected =
    row.kind === 'action' ? store.selected.value.has(row.action.id) : groupSelection(row.group, store.selected.value) === 'all';
  const nameId = `${ctx.baseId}-${i}-name`;
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
      aria-keyshortcuts={row.kind === 'action' ? ACTION_ROW_KEYS : GROUP_ROW_KEYS}
      class={`acc-row acc-row--${row.kind}${row.kind === 'action' && selected ? ' acc-row--selected' : ''}`}
      style={style}
      onFocusCapture={() => focus.onRowFocus(row.key)}
    >
      {row.kind === 'group' ? (
        <GroupRow group={row.group} store={store} focused={focused} nameId={nameId} />
      ) : (
        <ActionRowBody action={row.action} store={store} focused={focused} blockedReasonId={ctx.blockedReasonId} />
      )}
    </div>
  );
}

export function ActionList(props: { store: PopupStore; rows: readonly ListRow[]; blockedReasonId: string; stale: boolean }): JSX.Element {
  const { store, rows } = props;
  const list = useListWindow(rows);
  const focus = useRovingFocus(rows, list.scrollRef);
  const baseId = useId();
  const helpId = `${baseId}-keys`;

  function moveTo(index: number) {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    list.reveal(rows.indexOf(row));
    focus.focusRow(row.key);
  }
  const onKeyDown = createListKeyHandler({ store, rows, moveTo, pageRows: list.pageRows });
  const ctx: RowContext = { store, rows, list, focus, baseId, blockedReasonId: props.blockedReasonId };

  return (
    <div
      ref={list.scrollRef}
      class={`acc-list${props.stale ? ' acc-list--stale' : ''}`}
      onScroll={list.onScroll}
      onKeyDown={onKeyDown}
      data-windowed={list.windowed ? 'true' : 'false'}
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
        style={{ height: `${list.total}px` }}
      >
        {renderedIndices(list.range, focus.activeIndex).map((i) => listRow(i, ctx))}
      </div>
    </div>
  );
}
