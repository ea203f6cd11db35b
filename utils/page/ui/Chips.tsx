/**
 * Small read-only badges: the pending count beside the navigation link, the investigation's pending summary,
 * and the "via Companion" mark on History rows decided through the extension.
 */
import type { JSX } from 'preact';
import type { MountEnv } from '../features/registry';
import { formatNumber, t } from '../../i18n';
import { useSelect } from '../store';
import { themeClass } from './Controls';

export function NavCount(props: { env: MountEnv }): JSX.Element | null {
  const s = useSelect(props.env.store, (st) => ({ n: st.sync?.pending.length ?? 0, theme: st.theme }));
  if (s.n === 0) return null;
  const label = t('page.navCount', s.n, [formatNumber(s.n)]);
  return (
    <span class={`acc-theme acc-count${themeClass(s.theme)}`} title={label}>
      <span aria-hidden="true">{s.n > 999 ? t('page.navCountMore', [formatNumber(999)]) : formatNumber(s.n)}</span>
      <span class="acc-sr-only">{label}</span>
    </span>
  );
}

export function InvestigationSummary(props: { env: MountEnv; investigationId: string }): JSX.Element {
  const { investigationId } = props;
  const s = useSelect(props.env.store, (st) => ({
    n: st.sync ? st.sync.pending.filter((a) => a.investigationId === investigationId).length : 0,
    theme: st.theme,
  }));
  return (
    <span class={`acc-theme acc-chip acc-chip--summary${themeClass(s.theme)}`}>
      {t('page.investigationSummary', s.n, [formatNumber(s.n)])}
    </span>
  );
}

export function ViaCompanion(props: { env: MountEnv; title: string }): JSX.Element {
  const s = useSelect(props.env.store, (st) => ({ theme: st.theme }));
  return (
    <span class={`acc-theme acc-chip acc-chip--via${themeClass(s.theme)}`} title={props.title}>
      {t('page.viaCompanion')}
    </span>
  );
}
