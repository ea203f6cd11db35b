// @ts-check
/**
 * Decision shapes: the request this portal's Approve/Reject sends (FakeConfig.decisionShape; the server accepts only
 * it). The product does not know it in advance: it learns it by observing this request.
 */

import { API, api } from './api.js';
import { CONFIG } from './config.js';
import { fieldText } from './items.js';

/**
 * Sends one action's decision in this portal's shape. The answer is normalised to the per-action result the
 * flyout shows: `{ ok, status, outcome, message }` (outcome Approved/Rejected/AlreadyDecided/Unknown/...).
 * @param {'Approve' | 'Reject'} verdict @param {Record<string, unknown>} item @param {string} id @param {string} comment
 */
export async function sendDecision(verdict, item, id, comment) {
  if (CONFIG.decisionShape === 'approvals') {
    const approvalId = fieldText(item, 'BulkId');
    const res = await api('PUT', '/apiproxy/mtp/actionCenter/actioncenterui/approvals?useMtpApi=true', {
      ApprovalIds: [approvalId],
      status: verdict === 'Approve' ? 'Approved' : 'Rejected',
      comment,
    });
    if (!res.ok) return res;
    const updated = /** @type {{ updated?: unknown } | null} */ (res.data)?.updated;
    return { ...res, outcome: updated === 1 ? (verdict === 'Approve' ? 'Approved' : 'Rejected') : 'Unknown', message: null };
  }
  if (CONFIG.decisionShape === 'autoir') {
    const res = await api(
      'POST',
      '/apiproxy/mtp/autoIr/actions/decide',
      { request: { ActionIds: [id], Verdict: verdict === 'Approve' ? 1 : 2, Reason: comment }, Source: 'ActionCenter' },
      undefined,
      { 'x-tid': CONFIG.tenantId },
    );
    if (!res.ok) return res;
    const results = /** @type {{ results?: unknown } | null} */ (res.data)?.results;
    const mine = Array.isArray(results) ? results.find((r) => r && typeof r === 'object' && r.actionId === id) : undefined;
    const result = mine && typeof mine.result === 'string' ? mine.result : 'Unknown';
    return { ...res, outcome: result === 'Succeeded' ? (verdict === 'Approve' ? 'Approved' : 'Rejected') : result, message: null };
  }
  const res = await api('POST', API.decision, { ActionIds: [id], Decision: verdict, Comment: comment });
  if (!res.ok) return res;
  const results = /** @type {{ Results?: unknown } | null} */ (res.data)?.Results;
  const mine = Array.isArray(results) ? results.find((r) => r && typeof r === 'object' && r.ActionId === id) : undefined;
  return {
    ...res,
    outcome: mine && typeof mine.Status === 'string' ? mine.Status : 'Unknown',
    message: mine && typeof mine.Message === 'string' ? mine.Message : null,
  };
}
