/**
 * Options and the organisation's policy: which fields it sets (shown locked, "Set by your organisation"), and a
 * "Policy" section listing what is in force and which policy values were ignored because they are not valid.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { SettingsPath } from '@/utils/managed';
import { loadPolicy, watchPolicy, type Policy } from '@/utils/policy';

/** The organisation's policy, kept current while the page is open (null until read). */
export function usePolicy(): Policy | null {
  const [policy, setPolicy] = useState<Policy | null>(null);
  useEffect(() => {
    let live = true;
    void loadPolicy().then((p) => live && setPolicy(p));
    const stop = watchPolicy((p) => live && setPolicy(p));
    return () => {
      live = false;
      stop();
    };
  }, []);
  return policy;
}

/**
 * A field (or group) the organisation sets: its controls are disabled (a disabled fieldset disables every control
 * in it) and the group is named "Set by your organisation". Unlocked, the children render as they are.
 */
export function Locked(props: { policy: Policy | null; paths: readonly SettingsPath[]; children: ComponentChildren }): JSX.Element {
  const locked = props.policy !== null && props.paths.some((p) => props.policy?.locked.has(p));
  if (!locked) return <>{props.children}</>;
  return (
    <fieldset class="acc-opt-fieldset acc-opt-locked" disabled data-locked={props.paths.join(' ')}>
      <legend class="acc-opt-locked__note">{t('options.locked')}</legend>
      {props.children}
    </fieldset>
  );
}

/** What the organisation set, and what of it was ignored. Nothing when there is no policy. */
export function PolicySection(props: { policy: Policy | null }): JSX.Element | null {
  const p = props.policy;
  if (!p || (p.inForce.length === 0 && p.warnings.length === 0)) return null;
  return (
    <section class="acc-opt-section" aria-labelledby="acc-s-policy">
      <h2 id="acc-s-policy" class="acc-opt-section__title">
        {t('options.policyTitle')}
      </h2>
      <p class="acc-field__hint">{t('options.policyHint')}</p>
      {p.warnings.length > 0 && (
        <div class="acc-opt-policy-warnings" role="alert">
          <p class="acc-field__error">{t('options.policyIgnoredIntro')}</p>
          <ul aria-label={t('options.policyIgnoredLabel')}>
            {p.warnings.map((w) => (
              <li key={w.key}>
                <code>{w.key}</code> {w.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {p.inForce.length > 0 && (
        <dl class="acc-opt-shape acc-opt-policy" aria-label={t('options.policyInForceLabel')}>
          {p.inForce.map((e) => (
            <div key={e.key}>
              <dt>
                <code>{e.key}</code>
              </dt>
              <dd>
                <code>{e.value}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
