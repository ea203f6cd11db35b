/**
 * Marks a containment or destructive action with an icon and a word, so it never looks like a scan
 * (and never by colour alone). Renders nothing for an ordinary action.
 */
import type { JSX } from 'preact';
import { IMPACT_LABELS, impactOf, type Action } from '../utils/actions/model';

export function ImpactMark(props: { action: Pick<Action, 'type'> }): JSX.Element | null {
  const impact = impactOf(props.action);
  if (!impact) return null;
  return (
    <span class={`acc-impact acc-impact--${impact}`}>
      <span aria-hidden="true">{impact === 'containment' ? '⛔' : '⚠'}</span> {IMPACT_LABELS[impact]}
    </span>
  );
}
