/**
 * How long an action has been pending: compact text ("3 h"), coloured by ageLevel, with a spoken label
 * ("Pending for 3 hours"). Self-contained: used by the popup and, inside a shadow root, by the content script.
 * Styles: components.css (`acc-age*`), loaded by the host: the popup and options import it in main.tsx; the
 * content script adopts it into its shadow roots. The component itself imports no CSS, so nothing leaks into a page.
 */
import type { JSX } from 'preact';
import { ageLevel, formatAge, type AgeThresholds } from '../utils/actions/model';
import { formatUnit, t } from '../utils/i18n';

export interface AgeBadgeProps {
  createdAt: number;
  now: number;
  thresholds: AgeThresholds;
  /** Smaller badge for dense places (grid cells). */
  compact?: boolean;
}

const UNITS: readonly [unit: 'day' | 'hour' | 'minute' | 'second', ms: number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** Long form of the same age formatAge shows: "3 hours", "12 minutes", "2 days". */
export function formatAgeLong(createdAt: number, now: number): string {
  const ms = Math.max(0, now - createdAt);
  // Match formatAge's switch points: hours up to 48 h, then days.
  const pick = ms >= 48 * 3_600_000 ? UNITS[0] : ms >= 3_600_000 ? UNITS[1] : ms >= 60_000 ? UNITS[2] : UNITS[3];
  const [unit, size] = pick ?? ['second', 1000];
  const value = Math.floor(ms / size);
  return formatUnit(value, unit, 'long');
}

/** Read when rendered, not at import: the messages are the browser's, looked up per call. */
const LEVEL_TITLES = {
  fresh: () => t('components.levelFresh'),
  warn: () => t('components.levelWarn'),
  alert: () => t('components.levelAlert'),
  critical: () => t('components.levelCritical'),
} as const;

export function AgeBadge(props: AgeBadgeProps): JSX.Element {
  const level = ageLevel(props.createdAt, props.now, props.thresholds);
  const label = t('components.pendingFor', [formatAgeLong(props.createdAt, props.now)]);
  const className = `acc-theme acc-age acc-age--${level}${props.compact ? ' acc-age--compact' : ''}`;
  // The dot is the badge's ::before, not an element: one node less on every grid row.
  return (
    <span class={className} data-level={level} title={t('components.ageTitle', [label, LEVEL_TITLES[level]()])}>
      <span aria-hidden="true">{formatAge(props.createdAt, props.now)}</span>
      <span class="acc-sr-only">{label}</span>
    </span>
  );
}
