import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeDatabase } from '@/utils/store/db';
import { clearAll, getMeta, listAudit, putAudits } from '@/utils/store/queries';
import { PRUNE_ALARM, startPruning } from '@/utils/store/pruning';
import type { AuditEntry } from '@/utils/actions/types';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2026, 10, 1, 8, 0, 0);

function oldEntry(id: string, requestedAt: number): AuditEntry {
  return {
    id,
    actionId: `action-${id}`,
    verdict: 'approve',
    comment: '',
    surface: 'popup',
    requestedAt,
    completedAt: requestedAt,
    outcome: 'applied',
    serverStatus: null,
    analyst: null,
    message: '',
    action: { type: '', typeLabel: '', entityType: '', entityName: '', investigationId: null, approvalId: null },
  };
}

describe('pruning across worker restarts', () => {
  // Only the clock is faked (the alarms read it too); IndexedDB keeps its real timers.
  const setNow = (t: number) => vi.setSystemTime(t);
  const start = () => startPruning({ now: Date.now, retentionDays: async () => 90 });

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    setNow(T0);
    fakeBrowser.reset();
    await clearAll();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await closeDatabase();
  });

  it('arms the daily alarm once: a restart (every few minutes with a 1-minute poll) never pushes it back', async () => {
    await start();
    const first = await browser.alarms.get(PRUNE_ALARM);
    expect(first?.periodInMinutes).toBe(24 * 60);
    expect(first?.scheduledTime).toBe(T0 + DAY);
    for (let restart = 1; restart <= 10; restart++) {
      setNow(T0 + restart * 2 * 60 * MIN);
      await start();
    }
    expect((await browser.alarms.get(PRUNE_ALARM))?.scheduledTime).toBe(T0 + DAY);
  });

  it('prunes at start-up when the last prune is older than a day (or never ran), and not again before a day', async () => {
    await putAudits([oldEntry('ancient', T0 - 200 * DAY)]);
    expect(await start()).toMatchObject({ decisions: 1 });
    expect(await getMeta('lastPruneAt')).toBe(T0);
    expect(await listAudit()).toEqual([]);

    await putAudits([oldEntry('ancient-2', T0 - 200 * DAY)]);
    setNow(T0 + DAY - MIN);
    expect(await start()).toBeNull(); // a restart within the day
    expect(await listAudit()).toHaveLength(1);

    // The alarm was lost (browser restart clears alarms in Chrome) and a day passed: the start-up prunes anyway.
    await browser.alarms.clearAll();
    setNow(T0 + DAY);
    expect(await start()).toMatchObject({ decisions: 1 });
    expect(await getMeta('lastPruneAt')).toBe(T0 + DAY);
    expect(await browser.alarms.get(PRUNE_ALARM)).toBeDefined();
  });
});
