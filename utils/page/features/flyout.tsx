/**
 * The row flyout (the portal's side panel for one action): the same controls beside the portal's own buttons.
 * The flyout is matched by the ids it shows; when it shows none we can read, by the selected row.
 */
import type { Action } from '../../actions/model';
import { matchRow } from '../match';
import {
  EMPTY_KEYS,
  flyoutInsertionPoint,
  isEmptyKeys,
  readFlyoutKeys,
  readRowKeys,
  SELECTOR,
  saysDecided,
  selectedRow,
} from '../selectors';
import { Controls } from '../ui/Controls';
import type { Feature } from './registry';
import type { RowProps } from './rows';

export const flyout: Feature<RowProps> = {
  id: 'row-flyout',
  hostTag: 'acc-flyout-controls',
  selector: SELECTOR.flyout,
  applies: (ctx) => ctx.route.kind === 'actionCenter' || ctx.route.kind === 'investigation',
  resolve(dialog, ctx) {
    let keys = readFlyoutKeys(dialog);
    if (isEmptyKeys(keys)) {
      const row = selectedRow(ctx.doc);
      keys = row ? readRowKeys(row) : EMPTY_KEYS;
    }
    const investigationId = ctx.route.kind === 'investigation' ? ctx.route.id : null;
    const match = matchRow<Action>(keys, ctx.actionIndex, investigationId);
    if (match.kind !== 'match') return null;
    const action = match.target;
    if (saysDecided(keys) && ctx.state.decisions.get(action.id)?.phase !== 'done') return null;
    const at = flyoutInsertionPoint(dialog);
    if (!at) return null;
    return { key: action.id, props: { actionId: action.id }, at, block: true };
  },
  view: (props, env) => <Controls env={env} actionId={props.actionId} variant="flyout" />,
};
