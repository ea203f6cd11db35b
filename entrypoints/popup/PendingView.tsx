/**
 * The Pending tab: status banner, search and filters, results of the last decisions, the grouped list and
 * the bulk bar. Every portal string is rendered as text.
 */
import type { JSX, RefObject } from 'preact';
import { useId } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AgeBadge } from '@/components/AgeBadge';
import { ExpiringFacet, ExpiryBanner } from './Expiry';
import { isFiltering, NO_FILTER, type AgeFilterId } from '@/utils/actions/filter';
import { formatAge } from '@/utils/actions/model';
import { sentWaiting } from '@/utils/actions/outcomes';
import { refusalReason, type DecisionScope } from '@/utils/actions/permissions';
import { formatNumber, t } from '@/utils/i18n';
import { ERROR_HEADLINES } from '@/utils/portal/errors';
import { CLOUDS, hostPattern } from '@/utils/portal/hosts';
import { ActionList, actionName } from './ActionList';
import type { PopupStore, ResultView } from './store';
import { actionTypeText, entityTypeText } from '@/utils/portal/contract';

const BLOCKED_REASON_ID = 'acc-blocked-reason';
/** The id of the hidden reason a refused kind of action is described by. */
export const refusedReasonId = (scope: DecisionScope) => `${BLOCKED_REASON_ID}-${scope}`;

/** One hidden reason per refused kind, for the buttons of those actions to point at. */
function RefusedReasons({ store }: { store: PopupStore }) {
  return (
    <>
      {store.refusedScopes.value.map((scope) => (
        <p key={scope} id={refusedReasonId(scope)} class="acc-sr-only">
          {refusalReason(scope)}
        </p>
      ))}
    </>
  );
}

function Banner(props: { tone: 'info' | 'warning' | 'error'; title: string; children?: JSX.Element | (JSX.Element | null | false)[] | null }) {
  const titleId = useId();
  return (
    // Only the title is live: the text below holds ticking times ("from 45 s ago"), and a live region whose text
    // changes every second is read out again every second. The state is announced once, when it appears.
    <section class={`acc-banner acc-banner--${props.tone}`} aria-labelledby={titleId}>
      <p id={titleId} class="acc-banner__title" role={props.tone === 'info' ? 'status' : 'alert'}>
        {props.title}
      </p>
      {props.children}
    </section>
  );
}

/** Ends a portal message with a full stop so the next sentence reads apart. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "Showing the list from 5 min ago; it may be out of date." or, with no list read yet, says so. */
function listAgeText(lastSuccessAt: number | null, now: number): string {
  return lastSuccessAt !== null ? t('popup.showingFrom', [formatAge(lastSuccessAt, now)]) : t('popup.noListRead');
}

function RetryButton({ store }: { store: PopupStore }) {
  const busy = store.refreshing.value;
  return (
    <button type="button" class="acc-btn acc-btn--small" disabled={busy} onClick={() => void store.refresh('user')}>
      {busy ? t('popup.retrying') : t('popup.retryNow')}
    </button>
  );
}

/** What the analyst must know about the data and the session, one banner at a time. */
export function StatusBanner({ store }: { store: PopupStore }): JSX.Element | null {
  const s = store.state.value;
  const now = store.now.value;
  const backgroundError = store.backgroundError.value;
  if (backgroundError && (!s || !s.error)) {
    return (
      <Banner tone="warning" title={t('popup.couldNotRefresh')}>
        <p class="acc-banner__text">{backgroundError}</p>
        <div class="acc-banner__actions">
          <RetryButton store={store} />
        </div>
      </Banner>
    );
  }
  if (!s) return null;
  const error = s.error;
  const cloud = CLOUDS[s.cloud];
  if (error?.kind === 'SignedOut') {
    return (
      <Banner tone="warning" title={ERROR_HEADLINES.SignedOut}>
        <p class="acc-banner__text">
          {t('popup.signedOutText')}
          {s.lastSuccessAt !== null && ` ${t('popup.listBelowFrom', [formatAge(s.lastSuccessAt, now)])}`}
        </p>
        <div class="acc-banner__actions">
          <button type="button" class="acc-btn acc-btn--primary acc-btn--small" onClick={() => void store.openInPortal({})}>
            {t('popup.signIn')}
          </button>
          <RetryButton store={store} />
        </div>
      </Banner>
    );
  }
  if (error?.kind === 'NoPermission') {
    const origin = hostPattern(cloud.portalHost);
    const grant = () => {
      // Called directly in the click handler: browsers grant permissions only from a user gesture.
      void browser.permissions.request({ origins: [origin] }).then(
        (granted) => (granted ? store.refresh('user') : undefined),
        () => undefined,
      );
    };
    return (
      <Banner tone="warning" title={ERROR_HEADLINES.NoPermission}>
        <p class="acc-banner__text">
          {t('popup.needsAccess', [cloud.portalHost, cloud.label])}
        </p>
        <div class="acc-banner__actions">
          <button type="button" class="acc-btn acc-btn--primary acc-btn--small" onClick={grant}>
            {t('popup.grantAccessTo', [cloud.portalHost])}
          </button>
        </div>
      </Banner>
    );
  }
  if (error?.kind === 'Forbidden') {
    // The portal refused the list itself (not only a decision): what is shown is the last list read, if any.
    return (
      <Banner tone="info" title={ERROR_HEADLINES.Forbidden}>
        <p class="acc-banner__text">
          {t('popup.listRefused')} {listAgeText(s.lastSuccessAt, now)}
        </p>
        <div class="acc-banner__actions">
          <RetryButton store={store} />
        </div>
      </Banner>
    );
  }
  if (error) {
    const next = s.nextPollAt;
    return (
      <Banner tone="warning" title={ERROR_HEADLINES[error.kind]}>
        <p class="acc-banner__text">
          {error.message && error.message !== ERROR_HEADLINES[error.kind] ? `${sentence(error.message)} ` : ''}
          {listAgeText(s.lastSuccessAt, now)}
          {next !== null && ` ${next > now ? t('popup.nextTryIn', [formatAge(now, next)]) : t('popup.tryingNow')}`}
        </p>
        <div class="acc-banner__actions">
          <RetryButton store={store} />
        </div>
      </Banner>
    );
  }
  if (store.decisionBlock.value.blocked) {
    return (
      <Banner tone="info" title={ERROR_HEADLINES.Forbidden}>
        <p class="acc-banner__text">
          {t('popup.decisionsOff')}
        </p>
      </Banner>
    );
  }
  const refused = store.refusedScopes.value;
  if (refused.length > 0) {
    // Only the kinds the portal refused are off; a good read (the next poll, or this button) tries them again.
    const busy = store.refreshing.value;
    return (
      <Banner tone="info" title={ERROR_HEADLINES.Forbidden}>
        <p class="acc-banner__text">{refused.map(refusalReason).join(' ')}</p>
        <div class="acc-banner__actions">
          <button type="button" class="acc-btn acc-btn--small" disabled={busy} onClick={() => void store.refresh('user')}>
            {busy ? t('popup.checking') : t('popup.checkAgain')}
          </button>
        </div>
      </Banner>
    );
  }
  if (typeof s.portalTotal === 'number' && s.portalTotal > s.pending.length) {
    return (
      <Banner tone="info" title={t('popup.showingPartial', s.portalTotal, [formatNumber(s.portalTotal), formatNumber(s.pending.length)])}>
        <p class="acc-banner__text">{t('popup.partialText')}</p>
      </Banner>
    );
  }
  if (s.skippedItems > 0) {
    return (
      <Banner tone="info" title={t('popup.skipped', s.skippedItems, [formatNumber(s.skippedItems)])}>
        <p class="acc-banner__text">{t('popup.skippedText')}</p>
      </Banner>
    );
  }
  return null;
}

/** The button's text and its name (which also says what a press does). */
const SORT_TEXT = {
  newest: () => ({ label: t('popup.sortNewest'), name: t('popup.sortLabelNewest') }),
  oldest: () => ({ label: t('popup.sortOldest'), name: t('popup.sortLabelOldest') }),
  expiring: () => ({ label: t('popup.sortExpiring'), name: t('popup.sortLabelExpiring') }),
} as const;
/** The sort button cycles through the three orders. */
const NEXT_SORT = { newest: 'oldest', oldest: 'expiring', expiring: 'newest' } as const;

function Toolbar({ store, searchRef }: { store: PopupStore; searchRef: RefObject<HTMLInputElement | null> }) {
  const f = store.filter.value;
  const facets = store.facets.value;
  const set = (patch: Partial<typeof f>) => (store.filter.value = { ...f, ...patch });
  const order = store.order.value;
  const sort = SORT_TEXT[order]();
  return (
    <div class="acc-toolbar" role="search" aria-label={t('popup.filterLabel')}>
      <div class="acc-toolbar__line">
        <input
          ref={searchRef}
          type="search"
          class="acc-input acc-search"
          placeholder={t('popup.searchPlaceholder')}
          aria-label={t('popup.searchLabel')}
          aria-keyshortcuts="/"
          value={f.search}
          onInput={(e) => set({ search: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && f.search) {
              e.preventDefault();
              set({ search: '' });
            }
          }}
        />
        <button
          type="button"
          class="acc-btn acc-btn--small acc-sort"
          aria-label={sort.name}
          onClick={() => (store.order.value = NEXT_SORT[order])}
        >
          <span aria-hidden="true">{order === 'newest' ? '↓' : order === 'oldest' ? '↑' : '⇡'}</span> {sort.label}
        </button>
      </div>
      <div class="acc-toolbar__line">
        <select
          class="acc-select"
          aria-label={t('popup.actionType')}
          value={f.actionType ?? ''}
          onChange={(e) => set({ actionType: e.currentTarget.value || null })}
        >
          <option value="">{t('popup.allActionTypes')}</option>
          {facets.actionTypes.map((o) => (
            <option key={o.value} value={o.value}>
              {t('popup.optionCount', [o.label, formatNumber(o.count)])}
            </option>
          ))}
        </select>
        <select
          class="acc-select"
          aria-label={t('popup.entityType')}
          value={f.entityType?.toLowerCase() ?? ''}
          onChange={(e) => set({ entityType: e.currentTarget.value || null })}
        >
          <option value="">{t('popup.allEntities')}</option>
          {facets.entityTypes.map((o) => (
            <option key={o.value} value={o.value}>
              {t('popup.optionCount', [o.label, formatNumber(o.count)])}
            </option>
          ))}
        </select>
        <select
          class="acc-select"
          aria-label={t('popup.age')}
          value={f.age}
          onChange={(e) => set({ age: e.currentTarget.value as AgeFilterId })}
        >
          {facets.ages.map((o) => (
            <option key={o.value} value={o.value}>
              {t('popup.optionCount', [o.label, formatNumber(o.count)])}
            </option>
          ))}
        </select>
        <ExpiringFacet store={store} />
      </div>
      <p class="acc-toolbar__count" aria-live="polite">
        {store.state.value === null ? (
          ''
        ) : isFiltering(f) ? (
          <>
            {t('popup.showingOf', [formatNumber(facets.shown), formatNumber(facets.total)])}{' '}
            <button type="button" class="acc-btn acc-btn--link acc-btn--small" onClick={() => (store.filter.value = NO_FILTER)}>
              {t('popup.clearFilters')}
            </button>
          </>
        ) : (
          t('popup.pendingCount', facets.total, [formatNumber(facets.total)])
        )}
      </p>
    </div>
  );
}

const RESULT_TEXT: Record<ResultView['outcome'], (r: ResultView) => string> = {
  applied: (r) => (r.verdict === 'approve' ? t('popup.resultApproved') : t('popup.resultRejected')),
  // Without who decided, the message says what is known (e.g. "Already being decided: rejected by you a moment ago").
  alreadyDecided: (r) => (r.decidedBy ? t('popup.alreadyDecidedBy', [r.decidedBy]) : r.message || t('errors.Conflict')),
  notApplied: (r) => t('popup.failed', [r.message]),
  pendingConfirmation: (r) => {
    const waiting = sentWaiting();
    return r.message.startsWith(waiting) ? r.message : t('errors.withDetail', [waiting, r.message]);
  },
  unsupported: (r) => r.message,
};

function ResultsPanel({ store }: { store: PopupStore }) {
  const list = [...store.results.value.values()];
  if (list.length === 0) return null;
  // The summary (a live region) counts the last decision only; the list below keeps the session's results.
  const last = store.lastDecided.value.map((id) => store.results.value.get(id)).filter((r): r is ResultView => r !== undefined);
  const applied = last.filter((r) => r.outcome === 'applied').length;
  const summary =
    last.length === 0
      ? ''
      : applied === last.length
        ? t('popup.appliedAll', applied, [formatNumber(applied)])
        : t('popup.appliedSome', last.length, [formatNumber(last.length), formatNumber(applied)]);
  return (
    <section class="acc-results" aria-label={t('popup.resultsLabel')}>
      <div class="acc-results__head">
        <p class="acc-results__summary" role="status">
          {summary}
        </p>
        <button type="button" class="acc-btn acc-btn--link acc-btn--small" onClick={() => store.dismissResults()}>
          {t('popup.dismiss')}
        </button>
      </div>
      <ul class="acc-results__list">
        {list.map((r) => (
          <li key={r.action.id} class={`acc-result acc-result--${r.outcome}`}>
            <span class={`acc-chip acc-chip--${r.outcome}`} aria-hidden="true">
              {r.outcome === 'applied' ? '✓' : r.outcome === 'alreadyDecided' ? '=' : r.outcome === 'pendingConfirmation' ? '…' : '!'}
            </span>
            <span class="acc-result__what">{actionName(r.action)}</span>
            <span class="acc-result__text">{RESULT_TEXT[r.outcome](r)}</span>
            {(r.outcome === 'unsupported' || r.outcome === 'pendingConfirmation' || r.outcome === 'notApplied') && (
              <button
                type="button"
                class="acc-btn acc-btn--link acc-btn--small"
                aria-label={t('popup.decideInPortal', [actionName(r.action)])}
                onClick={() => void store.openInPortal({ actionId: r.action.id })}
              >
                {t('popup.openInPortalShort')} <span aria-hidden="true">↗</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function BulkBar({ store }: { store: PopupStore }) {
  const chosen = store.selectedActions.value;
  const n = chosen.length;
  const shown = store.shown.value;
  const allShownSelected = shown.length > 0 && shown.every((a) => store.selected.value.has(a.id));
  const block = store.decisionBlock.value;
  const disabled = n === 0 || block.blocked || store.dialog.value !== null;
  const hidden = chosen.filter((a) => !shown.includes(a)).length;
  return (
    <div class="acc-bulk" role="region" aria-label={t('popup.bulkLabel')}>
      <label class="acc-bulk__all">
        <input
          type="checkbox"
          class="acc-check"
          checked={allShownSelected}
          disabled={shown.length === 0}
          onChange={() => {
            const next = new Set(store.selected.value);
            for (const a of shown) {
              if (allShownSelected) next.delete(a.id);
              else next.add(a.id);
            }
            store.setSelected(next);
          }}
        />
        {t('popup.selectAllShown')}
      </label>
      <span class="acc-bulk__count" aria-live="polite">
        {hidden > 0 ? t('popup.selectedHidden', [formatNumber(n), formatNumber(hidden)]) : t('popup.selected', [formatNumber(n)])}
      </span>
      {n > 0 && (
        <button type="button" class="acc-btn acc-btn--link acc-btn--small" onClick={() => store.setSelected(new Set())}>
          {t('popup.clearSelection')}
        </button>
      )}
      <span class="acc-bulk__spacer" />
      <button
        type="button"
        class="acc-btn acc-btn--primary"
        disabled={disabled}
        aria-describedby={block.blocked ? BLOCKED_REASON_ID : undefined}
        aria-label={t('popup.approveSelected', [formatNumber(n)])}
        onClick={() => store.decide(chosen.map((a) => a.id), 'approve')}
      >
        {t('popup.approveN', [formatNumber(n)])}
      </button>
      <button
        type="button"
        class="acc-btn acc-btn--danger"
        disabled={disabled}
        aria-describedby={block.blocked ? BLOCKED_REASON_ID : undefined}
        aria-label={t('popup.rejectSelected', [formatNumber(n)])}
        onClick={() => store.decide(chosen.map((a) => a.id), 'reject')}
      >
        {t('popup.rejectN', [formatNumber(n)])}
      </button>
    </div>
  );
}

/**
 * One announcement per decision or bulk while it is on the wire ("Approving 4 actions…"), not one per row.
 * Silent while the confirmation dialog is open: the dialog says "Sending decision…" itself.
 */
function InFlightStatus({ store }: { store: PopupStore }) {
  const verdicts = [...store.inFlight.value.values()];
  let text = '';
  if (verdicts.length > 0 && store.dialog.value === null) {
    const approving = verdicts.filter((v) => v === 'approve').length;
    const rejecting = verdicts.length - approving;
    text = [
      approving > 0 ? t('popup.approving', approving, [formatNumber(approving)]) : '',
      rejecting > 0 ? t('popup.rejecting', rejecting, [formatNumber(rejecting)]) : '',
    ]
      .filter(Boolean)
      .join(' ');
  }
  return (
    <p class="acc-sr-only" role="status">
      {text}
    </p>
  );
}

function Loading() {
  return (
    <div class="acc-list acc-list--loading" aria-busy="true">
      <p class="acc-sr-only" role="status">
        {t('popup.loadingPending')}
      </p>
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} class="acc-skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

function NoData() {
  return (
    <div class="acc-empty">
      <p class="acc-empty__title">{t('popup.noListTitle')}</p>
      <p class="acc-empty__text acc-muted">{t('popup.noListText')}</p>
    </div>
  );
}

function Empty({ store }: { store: PopupStore }) {
  const filtered = isFiltering(store.filter.value) && store.pending.value.length > 0;
  return (
    <div class="acc-empty" role="status">
      <div class="acc-empty__icon" aria-hidden="true">
        {filtered ? '⌕' : '✓'}
      </div>
      <p class="acc-empty__title">{filtered ? t('popup.noMatchTitle') : t('popup.nothingPending')}</p>
      <p class="acc-empty__text acc-muted">{filtered ? t('popup.noMatchText') : t('popup.nothingPendingText')}</p>
      {filtered && (
        <button type="button" class="acc-btn acc-btn--small" onClick={() => (store.filter.value = NO_FILTER)}>
          {t('popup.clearFilters')}
        </button>
      )}
    </div>
  );
}

/** One action, opened from a notification: its facts, Approve / Reject / Open, or why it is not there. */
function LinkedAction({ store, actionId }: { store: PopupStore; actionId: string }) {
  const action = store.linkedAction.value;
  const decided = store.results.value.has(actionId);
  const answered = store.source.value === 'live' || store.backgroundError.value !== null;
  const refusedScope = action ? store.refusedScopeOf(action) : null;
  const block = store.decisionBlock.value;
  const blocked = block.blocked || refusedScope !== null;
  const reasonId = block.blocked ? BLOCKED_REASON_ID : refusedScope ? refusedReasonId(refusedScope) : undefined;
  const busy = store.inFlight.value.has(actionId) || store.dialog.value !== null;
  const total = store.pending.value.length;
  return (
    <section class="acc-empty" aria-label={t('popup.linkedLabel')}>
      {action ? (
        <>
          <h2 class="acc-empty__title">{actionTypeText(action.typeLabel)}</h2>
          <p class="acc-empty__text">
            {action.entityName} <span class="acc-muted">({entityTypeText(action.entityTypeLabel)})</span>
          </p>
          <p class="acc-empty__text acc-muted">
            {action.investigationId ? t('popup.investigation', [action.investigationId]) : t('popup.noInvestigation')}{' '}
            <AgeBadge createdAt={action.createdAt} now={store.now.value} thresholds={store.settings.value.ageThresholds} />
          </p>
          <div class="acc-banner__actions">
            <button
              type="button"
              class="acc-btn acc-btn--primary"
              disabled={blocked || busy}
              aria-describedby={reasonId}
              aria-label={t('popup.approveName', [actionName(action)])}
              onClick={() => store.decide([action.id], 'approve')}
            >
              {t('common.approve')}
            </button>
            <button
              type="button"
              class="acc-btn acc-btn--danger"
              disabled={blocked || busy}
              aria-describedby={reasonId}
              aria-label={t('popup.rejectName', [actionName(action)])}
              onClick={() => store.decide([action.id], 'reject')}
            >
              {t('common.reject')}
            </button>
            <button
              type="button"
              class="acc-btn"
              aria-label={t('popup.openName', [actionName(action)])}
              onClick={() => void store.openInPortal({ actionId: action.id })}
            >
              {t('popup.openInPortalShort')} <span aria-hidden="true">↗</span>
            </button>
          </div>
        </>
      ) : decided ? null : answered ? (
        <div role="status">
          <p class="acc-empty__title">{t('popup.noLongerPending')}</p>
          <p class="acc-empty__text acc-muted">{t('popup.noLongerPendingText')}</p>
        </div>
      ) : (
        <p role="status">{t('popup.loadingAction')}</p>
      )}
      <div class="acc-banner__actions">
        <button type="button" class="acc-btn acc-btn--small" onClick={() => store.closeLink()}>
          {t('popup.showAllPending', [formatNumber(total)])}
        </button>
      </div>
    </section>
  );
}

export function PendingView({ store, searchRef }: { store: PopupStore; searchRef: RefObject<HTMLInputElement | null> }): JSX.Element {
  const s = store.state.value;
  const link = store.linked.value;
  if (link) {
    return (
      <div class="acc-pending">
        <StatusBanner store={store} />
        {store.decisionBlock.value.blocked && (
          <p id={BLOCKED_REASON_ID} class="acc-sr-only">
            {store.decisionBlock.value.reason}
          </p>
        )}
        <RefusedReasons store={store} />
        <ResultsPanel store={store} />
        <LinkedAction store={store} actionId={link.actionId} />
      </div>
    );
  }
  const block = store.decisionBlock.value;
  const stale = s?.error != null;
  const loading = s === null && store.source.value === 'none' && !store.backgroundError.value;
  return (
    <div class="acc-pending">
      <StatusBanner store={store} />
      {block.blocked && (
        <p id={BLOCKED_REASON_ID} class="acc-sr-only">
          {block.reason}
        </p>
      )}
      <RefusedReasons store={store} />
      <ExpiryBanner store={store} />
      <Toolbar store={store} searchRef={searchRef} />
      <ResultsPanel store={store} />
      <InFlightStatus store={store} />
      {loading ? (
        <Loading />
      ) : store.rows.value.length === 0 ? (
        s && (s.lastSuccessAt !== null || !s.error) ? <Empty store={store} /> : <NoData />
      ) : (
        <ActionList store={store} rows={store.rows.value} blockedReasonId={BLOCKED_REASON_ID} stale={stale} />
      )}
      <BulkBar store={store} />
    </div>
  );
}
