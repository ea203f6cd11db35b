// @ts-check
/** Fluent message bars, and what a failed request shows. */

import { h, icon } from './dom.js';
import { setPageState } from './state.js';

/** @typedef {import('./dom.js').Child} Child @typedef {import('./api.js').ApiResult} ApiResult */

/** @param {'error' | 'success' | 'info' | 'warning'} kind @param {(Child | Child[])[]} content */
export function messageBar(kind, ...content) {
  const glyph = kind === 'error' ? 'error' : kind === 'success' ? 'success' : 'info';
  return h(
    'div',
    { class: `ms-MessageBar ms-MessageBar--${kind} fp-messagebar`, role: kind === 'error' || kind === 'warning' ? 'alert' : 'status' },
    icon(glyph, 'fp-messagebar-icon'),
    h('div', { class: 'fp-messagebar-text' }, ...content),
  );
}

/** What a failed request shows: session expired (with a reload link) or "Something went wrong" + status. */
export function failureBar(/** @type {Extract<ApiResult, { ok: false }>} */ failure) {
  if (failure.kind === 'signedOut') {
    return messageBar(
      'warning',
      h('strong', {}, 'Your session has expired. '),
      'Sign in again to keep working. ',
      h('a', { href: location.pathname + location.search, class: 'fp-reload', 'data-reload': 'true', onclick: (/** @type {Event} */ e) => {
        e.preventDefault();
        location.reload();
      } }, 'Reload the page'),
    );
  }
  const status = failure.status === null ? failure.kind === 'network' ? 'network error' : failure.kind : `status ${failure.status}`;
  return messageBar('error', h('strong', {}, 'Something went wrong'), ` (${status}). `, failure.message);
}

/** @param {Extract<ApiResult, { ok: false }>} failure */
export function failureState(failure) {
  setPageState('error', failure.kind === 'signedOut' ? 'signed-out' : failure.status === null ? failure.kind : `status:${failure.status}`);
}
