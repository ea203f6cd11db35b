import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeView } from '@/utils/actions/badge';
import { initialState } from '@/utils/actions/sync';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { makeAction } from './support/actions';

const now = Date.UTC(2026, 10, 25, 12);
const t = DEFAULT_SETTINGS.ageThresholds;
const good = { ...initialState('commercial'), lastSuccessAt: now };

describe('badgeView', () => {
  it('shows the pending count, red once one waits past the alert threshold', () => {
    expect(badgeView({ ...good, pending: [makeAction({ createdAt: now - 60_000 })] }, now, t)).toMatchObject({
      text: '1',
      color: BADGE_COLORS.pending,
    });
    expect(badgeView({ ...good, pending: [makeAction({ createdAt: now - 5 * 3_600_000 })] }, now, t).color).toBe(
      BADGE_COLORS.urgent,
    );
    expect(badgeView({ ...good, pending: [] }, now, t).text).toBe('');
  });

  it('marks signed out, missing permission and stale counts distinctly', () => {
    const pending = [makeAction(), makeAction()];
    expect(badgeView({ ...good, pending, error: { kind: 'SignedOut', message: '' } }, now, t)).toMatchObject({
      text: 'OUT',
      color: BADGE_COLORS.signedOut,
    });
    expect(badgeView({ ...good, error: { kind: 'NoPermission', message: '' } }, now, t).text).toBe('!');
    const stale = badgeView({ ...good, pending, error: { kind: 'Unavailable', message: '' } }, now, t);
    expect(stale).toMatchObject({ text: '2', color: BADGE_COLORS.stale });
    expect(stale.title).toMatch(/last known count/);
  });

  it('caps the text', () => {
    const pending = Array.from({ length: 1200 }, () => makeAction({ createdAt: now }));
    expect(badgeView({ ...good, pending }, now, t).text).toBe('999+');
  });
});
