/**
 * Filtering, searching, grouping and sorting of pending actions for the popup's triage list.
 * Pure functions over the normalised Action: no DOM, no browser, unit-tested in test/unit/popup-filter.test.ts.
 */
import { EXPIRING_FACET_MS, expiresAt } from './expiry';
import type { Action } from './model';
import { actionTypeText, entityTypeText } from '../portal/contract';
import { formatUnit, t } from '../i18n';

/** 'expiring': the soonest expiry first (utils/actions/expiry.ts). */
export type SortOrder = 'newest' | 'oldest' | 'expiring';

export interface AgeFilterOption {
  readonly id: AgeFilterId;
  readonly label: string;
  /** Keep actions pending at least this long. */
  readonly minMinutes: number;
}

export type AgeFilterId = 'any' | 'gt1h' | 'gt4h' | 'gt24h';

/** An age filter; its label is read in the UI language when shown. */
function olderThan(id: AgeFilterId, hours: number): AgeFilterOption {
  return {
    id,
    get label() {
      return t('labels.ageOlderThan', [formatUnit(hours, 'hour', 'short')]);
    },
    minMinutes: hours * 60,
  };
}

export const AGE_FILTERS: readonly AgeFilterOption[] = [
  {
    id: 'any',
    get label() {
      return t('labels.ageAny');
    },
    minMinutes: 0,
  },
  olderThan('gt1h', 1),
  olderThan('gt4h', 4),
  olderThan('gt24h', 24),
];

export interface ActionFilter {
  /** Raw ActionType to keep; null keeps every type. */
  readonly actionType: string | null;
  /** EntityType to keep (case-insensitive); null keeps every entity type. */
  readonly entityType: string | null;
  readonly age: AgeFilterId;
  /** Free text; every word must appear in one of the searchable fields. */
  readonly search: string;
  /** Keep only actions that expire within 24 h (EXPIRING_FACET_MS); absent is off. */
  readonly expiringSoon?: boolean;
}

export const NO_FILTER: ActionFilter = { actionType: null, entityType: null, age: 'any', search: '' };

export function isFiltering(filter: ActionFilter): boolean {
  return (
    filter.actionType !== null ||
    filter.entityType !== null ||
    filter.age !== 'any' ||
    filter.search.trim() !== '' ||
    filter.expiringSoon === true
  );
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** The text a search runs over: entity (name, type, asset, details), investigation id, approval id, type. */
// Actions are immutable snapshots: each one's folded text is built once, not on every keystroke and facet pass.
const searchTextCache = new WeakMap<Action, string>();

export function searchableText(action: Action): string {
  const cached = searchTextCache.get(action);
  if (cached !== undefined) return cached;
  const text = fold(
    [
      action.entityName,
      action.entityType,
      action.entityTypeLabel,
      action.asset ?? '',
      action.investigationId ?? '',
      action.approvalId ?? '',
      action.id,
      action.type,
      action.typeLabel,
      // The analyst searches for what the list shows: our label in the UI language, besides the portal's words.
      actionTypeText(action.typeLabel),
      entityTypeText(action.entityTypeLabel),
      ...Object.values(action.details),
    ].join('\n'),
  );
  searchTextCache.set(action, text);
  return text;
}

export function searchTerms(query: string): string[] {
  return fold(query)
    .split(/\s+/)
    .map((t) => t.replace(/^#/, ''))
    .filter((t) => t !== '');
}

export function matchesSearch(action: Action, query: string): boolean {
  const terms = searchTerms(query);
  if (terms.length === 0) return true;
  const text = searchableText(action);
  return terms.every((t) => text.includes(t));
}

function minAgeMinutes(id: AgeFilterId): number {
  return AGE_FILTERS.find((f) => f.id === id)?.minMinutes ?? 0;
}

export function matchesAge(action: Action, age: AgeFilterId, now: number): boolean {
  const min = minAgeMinutes(age);
  return min === 0 || now - action.createdAt >= min * 60_000;
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

type Facet = 'actionType' | 'entityType' | 'age' | 'search' | 'expiring';

/** Expires within 24 h and has not expired yet. */
export function expiresSoon(action: Action, now: number): boolean {
  const left = expiresAt(action) - now;
  return left > 0 && left < EXPIRING_FACET_MS;
}

type Matcher = (action: Action, except?: Facet) => boolean;

/** The filter turned into one predicate: its search terms and age limit are worked out once per pass. */
function matcher(filter: ActionFilter, now: number): Matcher {
  const terms = searchTerms(filter.search);
  const minAgeMs = minAgeMinutes(filter.age) * 60_000;
  return (action, except) => {
    if (except !== 'actionType' && filter.actionType !== null && action.type !== filter.actionType) return false;
    if (except !== 'entityType' && filter.entityType !== null && !sameText(action.entityType, filter.entityType)) return false;
    if (except !== 'age' && minAgeMs > 0 && now - action.createdAt < minAgeMs) return false;
    if (except !== 'expiring' && filter.expiringSoon === true && !expiresSoon(action, now)) return false;
    if (except !== 'search' && terms.length > 0) {
      const text = searchableText(action);
      if (!terms.every((t) => text.includes(t))) return false;
    }
    return true;
  };
}

export function filterActions(actions: readonly Action[], filter: ActionFilter, now: number): Action[] {
  const matches = matcher(filter, now);
  return actions.filter((a) => matches(a));
}

export interface FacetOption {
  /** Value to filter on (raw type, entity type, age id). */
  readonly value: string;
  readonly label: string;
  /** How many actions this option would show, given the other filters. */
  readonly count: number;
}

export interface FacetCounts {
  readonly actionTypes: readonly FacetOption[];
  readonly entityTypes: readonly FacetOption[];
  readonly ages: readonly FacetOption[];
  /** How many the "Expires within 24 h" facet would show, given the other filters; absent before counts are made. */
  readonly expiring?: number;
  /** Actions shown with every filter applied. */
  readonly shown: number;
  readonly total: number;
}

function countBy(actions: readonly Action[], key: (a: Action) => string, label: (a: Action) => string): FacetOption[] {
  const seen = new Map<string, { label: string; count: number }>();
  for (const a of actions) {
    const k = key(a);
    const entry = seen.get(k);
    if (entry) entry.count += 1;
    else seen.set(k, { label: label(a), count: 1 });
  }
  return [...seen]
    .map(([value, { label: l, count }]) => ({ value, label: l, count }))
    .sort((x, y) => x.label.localeCompare(y.label));
}

/**
 * Options for each filter with faceted counts: an option's count applies every other filter, so the
 * numbers say what choosing it would show. The selected value stays listed even when its count is 0.
 */
export function facetCounts(actions: readonly Action[], filter: ActionFilter, now: number): FacetCounts {
  const matches = matcher(filter, now);
  const forType = actions.filter((a) => matches(a, 'actionType'));
  const forEntity = actions.filter((a) => matches(a, 'entityType'));
  const forAge = actions.filter((a) => matches(a, 'age'));
  const actionTypes = countBy(forType, (a) => a.type, (a) => actionTypeText(a.typeLabel));
  if (filter.actionType !== null && !actionTypes.some((o) => o.value === filter.actionType)) {
    const known = actions.find((a) => a.type === filter.actionType);
    actionTypes.push({ value: filter.actionType, label: known ? actionTypeText(known.typeLabel) : filter.actionType, count: 0 });
  }
  // Entity types group case-insensitively; labelled as the portal labels them (Machine shows as Device).
  const entityTypes = countBy(forEntity, (a) => a.entityType.toLowerCase(), (a) => entityTypeText(a.entityTypeLabel));
  if (filter.entityType !== null && !entityTypes.some((o) => o.value === filter.entityType?.toLowerCase())) {
    entityTypes.push({ value: filter.entityType.toLowerCase(), label: filter.entityType, count: 0 });
  }
  const ages = AGE_FILTERS.map((f) => ({
    value: f.id,
    label: f.label,
    count: forAge.filter((a) => matchesAge(a, f.id, now)).length,
  }));
  return {
    actionTypes,
    entityTypes,
    ages,
    expiring: actions.filter((a) => matches(a, 'expiring') && expiresSoon(a, now)).length,
    shown: actions.filter((a) => matches(a)).length,
    total: actions.length,
  };
}

export function sortActions(actions: readonly Action[], order: SortOrder): Action[] {
  if (order === 'expiring') return [...actions].sort((a, b) => expiresAt(a) - expiresAt(b) || a.id.localeCompare(b.id));
  const sign = order === 'newest' ? -1 : 1;
  return [...actions].sort((a, b) => sign * (a.createdAt - b.createdAt) || a.id.localeCompare(b.id));
}

export interface InvestigationGroup {
  /** Stable key: the investigation id, or "none" for actions without one. */
  readonly key: string;
  readonly investigationId: string | null;
  /** Sorted by the chosen order. */
  readonly actions: readonly Action[];
  readonly newestAt: number;
  readonly oldestAt: number;
}

export const NO_INVESTIGATION_KEY = 'none';

/**
 * Groups by investigation. Groups are ordered by their newest action (newest first) or their oldest
 * action (oldest first), so the most recent or the longest-waiting work is on top; actions within a
 * group follow the same order. Actions without an investigation form one group, placed like the others.
 */
export function groupByInvestigation(actions: readonly Action[], order: SortOrder): InvestigationGroup[] {
  const byKey = new Map<string, Action[]>();
  for (const action of sortActions(actions, order)) {
    const key = action.investigationId ?? NO_INVESTIGATION_KEY;
    const list = byKey.get(key);
    if (list) list.push(action);
    else byKey.set(key, [action]);
  }
  const groups: InvestigationGroup[] = [...byKey].map(([key, list]) => ({
    key,
    investigationId: key === NO_INVESTIGATION_KEY ? null : key,
    actions: list,
    newestAt: Math.max(...list.map((a) => a.createdAt)),
    oldestAt: Math.min(...list.map((a) => a.createdAt)),
  }));
  if (order === 'expiring') {
    // Actions within a group are already soonest first: the group whose first action expires first leads.
    const first = (g: InvestigationGroup) => (g.actions[0] ? expiresAt(g.actions[0]) : Infinity);
    return groups.sort((a, b) => first(a) - first(b) || a.key.localeCompare(b.key));
  }
  return groups.sort((a, b) =>
    order === 'newest'
      ? b.newestAt - a.newestAt || a.key.localeCompare(b.key)
      : a.oldestAt - b.oldestAt || a.key.localeCompare(b.key),
  );
}

export type ListRow =
  | { readonly kind: 'group'; readonly key: string; readonly group: InvestigationGroup }
  | { readonly kind: 'action'; readonly key: string; readonly action: Action; readonly groupKey: string };

/** One flat list of rows (a header per group, then its actions) for a windowed list. */
export function flattenGroups(groups: readonly InvestigationGroup[]): ListRow[] {
  const rows: ListRow[] = [];
  for (const group of groups) {
    rows.push({ kind: 'group', key: `g:${group.key}`, group });
    for (const action of group.actions) rows.push({ kind: 'action', key: `a:${action.id}`, action, groupKey: group.key });
  }
  return rows;
}

/** Selection after the pending list changed: only ids still pending stay selected. */
export function pruneSelection(selected: ReadonlySet<string>, pending: readonly Action[]): Set<string> {
  const ids = new Set(pending.map((a) => a.id));
  return new Set([...selected].filter((id) => ids.has(id)));
}

export type GroupSelection = 'none' | 'some' | 'all';

export function groupSelection(group: InvestigationGroup, selected: ReadonlySet<string>): GroupSelection {
  const n = group.actions.filter((a) => selected.has(a.id)).length;
  return n === 0 ? 'none' : n === group.actions.length ? 'all' : 'some';
}

/** Selects every action of the group, or clears them when all were selected. */
export function toggleGroup(group: InvestigationGroup, selected: ReadonlySet<string>): Set<string> {
  const next = new Set(selected);
  const all = groupSelection(group, selected) === 'all';
  for (const a of group.actions) {
    if (all) next.delete(a.id);
    else next.add(a.id);
  }
  return next;
}

/** The windowed slice of a list with fixed row heights per kind. */
export interface RowWindow {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  /** Top offset of each row, plus the total height as the last element. */
  readonly offsets: readonly number[];
}

export function rowOffsets(rows: readonly ListRow[], heights: { group: number; action: number }): number[] {
  const offsets = new Array<number>(rows.length + 1);
  let y = 0;
  rows.forEach((row, i) => {
    offsets[i] = y;
    y += row.kind === 'group' ? heights.group : heights.action;
  });
  offsets[rows.length] = y;
  return offsets;
}

/** First row whose bottom is below `y` (binary search over offsets). */
function rowAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

export function visibleWindow(offsets: readonly number[], scrollTop: number, viewport: number, overscan = 6): RowWindow {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0, offsets };
  const first = rowAt(offsets, Math.max(0, scrollTop));
  const last = rowAt(offsets, scrollTop + viewport);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan), offsets };
}
