/**
 * Marks a containment or destructive action with an icon and a word, so it never looks like a scan
 * (and never by colour alone). Renders nothing for an ordinary action.
 */
import type { JSX } from 'preact';
import { IMPACT_LABELS, impactOf, type Action } from '../utils/actions/model';

/** compact: the icon only on screen (a narrow grid cell), the word for screen readers and in the tooltip. */
export function ImpactMark(props: { action: Pick<Action, 'type'>; compact?: boolean }): JSX.Element | null {
  const impact = impactOf(props.action);
  // In a grid cell every row keeps the slot, so the buttons line up down the grid.
  if (!impact) return props.compact ? <span class="acc-impact-slot" aria-hidden="true" /> : null;
  // Glyphs the common UI fonts have (⛔ showed as a missing-glyph box in Chromium on Linux).
  const icon = impact === 'containment' ? '⊘' : '⚠';
  return (
    <span class={`acc-impact acc-impact--${impact}`} title={props.compact ? IMPACT_LABELS[impact] : undefined}>
      <span aria-hidden="true">{icon}</span>{' '}
      <span class={props.compact ? 'acc-sr-only' : 'acc-impact__word'}>{IMPACT_LABELS[impact]}</span>
    </span>
  );
}
