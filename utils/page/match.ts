/**
 * Which action a portal row shows. Pure: the row's texts in, one action or nothing out.
 *
 * 1. The Approval ID cell (bulkId) against Action.approvalId: unique among pending rows, so one hit is a match.
 * 2. Only when the row has no Approval ID, or its Approval ID belongs to no known action: investigation id +
 *    action type (label or raw value) + asset, among actions that have no Approval ID of their own to compare
 *    (an action whose Approval ID differs from the row's is certainly not that row).
 * Two or more candidates are ambiguous: no match. We never guess.
 */
import type { AuditEntry, Surface } from '../actions/types';
import { formatDateTime, t } from '../i18n';
import type { RowKeys } from './selectors';

/** The facts matching needs; an Action fits, and so does an audit entry's snapshot. */
export interface MatchTarget {
  readonly id: string;
  readonly approvalId: string | null;
  readonly investigationId: string | null;
  readonly type: string;
  readonly typeLabel: string;
  readonly asset: string | null;
  readonly entityName: string;
}

export type MatchResult<T extends MatchTarget> =
  | { readonly kind: 'match'; readonly target: T; readonly by: 'approvalId' | 'fallback' }
  | { readonly kind: 'ambiguous'; readonly count: number }
  | { readonly kind: 'none' };

export interface MatchIndex<T extends MatchTarget> {
  readonly size: number;
  /** Targets with this (normalised) Approval ID or action id. */
  approval(key: string): readonly T[] | undefined;
  /** Targets with this fallback key; `withoutApprovalOnly` keeps those that have no Approval ID. */
  fallback(key: string, withoutApprovalOnly: boolean): readonly T[] | undefined;
}

/** Case and spacing do not matter; a missing value is the empty string. */
export function norm(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}

function fallbackKey(investigationId: string, type: string, asset: string): string {
  return `${investigationId}\u0001${type}\u0001${asset}`;
}

/** Every fallback key a target answers to: type as label or raw value; asset as asset or entity name. */
function fallbackKeys(t: MatchTarget): Set<string> {
  const inv = norm(t.investigationId);
  const types = [norm(t.typeLabel), norm(t.type)].filter(Boolean);
  const assets = [norm(t.asset), norm(t.entityName)];
  if (t.asset === null) assets.push('');
  const keys = new Set<string>();
  for (const type of types) for (const asset of assets) keys.add(fallbackKey(inv, type, asset));
  return keys;
}

function add<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes targets once per state. The Approval ID map is built at once (most rows match by it); the fallback
 * maps only when a row first needs them.
 */
export function buildMatchIndex<T extends MatchTarget>(targets: Iterable<T>): MatchIndex<T> {
  const unique = new Map<string, T>();
  for (const t of targets) if (!unique.has(t.id)) unique.set(t.id, t);
  const byApproval = new Map<string, T[]>();
  for (const t of unique.values()) {
    const approval = norm(t.approvalId);
    if (approval) add(byApproval, approval, t);
    // An id column may show the action's own id instead (GUIDs: they never collide with Approval IDs).
    const id = norm(t.id);
    if (id && id !== approval) add(byApproval, id, t);
  }
  let fallbacks: { all: Map<string, T[]>; withoutApproval: Map<string, T[]> } | null = null;
  const buildFallbacks = () => {
    const all = new Map<string, T[]>();
    const withoutApproval = new Map<string, T[]>();
    for (const t of unique.values()) {
      const noApproval = !norm(t.approvalId);
      for (const key of fallbackKeys(t)) {
        add(all, key, t);
        if (noApproval) add(withoutApproval, key, t);
      }
    }
    return { all, withoutApproval };
  };
  return {
    size: unique.size,
    approval: (key) => byApproval.get(key),
    fallback(key, withoutApprovalOnly) {
      fallbacks ??= buildFallbacks();
      return (withoutApprovalOnly ? fallbacks.withoutApproval : fallbacks.all).get(key);
    },
  };
}

const NONE = { kind: 'none' } as const;

function single<T extends MatchTarget>(list: readonly T[] | undefined, by: 'approvalId' | 'fallback'): MatchResult<T> {
  if (!list || list.length === 0) return NONE;
  const first = list[0];
  if (list.length === 1 && first) return { kind: 'match', target: first, by };
  return { kind: 'ambiguous', count: list.length };
}

/**
 * The action a row shows. `contextInvestigationId` is used when the row has no investigation id of its own
 * (the grid on an investigation page).
 */
export function matchRow<T extends MatchTarget>(
  keys: RowKeys,
  index: MatchIndex<T>,
  contextInvestigationId: string | null = null,
): MatchResult<T> {
  if (index.size === 0) return NONE;
  const approval = norm(keys.approvalId);
  if (approval) {
    const hit = index.approval(approval);
    if (hit && hit.length > 0) return single(hit, 'approvalId');
  }
  const type = norm(keys.actionType);
  const inv = norm(keys.investigationId ?? contextInvestigationId);
  const asset = norm(keys.asset);
  // The fallback needs the type and at least one of investigation and asset to say anything.
  if (!type || (!inv && !asset)) return NONE;
  const key = fallbackKey(inv, type, asset);
  return single(index.fallback(key, Boolean(approval)), 'fallback');
}

/**
 * The one target whose Approval ID (or action id) is among these texts (a flyout's values): one distinct target
 * is a match, two or more are ambiguous.
 */
export function matchValues<T extends MatchTarget>(texts: Iterable<string>, index: MatchIndex<T>): MatchResult<T> {
  const found = new Map<string, T>();
  for (const text of texts) for (const t of index.approval(norm(text)) ?? []) found.set(t.id, t);
  if (found.size === 0) return NONE;
  const [only] = found.values();
  return found.size === 1 && only ? { kind: 'match', target: only, by: 'approvalId' } : { kind: 'ambiguous', count: found.size };
}

/** A decision made through the extension, as History rows are matched against it. */
export interface AuditTarget extends MatchTarget {
  /** Plain words for the mark's tooltip. */
  readonly title: string;
}

/** One whole sentence per verdict and surface (no sentence built from parts: word order differs by language). */
const AUDIT_TITLE_KEYS = {
  approve: { portal: 'page.auditApprovedPortal', popup: 'page.auditApprovedPopup', notification: 'page.auditApprovedNotification' },
  reject: { portal: 'page.auditRejectedPortal', popup: 'page.auditRejectedPopup', notification: 'page.auditRejectedNotification' },
} as const satisfies Record<AuditEntry['verdict'], Record<Surface, string>>;

/** Applied decisions from the audit log (newest first), one per action. */
export function auditTargets(entries: readonly AuditEntry[]): AuditTarget[] {
  const out = new Map<string, AuditTarget>();
  for (const e of entries) {
    if (e.outcome !== 'applied' || out.has(e.actionId)) continue;
    const when = formatDateTime(e.completedAt ?? e.requestedAt);
    out.set(e.actionId, {
      id: e.actionId,
      approvalId: e.action.approvalId,
      investigationId: e.action.investigationId,
      type: e.action.type,
      typeLabel: e.action.typeLabel,
      asset: null,
      entityName: e.action.entityName,
      title: t(AUDIT_TITLE_KEYS[e.verdict][e.surface], [when]),
    });
  }
  return [...out.values()];
}
