/**
 * Action center, History tab: rows whose decision was made through the extension are marked "via Companion"
 * (from the local audit log: applied decisions only).
 */
import { matchRow } from '../match';
import { rowInsertionPoint, SELECTOR } from '../selectors';
import { ViaCompanion } from '../ui/Chips';
import type { Feature } from './registry';

export const historyMarks: Feature<{ title: string }> = {
  id: 'history-marks',
  hostTag: 'acc-history-mark',
  selector: SELECTOR.row,
  lazy: true,
  hostRole: 'gridcell',
  pinned: true,
  applies: (ctx) => ctx.route.kind === 'actionCenter' && ctx.actionCenterTab === 'history' && ctx.auditIndex.size > 0,
  resolve(row, ctx) {
    // Only in a grid whose id column we recognise (columns.ts): never a mark on a guess.
    if (ctx.columns.ofRow(row).approvalId === null) return null;
    const match = matchRow(ctx.columns.readRow(row), ctx.auditIndex);
    if (match.kind !== 'match') return null;
    const at = rowInsertionPoint(row);
    if (!at) return null;
    return { key: match.target.id, props: { title: match.target.title }, at };
  },
  view: (props, env) => <ViaCompanion env={env} title={props.title} />,
};
