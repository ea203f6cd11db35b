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
import { SENT_WAITING } from '@/utils/actions/outcomes';
import { refusalReason, type DecisionScope } from '@/utils/actions/permissions';
import { ERROR_HEADLINES } from '@/utils/portal/errors';
import { CLOUDS, hostPattern } from '@/utils/portal/hosts';
import { ActionList, actionName } from './ActionList';
import type { PopupStore, ResultView } from './store';

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
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

function RetryButton({ store }: { store: PopupStore }) {
  const busy = store.refreshing.value;
  return (
    <button type="button" class="acc-btn acc-btn--small" disabled={busy} onClick={() => void store.refresh('user')}>
      {busy ? 'Retrying…' : 'Retry now'}
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
      <Banner tone="warning" title="Could not refresh">
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
          Sign in to the Defender portal in this browser; the list updates once you are back.
          {s.lastSuccessAt !== null && ` The list below is from ${formatAge(s.lastSuccessAt, now)} ago.`}
        </p>
        <div class="acc-banner__actions">
          <button type="button" class="acc-btn acc-btn--primary acc-btn--small" onClick={() => void store.openInPortal({})}>
            Sign in to the portal
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
          The extension needs access to {cloud.portalHost} ({cloud.label}) to read pending actions.
        </p>
        <div class="acc-banner__actions">
          <button type="button" class="acc-btn acc-btn--primary acc-btn--small" onClick={grant}>
            Grant access to {cloud.portalHost}
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
          The portal refused to list pending actions for your account.{' '}
          {s.lastSuccessAt !== null
            ? `Showing the list from ${formatAge(s.lastSuccessAt, now)} ago; it may be out of date.`
            : 'No list has been read yet.'}
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
          {s.lastSuccessAt !== null
            ? `Showing the list from ${formatAge(s.lastSuccessAt, now)} ago; it may be out of date.`
            : 'No list has been read yet.'}
          {next !== null && (next > now ? ` Next try in ${formatAge(now, next)}.` : ' Trying again now.')}
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
          You can read the list, but decisions are off: approving needs the Security Administrator role or the
          "Active remediation actions" permission.
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
            {busy ? 'Checking…' : 'Check again'}
          </button>
        </div>
      </Banner>
    );
  }
  if (typeof s.portalTotal === 'number' && s.portalTotal > s.pending.length) {
    return (
      <Banner tone="info" title={`Showing ${s.pending.length} of ${s.portalTotal} pending actions`}>
        <p class="acc-banner__text">The portal counted more than it sent; see them all in the portal's Action center.</p>
      </Banner>
    );
  }
  if (s.skippedItems > 0) {
    return (
      <Banner tone="info" title={`${s.skippedItems} ${s.skippedItems === 1 ? 'item' : 'items'} from the portal could not be read`}>
        <p class="acc-banner__text">They are not listed here; see them in the portal's Action center.</p>
      </Banner>
    );
  }
  return null;
}

const SORT_WORDS = { newest: 'newest', oldest: 'oldest', expiring: 'expiring' } as const;
const SORT_LABELS = { newest: 'Newest first', oldest: 'Oldest first', expiring: 'Expiring first' } as const;
/** The sort button cycles through the three orders. */
const NEXT_SORT = { newest: 'oldest', oldest: 'expiring', expiring: 'newest' } as const;

function Toolbar({ store, searchRef }: { store: PopupStore; searchRef: RefObject<HTMLInputElement | null> }) {
  const f = store.filter.value;
  const facets = store.facets.value;
  const set = (patch: Partial<typeof f>) => (store.filter.value = { ...f, ...patch });
  const order = store.order.value;
  return (
    <div class="acc-toolbar" role="search" aria-label="Filter pending actions">
      <div class="acc-toolbar__line">
        <input
          ref={searchRef}
          type="search"
          class="acc-input acc-search"
          placeholder="Search entity, investigation, approval ID, type  ( / )"
          aria-label="Search pending actions"
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
          aria-label={`Sort: ${SORT_WORDS[order]} first. Switch to ${SORT_WORDS[NEXT_SORT[order]]} first`}
          onClick={() => (store.order.value = NEXT_SORT[order])}
        >
          <span aria-hidden="true">{order === 'newest' ? '↓' : order === 'oldest' ? '↑' : '⇡'}</span> {SORT_LABELS[order]}
        </button>
      </div>
      <div class="acc-toolbar__line">
        <select
          class="acc-select"
          aria-label="Action type"
          value={f.actionType ?? ''}
          onChange={(e) => set({ actionType: e.currentTarget.value || null })}
        >
          <option value="">All action types</option>
          {facets.actionTypes.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label} ({o.count})
            </option>
          ))}
        </select>
        <select
          class="acc-select"
          aria-label="Entity type"
          value={f.entityType?.toLowerCase() ?? ''}
          onChange={(e) => set({ entityType: e.currentTarget.value || null })}
        >
          <option value="">All entities</option>
          {facets.entityTypes.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label} ({o.count})
            </option>
          ))}
        </select>
        <select
          class="acc-select"
          aria-label="Age"
          value={f.age}
          onChange={(e) => set({ age: e.currentTarget.value as AgeFilterId })}
        >
          {facets.ages.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label} ({o.count})
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
            Showing {facets.shown} of {facets.total}{' '}
            <button type="button" class="acc-btn acc-btn--link acc-btn--small" onClick={() => (store.filter.value = NO_FILTER)}>
              Clear filters
            </button>
          </>
        ) : (
          `${facets.total} pending`
        )}
      </p>
    </div>
  );
}

const RESULT_TEXT: Record<ResultView['outcome'], (r: ResultView) => string> = {
  applied: (r) => (r.verdict === 'approve' ? 'Approved' : 'Rejected'),
  // Without who decided, the message says what is known (e.g. "Already being decided: rejected by you a moment ago").
  alreadyDecided: (r) => (r.decidedBy ? `Already decided by ${r.decidedBy}` : r.message || 'Already decided elsewhere'),
  notApplied: (r) => `Failed: ${r.message}`,
  pendingConfirmation: (r) => (r.message.startsWith(SENT_WAITING) ? r.message : `${SENT_WAITING}: ${r.message}`),
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
        ? `${applied} ${applied === 1 ? 'decision' : 'decisions'} applied`
        : `${applied} of ${last.length} ${last.length === 1 ? 'decision' : 'decisions'} applied`;
  return (
    <section class="acc-results" aria-label="Decision results">
      <div class="acc-results__head">
        <p class="acc-results__summary" role="status">
          {summary}
        </p>
        <button type="button" class="acc-btn acc-btn--link acc-btn--small" onClick={() => store.dismissResults()}>
          Dismiss
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
                aria-label={`Decide ${actionName(r.action)} in the portal`}
                onClick={() => void store.openInPortal({ actionId: r.action.id })}
              >
                Open in portal <span aria-hidden="true">↗</span>
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
    <div class="acc-bulk" role="region" aria-label="Bulk decision">
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
        Select all shown
      </label>
      <span class="acc-bulk__count" aria-live="polite">
        {n} selected{hidden > 0 ? ` (${hidden} hidden by filters)` : ''}
      </span>
      {n > 0 && (
        <button type="button" class="acc-btn acc-btn--link acc-btn--small" onClick={() => store.setSelected(new Set())}>
          Clear
        </button>
      )}
      <span class="acc-bulk__spacer" />
      <button
        type="button"
        class="acc-btn acc-btn--primary"
        disabled={disabled}
        aria-describedby={block.blocked ? BLOCKED_REASON_ID : undefined}
        aria-label={`Approve ${n} selected`}
        onClick={() => store.decide(chosen.map((a) => a.id), 'approve')}
      >
        Approve {n}
      </button>
      <button
        type="button"
        class="acc-btn acc-btn--danger"
        disabled={disabled}
        aria-describedby={block.blocked ? BLOCKED_REASON_ID : undefined}
        aria-label={`Reject ${n} selected`}
        onClick={() => store.decide(chosen.map((a) => a.id), 'reject')}
      >
        Reject {n}
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
    const count = (n: number) => `${n} ${n === 1 ? 'action' : 'actions'}`;
    text = [approving > 0 ? `Approving ${count(approving)}…` : '', rejecting > 0 ? `Rejecting ${count(rejecting)}…` : '']
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
        Loading pending actions…
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
      <p class="acc-empty__title">No list yet</p>
      <p class="acc-empty__text acc-muted">Pending actions appear here once the portal has been read.</p>
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
      <p class="acc-empty__title">{filtered ? 'No actions match the filters' : 'Nothing pending'}</p>
      <p class="acc-empty__text acc-muted">
        {filtered
          ? 'Change the search or the filters to see more.'
          : 'No remediation action is waiting for approval. New ones appear here as the portal reports them.'}
      </p>
      {filtered && (
        <button type="button" class="acc-btn acc-btn--small" onClick={() => (store.filter.value = NO_FILTER)}>
          Clear filters
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
    <section class="acc-empty" aria-label="Action from a notification">
      {action ? (
        <>
          <h2 class="acc-empty__title">{action.typeLabel}</h2>
          <p class="acc-empty__text">
            {action.entityName} <span class="acc-muted">({action.entityTypeLabel})</span>
          </p>
          <p class="acc-empty__text acc-muted">
            {action.investigationId ? `Investigation ${action.investigationId}` : 'No investigation'}{' '}
            <AgeBadge createdAt={action.createdAt} now={store.now.value} thresholds={store.settings.value.ageThresholds} />
          </p>
          <div class="acc-banner__actions">
            <button
              type="button"
              class="acc-btn acc-btn--primary"
              disabled={blocked || busy}
              aria-describedby={reasonId}
              aria-label={`Approve ${actionName(action)}`}
              onClick={() => store.decide([action.id], 'approve')}
            >
              Approve
            </button>
            <button
              type="button"
              class="acc-btn acc-btn--danger"
              disabled={blocked || busy}
              aria-describedby={reasonId}
              aria-label={`Reject ${actionName(action)}`}
              onClick={() => store.decide([action.id], 'reject')}
            >
              Reject
            </button>
            <button
              type="button"
              class="acc-btn"
              aria-label={`Open ${actionName(action)} in the portal`}
              onClick={() => void store.openInPortal({ actionId: action.id })}
            >
              Open in portal <span aria-hidden="true">↗</span>
            </button>
          </div>
        </>
      ) : decided ? null : answered ? (
        <div role="status">
          <p class="acc-empty__title">This action is no longer pending</p>
          <p class="acc-empty__text acc-muted">
            It was decided or withdrawn after the notification was shown, so there is nothing to approve.
          </p>
        </div>
      ) : (
        <p role="status">Loading the action…</p>
      )}
      <div class="acc-banner__actions">
        <button type="button" class="acc-btn acc-btn--small" onClick={() => store.closeLink()}>
          Show all pending ({total})
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
