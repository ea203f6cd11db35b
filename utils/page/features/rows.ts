/**
 * Shared by the features that put controls on grid rows (Action center Pending, investigation Pending actions).
 */
import type { Action } from '../../actions/model';
import { matchRow } from '../match';
import type { CompatStatus } from '../compat';
import { hasUnrecognisedRows, rowInsertionPoint, saysDecided, SELECTOR } from '../selectors';
import type { PageContext, Placement } from './registry';

export interface RowProps {
  readonly actionId: string;
}

/**
 * The row's action, when exactly one matches and the row does not contradict it; else nothing. A grid whose id
 * column we cannot recognise gets nothing at all (its rows would only match on weaker keys: no guessing).
 */
export function resolveActionRow(row: Element, ctx: PageContext, investigationId: string | null): Placement<RowProps> | null {
  if (ctx.columns.ofRow(row).approvalId === null) return null;
  const keys = ctx.columns.readRow(row);
  const match = matchRow<Action>(keys, ctx.actionIndex, investigationId);
  if (match.kind !== 'match') return null;
  const action = match.target;
  if (investigationId !== null && action.investigationId !== null && action.investigationId !== investigationId) return null;
  // The portal's row already says decided and we did not see it happen: never offer a stale Approve.
  if (saysDecided(keys) && ctx.state.decisions.get(action.id)?.phase !== 'done') return null;
  const at = rowInsertionPoint(row);
  if (!at) return null;
  return { key: action.id, props: { actionId: action.id }, at };
}

/**
 * Whether the row controls can work on this page: a grid's rows are found and its id column is recognised
 * ('worked'); rows are there but not recognised as rows, or without an id column while actions are pending
 * ('missing': the controls stay off); nothing to tell yet (null).
 */
export function probeRows(ctx: PageContext): CompatStatus | null {
  if (ctx.actionIndex.size === 0) return null;
  const row = ctx.doc.querySelector(SELECTOR.row);
  if (row) return ctx.columns.ofRow(row).approvalId !== null ? 'worked' : 'missing';
  return hasUnrecognisedRows(ctx.doc) ? 'missing' : null;
}
