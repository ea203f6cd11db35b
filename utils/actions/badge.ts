/**
 * What the toolbar button says: the pending count, or a distinct mark when the count cannot be trusted.
 */
import type { Settings } from '../settings';
import { ERROR_HEADLINES } from '../portal/errors';
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
  stale: '#8a8886',
  signedOut: '#605e5c',
  attention: '#ca5010',
} as const;

export function countText(n: number): string {
  return n > 999 ? '999+' : String(n);
}

export function badgeView(state: SyncState, now: number, thresholds: Settings['ageThresholds']): BadgeView {
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
  return {
    text: n === 0 ? '' : countText(n),
    color: urgent ? BADGE_COLORS.urgent : BADGE_COLORS.pending,
    title: n === 0 ? `${name}: nothing pending` : `${name}: ${n} pending action${n === 1 ? '' : 's'}`,
  };
}
