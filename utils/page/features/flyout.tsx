/**
 * The row flyout (the portal's side panel for one action): the age, expiry and outcome beside the portal's own
 * Approve/Reject, and our buttons only where the portal shows none (one pair, never two in different styles).
 * The flyout is recognised by the ids it shows (values, never labels); when it shows none we know, by the
 * selected row of a grid whose id column we recognise.
 */
import type { Action } from '../../actions/model';
import { matchRow, matchValues, type MatchResult } from '../match';
import { flyoutInsertionPoint, isDecidedWord, leafTexts, portalDecisionButtons, SELECTOR, selectedRow } from '../selectors';
import { Controls } from '../ui/Controls';
import type { Feature, PageContext } from './registry';

interface FlyoutProps {
  readonly actionId: string;
  /** The portal's own Approve/Reject are there: ours stay away (one pair, the portal's). */
  readonly portalDecides: boolean;
}

function flyoutAction(texts: readonly string[], ctx: PageContext): MatchResult<Action> {
  const byValues = matchValues(texts, ctx.actionIndex);
  if (byValues.kind !== 'none') return byValues;
  const row = selectedRow(ctx.doc);
  if (!row || ctx.columns.ofRow(row).approvalId === null) return byValues;
  const investigationId = ctx.route.kind === 'investigation' ? ctx.route.id : null;
  const keys = ctx.columns.readRow(row);
  if (keys.decision !== null) return { kind: 'none' };
  return matchRow<Action>(keys, ctx.actionIndex, investigationId);
}

export const flyout: Feature<FlyoutProps> = {
  id: 'row-flyout',
  hostTag: 'acc-flyout-controls',
  selector: SELECTOR.flyout,
  applies: (ctx) => ctx.route.kind === 'actionCenter' || ctx.route.kind === 'investigation',
  resolve(dialog, ctx) {
    const texts = leafTexts(dialog);
    const match = flyoutAction(texts, ctx);
    if (match.kind !== 'match') return null;
    const action = match.target;
    if (ctx.route.kind === 'investigation' && action.investigationId !== null && action.investigationId !== ctx.route.id) return null;
    // The flyout says decided and we did not see it happen: never offer a stale Approve.
    if (texts.some(isDecidedWord) && ctx.state.decisions.get(action.id)?.phase !== 'done') return null;
    const at = flyoutInsertionPoint(dialog);
    if (!at) return null;
    return { key: action.id, props: { actionId: action.id, portalDecides: portalDecisionButtons(dialog) }, at, block: true };
  },
  probe: (_ctx, mounted) => (mounted > 0 ? 'worked' : null),
  view: (props, env) => <Controls env={env} actionId={props.actionId} variant="flyout" portalDecides={props.portalDecides} />,
};
