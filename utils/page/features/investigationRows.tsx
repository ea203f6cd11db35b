/**
 * Investigation page, Pending actions tab: the same controls on every row. The route's investigation id fills
 * in for rows that do not show one, and rows of another investigation never match.
 */
import { SELECTOR } from '../selectors';
import { Controls } from '../ui/Controls';
import type { Feature } from './registry';
import { probeRows, resolveActionRow, type RowProps } from './rows';

export const investigationRows: Feature<RowProps> = {
  id: 'investigation-pending-rows',
  hostTag: 'acc-inv-row-controls',
  selector: SELECTOR.row,
  lazy: true,
  hostRole: 'gridcell',
  pinned: true,
  applies: (ctx) => ctx.route.kind === 'investigation' && ctx.investigationPendingTab,
  resolve: (row, ctx) => (ctx.route.kind === 'investigation' ? resolveActionRow(row, ctx, ctx.route.id) : null),
  probe: probeRows,
  view: (props, env) => <Controls env={env} actionId={props.actionId} variant="row" />,
};
