/**
 * What the toolbar button says: the pending count, or a distinct mark when the count cannot be trusted.
 */
import type { Settings } from '../settings';
import { ERROR_HEADLINES } from '../portal/errors';
import { expiresAt, expiringWithin, formatClock, type ExpiryThresholds } from './expiry';
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
  return n > 999 ? '999+' : String(n);
}

export function badgeView(
  state: SyncState,
  now: number,
  thresholds: Settings['ageThresholds'],
  expiry?: ExpiryThresholds,
): BadgeView {
  const n = state.pending.length;
  const name = 'Action Center Companion';
  if (state.error?.kind === 'SignedOut') {
    return { text: 'OUT', color: BADGE_COLORS.signedOut, title: `${name}: ${ERROR_HEADLINES.SignedOut}` };
  }
  if (state.error?.kind === 'NoPermission') {
    return { text: '!', color: BADGE_COLORS.attention, title: `${name}: ${ERROR_HEADLINES.NoPermission}` };
  }
  if (state.error) {
    // Last known count, greyed: it may be out of date.
    return {
      text: state.lastSuccessAt === null ? '?' : countText(n),
      color: BADGE_COLORS.stale,
      title: `${name}: ${ERROR_HEADLINES[state.error.kind]} — showing the last known count`,
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
      title: `${name}: ${n} pending action${n === 1 ? '' : 's'}; ${expiring.length} expire${expiring.length === 1 ? 's' : ''} within ${expiry?.criticalHours ?? 0} h, the first at ${formatClock(first)}`,
    };
  }
  return {
    text: n === 0 ? '' : countText(n),
    color: urgent ? BADGE_COLORS.urgent : BADGE_COLORS.pending,
    title: n === 0 ? `${name}: nothing pending` : `${name}: ${n} pending action${n === 1 ? '' : 's'}`,
  };
}
