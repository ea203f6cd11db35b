/**
 * Portal compatibility as the popup and Options show it (utils/page/compat.ts): which in-page features last found
 * the portal's markup, and which found it changed and stayed off. Read from extension storage, live.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { formatRelative, t } from '../utils/i18n';
import { COMPAT_KEY, compatFrom, FEATURE_NAMES, featuresOff, type CompatRecord } from '../utils/page/compat';

export function useCompatRecord(): CompatRecord | null {
  const [record, setRecord] = useState<CompatRecord | null>(null);
  useEffect(() => {
    let live = true;
    void browser.storage.local
      .get(COMPAT_KEY)
      .then((got) => live && setRecord(compatFrom(got[COMPAT_KEY])))
      .catch(() => live && setRecord({}));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && COMPAT_KEY in changes) setRecord(compatFrom(changes[COMPAT_KEY]?.newValue));
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return record;
}

/** The popup's one line while page features are off. */
export function CompatNotice() {
  const record = useCompatRecord();
  if (!record || featuresOff(record).length === 0) return null;
  return (
    <p class="acc-banner acc-banner--info" role="status">
      {t('components.compatNotice')}
    </p>
  );
}

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
