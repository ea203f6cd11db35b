/**
 * Action center, Pending tab: on every row that shows a pending action, its age and Approve / Reject.
 */
import { SELECTOR } from '../selectors';
import { Controls } from '../ui/Controls';
import type { Feature } from './registry';
import { probeRows, resolveActionRow, type RowProps } from './rows';

export const pendingRows: Feature<RowProps> = {
  id: 'action-center-pending-rows',
  hostTag: 'acc-row-controls',
  selector: SELECTOR.row,
  lazy: true,
  hostRole: 'gridcell',
  pinned: true,
  applies: (ctx) => ctx.route.kind === 'actionCenter' && ctx.actionCenterTab === 'pending',
  resolve: (row, ctx) => resolveActionRow(row, ctx, null),
  probe: probeRows,
  view: (props, env) => <Controls env={env} actionId={props.actionId} variant="row" />,
};
