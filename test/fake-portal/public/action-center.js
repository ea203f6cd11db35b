// @ts-check
/** The Action center page: the Pending and History tabs over one grid of actions. */

import { fetchList } from './api.js';
import { pivot } from './controls.js';
import { h } from './dom.js';
import { closeFlyout } from './flyout.js';
import { t } from './language.js';
import { actionList } from './list.js';
import { navigate, withTid } from './router.js';
import { main, setTitle } from './shell.js';

/** @typedef {import('./shell.js').View} View */

/** @param {{ kind: 'actionCenter', tab: 'pending' | 'history' }} route @returns {View} */
export function actionCenterView(route) {
  setTitle(t('Action center'));
  let tab = route.tab;
  const notice = h('div', { class: 'fp-notice' });
  const status = h('div', { class: 'fp-status' });
  const tabs = pivot(
    [
      { id: 'pending', label: t('Pending') },
      { id: 'history', label: t('History') },
    ],
    (id) => navigate(withTid(`/action-center/${id}`)),
    t('Action center'),
  );
  const { grid, bar, loader } = actionList({
    label: t('Actions'),
    emptyText: t('No actions found.'),
    isPending: () => tab === 'pending',
    notice,
    status,
    fetch: (signal) => fetchList(tab, signal),
    afterLoad: (_items, count) => {
      if (tab === 'pending') tabs.label('pending', `${t('Pending')} (${count})`);
    },
  });
  main.replaceChildren(
    h(
      'div',
      { class: 'fp-page fp-page-grid' },
      h('div', { class: 'fp-page-header' }, h('h1', { class: 'fp-title' }, t('Action center'))),
      tabs.el,
      bar.el,
      notice,
      status,
      grid.el,
    ),
  );
  tabs.select(tab);
  void loader.load({ delay: true });
  return {
    route,
    update(next) {
      if (next.kind !== 'actionCenter') return false;
      closeFlyout();
      notice.replaceChildren();
      tab = next.tab;
      tabs.select(tab);
      void loader.load({ delay: true });
      return true;
    },
    dispose() {
      loader.abort();
      grid.dispose();
      closeFlyout();
    },
  };
}
