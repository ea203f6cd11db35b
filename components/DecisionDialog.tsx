/**
 * Confirms a decision: lists exactly what will be decided, takes one comment for all, and locks while the
 * request is in flight. Modal: focus is trapped inside and returned on close; Escape cancels.
 * Self-contained (works in the popup and inside the content script's shadow root). Styles: components.css,
 * loaded by the host (popup/options main.tsx; the content script's shadow roots); the component imports no CSS.
 */
import { MAX_COMMENT_LENGTH } from '../utils/actions/rules';
import type { JSX } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { IMPACT_LABELS, impactOf, needsReview, type Action, type ActionImpact, type Verdict } from '../utils/actions/model';
import { formatNumber, t } from '../utils/i18n';
import { ImpactMark } from './ImpactMark';
import { actionTypeText, entityTypeText } from '@/utils/portal/contract';

export interface DecisionDialogProps {
  actions: readonly Action[];
  verdict: Verdict;
  requireComment: boolean;
  busy: boolean;
  error: string | null;
  onConfirm(comment: string): void;
  onCancel(): void;
  /**
   * In a page we do not own (the portal): confirm only on a trusted click or key press on the confirm button, and
   * cancel only on trusted input, so a page script's synthetic events cannot decide (isTrusted is false for them).
   */
  trustedInputOnly?: boolean;
}

/** Items the list shows without scrolling (max-height 180px in components.css). */
const LIST_FITS = 3;

/** Counts by label, largest first: the review summary of a bulk ("Isolate device ×3, Run antivirus scan ×1"). */
function countsBy(actions: readonly Action[], key: (a: Action) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const a of actions) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
}

export function countLabel(n: number): string {
  return t('components.countActions', n, [formatNumber(n)]);
}

export function confirmLabel(verdict: Verdict, n: number): string {
  return t(verdict === 'approve' ? 'components.confirmApprove' : 'components.confirmReject', n, [formatNumber(n)]);
}

/** "Isolate device ×3, Run antivirus scan ×1" (the labels are the portal's action and entity types). */
function countsText(counts: readonly [string, number][]): string {
  return counts.map(([label, n]) => t('components.countTimes', [label, formatNumber(n)])).join(', ');
}

/** "2 containment and 1 destructive actions". */
function impactSummary(actions: readonly Action[]): string {
  const byImpact = new Map<ActionImpact, number>();
  for (const a of actions) {
    const impact = impactOf(a);
    if (impact) byImpact.set(impact, (byImpact.get(impact) ?? 0) + 1);
  }
  const parts = [...byImpact].map(([impact, n]) => t('components.impactPart', [formatNumber(n), IMPACT_LABELS[impact].toLowerCase()]));
  const joined = parts.reduce((all, part) => (all ? t('components.impactJoin', [all, part]) : part), '');
  return t('components.impactActions', actions.length, [formatNumber(actions.length), joined]);
}

const FOCUSABLE =
  'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The focused element, looking through shadow roots (document.activeElement is only the shadow host). */
function deepActiveElement(root: Document | ShadowRoot): Element | null {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function rootOf(node: Node): Document | ShadowRoot {
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root : document;
}

export function DecisionDialog(props: DecisionDialogProps): JSX.Element {
  const { actions, verdict, requireComment, busy, error } = props;
  const [comment, setComment] = useState('');
  // Where focus was when the dialog opened (read during the first render, before anything moves it).
  const [previous] = useState(() => (typeof document === 'undefined' ? null : deepActiveElement(document)));
  const dialogRef = useRef<HTMLDivElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const onCancelRef = useRef(props.onCancel);
  onCancelRef.current = props.onCancel;
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const commentId = `${id}-comment`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const impactful = actions.filter((a) => impactOf(a) !== null);
  // A long bulk, or a bulk that isolates or deletes, needs a second, explicit yes (the first is the button).
  const friction = needsReview(actions);
  const [reviewed, setReviewed] = useState(false);
  const missingComment = requireComment && comment.trim() === '';
  const disabled = busy || missingComment || actions.length === 0 || (friction && !reviewed);
  const approving = verdict === 'approve';

  // Focus the comment box on open, in the same commit (keys typed right after opening land in it);
  // return focus where it was on close.
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return undefined;
    (commentRef.current ?? dialog).focus();
    return () => {
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, [previous]);

  // A refused decision re-enables the form after the busy phase (whose disabled confirm button dropped focus):
  // focus the comment, described by the error, so the next Tab and Escape stay in the dialog.
  useLayoutEffect(() => {
    if (error && !busy) commentRef.current?.focus();
  }, [error, busy]);

  const trustedOnly = props.trustedInputOnly === true;

  // Escape closes from anywhere, even when focus has left the dialog (the page behind is inert to the analyst).
  useEffect(() => {
    const dialog = dialogRef.current;
    const doc = dialog?.ownerDocument;
    if (!dialog || !doc) return undefined;
    const onDocKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.composedPath().includes(dialog)) return;
      if (trustedOnly && !event.isTrusted) return;
      event.preventDefault();
      onCancelRef.current();
    };
    doc.addEventListener('keydown', onDocKey);
    return () => doc.removeEventListener('keydown', onDocKey);
  }, [trustedOnly]);
  const untrusted = (event: Event) => trustedOnly && !event.isTrusted;

  function onKeyDown(event: KeyboardEvent) {
    event.stopPropagation(); // the list's shortcuts (A, R, arrows) must not fire behind the dialog
    if (untrusted(event)) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancelRef.current();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const items = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = deepActiveElement(rootOf(dialogRef.current));
    const inside = active instanceof Node && dialogRef.current.contains(active);
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }

  function submit(event: Event) {
    event.preventDefault();
    // With trusted input only, the confirm button's own click confirms (a submit event can be scripted).
    if (disabled || trustedOnly) return;
    props.onConfirm(comment.trim());
  }

  function confirmClick(event: MouseEvent) {
    if (!trustedOnly) return; // the form's submit handles it
    event.preventDefault();
    if (disabled || !event.isTrusted) return;
    props.onConfirm(comment.trim());
  }

  const describedBy = [hintId, error ? errorId : ''].filter(Boolean).join(' ');

  return (
    <div
      class="acc-theme acc-dialog-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && !busy && !untrusted(e) && props.onCancel()}
    >
      <div
        ref={dialogRef}
        class={`acc-dialog acc-dialog--${verdict}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <form class="acc-dialog__form" onSubmit={submit} aria-busy={busy}>
          <h2 id={titleId} class="acc-dialog__title">
            {t(approving ? 'components.titleApprove' : 'components.titleReject', actions.length, [formatNumber(actions.length)])}
          </h2>
          <p id={descId} class="acc-dialog__desc">
            {approving ? t('components.descApprove') : t('components.descReject')}
          </p>
          {actions.length > 1 && (
            <div class="acc-dialog__summary">
              <p>{countsText(countsBy(actions, (a) => actionTypeText(a.typeLabel)))}</p>
              <p class="acc-muted">{countsText(countsBy(actions, (a) => entityTypeText(a.entityTypeLabel)))}</p>
              {impactful.length > 0 && (
                <p class="acc-dialog__impact">
                  <ImpactMark action={impactful[0] ?? { type: '' }} />{' '}
                  {impactSummary(impactful)}
                </p>
              )}
            </div>
          )}
          {/* Focusable once it can scroll (about 3 items fit): a long list must scroll by keyboard too. */}
          <ul
            class="acc-dialog__list"
            aria-label={approving ? t('components.listApprove') : t('components.listReject')}
            tabIndex={actions.length > LIST_FITS ? 0 : undefined}
          >
            {actions.map((a) => (
              <li key={a.id} class="acc-dialog__item">
                <span class="acc-dialog__type">
                  {actionTypeText(a.typeLabel)}
                  {impactOf(a) !== null && ' '}
                  <ImpactMark action={a} />
                </span>
                <span class="acc-dialog__entity">
                  {a.entityName} <span class="acc-muted">({entityTypeText(a.entityTypeLabel)})</span>
                </span>
                <span class="acc-dialog__inv acc-muted">
                  {a.investigationId ? t('components.investigation', [a.investigationId]) : t('components.noInvestigation')}
                </span>
              </li>
            ))}
          </ul>
          <label class="acc-field__label" for={commentId}>
            {requireComment ? t('components.commentRequired') : t('components.commentOptional')}
          </label>
          <textarea
            ref={commentRef}
            id={commentId}
            class="acc-textarea"
            rows={3}
            maxLength={MAX_COMMENT_LENGTH}
            value={comment}
            required={requireComment}
            aria-required={requireComment}
            aria-invalid={missingComment && comment !== '' ? true : undefined}
            aria-describedby={describedBy}
            readOnly={busy}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
          <p id={hintId} class="acc-field__hint">
            {!requireComment
              ? t('components.hintOptional')
              : approving
                ? t('components.hintRequiredApprove')
                : t('components.hintRequiredReject')}
          </p>
          {friction && (
            <label class="acc-dialog__review">
              <input
                type="checkbox"
                class="acc-check"
                checked={reviewed}
                disabled={busy}
                onChange={(e) => setReviewed(e.currentTarget.checked)}
              />{' '}
              {impactful.length > 0
                ? t('components.reviewedIncluding', actions.length, [formatNumber(actions.length), impactSummary(impactful)])
                : t('components.reviewed', actions.length, [formatNumber(actions.length)])}
            </label>
          )}
          {error && (
            <p id={errorId} class="acc-dialog__error" role="alert">
              {error}
            </p>
          )}
          <div class="acc-dialog__buttons">
            <button type="button" class="acc-btn" onClick={(e) => !untrusted(e) && props.onCancel()}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              class={`acc-btn ${verdict === 'approve' ? 'acc-btn--primary' : 'acc-btn--danger'}`}
              disabled={disabled}
              aria-disabled={disabled}
              onClick={confirmClick}
            >
              {busy ? <span class="acc-spinner" aria-hidden="true" /> : null}
              {confirmLabel(verdict, actions.length)}
            </button>
          </div>
          <p class="acc-sr-only" role="status">
            {busy ? t('components.sending') : ''}
          </p>
        </form>
      </div>
    </div>
  );
}
