/**
 * A pinned header cell above the pinned row controls (Pending tab, investigation Pending actions tab). Without it
 * the header shows, above our column, the clipped label of whichever portal column our cells cover. Not on
 * History: only the few rows decided through the extension carry a (pinned) mark there, the portal's last column
 * stays visible on every other row, and its label must not be covered.
 */
import { t } from '../../i18n';
import { rowInsertionPoint, SELECTOR } from '../selectors';
import { RowCell, themeClass } from '../ui/Controls';
import { useSelect } from '../store';
import type { Feature, MountEnv } from './registry';

export const gridHeader: Feature = {
  id: 'grid-header',
  hostTag: 'acc-grid-header',
  selector: SELECTOR.headerRow,
  hostRole: 'columnheader',
  pinned: true,
  // Same pages as the row controls, and only while there are actions they can show.
  applies: (ctx) =>
    ctx.actionIndex.size > 0 &&
    ((ctx.route.kind === 'actionCenter' && ctx.actionCenterTab === 'pending') || (ctx.route.kind === 'investigation' && ctx.investigationPendingTab)),
  resolve(row, ctx) {
    // Not above a grid whose rows get no controls (no id column we recognise).
    const grid = row.closest(SELECTOR.grid);
    if (!grid || ctx.columns.ofGrid(grid).approvalId === null) return null;
    const at = rowInsertionPoint(row, SELECTOR.columnHeader);
    return at && { key: 'header', props: {}, at };
  },
  view: (_props, env) => <ColumnHeader env={env} />,
};

function ColumnHeader(props: { env: MountEnv }) {
  const theme = useSelect(props.env.store, (st) => ({ theme: st.theme })).theme;
  return (
    <RowCell theme={theme}>
      <div class={`acc-theme acc-colhead${themeClass(theme)}`}>{t('page.controlsHeader')}</div>
    </RowCell>
  );
}
