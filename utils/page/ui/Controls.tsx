/**
 * The controls beside one pending action (grid row or flyout): its age, Approve and Reject, and after a
 * decision the state instead of the buttons. Every text comes from the store; the portal's data is shown as text.
 */
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { AgeBadge } from '../../../components/AgeBadge';
import { DecisionDialog } from '../../../components/DecisionDialog';
import { ExpiryBadge } from '../../../components/ExpiryBadge';
import { expiryLevel, isExpired } from '../../actions/expiry';
import { ImpactMark } from '../../../components/ImpactMark';
import type { Action, Verdict } from '../../actions/model';
import { SENT_WAITING } from '../../actions/outcomes';
import { commentRequiredFor, doneText } from '../decisions';
import { openRowDetails } from '../selectors';
import type { MountEnv } from '../features/registry';
import { useSelect, type DecisionView } from '../store';

export function describeAction(action: Action): string {
  return `${action.typeLabel} on ${action.entityName}`;
}

export function themeClass(theme: 'light' | 'dark' | null): string {
  return theme ? ` acc-${theme}` : '';
}

export interface ControlsProps {
  readonly actionId: string;
  readonly variant: 'row' | 'flyout';
}

/** Focuses the element when asked (the button that had focus was replaced by it): keyboard users stay in the row. */
function useTakeFocus(focus: boolean, onFocused: () => void) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!focus) return;
    ref.current?.focus();
    onFocused();
  }, [focus, onFocused]);
  return ref;
}

function StateBadge(props: { view: Extract<DecisionView, { phase: 'done' }>; focus: boolean; onFocused(): void }): JSX.Element {
  const { view, focus, onFocused } = props;
  const ref = useTakeFocus(focus, onFocused);
  const text = doneText(view);
  const title = view.how === 'elsewhere' && view.decidedBy && !view.note ? `${text} by ${view.decidedBy}` : text;
  return (
    <span ref={ref} class={`acc-state acc-state--${view.how}`} tabIndex={-1} title={title}>
      {text}
    </span>
  );
}

/** Sent, waiting for the portal. Not a live region: the page layer announces the outcome once. */
function WaitingBadge(props: { message: string; focus: boolean; onFocused(): void }): JSX.Element {
  const ref = useTakeFocus(props.focus, props.onFocused);
  return (
    <span ref={ref} class="acc-state acc-state--waiting" tabIndex={-1} title={props.message}>
      {SENT_WAITING}
    </span>
  );
}

export function Controls(props: ControlsProps & { env: MountEnv }): JSX.Element | null {
  const { env, actionId, variant } = props;
  const s = useSelect(env.store, (st) => ({
    action: st.actions.get(actionId),
    view: st.decisions.get(actionId),
    now: st.now,
    thresholds: st.settings.ageThresholds,
    expiry: st.settings.expiryThresholds,
    theme: st.theme,
    dialog: st.dialog && st.dialog.owner === env.mountId ? st.dialog : null,
    requireComment: st.dialog ? commentRequiredFor(st.dialog, st) : false,
    focus: st.focusMount === env.mountId,
  }));
  const { action, view } = s;
  const root = useRef<HTMLDivElement>(null);
  const clicked = useRef(false);
  const inPortal = view?.phase === 'error' && view.inPortal === true;
  useEffect(() => {
    // The portal did not take our request: the analyst's click opens the row's own flyout, whose Approve teaches us.
    if (!inPortal || !clicked.current || variant !== 'row' || !root.current) return;
    clicked.current = false;
    openRowDetails(root.current);
  }, [inPortal, variant]);
  if (!action) return null;
  const description = describeAction(action);
  const busy = view?.phase === 'busy';
  const rowClass = `acc-theme acc-ctl acc-ctl--${variant}${themeClass(s.theme)}`;
  // In a grid row the host is the (grid)cell; in the flyout the controls are a labelled group.
  const group = variant === 'flyout' ? { role: 'group' as const, 'aria-label': `Companion: ${description}` } : {};

  if (view?.phase === 'waiting') {
    // Locked: the request may have reached the portal; a read that no longer lists the action ends the wait.
    return (
      <div class={rowClass} {...group}>
        <WaitingBadge message={view.message} focus={s.focus} onFocused={() => env.store.set({ focusMount: null })} />
      </div>
    );
  }

  if (view?.phase === 'done') {
    return (
      <div class={rowClass} {...group}>
        <StateBadge view={view} focus={s.focus} onFocused={() => env.store.set({ focusMount: null })} />
      </div>
    );
  }

  const click = (verdict: Verdict) => (e: MouseEvent) => {
    e.preventDefault();
    // Only the analyst's own input: a portal script's synthetic click (isTrusted false) decides nothing.
    if (busy || !e.isTrusted) return;
    clicked.current = true;
    env.decisions.start(actionId, verdict, { owner: variant === 'flyout' ? env.mountId : null, opener: env.mountId });
  };
  const button = (verdict: Verdict) => {
    const verb = verdict === 'approve' ? 'Approve' : 'Reject';
    const sending = busy && view.verdict === verdict;
    return (
      <button
        type="button"
        class={`acc-btn ${variant === 'row' ? 'acc-btn--small ' : ''}${verdict === 'approve' ? 'acc-btn--primary' : 'acc-btn--danger'}`}
        aria-label={`${verb}: ${description}`}
        aria-disabled={busy ? 'true' : undefined}
        onClick={click(verdict)}
      >
        {sending ? <span class="acc-spinner" aria-hidden="true" /> : null}
        {verb}
      </button>
    );
  };

  return (
    <div ref={root} class={rowClass} {...group} aria-busy={busy ? 'true' : undefined}>
      {variant === 'flyout' ? <span class="acc-ctl__brand">Action Center Companion</span> : null}
      <AgeBadge createdAt={action.createdAt} now={s.now} thresholds={s.thresholds} compact={variant === 'row'} />
      <ImpactMark action={action} compact={variant === 'row'} />
      {variant === 'row' && expiryLevel(action, s.now, s.expiry) === 'none' ? (
        <span class="acc-expiry-slot" aria-hidden="true" />
      ) : (
        <ExpiryBadge action={action} now={s.now} thresholds={s.expiry} compact={variant === 'row'} always />
      )}
      {/* Past its expiry the portal counts it as rejected: no buttons, the badge says why. */}
      {isExpired(action, s.now) ? null : button('approve')}
      {isExpired(action, s.now) ? null : button('reject')}
      {view?.phase === 'error' ? (
        <span class="acc-ctl__msg" role="alert" title={view.message}>
          {view.message}
        </span>
      ) : null}
      {s.dialog ? (
        <DecisionDialog
          actions={[action]}
          verdict={s.dialog.verdict}
          requireComment={s.requireComment}
          busy={busy}
          error={null}
          onConfirm={(comment) => env.decisions.confirm(comment)}
          onCancel={() => env.decisions.cancel()}
          trustedInputOnly
        />
      ) : null}
    </div>
  );
}
