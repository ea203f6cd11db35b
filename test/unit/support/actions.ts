import type { Action } from '@/utils/actions/model';
import type { ActionDecisionResult, DecisionReport, SyncState } from '@/utils/actions/types';
import { entityTypeLabel } from '@/utils/portal/contract';

let seq = 0;

/** A normalised pending action with sensible defaults; override what a test cares about. */
export function makeAction(overrides: Partial<Action> = {}): Action {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    approvalId: `${1000 + seq}`,
    investigationId: '42',
    type: 'IsolateResponse',
    typeLabel: 'Isolate device',
    entityType: 'Machine',
    entityTypeLabel: entityTypeLabel(overrides.entityType ?? 'Machine'),
    entityName: `ws-${seq}`,
    asset: `ws-${seq}`,
    status: 'Pending',
    decision: null,
    decidedBy: null,
    comment: null,
    source: 'Automated investigation',
    product: 'MDE',
    createdAt: Date.UTC(2026, 10, 25, 8, 0, 0),
    updatedAt: Date.UTC(2026, 10, 25, 8, 0, 0),
    details: {},
    ...overrides,
  };
}

/** A popup's view of the background state, last polled 40 s before `now`, as of a good poll; override the rest. */
export function makeSyncState(now: number, overrides: Partial<SyncState> = {}): SyncState {
  return {
    cloud: 'commercial',
    pending: [],
    error: null,
    lastSuccessAt: now - 40_000,
    lastAttemptAt: now - 40_000,
    nextPollAt: now + 60_000,
    polling: false,
    refusedScopes: [],
    skippedItems: 0,
    ...overrides,
  };
}

/**
 * The background's answer to a decision: one result per id with this outcome (decided by someone else for
 * alreadyDecided, by the analyst otherwise); `result` overrides every result's fields, `extra` the report's.
 */
export function decisionReport(
  ids: readonly string[],
  outcome: ActionDecisionResult['outcome'],
  result: Partial<ActionDecisionResult> = {},
  extra: Partial<DecisionReport> = {},
): DecisionReport {
  return {
    error: null,
    results: ids.map((actionId) => ({
      actionId,
      outcome,
      decidedBy: outcome === 'alreadyDecided' ? 'bob@contoso.com' : 'me@contoso.com',
      message: '',
      error: null,
      ...result,
    })),
    ...extra,
  };
}
