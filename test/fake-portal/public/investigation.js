// @ts-check
/** An investigation's page (/investigation/<id>, /airinvestigation/<id>): overview, Pending actions and their history, evidence, log. */

import { API, api, fetchList, sleep } from './api.js';
import { CONFIG, ROOT_EL } from './config.js';
import { pivot } from './controls.js';
import { h, icon } from './dom.js';
import { closeFlyout } from './flyout.js';
import { DASH, field, fieldText, formatTime, investigationIdOf } from './items.js';
import { t, tValue } from './language.js';
import { actionList } from './list.js';
import { failureBar, failureState } from './messagebar.js';
import { navigate, withQuery, withTid } from './router.js';
import { main, setTitle } from './shell.js';
import { setPageState } from './state.js';

/** @typedef {import('./items.js').Item} Item @typedef {import('./grid.js').Grid} Grid @typedef {import('./dom.js').Child} Child @typedef {import('./shell.js').View} View @typedef {import('./router.js').InvestigationTab} InvestigationTab */

/** @param {{ kind: 'investigation', id: string, office: boolean, tab: InvestigationTab }} route @returns {View} */
export function investigationView(route) {
  let tab = route.tab;
  const id = route.id;
  setTitle(`Investigation ${id}`);
  const controller = new AbortController();
  const title = h('h1', { class: 'fp-title', title: `Investigation ${id}` }, `Investigation ${id}`);
  const meta = h('div', { class: 'fp-meta' });
  const status = h('div', { class: 'fp-status' });
  const notice = h('div', { class: 'fp-notice' });
  const tabs = pivot(
    [
      { id: 'overview', label: t('Overview') },
      { id: 'pending', label: t('Pending actions') },
      { id: 'history', label: t('Pending actions history') },
      { id: 'evidence', label: t('Evidence and entities') },
      { id: 'log', label: t('Log') },
    ],
    (next) => navigate(withQuery({ tab: next === 'overview' ? null : next })),
    t('Investigation'),
  );
  const content = h('div', { class: 'fp-tab-content' });

  /** @type {Item[] | null} */
  let pending = null;
  const belongs = (/** @type {Item} */ item) => investigationIdOf(item) === id;

  /** @param {'pending' | 'history'} kind */
  function gridTab(kind) {
    const { grid, bar, loader } = actionList({
      label: t(kind === 'pending' ? 'Pending actions' : 'Pending actions history'),
      emptyText: t(kind === 'pending' ? 'No pending actions in this investigation.' : 'No decided actions in this investigation.'),
      isPending: () => kind === 'pending',
      notice,
      status,
      fetch: async (signal) => {
        const res = await fetchList(kind, signal);
        return res.ok ? { ok: true, items: res.items.filter(belongs), count: res.items.filter(belongs).length } : res;
      },
      afterLoad: (items) => {
        if (kind === 'pending') {
          pending = items;
          tabs.label('pending', `${t('Pending actions')} (${items.length})`);
        }
      },
    });
    content.replaceChildren(bar.el, notice, grid.el);
    return { grid, loader };
  }

  /** @type {{ grid: Grid, loader: ReturnType<typeof import('./list.js').listLoader> } | null} */
  let current = null;

  /** @param {unknown} investigation */
  function overview(investigation) {
    const inv = investigation && typeof investigation === 'object' ? /** @type {Item} */ (investigation) : {};
    const incident = fieldText(inv, 'IncidentId');
    const card = (/** @type {string} */ label, /** @type {Child} */ value) => h('div', { class: 'fp-card' }, h('div', { class: 'fp-card-label' }, label), h('div', { class: 'fp-card-value' }, value));
    content.replaceChildren(
      h(
        'div',
        { class: 'fp-cards' },
        card(t('Investigation status'), tValue(fieldText(inv, 'Status')) ?? DASH),
        card(t('Pending actions'), pending === null ? DASH : String(pending.length)),
        card(t('Incident'), incident ? h('a', { class: 'ms-Link fp-link', href: withTid(`/incidents/${encodeURIComponent(incident)}`) }, incident) : DASH),
        card(t('Start time'), formatTime(field(inv, 'StartTime')) ?? DASH),
      ),
    );
  }

  /** @type {unknown} */
  let investigation = null;
  let headerLoaded = false;

  function showTab() {
    tabs.select(tab);
    closeFlyout();
    notice.replaceChildren();
    current?.loader.abort();
    current?.grid.dispose();
    current = null;
    if (tab === 'pending' || tab === 'history') {
      current = gridTab(tab);
      void current.loader.load({ delay: true });
    } else if (tab === 'overview') {
      overview(investigation);
    } else {
      content.replaceChildren(h('p', { class: 'fp-placeholder' }, tab === 'log' ? 'No log entries to show.' : 'No evidence to show.'));
    }
  }

  main.replaceChildren(
    h(
      'div',
      { class: `fp-page${tab === 'pending' || tab === 'history' ? ' fp-page-grid' : ''}` },
      h('div', { class: 'fp-breadcrumb' }, h('a', { class: 'ms-Link fp-link', href: withTid('/action-center') }, t('Action center')), icon('chevron', 'fp-crumb-sep'), h('span', {}, `Investigation ${id}`)),
      h('div', { class: 'fp-page-header' }, title),
      meta,
      tabs.el,
      status,
      content,
    ),
  );
  const pageEl = /** @type {HTMLElement} */ (main.firstElementChild);

  // The header (title, pending count) loads once; the tabs load their own lists.
  void (async () => {
    setPageState('loading');
    await sleep(CONFIG.renderDelayMs);
    if (controller.signal.aborted) return;
    try {
      // The Pending actions tab fetches the list itself; the other tabs need it for the count.
      const [inv, list] = await Promise.all([
        api('GET', `${API.investigation}${encodeURIComponent(id)}`, undefined, controller.signal),
        tab === 'pending' ? Promise.resolve(null) : fetchList('pending', controller.signal),
      ]);
      if (controller.signal.aborted) return;
      if (inv.ok && inv.data && typeof inv.data === 'object') {
        investigation = inv.data;
        const item = /** @type {Item} */ (inv.data);
        const text = fieldText(item, 'Title') ?? `Investigation ${id}`;
        title.textContent = text;
        title.title = text;
        setTitle(text);
        meta.replaceChildren(h('span', {}, `Investigation ID ${id}`), h('span', {}, `Status: ${fieldText(item, 'Status') ?? DASH}`));
        if (route.office) meta.append(h('span', {}, 'Microsoft Defender for Office 365'));
      } else if (!inv.ok) {
        if (inv.kind === 'signedOut' || inv.status !== 404) {
          status.replaceChildren(failureBar(inv));
          failureState(inv);
        } else meta.replaceChildren(h('span', {}, 'This investigation was not found.'));
      }
      if (list?.ok) {
        pending ??= list.items.filter(belongs);
        tabs.label('pending', `${t('Pending actions')} (${pending.length})`);
      }
      headerLoaded = true;
      if (tab !== 'pending' && tab !== 'history') {
        if (tab === 'overview') overview(investigation);
        if (ROOT_EL.dataset.fakePortalState !== 'error') setPageState('ready');
      }
    } catch {
      // Aborted: another page took over.
    }
  })();

  showTab();
  return {
    route,
    update(next) {
      if (next.kind !== 'investigation' || next.id !== id || next.office !== route.office) return false;
      tab = next.tab;
      pageEl.classList.toggle('fp-page-grid', tab === 'pending' || tab === 'history');
      showTab();
      if (tab === 'evidence' || tab === 'log' || (tab === 'overview' && headerLoaded)) setPageState('ready');
      return true;
    },
    dispose() {
      controller.abort();
      current?.loader.abort();
      current?.grid.dispose();
      closeFlyout();
    },
  };
}
