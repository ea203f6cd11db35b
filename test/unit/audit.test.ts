import { describe, expect, it } from 'vitest';
import { settleOpenAudits } from '@/utils/actions/audit';
import type { AuditEntry } from '@/utils/actions/types';
import { makeAction } from './support/actions';

function entry(actionId: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `e-${actionId}`,
    actionId,
    verdict: 'approve',
    comment: '',
    surface: 'popup',
    requestedAt: 1,
    completedAt: null,
    outcome: 'inFlight',
    serverStatus: null,
    analyst: null,
    message: '',
    action: { type: '', typeLabel: '', entityType: '', entityName: '', investigationId: null, approvalId: null },
    ...overrides,
  };
}

describe('settleOpenAudits', () => {
  const stillPending = makeAction();
  const approvedByUs = makeAction({ status: 'Completed', decision: 'Approved', decidedBy: 'ana@contoso.example' });
  const rejectedByOther = makeAction({ status: 'Completed', decision: 'Rejected', decidedBy: 'bob@contoso.example' });

  it('settles from the pending list and the portal history, leaving the rest open', () => {
    const open = [
      entry(stillPending.id),
      entry(approvedByUs.id, { outcome: 'unknown' }),
      entry(rejectedByOther.id),
      entry('not-anywhere'),
    ];
    const settled = settleOpenAudits(open, new Set([stillPending.id]), [approvedByUs, rejectedByOther], new Set(), 99);
    expect(settled.map((e) => [e.actionId, e.outcome])).toEqual([
      [stillPending.id, 'notApplied'],
      [approvedByUs.id, 'applied'],
      [rejectedByOther.id, 'alreadyDecided'],
    ]);
    expect(settled[1]).toMatchObject({ analyst: 'ana@contoso.example', serverStatus: 'Approved', completedAt: 99 });
  });

  it('leaves entries with a live request alone', () => {
    expect(settleOpenAudits([entry(stillPending.id)], new Set([stillPending.id]), null, new Set([stillPending.id]), 1)).toEqual([]);
  });
});
