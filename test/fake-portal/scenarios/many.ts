/**
 * `many:<N>` (default 1000): N generated pending actions over N/12 investigations, every kind of action, ages
 * spread from 1 minute to 6.5 days; history of N/10 items (at most 200). For paging, windowing and benchmarks.
 */
import type { PortalAction, Scenario } from '../types';
import { DAY, MINUTE, decidedAction, investigation, pendingAction, type ActionSpec } from './build';
import { DEFAULT_ANALYST, DEFAULT_TENANT_ID } from './default';

export const MANY_DEFAULT = 1000;
const MAX = 100_000;

function spec(i: number, prefix: string): ActionSpec {
  const investigationId = i % 17 === 0 ? null : 5000 + Math.floor(i / 12);
  const ageMs = MINUTE + ((i * 9337) % Math.floor((6.5 * DAY) / MINUTE)) * MINUTE;
  const common = { seed: `${prefix}${i}`, investigationId, bulkId: `${prefix === 'h' ? 300000 : 200000}${i}`, ageMs };
  const computer = `WS-${String.fromCharCode(65 + (i % 26))}${String(i % 300).padStart(3, '0')}`;
  switch (i % 8) {
    case 0:
      return { ...common, entity: 'device', kind: 'isolate', computer };
    case 1:
      return { ...common, entity: 'device', kind: 'scan', computer };
    case 2:
      return { ...common, entity: 'device', kind: 'collect', computer };
    case 3:
      return { ...common, entity: 'device', kind: 'restrict', computer };
    case 4:
      return { ...common, entity: 'file', kind: i % 16 === 4 ? 'quarantine' : 'stop-quarantine', computer, fileName: `dropper_${i}.exe`, filePath: `C:\\Users\\Public\\dropper_${i}.exe` };
    case 5:
      return {
        ...common, entity: 'email', kind: i % 16 === 5 ? 'soft-delete' : 'quarantine-email',
        sender: `sender${i % 40}@phish-${i % 7}.example`, recipient: `user${i % 250}@contoso.example`, subject: `Invoice ${100000 + i} overdue`,
      };
    case 6:
      return { ...common, entity: 'url', url: `https://phish-${i % 7}.example/l/${i}` };
    default:
      return { ...common, entity: 'user', upn: `user${i % 250}@contoso.example` };
  }
}

export function parseMany(arg: string | undefined): number {
  if (arg === undefined || arg === '') return MANY_DEFAULT;
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 0 || n > MAX) throw new Error(`many:<N> needs a whole number from 0 to ${MAX}, got "${arg}"`);
  return n;
}

export default function manyScenario(now: number, arg?: string): Scenario {
  const n = parseMany(arg);
  const pending: PortalAction[] = [];
  for (let i = 0; i < n; i++) pending.push(pendingAction(now, spec(i, 'p')));
  const history: PortalAction[] = [];
  for (let i = 0; i < Math.min(200, Math.floor(n / 10)); i++) {
    const s = spec(i, 'h');
    history.push(
      decidedAction(now, s, {
        decision: i % 5 === 0 ? 'Rejected' : 'Approved',
        by: i % 3 === 0 ? 'j.doe@contoso.example' : 'm.garcia@contoso.example',
        comment: i % 4 === 0 ? `Bulk triage ${i}` : null,
        decidedAgoMs: Math.floor(s.ageMs / 2),
      }),
    );
  }
  const ids = new Set<number>();
  for (const a of [...pending, ...history]) if (a.InvestigationId !== null) ids.add(a.InvestigationId);
  const investigations = [...ids].map((id) => investigation(now, id, `Generated investigation ${id}`, 9000 + Math.floor((id - 5000) / 4), 7 * DAY));
  return { name: `many:${n}`, tenantId: DEFAULT_TENANT_ID, analyst: DEFAULT_ANALYST, pending, history, investigations };
}
