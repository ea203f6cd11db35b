/**
 * The page layer: one host at the end of <body> for what must not live inside a grid row — the confirmation
 * dialog opened from a row (a fixed overlay inside a row could be clipped or covered) — and the one polite
 * live region that announces decision outcomes.
 */
import type { JSX } from 'preact';
import { DecisionDialog } from '../../../components/DecisionDialog';
import type { Action } from '../../actions/model';
import { commentRequiredFor, type Decisions } from '../decisions';
import { useSelect, type Store } from '../store';
import { themeClass } from './Controls';

export function Layer(props: { store: Store; decisions: Decisions }): JSX.Element {
  const { store, decisions } = props;
  const s = useSelect(store, (st) => ({
    dialog: st.dialog && st.dialog.owner === null ? st.dialog : null,
    actions: st.actions,
    decisionsMap: st.decisions,
    requireComment: st.dialog ? commentRequiredFor(st.dialog, st) : false,
    announcement: st.announcement,
    theme: st.theme,
  }));
  const actions = s.dialog
    ? s.dialog.actionIds.map((id) => s.actions.get(id)).filter((a): a is Action => a !== undefined)
    : [];
  const busy = s.dialog ? s.dialog.actionIds.some((id) => s.decisionsMap.get(id)?.phase === 'busy') : false;
  return (
    <div class={`acc-theme acc-layer${themeClass(s.theme)}`}>
      {s.dialog ? (
        <DecisionDialog
          actions={actions}
          verdict={s.dialog.verdict}
          requireComment={s.requireComment}
          busy={busy}
          error={null}
          onConfirm={(comment) => decisions.confirm(comment)}
          onCancel={() => decisions.cancel()}
          trustedInputOnly
        />
      ) : null}
      <p class="acc-sr-only" role="status" aria-live="polite">
        {s.announcement}
      </p>
    </div>
  );
}
