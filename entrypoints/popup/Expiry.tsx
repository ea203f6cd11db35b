/**
 * The popup's expiry pieces: the banner when actions expire within the critical threshold, and the
 * "Expires within 24 h" facet. Expiry itself is computed in utils/actions/expiry.ts.
 */
import type { JSX } from 'preact';
import { expiresAt, formatClock, formatTimeLeft } from '@/utils/actions/expiry';
import { formatNumber, t } from '@/utils/i18n';
import type { PopupStore } from './store';

export function ExpiryBanner({ store }: { store: PopupStore }): JSX.Element | null {
  const soon = store.expiringCritical.value;
  const first = soon[0];
  if (!first) return null;
  const now = store.now.value;
  const at = Math.min(...soon.map((a) => expiresAt(a)));
  const hours = store.settings.value.expiryThresholds.criticalHours;
  const title = t('popup.expiringTitle', soon.length, [formatNumber(soon.length), formatNumber(hours)]);
  return (
    <div class="acc-banner acc-banner--error acc-expiry-banner" role="alert">
      <p class="acc-banner__title">{title}</p>
      <p class="acc-banner__text">
        {t('popup.expiringText', [formatTimeLeft(at - now), formatClock(at)])}
      </p>
      {store.order.value !== 'expiring' && (
        <div class="acc-banner__actions">
          <button type="button" class="acc-btn acc-btn--small" onClick={() => (store.order.value = 'expiring')}>
            {t('popup.showExpiringFirst')}
          </button>
        </div>
      )}
    </div>
  );
}

export function ExpiringFacet({ store }: { store: PopupStore }): JSX.Element {
  const f = store.filter.value;
  const on = f.expiringSoon === true;
  const count = store.facets.value.expiring;
  return (
    <button
      type="button"
      class={`acc-btn acc-btn--small acc-facet-toggle${on ? ' acc-facet-toggle--on' : ''}`}
      aria-pressed={on ? 'true' : 'false'}
      onClick={() => (store.filter.value = { ...f, expiringSoon: !on })}
    >
      {count === undefined ? t('popup.expiringFacet') : t('popup.expiringFacetCount', [formatNumber(count)])}
    </button>
  );
}
