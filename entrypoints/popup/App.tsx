/**
 * The toolbar popup: the analyst's triage desk. Pending (grouped list, filters, bulk decisions) and History
 * (audit log with export, portal history). Opens from the local store, then asks the background to refresh.
 */
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { DecisionDialog } from '@/components/DecisionDialog';
import { CompatNotice } from '@/components/PortalCompat';
import { formatAge } from '@/utils/actions/model';
import { formatNumber, t } from '@/utils/i18n';
import { parseDecisionLink, type DecisionLink } from '@/utils/notify';
import { HistoryTab } from './HistoryTab';
import { PendingView } from './PendingView';
import { createPopupStore, type PopupStore } from './store';

type Tab = 'pending' | 'history';
const TABS: readonly Tab[] = ['pending', 'history'];

function isTextField(el: EventTarget | null): boolean {
  return (
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type)) ||
    (el instanceof HTMLElement && el.isContentEditable)
  );
}

function UpdatedLine({ store }: { store: PopupStore }) {
  const s = store.state.value;
  const now = store.now.value;
  let text: string;
  if (store.refreshing.value) text = t('popup.refreshing');
  else if (!s || s.lastSuccessAt === null) text = store.source.value === 'none' ? t('popup.loading') : t('popup.notUpdated');
  else text = t('popup.updatedAgo', [formatAge(s.lastSuccessAt, now)]);
  const stale = s?.error != null;
  return (
    <span class={`acc-updated${stale ? ' acc-updated--stale' : ''}`}>
      {text}
      {stale && !store.refreshing.value && <span class="acc-stale-mark"> · {t('popup.stale')}</span>}
    </span>
  );
}

/**
 * `link` is the action a notification opened the popup on; by default read from the page's
 * `?action=…&verdict=…`, which openDecisionWindow writes.
 */
export function App(props: { store?: PopupStore; link?: DecisionLink | null }): JSX.Element {
  const store = useMemo(() => props.store ?? createPopupStore(), [props.store]);
  const link = useMemo(
    () => (props.link !== undefined ? props.link : parseDecisionLink(window.location.search)),
    [props.link],
  );
  const [tab, setTab] = useState<Tab>('pending');
  const searchRef = useRef<HTMLInputElement>(null);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ pending: null, history: null });

  useEffect(() => store.start(), [store]);
  useEffect(() => (link ? store.openLink(link) : undefined), [store, link]);

  // "/" focuses the search from anywhere that is not a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target) || store.dialog.value) return;
      e.preventDefault();
      if (tab !== 'pending') setTab('pending');
      requestAnimationFrame(() => searchRef.current?.focus());
      searchRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, tab]);

  function onTabKey(e: KeyboardEvent) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] ?? 'pending';
    setTab(next);
    tabRefs.current[next]?.focus();
  }

  const count = store.pending.value.length;
  const dialog = store.dialog.value;

  return (
    <div class="acc-theme acc-popup">
      <header class="acc-header-wrap">
        <div class="acc-header">
          <h1 class="acc-header__title">{t('ext.name')}</h1>
          <UpdatedLine store={store} />
          <button
            type="button"
            class="acc-btn acc-btn--small acc-icon-btn"
            aria-label={t('common.refreshNow')}
            title={t('common.refreshNow')}
            // aria-disabled, not disabled: a disabled button drops keyboard focus to <body>.
            aria-disabled={store.refreshing.value ? 'true' : undefined}
            onClick={() => !store.refreshing.value && void store.refresh('user')}
          >
            <span class={store.refreshing.value ? 'acc-spin' : ''} aria-hidden="true">
              ⟳
            </span>
          </button>
          <button
            type="button"
            class="acc-btn acc-btn--small acc-icon-btn"
            aria-label={t('popup.openSettings')}
            title={t('popup.settings')}
            onClick={() => void browser.runtime.openOptionsPage()}
          >
            <span aria-hidden="true">⚙</span>
          </button>
        </div>
        <div class="acc-tabs" role="tablist" aria-label={t('popup.views')} onKeyDown={onTabKey}>
          {TABS.map((each) => (
            <button
              key={each}
              ref={(el) => {
                tabRefs.current[each] = el;
              }}
              type="button"
              role="tab"
              id={`acc-tab-${each}`}
              class={`acc-tab${tab === each ? ' acc-tab--active' : ''}`}
              aria-selected={tab === each}
              aria-controls={`acc-panel-${each}`}
              tabIndex={tab === each ? 0 : -1}
              onClick={() => setTab(each)}
            >
              {each === 'pending' ? (
                <>
                  {t('popup.tabPending')} {store.state.value !== null && <span class="acc-tab__count">{formatNumber(count)}</span>}
                </>
              ) : (
                t('popup.tabHistory')
              )}
            </button>
          ))}
        </div>
      </header>
      <CompatNotice />
      <main class="acc-main">
        <div id="acc-panel-pending" role="tabpanel" aria-labelledby="acc-tab-pending" hidden={tab !== 'pending'} class="acc-panel">
          <PendingView store={store} searchRef={searchRef} />
        </div>
        <div
          id="acc-panel-history"
          role="tabpanel"
          aria-labelledby="acc-tab-history"
          hidden={tab !== 'history'}
          class="acc-panel acc-panel--scroll"
        >
          {tab === 'history' && <HistoryTab now={store.now.value} />}
        </div>
      </main>
      {dialog && (
        <DecisionDialog
          actions={dialog.actions}
          verdict={dialog.verdict}
          requireComment={store.commentRequiredFor(dialog.verdict, dialog.actions)}
          busy={dialog.busy}
          error={dialog.error}
          onConfirm={(comment) => store.confirmDialog(comment)}
          onCancel={() => store.cancelDialog()}
        />
      )}
    </div>
  );
}
