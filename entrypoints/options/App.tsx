/**
 * Options: portal cloud (with its host permission), polling, age thresholds, decision rules, notifications,
 * audit retention and clearing local data. Validated with validateSettings; saved with saveSettings, which the
 * background watches, so changes apply without a restart.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { request } from '@/utils/messages';
import { CLOUD_IDS, CLOUDS, DEFAULT_HOST_PATTERNS, hostPattern, type CloudId } from '@/utils/portal/hosts';
import { DEFAULT_SETTINGS, loadSettings, MIN_POLL_MINUTES, saveSettings, watchSettings } from '@/utils/settings';
import { CompatTable } from '@/components/CompatTable';
import { knownActionTypes, type ActionTypeOption } from './actionTypes';
import { DecisionMethod } from './DecisionMethod';
import { Locked, PolicySection, usePolicy } from './Policy';
import { checkDraft, draftOf, type Draft, type FieldErrors } from './form';

function needsGrant(cloud: CloudId): boolean {
  return !DEFAULT_HOST_PATTERNS.includes(hostPattern(CLOUDS[cloud].portalHost));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface FieldProps {
  label: string;
  path: string;
  errors: FieldErrors;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => JSX.Element;
}

function Field({ label, path, errors, hint, children }: FieldProps) {
  const id = `acc-f-${path.replace(/\W/g, '-')}`;
  const error = errors[path];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`acc-opt-field${error ? ' acc-opt-field--invalid' : ''}`}>
      <label class="acc-field__label" for={id}>
        {label}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p id={`${id}-hint`} class="acc-field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="acc-field__error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Three whole-number thresholds that must increase (age) or decrease (expiry), with one error for the group. */
function ThresholdFields(props: {
  groupId: string;
  errorId: string;
  error: string | undefined;
  max?: number;
  fields: readonly (readonly [keyof Draft & string, string, string])[];
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  errors: FieldErrors;
}) {
  const { error, errorId } = props;
  return (
    <>
      <div class="acc-opt-row" role="group" aria-labelledby={props.groupId} aria-describedby={error ? errorId : undefined}>
        {props.fields.map(([key, path, label]) => (
          <Field key={key} label={label} path={path} errors={props.errors}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                class="acc-input acc-opt-input--num"
                type="number"
                inputMode="numeric"
                min={1}
                max={props.max}
                step={1}
                value={String(props.draft[key])}
                aria-describedby={[describedBy, error ? errorId : ''].filter(Boolean).join(' ') || undefined}
                aria-invalid={invalid || Boolean(error) || undefined}
                onInput={(e) => props.set({ [key]: e.currentTarget.value })}
              />
            )}
          </Field>
        ))}
      </div>
      {error && (
        <p id={errorId} class="acc-field__error">
          {error}
        </p>
      )}
    </>
  );
}

function Check(props: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string; disabled?: boolean }) {
  const id = useId();
  return (
    <div class="acc-opt-check">
      <input
        id={id}
        type="checkbox"
        class="acc-check"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p id={`${id}-hint`} class="acc-field__hint acc-opt-check__hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

function Section(props: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section class="acc-opt-section" aria-labelledby={props.id}>
      <h2 id={props.id} class="acc-opt-section__title">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

function ActionTypes(props: { draft: Draft; set: (patch: Partial<Draft>) => void; options: readonly ActionTypeOption[] }) {
  const { draft, set } = props;
  const [extra, setExtra] = useState('');
  const all = draft.actionTypes.length === 0;
  const options = [
    ...props.options,
    ...draft.actionTypes.filter((t) => !props.options.some((o) => o.value === t)).map((t) => ({ value: t, label: t })),
  ];
  const toggle = (value: string, on: boolean) =>
    set({ actionTypes: on ? [...draft.actionTypes, value] : draft.actionTypes.filter((t) => t !== value) });
  const add = () => {
    const value = extra.trim();
    if (value && !draft.actionTypes.includes(value)) set({ actionTypes: [...draft.actionTypes, value] });
    setExtra('');
  };
  return (
    <fieldset class="acc-opt-fieldset" disabled={!draft.notificationsEnabled}>
      <legend class="acc-field__label">Action types to announce</legend>
      <div class="acc-opt-radios">
        <label>
          <input type="radio" name="acc-types" checked={all} onChange={() => set({ actionTypes: [] })} /> Every action type
        </label>
        <label>
          <input
            type="radio"
            name="acc-types"
            checked={!all}
            onChange={() => {
              if (all) set({ actionTypes: options.slice(0, 1).map((o) => o.value) });
            }}
            disabled={options.length === 0}
          />{' '}
          Only the types checked below
        </label>
      </div>
      {options.length > 0 && (
        <ul class="acc-opt-types" aria-label="Action types">
          {options.map((o) => (
            <li key={o.value}>
              <Check label={o.label} checked={all || draft.actionTypes.includes(o.value)} disabled={all} onChange={(on) => toggle(o.value, on)} />
            </li>
          ))}
        </ul>
      )}
      <div class="acc-opt-inline">
        <label class="acc-sr-only" for="acc-add-type">
          Add an action type by its raw value
        </label>
        <input
          id="acc-add-type"
          class="acc-input acc-opt-input--wide"
          placeholder="Raw type, e.g. IsolateResponse"
          value={extra}
          onInput={(e) => setExtra(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="acc-btn acc-btn--small" onClick={add} disabled={extra.trim() === ''}>
          Add type
        </button>
      </div>
    </fieldset>
  );
}

function ClearData() {
  const [phase, setPhase] = useState<'idle' | 'confirm' | 'busy' | 'done' | 'failed'>('idle');
  const [message, setMessage] = useState('');
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (phase === 'confirm') confirmRef.current?.focus();
  }, [phase]);
  const clear = async () => {
    setPhase('busy');
    try {
      await request('clearLocalData', undefined);
      setPhase('done');
      setMessage('Local data cleared.');
    } catch (error) {
      setPhase('failed');
      setMessage(`Could not clear local data: ${describe(error)}`);
    }
  };
  return (
    <div>
      <p class="acc-field__hint">
        Deletes the audit log of your decisions, the cached list of actions and the record of notifications on this
        browser. Settings stay. Nothing in the portal changes.
      </p>
      {phase === 'confirm' || phase === 'busy' ? (
        <div class="acc-opt-confirm acc-opt-clear" role="group" aria-labelledby="acc-clear-q">
          <p id="acc-clear-q" class="acc-opt-confirm__q">
            Clear all local data now? This cannot be undone.
          </p>
          <button ref={confirmRef} type="button" class="acc-btn acc-btn--danger" disabled={phase === 'busy'} onClick={() => void clear()}>
            Yes, clear local data
          </button>
          <button type="button" class="acc-btn" disabled={phase === 'busy'} onClick={() => setPhase('idle')}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" class="acc-btn acc-opt-clear" onClick={() => setPhase('confirm')}>
          Clear local data…
        </button>
      )}
      <p class="acc-opt-status" role="status">
        {phase === 'done' || phase === 'failed' ? message : ''}
      </p>
    </div>
  );
}

export function App(): JSX.Element {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [granted, setGranted] = useState<boolean | null>(null);
  const [types, setTypes] = useState<readonly ActionTypeOption[]>([]);
  const dirty = useRef(false);
  const policy = usePolicy();

  useEffect(() => {
    let live = true;
    loadSettings().then(
      (s) => live && setDraft(draftOf(s)),
      () => live && setDraft(draftOf(DEFAULT_SETTINGS)),
    );
    void knownActionTypes().then((t) => live && setTypes(t));
    const stop = watchSettings((s) => {
      if (!dirty.current) setDraft(draftOf(s));
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const cloud = draft?.cloud;
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

  if (!draft) {
    return (
      <main class="acc-theme acc-options" aria-busy="true">
        <h1 class="acc-opt-title">Action Center Companion — Settings</h1>
        <p role="status">Loading settings…</p>
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
    const checked = checkDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ tone: 'error', text: 'Some settings need fixing; see the fields marked below.' });
      const first = Object.keys(checked.errors)[0];
      if (first) document.getElementById(`acc-f-${first.replace(/\W/g, '-')}`)?.focus();
      return;
    }
    setErrors({});
    const host = CLOUDS[checked.value.cloud].portalHost;
    // Asked straight from the click (a user gesture); resolves at once when already granted.
    const permission: Promise<boolean> = needsGrant(checked.value.cloud)
      ? browser.permissions.request({ origins: [hostPattern(host)] })
      : Promise.resolve(true);
    setSaving(true);
    void permission
      .catch(() => false)
      .then(async (ok) => {
        if (!ok) {
          setErrors({ cloud: `Access to ${host} was not granted, so the cloud was not changed. Save again to be asked.` });
          setStatus({ tone: 'error', text: 'Not saved.' });
          return;
        }
        setGranted(true);
        const saved = await saveSettings(checked.value);
        if (saved.ok) {
          dirty.current = false;
          setStatus({ tone: 'ok', text: 'Saved. The extension uses the new settings now.' });
        } else {
          const next: FieldErrors = {};
          for (const i of saved.issues) next[i.path || 'form'] ??= i.message;
          setErrors(next);
          setStatus({ tone: 'error', text: 'Not saved.' });
        }
      })
      .catch((error: unknown) => setStatus({ tone: 'error', text: `Not saved: ${describe(error)}` }))
      .finally(() => setSaving(false));
  }

  const thresholdError = errors.ageThresholds;
  const cloudHost = CLOUDS[draft.cloud].portalHost;

  return (
    <main class="acc-theme acc-options">
      <h1 class="acc-opt-title">Action Center Companion — Settings</h1>
      <PolicySection policy={policy} />
      <form onSubmit={onSubmit} noValidate>
        <Section title="Portal" id="acc-s-portal">
          <Locked policy={policy} paths={['cloud']}>
          <Field
            label="Cloud"
            path="cloud"
            errors={errors}
            hint={
              needsGrant(draft.cloud) && granted === false
                ? `The extension will ask for access to ${cloudHost} when you save.`
                : `Portal: ${cloudHost}`
            }
          >
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                class="acc-select acc-opt-input"
                value={draft.cloud}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                onChange={(e) => set({ cloud: e.currentTarget.value as CloudId })}
              >
                {CLOUD_IDS.map((c) => (
                  <option key={c} value={c}>
                    {CLOUDS[c].label} ({CLOUDS[c].portalHost})
                  </option>
                ))}
              </select>
            )}
          </Field>
          </Locked>
          <Locked policy={policy} paths={['pollMinutes']}>
          <Field label="Check for pending actions every (minutes)" path="pollMinutes" errors={errors} hint={`At least ${MIN_POLL_MINUTES} minutes.`}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                class="acc-input acc-opt-input--num"
                type="number"
                inputMode="decimal"
                min={MIN_POLL_MINUTES}
                step={0.5}
                value={draft.pollMinutes}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                onInput={(e) => set({ pollMinutes: e.currentTarget.value })}
              />
            )}
          </Field>
          </Locked>
        </Section>

        <Section title="Age badges" id="acc-s-age">
          <p class="acc-field__hint">An action's badge changes colour as it waits longer than each threshold (minutes).</p>
          <Locked policy={policy} paths={['ageThresholds']}>
          <ThresholdFields
            groupId="acc-s-age"
            errorId="acc-age-error"
            error={thresholdError}
            fields={[
              ['warnMinutes', 'ageThresholds.warnMinutes', 'Warn after'],
              ['alertMinutes', 'ageThresholds.alertMinutes', 'Alert after'],
              ['criticalMinutes', 'ageThresholds.criticalMinutes', 'Critical after'],
            ]}
            draft={draft}
            set={set}
            errors={errors}
          />
          </Locked>
        </Section>

        <Section title="Expiry warnings" id="acc-s-expiry">
          <p class="acc-field__hint">
            Pending actions expire 7 days after they were raised and then count as rejected. Badges change colour, and you are
            notified at the alert and critical levels, when less than this many hours are left.
          </p>
          <Locked policy={policy} paths={['expiryThresholds']}>
          <ThresholdFields
            groupId="acc-s-expiry"
            errorId="acc-expiry-error"
            error={errors.expiryThresholds}
            max={167}
            fields={[
              ['expiryWarnHours', 'expiryThresholds.warnHours', 'Warn under (hours left)'],
              ['expiryAlertHours', 'expiryThresholds.alertHours', 'Alert under (hours left)'],
              ['expiryCriticalHours', 'expiryThresholds.criticalHours', 'Critical under (hours left)'],
            ]}
            draft={draft}
            set={set}
            errors={errors}
          />
          </Locked>
          <Check
            label="Show the critical expiry warning during quiet hours"
            checked={draft.criticalExpiryInQuietHours}
            onChange={(v) => set({ criticalExpiryInQuietHours: v })}
          />
        </Section>

        <Section title="Decisions" id="acc-s-decisions">
          <Locked policy={policy} paths={['confirmApprove']}>
            <Check label="Confirm before approving" checked={draft.confirmApprove} onChange={(v) => set({ confirmApprove: v })} />
          </Locked>
          <Locked policy={policy} paths={['requireRejectComment']}>
            <Check label="Require a comment to reject" checked={draft.requireRejectComment} onChange={(v) => set({ requireRejectComment: v })} />
          </Locked>
          <Locked policy={policy} paths={['requireApproveComment']}>
            <Check label="Require a comment to approve" checked={draft.requireApproveComment} onChange={(v) => set({ requireApproveComment: v })} />
          </Locked>
        </Section>

        <Section title="Notifications" id="acc-s-notify">
          <Locked policy={policy} paths={['notifications.enabled']}>
            <Check label="Notify me of new pending actions" checked={draft.notificationsEnabled} onChange={(v) => set({ notificationsEnabled: v })} />
          </Locked>
          <Locked policy={policy} paths={['notifications.actionTypes']}>
            <ActionTypes draft={draft} set={set} options={types} />
          </Locked>
          <Locked policy={policy} paths={['notifications.quietHours']}>
          <fieldset class="acc-opt-fieldset" disabled={!draft.notificationsEnabled}>
            <legend class="acc-field__label">Quiet hours</legend>
            <Check label="No notifications during quiet hours" checked={draft.quietEnabled} onChange={(v) => set({ quietEnabled: v })} />
            <div class="acc-opt-row">
              <Field label="From" path="notifications.quietHours.start" errors={errors}>
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    class="acc-input acc-opt-input--num"
                    type="time"
                    value={draft.quietStart}
                    disabled={!draft.quietEnabled}
                    aria-describedby={describedBy}
                    aria-invalid={invalid || undefined}
                    onInput={(e) => set({ quietStart: e.currentTarget.value })}
                  />
                )}
              </Field>
              <Field label="To" path="notifications.quietHours.end" errors={errors}>
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    class="acc-input acc-opt-input--num"
                    type="time"
                    value={draft.quietEnd}
                    disabled={!draft.quietEnabled}
                    aria-describedby={describedBy}
                    aria-invalid={invalid || undefined}
                    onInput={(e) => set({ quietEnd: e.currentTarget.value })}
                  />
                )}
              </Field>
            </div>
          </fieldset>
          </Locked>
          <fieldset class="acc-opt-fieldset acc-opt-fieldset--plain" disabled={!draft.notificationsEnabled}>
            <legend class="acc-sr-only">Grouping and focus</legend>
            <Field
              label="Summarise when more than this many arrive at once"
              path="notifications.summaryThreshold"
              errors={errors}
              hint="Above this count, one summary notification instead of one per action."
            >
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  class="acc-input acc-opt-input--num"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={50}
                  step={1}
                  value={draft.summaryThreshold}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onInput={(e) => set({ summaryThreshold: e.currentTarget.value })}
                />
              )}
            </Field>
            <Check
              label="Only when no portal tab is focused"
              checked={draft.onlyWhenPortalNotFocused}
              onChange={(v) => set({ onlyWhenPortalNotFocused: v })}
            />
          </fieldset>
        </Section>

        <Section title="Audit log" id="acc-s-audit">
          <Locked policy={policy} paths={['auditRetentionDays']}>
          <Field label="Keep decisions for (days)" path="auditRetentionDays" errors={errors} hint="Older entries are deleted from this browser.">
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                class="acc-input acc-opt-input--num"
                type="number"
                inputMode="numeric"
                min={1}
                max={3650}
                step={1}
                value={draft.auditRetentionDays}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                onInput={(e) => set({ auditRetentionDays: e.currentTarget.value })}
              />
            )}
          </Field>
          </Locked>
        </Section>

        {errors.form && <p class="acc-field__error">{errors.form}</p>}
        <div class="acc-opt-savebar">
          <button type="submit" class="acc-btn acc-btn--primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <p class={`acc-opt-status${status?.tone === 'error' ? ' acc-opt-status--error' : ''}`} role="status">
            {status?.text ?? ''}
          </p>
        </div>
      </form>

      <Section title="How decisions are sent" id="acc-s-method">
        <DecisionMethod />
      </Section>

      <Section title="Portal compatibility" id="acc-s-compat">
        <CompatTable now={Date.now()} />
      </Section>

      <Section title="Local data" id="acc-s-local">
        <ClearData />
      </Section>
    </main>
  );
}
