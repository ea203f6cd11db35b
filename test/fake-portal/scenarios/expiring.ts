/**
 * `expiring`: pending actions near the portal's 7-day expiry (times relative to load). Investigation 1401:
 * an isolation at 6 d 20 h (4 h left: critical by the time it is read), a quarantine at 6 d 23.5 h (30 min left),
 * one just past 7 d (expired, the portal still lists it), a scan at 6 d 2 h (22 h left: alert), a collection at
 * 5 d 2 h (46 h left: warn, zone-less times) and a fresh isolation (1 h old).
 */
import type { Scenario } from '../types';
import { DAY, HOUR, MINUTE, investigation, pendingAction } from './build';
import { DEFAULT_ANALYST, DEFAULT_TENANT_ID } from './default';

export default function expiringScenario(now: number): Scenario {
  return {
    name: 'expiring',
    tenantId: DEFAULT_TENANT_ID,
    analyst: DEFAULT_ANALYST,
    investigations: [investigation(now, 1401, 'Credential theft on finance servers', 4501, 7 * DAY + HOUR)],
    pending: [
      pendingAction(now, { seed: 'x1', investigationId: 1401, bulkId: '20401', ageMs: 6 * DAY + 20 * HOUR, entity: 'device', kind: 'isolate', computer: 'SRV-FIN-01' }),
      pendingAction(now, {
        seed: 'x2', investigationId: 1401, bulkId: '20402', ageMs: 6 * DAY + 23 * HOUR + 30 * MINUTE, entity: 'file', kind: 'quarantine',
        computer: 'SRV-FIN-02', fileName: 'mimikatz.exe', filePath: 'C:\\Windows\\Temp\\mimikatz.exe',
      }),
      pendingAction(now, { seed: 'x3', investigationId: 1401, bulkId: '20403', ageMs: 7 * DAY + 2 * MINUTE, entity: 'device', kind: 'restrict', computer: 'SRV-FIN-03' }),
      pendingAction(now, { seed: 'x4', investigationId: 1401, bulkId: '20404', ageMs: 6 * DAY + 2 * HOUR, entity: 'device', kind: 'scan', computer: 'WS-FIN-101' }),
      pendingAction(now, { seed: 'x5', investigationId: 1401, bulkId: '20405', ageMs: 5 * DAY + 2 * HOUR, entity: 'device', kind: 'collect', computer: 'WS-FIN-102', zoneless: true }),
      pendingAction(now, { seed: 'x6', investigationId: null, bulkId: '20406', ageMs: HOUR, entity: 'device', kind: 'isolate', computer: 'LAPTOP-FIN-07' }),
    ],
    history: [],
  };
}
