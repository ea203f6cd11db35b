/**
 * What the toolbar button says: the pending count, or a distinct mark when the count cannot be trusted.
 */
import type { Settings } from '../settings';
import { ERROR_HEADLINES } from '../portal/errors';
import { formatDateTime, formatNumber, formatUnit, t } from '../i18n';
import { expiresAt, expiringWithin, type ExpiryThresholds } from './expiry';
import { ageLevel } from './model';
import type { SyncState } from './types';

export interface BadgeView {
  readonly text: string;
  readonly color: string;
  readonly title: string;
}

export const BADGE_COLORS = {
  pending: '#0078d4',
  urgent: '#c50f1f',
  /** An action expires within the critical threshold: the age badge's critical red, darker than urgent. */
  expiring: '#a4262c',
  stale: '#8a8886',
  signedOut: '#605e5c',
  attention: '#ca5010',
} as const;

export function countText(n: number): string {
  // Digits as they are: the badge fits four characters, and a grouped "1,000" would not.
  return n > 999 ? '999+' : String(n);
}

export function badgeView(
  state: SyncState,
  now: number,
  thresholds: Settings['ageThresholds'],
  expiry?: ExpiryThresholds,
): BadgeView {
  const n = state.pending.length;
  const name = t('ext.name');
  if (state.error?.kind === 'SignedOut') {
    return { text: t('notify.badgeSignedOut'), color: BADGE_COLORS.signedOut, title: t('notify.badgeTitle', [name, ERROR_HEADLINES.SignedOut]) };
  }
  if (state.error?.kind === 'NoPermission') {
    return { text: '!', color: BADGE_COLORS.attention, title: t('notify.badgeTitle', [name, ERROR_HEADLINES.NoPermission]) };
  }
  if (state.error) {
    // Last known count, greyed: it may be out of date.
    return {
      text: state.lastSuccessAt === null ? '?' : countText(n),
      color: BADGE_COLORS.stale,
      title: t('notify.badgeStale', [name, ERROR_HEADLINES[state.error.kind]]),
    };
  }
  if (state.lastSuccessAt === null) return { text: '', color: BADGE_COLORS.pending, title: name };
  const urgent = state.pending.some((a) => {
    const level = ageLevel(a.createdAt, now, thresholds);
    return level === 'alert' || level === 'critical';
  });
  const expiring = expiry ? expiringWithin(state.pending, now, expiry.criticalHours * 3_600_000) : [];
  if (expiring.length > 0) {
    const first = Math.min(...expiring.map((a) => expiresAt(a)));
    return {
      text: countText(n),
      color: BADGE_COLORS.expiring,
      title: t('notify.badgeExpiring', [
        name,
        t('notify.pendingCount', n, [formatNumber(n)]),
        t('notify.expiringWithin', expiring.length, [
          formatNumber(expiring.length),
          formatUnit(expiry?.criticalHours ?? 0, 'hour', 'short'),
          formatDateTime(first, { hour: '2-digit', minute: '2-digit' }),
        ]),
      ]),
    };
  }
  return {
    text: n === 0 ? '' : countText(n),
    color: urgent ? BADGE_COLORS.urgent : BADGE_COLORS.pending,
    title: n === 0 ? t('notify.badgeNothing', [name]) : t('notify.badgeTitle', [name, t('notify.pendingCount', n, [formatNumber(n)])]),
  };
}
