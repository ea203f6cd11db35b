import { describe, expect, it } from 'vitest';
import { decisionScope, refusalReason, stateAfterDecision } from '@/utils/actions/permissions';
import type { DecisionReport, DecisionRequest, SyncState } from '@/utils/actions/types';
import { initialState } from '@/utils/actions/sync';
import { portalError } from '@/utils/portal/errors';
import { makeAction } from './support/actions';

const device = makeAction({ product: 'MDE', entityType: 'Machine', type: 'IsolateResponse' });
const email = makeAction({ product: 'MDO', entityType: 'MailMessage', type: 'SoftDeleteEmailResponse' });
const user = makeAction({ product: null, entityType: 'User', type: 'DisableUserResponse' });

const forbidden = (req: DecisionRequest): DecisionReport => ({
  error: portalError('Forbidden', 'HTTP 403', { status: 403 }),
  results: req.actionIds.map((actionId) => ({ actionId, outcome: 'notApplied', decidedBy: null, message: 'HTTP 403', error: null })),
});
const req = (...ids: string[]): DecisionRequest => ({ actionIds: ids, verdict: 'approve', comment: '', surface: 'popup' });
const base = (): SyncState => ({ ...initialState('commercial'), pending: [device, email, user] });

describe('decision scopes', () => {
  it('tells email actions (Search and Purge) from device actions (Active remediation actions)', () => {
    expect([device, email, user, makeAction({ product: null, entityType: 'Mailbox', type: 'X' })].map(decisionScope)).toEqual([
      'device',
      'email',
      'other',
      'email',
    ]);
    expect(refusalReason('email')).toMatch(/email actions.*"Search and Purge"/);
    expect(refusalReason('device')).toMatch(/device actions.*"Active remediation actions"/);
  });
});

describe('stateAfterDecision', () => {
  it('a 403 on an email action blocks email actions only, and says which role is missing', () => {
    const next = stateAfterDecision(base(), req(email.id), forbidden(req(email.id)));
    expect(next.refusedScopes).toEqual(['email']);
    expect(next.pending).toHaveLength(3);
    const again = stateAfterDecision(next, req(device.id), forbidden(req(device.id)));
    expect(again.refusedScopes).toEqual(['email', 'device']);
  });

  it('removes what the portal closed, and an applied decision lifts the block of its scope', () => {
    const blocked: SyncState = { ...base(), refusedScopes: ['device', 'email'] };
    const report: DecisionReport = {
      error: null,
      results: [{ actionId: device.id, outcome: 'applied', decidedBy: 'ana', message: 'Approved', error: null }],
    };
    const next = stateAfterDecision(blocked, req(device.id), report);
    expect(next.pending.map((a) => a.id)).toEqual([email.id, user.id]);
    expect(next.refusedScopes).toEqual(['email']);
  });
});
