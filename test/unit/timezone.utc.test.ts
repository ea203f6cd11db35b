/**
 * The same portal times read on a machine in UTC (the `utc` project of vitest.config.ts); the other unit tests
 * run in America/New_York. Together they show the result does not depend on the machine's zone.
 */
import { describe, expect, it } from 'vitest';
import { parsePortalTime } from '@/utils/portal/contract';

describe('under UTC', () => {
  it('runs in UTC (the project setting took effect)', () => {
    expect(new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset()).toBe(0);
  });

  it('reads zone-less portal times as UTC, as in the local-zone project', () => {
    expect(parsePortalTime('2026-11-25T08:40:01.5')).toBe(Date.UTC(2026, 10, 25, 8, 40, 1, 500));
    expect(parsePortalTime('2026-11-25')).toBe(Date.UTC(2026, 10, 25));
    expect(parsePortalTime('2026-11-25T10:40:00+02:00')).toBe(Date.UTC(2026, 10, 25, 8, 40));
  });
});
