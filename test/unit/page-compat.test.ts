/**
 * Portal compatibility records (utils/page/compat.ts): what the content script writes when a feature found its
 * anchors or found the page changed, and what the popup and Options read from it.
 */
import { describe, expect, it } from 'vitest';
import { compatFrom, createCompatRecorder, featuresOff, withStatus, type CompatRecord } from '@/utils/page/compat';

describe('compat records', () => {
  it('keeps the last success and the last miss per feature; off means the miss is newer', () => {
    let r: CompatRecord = {};
    r = withStatus(r, 'rows', 'worked', 100);
    expect(featuresOff(r)).toEqual([]);
    r = withStatus(r, 'rows', 'missing', 200);
    expect(r.rows).toEqual({ lastWorkedAt: 100, lastMissingAt: 200 });
    expect(featuresOff(r)).toEqual(['rows']);
    r = withStatus(r, 'rows', 'worked', 300);
    expect(featuresOff(r)).toEqual([]);
  });

  it('reads stored values leniently', () => {
    expect(compatFrom(null)).toEqual({});
    expect(compatFrom([1])).toEqual({});
    expect(compatFrom({ a: { lastWorkedAt: 5, lastMissingAt: 'x' }, b: 3 })).toEqual({ a: { lastWorkedAt: 5, lastMissingAt: null } });
  });
});

/** Lets the recorder's promise chain run (microtasks only: no timers). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

describe('createCompatRecorder', () => {
  function storage(initial: unknown = undefined) {
    let stored = initial;
    const writes: CompatRecord[] = [];
    return {
      writes,
      read: async () => stored,
      write: async (record: CompatRecord) => {
        stored = record;
        writes.push(record);
      },
    };
  }

  it('writes a status when it changes, not again and again while it stays, and merges with what other tabs wrote', async () => {
    let now = 1000;
    const s = storage({ other: { lastWorkedAt: 1, lastMissingAt: null } });
    const record = createCompatRecorder(s, () => now);
    record('rows', 'worked');
    record('rows', 'worked');
    now += 1000;
    record('rows', 'worked');
    await settle();
    expect(s.writes).toHaveLength(1);
    record('rows', 'missing');
    await settle();
    expect(s.writes).toHaveLength(2);
    expect(s.writes[1]).toEqual({ other: { lastWorkedAt: 1, lastMissingAt: null }, rows: { lastWorkedAt: 1000, lastMissingAt: 2000 } });
    // Long after, the same status is written again (a fresh "last worked" time).
    now += 11 * 60_000;
    record('rows', 'missing');
    await settle();
    expect(s.writes).toHaveLength(3);
  });
});
