// @ts-check
/** Every other portal route: the home page's tiles, or a placeholder for pages the fake does not have. */

import { h } from './dom.js';
import { t } from './language.js';
import { withTid } from './router.js';
import { NAV, main, setTitle } from './shell.js';
import { setPageState } from './state.js';

/** @typedef {import('./dom.js').Child} Child @typedef {import('./shell.js').View} View */

/** @param {{ kind: 'other', path: string }} route @returns {View} */
export function otherView(route) {
  const navItem = NAV.find((n) => route.path.toLowerCase() === n.path || route.path.toLowerCase().startsWith(`${n.path}/`));
  const home = !navItem || navItem.path === '/homepage';
  const name = t(home ? 'Home' : (navItem?.name ?? 'Home'));
  setTitle(name);
  const tile = (/** @type {string} */ heading, /** @type {Child[]} */ ...body) => h('section', { class: 'fp-card fp-tile' }, h('h2', { class: 'fp-tile-title' }, heading), ...body);
  main.replaceChildren(
    h(
      'div',
      { class: 'fp-page' },
      h('div', { class: 'fp-page-header' }, h('h1', { class: 'fp-title' }, name)),
      home
        ? h(
            'div',
            { class: 'fp-tiles' },
            tile('Action center', h('p', {}, 'Review pending remediation actions from automated investigations and manual responses.'), h('a', { class: 'ms-Link fp-link', href: withTid('/action-center/pending') }, 'Go to Action center')),
            tile('Active incidents', h('p', { class: 'fp-big' }, '12'), h('p', { class: 'fp-muted' }, 'Incidents with high severity in the last 30 days')),
            tile('Secure score', h('p', { class: 'fp-big' }, '61.4%'), h('p', { class: 'fp-muted' }, 'Microsoft Secure Score for this tenant')),
          )
        : h('p', { class: 'fp-placeholder' }, 'This page is not part of the fake portal.'),
    ),
  );
  setPageState('ready');
  return { route, dispose: () => undefined };
}
