// @ts-check
/** Page state hooks for tests and the benchmark (<html data-fake-portal-state>, the render counter). */

import { ROOT_EL } from './config.js';

/** @param {'loading' | 'ready' | 'error'} state @param {string} [error] */
export function setPageState(state, error) {
  ROOT_EL.dataset.fakePortalState = state;
  if (error) ROOT_EL.dataset.fakePortalError = error;
  else delete ROOT_EL.dataset.fakePortalError;
}

let renderCount = 0;
export function bumpRenderCount() {
  renderCount += 1;
  ROOT_EL.dataset.fakePortalRender = String(renderCount);
}
