/**
 * `default`: a realistic morning in a mid-size tenant. 16 pending actions over 4 automated investigations (plus
 * one manual PublicApi action without an investigation), devices, files, emails, a URL and a user, aged from
 * 3 minutes to 5 days; some history decided by colleagues. Two items carry zone-less times (observed quirk).
 */
import type { Scenario } from '../types';
import { DAY, HOUR, MINUTE, decidedAction, investigation, pendingAction } from './build';

export const DEFAULT_TENANT_ID = '7f3c1a52-9d8e-4b6f-a1c2-3e5d7f9b0c14';
export const DEFAULT_ANALYST = 'analyst@contoso.example';

export default function defaultScenario(now: number): Scenario {
  return {
    name: 'default',
    tenantId: DEFAULT_TENANT_ID,
    analyst: DEFAULT_ANALYST,
    investigations: [
      investigation(now, 1287, 'Suspicious PowerShell activity on multiple devices', 4411, 2 * HOUR + 20 * MINUTE),
      investigation(now, 1290, 'Email messages containing malicious URL removed after delivery', 4415, 8 * HOUR + 10 * MINUTE),
      investigation(now, 1293, 'Suspicious inbox forwarding rule on a user mailbox', 4415, DAY + 2 * HOUR),
      investigation(now, 1301, 'Malware detected on SRV-SQL-01', 4398, 5 * DAY + HOUR),
      investigation(now, 1270, 'Unwanted software on WS-MKT-008', 4380, 9 * DAY, 'Remediated'),
    ],
    pending: [
      // 1287 — PowerShell on finance workstations (MDE)
      pendingAction(now, { seed: 'd1', investigationId: 1287, bulkId: '10241', ageMs: 3 * MINUTE, entity: 'device', kind: 'isolate', computer: 'WS-FIN-042' }),
      pendingAction(now, { seed: 'd2', investigationId: 1287, bulkId: '10242', ageMs: 12 * MINUTE, entity: 'device', kind: 'scan', computer: 'WS-FIN-042' }),
      pendingAction(now, { seed: 'd3', investigationId: 1287, bulkId: '10243', ageMs: 47 * MINUTE, entity: 'device', kind: 'collect', computer: 'WS-FIN-017' }),
      pendingAction(now, { seed: 'd4', investigationId: 1287, bulkId: '10244', ageMs: 2 * HOUR, entity: 'device', kind: 'restrict', computer: 'SRV-APP-03' }),
      pendingAction(now, {
        seed: 'f1', investigationId: 1287, bulkId: '10245', ageMs: 2 * HOUR + 5 * MINUTE, entity: 'file', kind: 'stop-quarantine',
        computer: 'WS-FIN-042', fileName: 'invoice_2611.docm', filePath: 'C:\\Users\\m.lee\\Downloads\\invoice_2611.docm',
      }),
      pendingAction(now, {
        seed: 'f2', investigationId: 1287, bulkId: '10246', ageMs: 3 * HOUR, entity: 'file', kind: 'quarantine', zoneless: true,
        computer: 'WS-FIN-017', fileName: 'update_helper.dll', filePath: 'C:\\ProgramData\\UpdateHelper\\update_helper.dll',
      }),
      // Manual isolation through the public API, no investigation
      pendingAction(now, { seed: 'm1', investigationId: null, bulkId: '10247', ageMs: 31 * MINUTE, entity: 'device', kind: 'isolate', computer: 'LAPTOP-HR-09', source: 'PublicApi' }),
      // 1290 — phishing campaign (MDO)
      pendingAction(now, {
        seed: 'e1', investigationId: 1290, bulkId: '10250', ageMs: 6 * HOUR, entity: 'email', kind: 'soft-delete',
        sender: 'billing@contoso-payments.example', recipient: 'p.novak@contoso.example', subject: 'Overdue invoice #88213 – action required',
      }),
      pendingAction(now, {
        seed: 'e2', investigationId: 1290, bulkId: '10251', ageMs: 6 * HOUR + 2 * MINUTE, entity: 'email', kind: 'soft-delete',
        sender: 'billing@contoso-payments.example', recipient: 'a.khan@contoso.example', subject: 'Overdue invoice #88213 – action required',
      }),
      pendingAction(now, {
        seed: 'e3', investigationId: 1290, bulkId: '10252', ageMs: 7 * HOUR, entity: 'email', kind: 'quarantine-email', zoneless: true,
        sender: 'no-reply@sharepoint-docs.example', recipient: 'finance-team@contoso.example', subject: 'Q4 budget.xlsx shared with you',
      }),
      pendingAction(now, { seed: 'u1', investigationId: 1290, bulkId: '10253', ageMs: 8 * HOUR, entity: 'url', url: 'https://contoso-payments.example/login/verify?session=88213' }),
      // 1293 — compromised mailbox (MDO)
      pendingAction(now, { seed: 'a1', investigationId: 1293, bulkId: '10260', ageMs: DAY, entity: 'user', upn: 'j.smith@contoso.example' }),
      pendingAction(now, {
        seed: 'e4', investigationId: 1293, bulkId: '10261', ageMs: DAY + 20 * MINUTE, entity: 'email', kind: 'soft-delete',
        sender: 'j.smith@contoso.example', recipient: 'external.partner@fabrikam.example', subject: 'RE: wire transfer details',
      }),
      // 1301 — malware on a SQL server (MDE)
      pendingAction(now, { seed: 'd5', investigationId: 1301, bulkId: '10270', ageMs: 3 * DAY, entity: 'device', kind: 'isolate', computer: 'SRV-SQL-01' }),
      pendingAction(now, { seed: 'd6', investigationId: 1301, bulkId: '10271', ageMs: 3 * DAY + 10 * MINUTE, entity: 'device', kind: 'scan', computer: 'SRV-SQL-01' }),
      pendingAction(now, { seed: 'd7', investigationId: 1301, bulkId: '10272', ageMs: 5 * DAY, entity: 'device', kind: 'collect', computer: 'SRV-SQL-01' }),
    ],
    history: [
      decidedAction(now, { seed: 'h1', investigationId: 1287, bulkId: '10230', ageMs: 2 * HOUR + 15 * MINUTE, entity: 'device', kind: 'scan', computer: 'WS-FIN-017' }, {
        decision: 'Approved', by: 'j.doe@contoso.example', comment: 'Scan first, isolate if anything turns up.', decidedAgoMs: 2 * HOUR,
      }),
      decidedAction(now, { seed: 'h2', investigationId: 1290, bulkId: '10231', ageMs: 9 * HOUR, entity: 'email', kind: 'soft-delete', sender: 'billing@contoso-payments.example', recipient: 'ceo@contoso.example', subject: 'Overdue invoice #88213 – action required' }, {
        decision: 'Approved', by: 'm.garcia@contoso.example', comment: null, decidedAgoMs: 8 * HOUR,
      }),
      decidedAction(now, { seed: 'h3', investigationId: 1270, bulkId: '10210', ageMs: 9 * DAY, entity: 'file', kind: 'quarantine', computer: 'WS-MKT-008', fileName: 'coupon_toolbar.exe', filePath: 'C:\\Users\\r.ito\\AppData\\Local\\Temp\\coupon_toolbar.exe' }, {
        decision: 'Approved', by: 'j.doe@contoso.example', comment: 'PUA, remove.', decidedAgoMs: 8 * DAY,
      }),
      decidedAction(now, { seed: 'h4', investigationId: 1301, bulkId: '10232', ageMs: 3 * DAY + 30 * MINUTE, entity: 'device', kind: 'restrict', computer: 'SRV-SQL-01' }, {
        decision: 'Rejected', by: 'm.garcia@contoso.example', comment: 'Production SQL: restricting code execution would stop the service. Isolate instead.', decidedAgoMs: 2 * DAY,
      }),
      decidedAction(now, { seed: 'h5', investigationId: null, bulkId: '10233', ageMs: 4 * DAY, entity: 'device', kind: 'unisolate', computer: 'LAPTOP-SALES-22', source: 'PublicApi' }, {
        decision: 'Approved', by: 'secops-automation@contoso.example', comment: 'Cleared after reimage.', decidedAgoMs: 4 * DAY - HOUR, status: 'Failed',
      }),
    ],
  };
}
