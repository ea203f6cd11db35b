/**
 * Options: portal cloud (with its host permission), polling, age thresholds, decision rules, notifications,
 * audit retention and clearing local data. Validated with validateSettings; saved with saveSettings, which the
 * background watches, so changes apply without a restart. Each group of fields is one component (fieldsets.tsx).
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { CLOUDS, hostPattern, type CloudId } from '@/utils/portal/hosts';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, watchSettings } from '@/utils/settings';
import { CompatTable } from '@/components/CompatTable';
import { knownActionTypes, type ActionTypeOption } from './actionTypes';
import { ClearData, describeError } from './ClearData';
import { fieldId, Section } from './controls';
import { DecisionMethod } from './DecisionMethod';
import { AgeFields, AuditFields, DecisionFields, ExpiryFields, needsGrant, NotificationFields, PortalFields } from './fieldsets';
import { PolicySection, usePolicy } from './Policy';
import { checkDraft, draftOf, fieldError, type Draft, type FieldErrors } from './form';

type Status = { tone: 'ok' | 'error'; text: string } | null;

/** The settings as the form edits them; follows changes made elsewhere until the analyst types. */
function useDraft() {
  const [draft, setDraft] = useState<Draft | null>(null);
  const dirty = useRef(false);
  useEffect(() => {
    let live = true;
    loadSettings().then(
      (s) => live && setDraft(draftOf(s)),
      () => live && setDraft(draftOf(DEFAULT_SETTINGS)),
    );
    const stop = watchSettings((s) => {
      if (!dirty.current) setDraft(draftOf(s));
    });
    return () => {
      live = false;
      stop();
    };
  }, []);
  return { draft, setDraft, dirty };
}

/** Whether the extension may reach the chosen cloud's portal (null while asking the browser). */
function useGranted(cloud: CloudId | undefined) {
  const [granted, setGranted] = useState<boolean | null>(null);
  useEffect(() => {
    if (!cloud) return;
    if (!needsGrant(cloud)) {
      setGranted(true);
      return;
    }
    let live = true;
    browser.permissions.contains({ origins: [hostPattern(CLOUDS[cloud].portalHost)] }).then(
      (ok) => live && setGranted(ok),
      () => live && setGranted(false),
    );
    return () => {
      live = false;
    };
  }, [cloud]);
  return [granted, setGranted] as const;
}

function useActionTypes(): readonly ActionTypeOption[] {
  const [types, setTypes] = useState<readonly ActionTypeOption[]>([]);
  useEffect(() => {
    let live = true;
    void knownActionTypes().then((found) => live && setTypes(found));
    return () => {
      live = false;
    };
  }, []);
  return types;
}

/**
 * Validates, asks for the cloud's host permission straight from the Save click (a user gesture), then saves.
 * Field errors are keyed by settings path; the first invalid field gets the focus.
 */
async function submit(draft: Draft, ui: { setErrors: (e: FieldErrors) => void; setStatus: (s: Status) => void; granted: () => void }): Promise<boolean> {
  const checked = checkDraft(draft);
  if (!checked.ok) {
    ui.setErrors(checked.errors);
    ui.setStatus({ tone: 'error', text: t('options.statusFix') });
    const first = Object.keys(checked.errors)[0];
    if (first) document.getElementById(fieldId(first))?.focus();
    return false;
  }
  ui.setErrors({});
  const host = CLOUDS[checked.value.cloud].portalHost;
  // Resolves at once when already granted.
  const permission: Promise<boolean> = needsGrant(checked.value.cloud)
    ? browser.permissions.request({ origins: [hostPattern(host)] })
    : Promise.resolve(true);
  const ok = await permission.catch(() => false);
  if (!ok) {
    ui.setErrors({ cloud: t('options.statusNotGranted', [host]) });
    ui.setStatus({ tone: 'error', text: t('options.statusNotSaved') });
    return false;
  }
  ui.granted();
  const saved = await saveSettings(checked.value);
  if (!saved.ok) {
    const next: FieldErrors = {};
    for (const i of saved.issues) next[i.path || 'form'] ??= fieldError(i.path, i.message);
    ui.setErrors(next);
    ui.setStatus({ tone: 'error', text: t('options.statusNotSaved') });
    return false;
  }
  ui.setStatus({ tone: 'ok', text: t('options.statusSaved') });
  return true;
}

function SaveBar(props: { saving: boolean; status: Status; formError: string | undefined }) {
  const { status } = props;
  return (
    <>
      {props.formError && <p class="acc-field__error">{props.formError}</p>}
      <div class="acc-opt-savebar">
        <button type="submit" class="acc-btn acc-btn--primary" disabled={props.saving}>
          {props.saving ? t('options.saving') : t('options.save')}
        </button>
        <p class={`acc-opt-status${status?.tone === 'error' ? ' acc-opt-status--error' : ''}`} role="status">
          {status?.text ?? ''}
        </p>
      </div>
    </>
  );
}

export function App(): JSX.Element {
  const { draft, setDraft, dirty } = useDraft();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>(null);
  const [saving, setSaving] = useState(false);
  const [granted, setGranted] = useGranted(draft?.cloud);
  const types = useActionTypes();
  const policy = usePolicy();

  if (!draft) {
    return (
      <main class="acc-theme acc-options" aria-busy="true">
        <h1 class="acc-opt-title">{t('options.heading')}</h1>
        <p role="status">{t('options.loading')}</p>
      </main>
    );
  }

  const set = (patch: Partial<Draft>) => {
    dirty.current = true;
    setStatus(null);
    setDraft({ ...draft, ...patch });
  };

  function onSubmit(event: Event) {
    event.preventDefault();
    if (!draft || saving) return;
    setSaving(true);
    void submit(draft, { setErrors, setStatus, granted: () => setGranted(true) })
      .then((saved) => {
        if (saved) dirty.current = false;
      })
      .catch((error: unknown) => setStatus({ tone: 'error', text: t('options.statusNotSavedBecause', [describeError(error)]) }))
      .finally(() => setSaving(false));
  }

  const fields = { draft, set, errors, policy };
  return (
    <main class="acc-theme acc-options">
      <h1 class="acc-opt-title">{t('options.heading')}</h1>
      <PolicySection policy={policy} />
      <form onSubmit={onSubmit} noValidate>
        <Section title={t('options.portalTitle')} id="acc-s-portal">
          <PortalFields {...fields} granted={granted} />
        </Section>
        <Section title={t('options.ageTitle')} id="acc-s-age">
          <AgeFields {...fields} />
        </Section>
        <Section title={t('options.expiryTitle')} id="acc-s-expiry">
          <ExpiryFields {...fields} />
        </Section>
        <Section title={t('options.decisionsTitle')} id="acc-s-decisions">
          <DecisionFields {...fields} />
        </Section>
        <Section title={t('options.notifyTitle')} id="acc-s-notify">
          <NotificationFields {...fields} types={types} />
        </Section>
        <Section title={t('options.auditTitle')} id="acc-s-audit">
          <AuditFields {...fields} />
        </Section>
        <SaveBar saving={saving} status={status} formError={errors.form} />
      </form>

      <Section title={t('options.methodTitle')} id="acc-s-method">
        <DecisionMethod />
      </Section>
      <Section title={t('options.compatTitle')} id="acc-s-compat">
        <CompatTable now={Date.now()} />
      </Section>
      <Section title={t('options.localTitle')} id="acc-s-local">
        <ClearData />
      </Section>
    </main>
  );
}
