/**
 * Which action a portal row shows. Pure: the row's texts in, one action or nothing out.
 *
 * 1. The Approval ID cell (bulkId) against Action.approvalId: unique among pending rows, so one hit is a match.
 * 2. Only when the row has no Approval ID, or its Approval ID belongs to no known action: investigation id +
 *    action type (label or raw value) + asset, among actions that have no Approval ID of their own to compare
 *    (an action whose Approval ID differs from the row's is certainly not that row).
 * Two or more candidates are ambiguous: no match. We never guess.
 */
import type { AuditEntry } from '../actions/types';
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
  readonly byApproval: ReadonlyMap<string, readonly T[]>;
  /** Fallback keys of targets without an Approval ID. */
  readonly byFallback: ReadonlyMap<string, readonly T[]>;
  /** Fallback keys of every target (for rows that show no Approval ID at all). */
  readonly byFallbackAll: ReadonlyMap<string, readonly T[]>;
  readonly size: number;
}

const NONE = { kind: 'none' } as const;

/** Case and spacing do not matter; a missing value is the empty string. */
export function norm(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}

function fallbackKey(investigationId: string, type: string, asset: string): string {
  return `${investigationId}\u0001${type}\u0001${asset}`;
}

/** Every fallback key a target answers to: type as label or raw value; asset as asset or entity name. */
function fallbackKeys(t: MatchTarget): string[] {
  const inv = norm(t.investigationId);
  const types = new Set([norm(t.typeLabel), norm(t.type)].filter(Boolean));
  const assets = new Set([norm(t.asset), norm(t.entityName)]);
  if (t.asset === null) assets.add('');
  const keys: string[] = [];
  for (const type of types) for (const asset of assets) keys.push(fallbackKey(inv, type, asset));
  return keys;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

export function buildMatchIndex<T extends MatchTarget>(targets: Iterable<T>): MatchIndex<T> {
  const byApproval = new Map<string, T[]>();
  const byFallback = new Map<string, T[]>();
  const byFallbackAll = new Map<string, T[]>();
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const approval = norm(t.approvalId);
    if (approval) push(byApproval, approval, t);
    for (const key of fallbackKeys(t)) {
      push(byFallbackAll, key, t);
      if (!approval) push(byFallback, key, t);
    }
  }
  return { byApproval, byFallback, byFallbackAll, size: seen.size };
}

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
    const hit = index.byApproval.get(approval);
    if (hit && hit.length > 0) return single(hit, 'approvalId');
  }
  const type = norm(keys.actionType);
  const inv = norm(keys.investigationId ?? contextInvestigationId);
  const asset = norm(keys.asset);
  // The fallback needs the type and at least one of investigation and asset to say anything.
  if (!type || (!inv && !asset)) return NONE;
  const key = fallbackKey(inv, type, asset);
  return single((approval ? index.byFallback : index.byFallbackAll).get(key), 'fallback');
}

/** A decision made through the extension, as History rows are matched against it. */
export interface AuditTarget extends MatchTarget {
  /** Plain words for the mark's tooltip. */
  readonly title: string;
}

/** Applied decisions from the audit log (newest first), one per action. */
export function auditTargets(entries: readonly AuditEntry[]): AuditTarget[] {
  const out = new Map<string, AuditTarget>();
  for (const e of entries) {
    if (e.outcome !== 'applied' || out.has(e.actionId)) continue;
    const verb = e.verdict === 'approve' ? 'Approved' : 'Rejected';
    const when = e.completedAt ?? e.requestedAt;
    out.set(e.actionId, {
      id: e.actionId,
      approvalId: e.action.approvalId,
      investigationId: e.action.investigationId,
      type: e.action.type,
      typeLabel: e.action.typeLabel,
      asset: null,
      entityName: e.action.entityName,
      title: `${verb} through Action Center Companion (${e.surface}) on ${new Date(when).toLocaleString()}`,
    });
  }
  return [...out.values()];
}
