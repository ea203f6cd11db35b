import type { MethodStatus } from '../../../utils/portal/decisionMethod';
import type { DecisionTemplate } from '../../../utils/portal/decisionTemplate';

/**
 * The fake portal's `approvals` decision request, as learned from one Approve: keyed by Approval IDs, the reject
 * spelling derived, an answer that lists no per-action results.
 */
export const APPROVALS_TEMPLATE: DecisionTemplate = {
  version: 1,
  method: 'PUT',
  path: '/apiproxy/mtp/actionCenter/actioncenterui/approvals',
  query: [['useMtpApi', 'true']],
  body: {
    kind: 'json',
    shape: {
      t: 'obj',
      fields: [
        ['ApprovalIds', { t: 'list', ph: 'approvalIds', as: 'string' }],
        ['status', { t: 'ph', ph: 'verdict', as: 'string' }],
        ['comment', { t: 'ph', ph: 'comment', as: 'string' }],
      ],
    },
  },
  verdicts: { approve: { value: 'Approved', derived: false }, reject: { value: 'Rejected', derived: true } },
  headers: [],
  answer: null,
};

/** How decisions are sent, as the background answers it for a fresh profile: the built-in guess, not confirmed yet. */
export const GUESS_STATUS: MethodStatus = {
  host: 'security.microsoft.com',
  inUse: 'builtIn',
  unconfirmedGuess: true,
  template: null,
  builtIn: { confirmedAt: null, brokenAt: null, brokenReason: null },
  policyBroken: null,
  description: { request: 'POST /apiproxy/…/decision', body: '{ ActionIds: [{actionIds}] }', verdicts: 'approve: Approve; reject: Reject' },
};
