/**
 * Portal compatibility as the popup and Options show it (utils/page/compat.ts): which in-page features last found
 * the portal's markup, and which found it changed and stayed off. Read from extension storage, live.
 * Options' table is in CompatTable.tsx: the popup loads this file, and the table is Options-only code.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../utils/i18n';
import { COMPAT_KEY, compatFrom, featuresOff, type CompatRecord } from '../utils/page/compat';

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
