/**
 * Settles audit entries whose outcome was left open (worker stopped mid-request, lost answer) from
 * what the portal says now: still pending means not applied; history says who decided what.
 */
import type { Action } from './model';
import type { AuditEntry } from './types';

const VERDICT_DECISION = { approve: 'Approved', reject: 'Rejected' } as const;

export function isOpen(entry: AuditEntry): boolean {
  return entry.outcome === 'inFlight' || entry.outcome === 'unknown';
}

export function settleOpenAudits(
  open: readonly AuditEntry[],
  pendingIds: ReadonlySet<string>,
  history: readonly Action[] | null,
  liveRequests: ReadonlySet<string>,
  now: number,
): AuditEntry[] {
  const decided = new Map((history ?? []).filter((a) => a.decision !== null).map((a) => [a.id, a]));
  const settled: AuditEntry[] = [];
  for (const entry of open) {
    if (!isOpen(entry) || liveRequests.has(entry.actionId)) continue;
    if (pendingIds.has(entry.actionId)) {
      settled.push({
        ...entry,
        outcome: 'notApplied',
        completedAt: now,
        message: 'Not applied: the action is still pending in the portal.',
      });
      continue;
    }
    const action = decided.get(entry.actionId);
    if (!action) continue; // Not in history (yet): stays open for a later poll.
    const ours = action.decision === VERDICT_DECISION[entry.verdict];
    settled.push({
      ...entry,
      outcome: ours ? 'applied' : 'alreadyDecided',
      completedAt: now,
      serverStatus: action.decision,
      analyst: action.decidedBy,
      message: ours
        ? `Confirmed from the portal's history${action.decidedBy ? ` (decided by ${action.decidedBy})` : ''}.`
        : `Decided elsewhere: ${action.decision ?? 'unknown'}${action.decidedBy ? ` by ${action.decidedBy}` : ''}.`,
    });
  }
  return settled;
}
