/**
 * The content script's small settings reader agrees with utils/settings.ts: same defaults, same repairs, same
 * storage key (so what the options page saves is what the page uses).
 */
import { describe, expect, it, vi } from 'vitest';
import { loadPageSettings, PAGE_DEFAULTS, pageSettingsFrom, watchPageSettings, type PageSettings } from '@/utils/page/settings';
import { DEFAULT_SETTINGS, loadSettings, repairSettings, saveSettings, type Settings } from '@/utils/settings';

function pick(s: Settings): PageSettings {
  return {
    ageThresholds: s.ageThresholds,
    expiryThresholds: s.expiryThresholds,
    confirmApprove: s.confirmApprove,
    requireRejectComment: s.requireRejectComment,
    requireApproveComment: s.requireApproveComment,
    requireCommentForDestructive: s.requireCommentForDestructive,
    confirmDestructive: s.confirmDestructive,
  };
}

describe('page settings', () => {
  it('has the same defaults', () => {
    expect(PAGE_DEFAULTS).toEqual(pick(DEFAULT_SETTINGS));
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['not an object', 'yes'],
    ['an array', []],
    ['valid values', { ...DEFAULT_SETTINGS, confirmApprove: false, requireApproveComment: true, ageThresholds: { warnMinutes: 5, alertMinutes: 10, criticalMinutes: 20 } }],
    ['a wrong flag type', { ...DEFAULT_SETTINGS, confirmApprove: 'no', requireRejectComment: false }],
    ['thresholds out of order', { ...DEFAULT_SETTINGS, ageThresholds: { warnMinutes: 50, alertMinutes: 10, criticalMinutes: 20 } }],
    ['a partial threshold group', { ...DEFAULT_SETTINGS, ageThresholds: { warnMinutes: 30 } }],
    ['fractional minutes', { ...DEFAULT_SETTINGS, ageThresholds: { warnMinutes: 1.5, alertMinutes: 10, criticalMinutes: 20 } }],
    ['zero minutes', { ...DEFAULT_SETTINGS, ageThresholds: { warnMinutes: 0, alertMinutes: 10, criticalMinutes: 20 } }],
    ['only some fields', { requireRejectComment: false }],
    ['custom expiry thresholds', { ...DEFAULT_SETTINGS, expiryThresholds: { warnHours: 72, alertHours: 12, criticalHours: 2 } }],
    ['expiry thresholds out of order', { ...DEFAULT_SETTINGS, expiryThresholds: { warnHours: 4, alertHours: 24, criticalHours: 48 } }],
    ['expiry hours past the week', { ...DEFAULT_SETTINGS, expiryThresholds: { warnHours: 200, alertHours: 24, criticalHours: 4 } }],
  ])('repairs %s as repairSettings does', (_name, stored) => {
    expect(pageSettingsFrom(stored)).toEqual(pick(repairSettings(stored)));
  });

  it('reads what saveSettings wrote, and hears changes', async () => {
    const next: Settings = { ...DEFAULT_SETTINGS, confirmApprove: false, ageThresholds: { warnMinutes: 2, alertMinutes: 3, criticalMinutes: 4 } };
    await saveSettings(next);
    expect(await loadPageSettings()).toEqual(pick(await loadSettings()));
    const heard = vi.fn();
    const stop = watchPageSettings(heard);
    await saveSettings({ ...next, requireRejectComment: false });
    await vi.waitFor(() => expect(heard).toHaveBeenCalledWith({ ...pick(next), requireRejectComment: false }));
    stop();
  });
});
