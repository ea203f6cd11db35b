// @ts-check
/** Redesigns of the portal's markup (FakeConfig.redesign) that touch every part of the page. */

import { CONFIG } from './config.js';

/**
 * The 'classes' redesign: the grid no longer carries Fluent's class names or automation ids (another component
 * library, same ARIA roles). Class names starting ms- become xr- (the server rewrites app.css to match).
 */
export const REDESIGNED_CLASSES = CONFIG.redesign === 'classes';
/** @param {string} selector */
export function sel(selector) {
  return REDESIGNED_CLASSES ? selector.replace(/\.ms-/g, '.xr-') : selector;
}
/** Fluent's automation id of a grid part, unless redesigned away. @param {string} id */
export function automationId(id) {
  return REDESIGNED_CLASSES ? null : id;
}
