/**
 * Time left before the portal's 7-day expiry: compact text ("expires in 18 h"), coloured by expiryLevel, a spoken
 * label ("Expires in 18 hours, at 14:05") and the exact time in the tooltip, in the analyst's locale and zone.
 * Self-contained like AgeBadge (styles: components.css `acc-expiry*`, coloured with the age badge's variables), so the content script can
 * mount it in a shadow root.
 */
import type { JSX } from 'preact';
import {
  expiresAt,
  expiryLevel,
  expirySentence,
  formatExactTime,
  formatTimeLeft,
  type ExpiryThresholds,
} from '../utils/actions/expiry';
import type { Action } from '../utils/actions/model';
import { t } from '../utils/i18n';

export interface ExpiryBadgeProps {
  action: Pick<Action, 'createdAt' | 'startedAt' | 'expiresAt'>;
  now: number;
  thresholds: ExpiryThresholds;
  /** Show it even while the expiry is far (level none); the portal rows show it only when it matters. */
  always?: boolean;
  compact?: boolean;
}

export function ExpiryBadge(props: ExpiryBadgeProps): JSX.Element | null {
  const level = expiryLevel(props.action, props.now, props.thresholds);
  if (level === 'none' && !props.always) return null;
  const at = expiresAt(props.action);
  const left = at - props.now;
  const spoken = expirySentence(props.action, props.now);
  const visible =
    left <= 0
      ? t('components.expiredShort')
      : props.compact
        ? t('components.timeLeft', [formatTimeLeft(left)])
        : t('components.expiresInShort', [formatTimeLeft(left)]);
  const className = `acc-theme acc-expiry acc-expiry--${level}${props.compact ? ' acc-expiry--compact' : ''}`;
  return (
    <span class={className} data-expiry={level} title={t('components.expiryTitle', [spoken, formatExactTime(at)])}>
      <span aria-hidden="true">{visible}</span>
      <span class="acc-sr-only">{spoken}</span>
    </span>
  );
}
