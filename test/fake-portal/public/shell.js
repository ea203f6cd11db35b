// @ts-check
/** The shell: top bar, the navigation pane (kept mounted across routes), the <main> every page renders into. */

import { CONFIG } from './config.js';
import { h, icon } from './dom.js';
import { t } from './language.js';
import { withTid } from './router.js';

/** @typedef {{ name: string, path: string, icon: import('./dom.js').IconName }} NavLink */

/**
 * The navigation pane. As in the portal, the Action center sits in a collapsible group ("Actions & submissions")
 * whose links are not rendered while it is collapsed.
 * @type {(NavLink | { group: string, id: string, icon: import('./dom.js').IconName, items: NavLink[] })[]}
 */
const NAV_TREE = [
  { name: 'Home', path: '/homepage', icon: 'home' },
  { name: 'Incidents & alerts', path: '/incidents', icon: 'incidents' },
  { name: 'Hunting', path: '/v2/advanced-hunting', icon: 'hunting' },
  {
    group: 'Actions & submissions',
    id: 'fp-nav-group-actions',
    icon: 'actions',
    items: [
      { name: 'Action center', path: '/action-center', icon: 'actions' },
      { name: 'Submissions', path: '/reportsubmission', icon: 'submissions' },
    ],
  },
  { name: 'Threat analytics', path: '/threatanalytics3', icon: 'analytics' },
  { name: 'Secure score', path: '/securescore', icon: 'score' },
  { name: 'Devices', path: '/machines', icon: 'devices' },
  { name: 'Identities', path: '/identities', icon: 'identities' },
  { name: 'Learning hub', path: '/learninghub', icon: 'learning' },
  { name: 'Settings', path: '/preferences2', icon: 'settings' },
];

/** Every link of the pane, groups flattened. @type {NavLink[]} */
export const NAV = NAV_TREE.flatMap((n) => ('group' in n ? n.items : [n]));

/** @param {string} analyst */
function initialsOf(analyst) {
  const name = analyst.split('@')[0] ?? '';
  const parts = name.split(/[.\s_-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : name.slice(0, 2);
  return [...letters].slice(0, 2).join('').toUpperCase() || '?';
}

export const main = h('main', { class: 'fp-main', id: 'fp-main' });
/** @type {HTMLAnchorElement[]} */
const navLinks = [];

export function buildShell() {
  const root = document.getElementById('root') ?? document.body.appendChild(h('div', { id: 'root', class: 'fp-root' }));
  const topBar = h(
    'header',
    { class: 'fp-topbar', role: 'banner' },
    h('button', { class: 'fp-topbar-button', type: 'button', 'aria-label': 'App launcher' }, icon('waffle')),
    h('a', { class: 'fp-brand', href: withTid('/homepage') }, 'Microsoft Defender'),
    h('div', { class: 'fp-search', role: 'search' }, icon('hunting', 'fp-search-icon'), h('input', { type: 'search', placeholder: 'Search', 'aria-label': 'Search' })),
    h(
      'div',
      { class: 'fp-topbar-end' },
      h('button', { class: 'fp-topbar-button', type: 'button', 'aria-label': 'Notifications' }, icon('bell')),
      h('button', { class: 'fp-topbar-button', type: 'button', 'aria-label': 'Settings' }, icon('settings')),
      h('button', { class: 'fp-topbar-button', type: 'button', 'aria-label': 'Help' }, icon('help')),
      h('span', { class: 'fp-avatar', title: CONFIG.analyst, 'aria-label': `Account manager for ${CONFIG.analyst}`, role: 'img' }, initialsOf(CONFIG.analyst)),
    ),
  );
  const navLink = (/** @type {NavLink} */ item) => {
    const link = h('a', { class: 'fp-nav-link', href: withTid(item.path), 'data-path': item.path }, icon(item.icon, 'fp-nav-icon'), h('span', { class: 'fp-nav-text' }, t(item.name)));
    navLinks.push(link);
    return h('li', { class: 'fp-nav-item' }, link);
  };
  const list = h('ul', { class: 'fp-nav-list' });
  for (const node of NAV_TREE) {
    if (!('group' in node)) {
      list.append(navLink(node));
      continue;
    }
    const sublist = h('ul', { class: 'fp-nav-list fp-nav-sublist', id: node.id }, ...node.items.map(navLink));
    const groupItem = h('li', { class: 'fp-nav-group' });
    const button = h(
      'button',
      { type: 'button', class: 'fp-nav-link fp-nav-group-button', 'aria-expanded': 'true', 'aria-controls': node.id, onclick: () => {
        const open = button.getAttribute('aria-expanded') !== 'true';
        button.setAttribute('aria-expanded', String(open));
        // Collapsed, its links are not rendered at all (as the portal's Nav does).
        if (open) groupItem.append(sublist);
        else sublist.remove();
      } },
      icon(node.icon, 'fp-nav-icon'),
      h('span', { class: 'fp-nav-text' }, t(node.group)),
      icon('chevron', 'fp-nav-chevron'),
    );
    groupItem.append(h('div', { class: 'fp-nav-item' }, button), sublist);
    list.append(groupItem);
  }
  // The app's own markup (other column keys, a redesign) has no <nav> element: a role=navigation landmark.
  const landmark = CONFIG.columnKeys === 'app' || CONFIG.redesign !== 'none' ? 'div' : 'nav';
  const nav = h(landmark, { class: 'fp-nav', 'aria-label': t('Navigation'), role: landmark === 'div' ? 'navigation' : null }, list);
  root.replaceChildren(h('div', { class: 'fp-app' }, topBar, h('div', { class: 'fp-body' }, nav, main)));
}

export function markNav() {
  const path = location.pathname.toLowerCase();
  for (const link of navLinks) {
    const target = (link.dataset.path ?? '').toLowerCase();
    const current = path === target || path.startsWith(`${target}/`) || (target === '/homepage' && path === '/');
    link.classList.toggle('is-selected', current);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** @typedef {{ route: import('./router.js').Route, update?: (route: import('./router.js').Route) => boolean, dispose: () => void }} View */

/** @param {string} title */
export function setTitle(title) {
  document.title = `${title} - Microsoft Defender`;
}
