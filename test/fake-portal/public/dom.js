// @ts-check
/** DOM helpers (text only: no HTML parsing anywhere) and the page's icons. */

import { REDESIGNED_CLASSES } from './redesign.js';

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Props
 */

/**
 * Creates an element. `on<event>` props become listeners, `class` the class name, other props attributes;
 * strings among the children become text nodes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Props} [props] @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = REDESIGNED_CLASSES ? String(value).replace(/(^|\s)ms-/g, '$1xr-') : String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {(Child | Child[])[]} children */
export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Stroke icons on a 20×20 grid, drawn here (no icon font, no remote assets). */
const ICONS = /** @type {const} */ ({
  waffle: ['M3 3h3v3H3zM8.5 3h3v3h-3zM14 3h3v3h-3zM3 8.5h3v3H3zM8.5 8.5h3v3h-3zM14 8.5h3v3h-3zM3 14h3v3H3zM8.5 14h3v3h-3zM14 14h3v3h-3z'],
  home: ['M3 9.5 10 3.5l7 6V17h-4.5v-5h-5v5H3z'],
  shield: ['M10 2.5 16.5 5v5c0 3.8-2.8 6.6-6.5 7.5C6.3 16.6 3.5 13.8 3.5 10V5z'],
  incidents: ['M10 2.5 16.5 5v5c0 3.8-2.8 6.6-6.5 7.5C6.3 16.6 3.5 13.8 3.5 10V5z', 'M10 6.5v4.5M10 13.2v.3'],
  hunting: ['M8.5 3.5a5 5 0 1 0 0 10 5 5 0 0 0 0-10zM12.2 12.2 17 17'],
  actions: ['M5 3.5h10v13H5z', 'M7.5 10l2 2 3.5-4'],
  submissions: ['M3 10 17 3l-4 14-3.2-5.8z', 'M9.8 11.2 17 3'],
  analytics: ['M3.5 16.5v-6M8 16.5V4M12.5 16.5v-8M17 16.5V7'],
  score: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M10 6v4l3 2'],
  devices: ['M2.5 4h15v9.5h-15z', 'M7 16.5h6M10 13.5v3'],
  identities: ['M10 3.5a3 3 0 1 0 0 6 3 3 0 0 0 0-6z', 'M4 17c.8-3.2 3.2-5 6-5s5.2 1.8 6 5'],
  learning: ['M3 4.5c2.5-.8 5-.5 7 1 2-1.5 4.5-1.8 7-1v11c-2.5-.8-5-.5-7 1-2-1.5-4.5-1.8-7-1z', 'M10 5.5v11'],
  settings: ['M10 7a3 3 0 1 0 0 6 3 3 0 0 0 0-6z', 'M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4'],
  refresh: ['M16 10a6 6 0 1 1-1.8-4.3', 'M16.5 3.5v3.5H13'],
  export: ['M10 3v9.5M6 8.5l4 4 4-4', 'M3.5 15.5v1.5h13v-1.5'],
  filter: ['M3 4h14l-5.5 6.5V16l-3-1.5v-4z'],
  columns: ['M3 4h14v12H3zM7.7 4v12M12.3 4v12'],
  close: ['M5 5l10 10M15 5 5 15'],
  check: ['M4.5 10.5 8 14l7.5-8'],
  bell: ['M5 14V9a5 5 0 0 1 10 0v5l1.5 1.5h-13z', 'M8.5 17.5h3'],
  help: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M7.8 7.8a2.2 2.2 0 1 1 3.2 2c-.7.4-1 .9-1 1.7v.3M10 14.2v.3'],
  chevron: ['M7 4.5 12.5 10 7 15.5'],
  error: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M7.5 7.5l5 5M12.5 7.5l-5 5'],
  info: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M10 9v5M10 6.2v.3'],
  success: ['M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15z', 'M6.8 10.2l2.2 2.2 4.3-4.6'],
});
/** @typedef {keyof typeof ICONS} IconName */

/** @param {IconName} name @param {string} [extraClass] */
export function icon(name, extraClass = '') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `fp-icon ${extraClass}`.trim());
  for (const d of ICONS[name]) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
