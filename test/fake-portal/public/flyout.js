// @ts-check
/** The row flyout (Fluent Panel) with the portal's own Approve / Reject, and the comment prompt. */

import { CONFIG } from './config.js';
import { sendDecision } from './decision.js';
import { h, icon } from './dom.js';
import { DASH, actionIdOf, entityNameOf, field, fieldText, formatTime, investigationIdOf, investigationPath, labelOf } from './items.js';
import { t, tValue } from './language.js';
import { failureBar, failureState, messageBar } from './messagebar.js';
import { navigate } from './router.js';

/** @typedef {import('./items.js').Item} Item */

/** @type {{ close(): void, actionId: string | null } | null} */
let openFlyout = null;

/** The action id of the open flyout, if any. */
export function flyoutActionId() {
  return openFlyout?.actionId ?? null;
}

export function closeFlyout() {
  openFlyout?.close();
  openFlyout = null;
}

/**
 * @param {Item} item
 * @param {{ pending: boolean, onClose: () => void, onDecided: (message: string) => void }} options
 */
export function showFlyout(item, options) {
  closeFlyout();
  const titleId = 'fp-flyout-title';
  const typeLabel = labelOf(CONFIG.actionTypeLabels, fieldText(item, 'ActionType')) ?? 'Action';
  const status = h('div', { class: 'fp-flyout-status' });

  /** @param {string} label @param {string | null} value @param {string | null} [href] */
  const pair = (label, value, href = null) =>
    h(
      'div',
      { class: 'fp-field' },
      h('dt', {}, label),
      h('dd', { title: value ?? null }, href && value !== null ? h('a', { class: 'ms-Link fp-link', href }, value) : (value ?? DASH)),
    );

  const investigationHref = investigationPath(item);
  const details = h(
    'dl',
    { class: 'fp-fields' },
    pair(t('Approval ID'), fieldText(item, 'BulkId')),
    pair(t('Investigation ID'), investigationIdOf(item), investigationHref),
    pair(t('Action type'), typeLabel),
    pair(t('Asset'), fieldText(item, 'ComputerName')),
    pair(t('Decision'), tValue(fieldText(item, 'ActionDecision'))),
    pair(t('Entity'), entityNameOf(item)),
    pair(t('Entity type'), labelOf(CONFIG.entityTypeLabels, fieldText(item, 'EntityType'))),
    pair(t('Action source'), labelOf(CONFIG.actionSourceLabels, fieldText(item, 'ActionSource'))),
    pair(t('Status'), tValue(fieldText(item, 'ActionStatus'))),
    pair(t('Decided by'), fieldText(item, 'DecidedBy')),
    pair(t('Comment'), fieldText(item, 'Comment')),
    pair(t('Product'), fieldText(item, 'Product')),
    pair(t('Start time'), formatTime(field(item, 'StartTime'))),
    pair(t('Action update time'), formatTime(field(item, 'EventTime'))),
  );

  const openInvestigation = h(
    'button',
    { type: 'button', class: 'ms-Button ms-Button--default fp-button', disabled: investigationHref === null, onclick: () => investigationHref && navigate(investigationHref) },
    t('Open investigation page'),
  );
  const buttons = h('div', { class: 'fp-flyout-buttons' }, openInvestigation);
  /** @type {HTMLButtonElement[]} */
  const decisionButtons = [];
  if (options.pending) {
    const approve = h('button', { type: 'button', class: 'ms-Button ms-Button--primary fp-button fp-button-primary', onclick: () => void decide('Approve') }, t('Approve'));
    const reject = h('button', { type: 'button', class: 'ms-Button ms-Button--default fp-button', onclick: () => void decide('Reject') }, t('Reject'));
    decisionButtons.push(approve, reject);
    buttons.append(approve, reject);
  }

  const close = h('button', { type: 'button', class: 'ms-Panel-closeButton fp-topbar-button fp-close', 'aria-label': t('Close'), onclick: () => {
    closeFlyout();
    options.onClose();
  } }, icon('close'));
  const panel = h(
    'div',
    { class: 'ms-Panel-main fp-flyout', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': titleId },
    h('div', { class: 'ms-Panel-commands' }, close),
    h(
      'div',
      { class: 'ms-Panel-header' },
      h('h2', { class: 'ms-Panel-headerText', id: titleId, title: typeLabel }, typeLabel),
      h('p', { class: 'fp-flyout-subtitle' }, options.pending ? t('Pending approval') : t('Action history')),
    ),
    h('div', { class: 'ms-Panel-scrollableContent' }, h('div', { class: 'ms-Panel-content' }, status, h('h3', { class: 'fp-section' }, t('Action details')), details)),
    h('div', { class: 'ms-Panel-footer' }, h('div', { class: 'ms-Panel-footerInner' }, buttons)),
  );
  const layer = h('div', { class: 'ms-Layer fp-layer' }, h('div', { class: 'ms-Panel is-open fp-panel' }, panel));
  document.body.append(layer);

  const onKey = (/** @type {KeyboardEvent} */ event) => {
    if (event.key === 'Escape' && !document.querySelector('.fp-modal')) {
      closeFlyout();
      options.onClose();
    }
  };
  document.addEventListener('keydown', onKey);

  /** @param {'Approve' | 'Reject'} verdict */
  async function decide(verdict) {
    const id = actionIdOf(item);
    if (id === null) return;
    const comment = await askComment(verdict, typeLabel, fieldText(item, 'BulkId'));
    if (comment === null) return;
    for (const b of decisionButtons) b.disabled = true;
    status.replaceChildren(messageBar('info', verdict === 'Approve' ? 'Approving…' : 'Rejecting…'));
    const res = await sendDecision(verdict, item, id, comment);
    if (!layer.isConnected) return;
    if (!res.ok && res.status === 409) {
      options.onDecided('This action was already decided.');
      return;
    }
    if (!res.ok) {
      status.replaceChildren(failureBar(res));
      for (const b of decisionButtons) b.disabled = false;
      if (res.kind === 'signedOut') failureState(res);
      return;
    }
    const outcome = res.outcome;
    const message = res.message ?? `Decision sent (${outcome}).`;
    if (outcome === 'Approved' || outcome === 'Rejected' || outcome === 'AlreadyDecided') {
      options.onDecided(message);
      return;
    }
    status.replaceChildren(messageBar('error', h('strong', {}, 'The action was not updated. '), message));
    for (const b of decisionButtons) b.disabled = false;
  }

  openFlyout = {
    actionId: actionIdOf(item),
    close() {
      document.removeEventListener('keydown', onKey);
      layer.remove();
    },
  };
  close.focus({ preventScroll: true });
}

/**
 * The portal's comment prompt: a small modal in the page (never window.prompt). Resolves to the comment, or
 * null when cancelled. role=alertdialog: it asks for confirmation, and is not the row flyout.
 * @param {'Approve' | 'Reject'} verdict @param {string} typeLabel @param {string | null} approvalId
 * @returns {Promise<string | null>}
 */
function askComment(verdict, typeLabel, approvalId) {
  return new Promise((resolve) => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const titleId = 'fp-modal-title';
    const textarea = h('textarea', { id: 'fp-comment', class: 'fp-textarea', rows: 4, maxlength: 1000, placeholder: t('Add a comment for the record') });
    const done = (/** @type {string | null} */ value) => {
      document.removeEventListener('keydown', onKey, true);
      overlay.remove();
      previous?.focus({ preventScroll: true });
      resolve(value);
    };
    const confirm = h('button', { type: 'button', class: 'ms-Button ms-Button--primary fp-button fp-button-primary', onclick: () => done(textarea.value.trim()) }, t('Confirm'));
    const cancel = h('button', { type: 'button', class: 'ms-Button ms-Button--default fp-button', onclick: () => done(null) }, t('Cancel'));
    const dialog = h(
      'div',
      { class: 'ms-Modal-scrollableContent fp-modal-box', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': titleId, 'aria-describedby': 'fp-modal-text' },
      h('h2', { class: 'fp-modal-title', id: titleId }, t(verdict === 'Approve' ? 'Approve this action?' : 'Reject this action?')),
      h('p', { id: 'fp-modal-text', class: 'fp-modal-text', title: typeLabel }, `${typeLabel}${approvalId ? ` (Approval ID ${approvalId})` : ''}`),
      h('label', { for: 'fp-comment', class: 'fp-label' }, t('Comment (optional)')),
      textarea,
      h('div', { class: 'fp-modal-buttons' }, confirm, cancel),
    );
    const overlay = h('div', { class: 'ms-Modal fp-modal' }, h('div', { class: 'ms-Overlay fp-overlay' }), dialog);
    const onKey = (/** @type {KeyboardEvent} */ event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        done(null);
      } else if (event.key === 'Tab') {
        const focusable = [textarea, confirm, cancel];
        const i = focusable.indexOf(/** @type {never} */ (document.activeElement));
        const next = focusable[(i + (event.shiftKey ? focusable.length - 1 : 1)) % focusable.length];
        event.preventDefault();
        next?.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    document.body.append(overlay);
    textarea.focus();
  });
}
