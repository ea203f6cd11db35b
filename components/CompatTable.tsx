/**
 * Options → Portal compatibility (utils/page/compat.ts), one row per in-page feature. Apart from PortalCompat.tsx
 * (the record and the popup's notice) so that the popup, which shares chunks with Options, does not load it.
 */
import { formatRelative, t } from '../utils/i18n';
import { FEATURE_NAMES, featuresOff } from '../utils/page/compat';
import { useCompatRecord } from './PortalCompat';

function ago(at: number | null, now: number): string {
  if (at === null) return t('components.compatNever');
  const minutes = Math.round((at - now) / 60_000);
  if (Math.abs(minutes) < 60) return formatRelative(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return formatRelative(hours, 'hour');
  return formatRelative(Math.round(hours / 24), 'day');
}

/** Options → Portal compatibility: one row per feature. */
export function CompatTable(props: { now: number }) {
  const record = useCompatRecord();
  if (!record) return null;
  const off = new Set(featuresOff(record));
  const ids = Object.keys(FEATURE_NAMES);
  return (
    <>
      <p class="acc-field__hint">{t('components.compatHint')}</p>
      <table class="acc-opt-compat">
        <thead>
          <tr>
            <th scope="col">{t('components.compatFeature')}</th>
            <th scope="col">{t('components.compatLastWorked')}</th>
            <th scope="col">{t('components.compatLastChanged')}</th>
            <th scope="col">{t('components.compatNow')}</th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => {
            const c = record[id];
            return (
              <tr key={id}>
                <th scope="row">{FEATURE_NAMES[id]}</th>
                <td>{ago(c?.lastWorkedAt ?? null, props.now)}</td>
                <td>{ago(c?.lastMissingAt ?? null, props.now)}</td>
                <td>{off.has(id) ? t('components.compatOff') : c ? t('components.compatOn') : t('components.compatNotUsed')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
