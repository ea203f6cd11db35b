/**
 * The controls beside one pending action (grid row or flyout): its age, Approve and Reject, and after a
 * decision the state instead of the buttons. Every text comes from the store; the portal's data is shown as text.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { AgeBadge } from '../../../components/AgeBadge';
import { DecisionDialog } from '../../../components/DecisionDialog';
import { ExpiryBadge } from '../../../components/ExpiryBadge';
import { expiryLevel, isExpired } from '../../actions/expiry';
import { ImpactMark } from '../../../components/ImpactMark';
import type { Verdict } from '../../actions/model';
import { t } from '../../i18n';
import { commentRequiredFor, describeAction, doneText } from '../decisions';
import { openRowDetails } from '../selectors';
import type { MountEnv } from '../features/registry';
import { useSelect, type DecisionView } from '../store';

export function themeClass(theme: 'light' | 'dark' | null): string {
  return theme ? ` acc-${theme}` : '';
}

/**
 * An invisible, zero-height copy of a row's widest controls (age, mark and time-left slots, Approve, Reject), laid
 * over the real content: every row's cell, in whatever state, and the column header above them are at least this
 * wide, so the pinned column lines up in any language (fixed pixel widths fit only English).
 */
export function RowWidth(): JSX.Element {
  return (
    <div class="acc-ctl acc-ctl--row acc-cell__width" aria-hidden="true">
      <span class="acc-age-slot" />
      <span class="acc-impact-slot" />
      <span class="acc-expiry-slot" />
      <span class="acc-btn acc-btn--small">{t('common.approve')}</span>
      <span class="acc-btn acc-btn--small">{t('common.reject')}</span>
    </div>
  );
}

/** A pinned grid cell's content over RowWidth (one grid area: the wider of the two sets the width). */
export function RowCell(props: { theme: 'light' | 'dark' | null; children: ComponentChildren }): JSX.Element {
  return (
    <div class={`acc-theme acc-cell${themeClass(props.theme)}`}>
      {props.children}
      <RowWidth />
    </div>
  );
}

export interface ControlsProps {
  readonly actionId: string;
  readonly variant: 'row' | 'flyout';
  /**
   * The flyout already offers the portal's own Approve and Reject (selectors.ts portalDecisionButtons): ours would
   * be a second pair in another style, so the flyout shows only what the portal does not (age, expiry, outcome).
   */
  readonly portalDecides?: boolean;
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
  const title = view.how === 'elsewhere' && view.decidedBy && !view.note ? t('page.decidedElsewhereBy', [view.decidedBy]) : text;
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
      {t('page.sentWaiting')}
    </span>
  );
}

/**
 * A refused or failed decision, and what to do next (the action is still pending; the Unsupported headline is its
 * own next step). In the flyout it wraps at full width. In a grid row it must not widen the pinned cell over the
 * portal's columns nor grow the portal's fixed-height row: it takes the age and expiry slots, one line cut with an
 * ellipsis; it is focusable, and on focus or hover the whole text shows in a popover (the top layer, which the
 * cell's containment does not clip). Screen readers get the whole text: it is the element's content.
 */
function ErrorMessage(props: { message: string; nextStep: boolean; variant: 'row' | 'flyout' }): JSX.Element {
  const text = props.nextStep ? t('page.errorNextStep', [props.message, t('page.stillPending')]) : props.message;
  const tip = useRef<HTMLSpanElement>(null);
  const message = useRef<HTMLSpanElement>(null);
  if (props.variant === 'flyout') {
    return (
      <span class="acc-ctl__msg" role="alert">
        {text}
      </span>
    );
  }
  const show = (e: Event) => showTip(tip.current, e.currentTarget as HTMLElement);
  const hide = () => hideTip(tip.current);
  // WCAG 1.4.13: the pointer may move onto the popover without losing it, and Escape dismisses it.
  const leave = (e: MouseEvent) => {
    const to = e.relatedTarget;
    if (to instanceof Node && (tip.current?.contains(to) || message.current?.contains(to))) return;
    hide();
  };
  return (
    <>
      <span
        ref={message}
        class="acc-ctl__msg acc-ctl__msg--row"
        role="alert"
        tabIndex={0}
        onFocus={show}
        onBlur={hide}
        onMouseEnter={show}
        onMouseLeave={leave}
        onKeyDown={(e) => e.key === 'Escape' && hide()}
      >
        {text}
      </span>
      <span ref={tip} class="acc-tip" popover="manual" aria-hidden="true" onMouseLeave={leave}>
        {text}
      </span>
    </>
  );
}

/** Shows the popover just below (or above, near the bottom) the message it explains. */
function showTip(tip: HTMLElement | null, anchor: HTMLElement): void {
  if (!tip || typeof tip.showPopover !== 'function') return;
  if (!tip.matches(':popover-open')) tip.showPopover();
  const box = anchor.getBoundingClientRect();
  const view = anchor.ownerDocument.defaultView;
  const width = tip.offsetWidth;
  const height = tip.offsetHeight;
  const left = Math.max(4, Math.min(box.right - width, (view?.innerWidth ?? width) - width - 4));
  // Touching the message (no gap), so the pointer can move onto it.
  const below = box.bottom + height <= (view?.innerHeight ?? Infinity);
  tip.style.left = `${left}px`;
  tip.style.top = `${below ? box.bottom : box.top - height}px`;
}

function hideTip(tip: HTMLElement | null): void {
  if (tip && typeof tip.hidePopover === 'function' && tip.matches(':popover-open')) tip.hidePopover();
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
  const offerButtons = !isExpired(action, s.now) && !props.portalDecides;
  const rowError = variant === 'row' && view?.phase === 'error';
  const description = describeAction(action);
  const busy = view?.phase === 'busy';
  const rowClass = `acc-theme acc-ctl acc-ctl--${variant}${themeClass(s.theme)}`;
  // In a grid row the host is the (grid)cell; in the flyout the controls are a labelled group.
  // A grid row's cell is at least as wide as a row's full controls (RowWidth), whatever it shows now.
  const inCell = (content: JSX.Element) => (variant === 'row' ? <RowCell theme={s.theme}>{content}</RowCell> : content);
  const group = variant === 'flyout' ? { role: 'group' as const, 'aria-label': t('page.flyoutGroup', [description]) } : {};

  if (view?.phase === 'waiting') {
    // Locked: the request may have reached the portal; a read that no longer lists the action ends the wait.
    return inCell(
      <div class={rowClass} {...group}>
        <WaitingBadge message={view.message} focus={s.focus} onFocused={() => env.store.set({ focusMount: null })} />
      </div>,
    );
  }

  if (view?.phase === 'done') {
    return inCell(
      <div class={rowClass} {...group}>
        <StateBadge view={view} focus={s.focus} onFocused={() => env.store.set({ focusMount: null })} />
      </div>,
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
    const verb = verdict === 'approve' ? t('common.approve') : t('common.reject');
    const label = verdict === 'approve' ? t('page.approveLabel', [description]) : t('page.rejectLabel', [description]);
    const sending = busy && view.verdict === verdict;
    return (
      <button
        type="button"
        class={`acc-btn ${variant === 'row' ? 'acc-btn--small ' : ''}${verdict === 'approve' ? 'acc-btn--primary' : 'acc-btn--danger'}`}
        aria-label={label}
        aria-disabled={busy ? 'true' : undefined}
        onClick={click(verdict)}
      >
        {sending ? <span class="acc-spinner" aria-hidden="true" /> : null}
        {verb}
      </button>
    );
  };

  return inCell(
    <div ref={root} class={rowClass} {...group} aria-busy={busy ? 'true' : undefined}>
      {variant === 'flyout' ? <span class="acc-ctl__brand">{t('page.flyoutBrand')}</span> : null}
      {rowError ? null : <AgeBadge createdAt={action.createdAt} now={s.now} thresholds={s.thresholds} compact={variant === 'row'} />}
      <ImpactMark action={action} compact={variant === 'row'} />
      {rowError ? (
        <ErrorMessage message={view.message} nextStep={!view.inPortal} variant="row" />
      ) : variant === 'row' && expiryLevel(action, s.now, s.expiry) === 'none' ? (
        <span class="acc-expiry-slot" aria-hidden="true" />
      ) : (
        <ExpiryBadge action={action} now={s.now} thresholds={s.expiry} compact={variant === 'row'} always />
      )}
      {/* Past its expiry the portal counts it as rejected: no buttons, the badge says why. */}
      {offerButtons ? button('approve') : null}
      {offerButtons ? button('reject') : null}
      {props.portalDecides && !isExpired(action, s.now) ? <span class="acc-ctl__hint">{t('page.flyoutPortalDecides')}</span> : null}
      {view?.phase === 'error' && variant === 'flyout' ? <ErrorMessage message={view.message} nextStep={!view.inPortal} variant="flyout" /> : null}
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
    </div>,
  );
}
