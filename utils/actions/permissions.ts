/**
 * What the portal refused for the analyst's role, scoped by the kind of action: approving needs the Security
 * Administrator role or the "Active remediation actions" permission, and email actions also need "Search and
 * Purge" (PORTAL.md). One 403 therefore says nothing about the other kinds: only the refused scope is blocked,
 * until the next good poll (sync.ts clears it), an applied decision of that scope, or clearing local data.
 */
import { t } from '../i18n';
import type { Action } from './model';
import type { DecisionReport, DecisionRequest, SyncState } from './types';

export type DecisionScope = 'email' | 'device' | 'other';

const EMAIL_ENTITIES = new Set(['mailmessage', 'mailcluster', 'mailbox']);
const DEVICE_ENTITIES = new Set(['machine', 'file', 'process', 'registrykey']);

export function decisionScope(action: Pick<Action, 'product' | 'entityType' | 'type'>): DecisionScope {
  const product = action.product?.toUpperCase() ?? '';
  const entity = action.entityType.toLowerCase();
  if (product === 'MDO' || EMAIL_ENTITIES.has(entity) || /mail/i.test(action.type)) return 'email';
  if (product === 'MDE' || DEVICE_ENTITIES.has(entity)) return 'device';
  return 'other';
}

/** Which role is missing, in the analyst's words. */
export function refusalReason(scope: DecisionScope): string {
  switch (scope) {
    case 'email':
      return t('background.refusedEmail');
    case 'device':
      return t('background.refusedDevice');
    default:
      return t('background.refusedOther');
  }
}

function scopesOf(ids: readonly string[], known: readonly Action[]): Set<DecisionScope> {
  const byId = new Map(known.map((a) => [a.id, a]));
  const out = new Set<DecisionScope>();
  for (const id of ids) {
    const action = byId.get(id);
    // An action we cannot see any more: the refusal is not scoped, so it counts for the generic permission.
    out.add(action ? decisionScope(action) : 'other');
  }
  return out;
}

/** The state after a decision: what the portal closed leaves the list; a 403 blocks its scope; an applied one lifts it. */
export function stateAfterDecision(state: SyncState, request: DecisionRequest, report: DecisionReport): SyncState {
  const closed = new Set(
    report.results.filter((r) => r.outcome === 'applied' || r.outcome === 'alreadyDecided').map((r) => r.actionId),
  );
  const applied = report.results.filter((r) => r.outcome === 'applied').map((r) => r.actionId);
  const lifted = scopesOf(applied, state.pending);
  let refused = state.refusedScopes.filter((s) => !lifted.has(s));
  if (report.error?.kind === 'Forbidden') {
    // Keeps the request order, so the first refusal is the first named.
    refused = [...new Set([...refused, ...scopesOf(request.actionIds, state.pending)])];
  }
  return { ...state, pending: state.pending.filter((a) => !closed.has(a.id)), refusedScopes: refused };
}
