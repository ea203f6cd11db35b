/**
 * One component per group of settings, in the order of the page: portal, age badges, expiry warnings, decisions,
 * notifications, audit log. Each takes the draft and a setter (FieldsetProps) and locks what the organisation sets.
 */
import { useState } from 'preact/hooks';
import { PENDING_EXPIRY_MS } from '@/utils/actions/model';
import { formatNumber, t } from '@/utils/i18n';
import { CLOUD_IDS, CLOUDS, DEFAULT_HOST_PATTERNS, hostPattern, type CloudId } from '@/utils/portal/hosts';
import { MIN_POLL_MINUTES } from '@/utils/settings';
import type { ActionTypeOption } from './actionTypes';
import { Check, Field, NumberField, ThresholdFields, type FieldsetProps } from './controls';
import { Locked } from './Policy';

export function needsGrant(cloud: CloudId): boolean {
  return !DEFAULT_HOST_PATTERNS.includes(hostPattern(CLOUDS[cloud].portalHost));
}

export function PortalFields(props: FieldsetProps & { granted: boolean | null }) {
  const { draft, set, errors, policy } = props;
  const host = CLOUDS[draft.cloud].portalHost;
  return (
    <>
      <Locked policy={policy} paths={['cloud']}>
        <Field
          label={t('options.cloudLabel')}
          path="cloud"
          errors={errors}
          hint={needsGrant(draft.cloud) && props.granted === false ? t('options.cloudWillAsk', [host]) : t('options.cloudPortal', [host])}
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
                  {t('options.cloudOption', [t(`options.cloudName.${c}`), CLOUDS[c].portalHost])}
                </option>
              ))}
            </select>
          )}
        </Field>
      </Locked>
      <Locked policy={policy} paths={['pollMinutes']}>
        <NumberField
          label={t('options.pollLabel')}
          path="pollMinutes"
          errors={errors}
          hint={t('options.pollHint', [formatNumber(MIN_POLL_MINUTES)])}
          value={draft.pollMinutes}
          min={MIN_POLL_MINUTES}
          step={0.5}
          decimal
          onInput={(pollMinutes) => set({ pollMinutes })}
        />
      </Locked>
    </>
  );
}

export function AgeFields({ draft, set, errors, policy }: FieldsetProps) {
  return (
    <>
      <p class="acc-field__hint">{t('options.ageHint')}</p>
      <Locked policy={policy} paths={['ageThresholds']}>
        <ThresholdFields
          groupId="acc-s-age"
          errorId="acc-age-error"
          error={errors.ageThresholds}
          fields={[
            ['warnMinutes', 'ageThresholds.warnMinutes', t('options.ageWarn')],
            ['alertMinutes', 'ageThresholds.alertMinutes', t('options.ageAlert')],
            ['criticalMinutes', 'ageThresholds.criticalMinutes', t('options.ageCritical')],
          ]}
          draft={draft}
          set={set}
          errors={errors}
        />
      </Locked>
    </>
  );
}

export function ExpiryFields({ draft, set, errors, policy }: FieldsetProps) {
  return (
    <>
      <p class="acc-field__hint">{t('options.expiryHint', [formatNumber(PENDING_EXPIRY_MS / 86_400_000)])}</p>
      <Locked policy={policy} paths={['expiryThresholds']}>
        <ThresholdFields
          groupId="acc-s-expiry"
          errorId="acc-expiry-error"
          error={errors.expiryThresholds}
          max={167}
          fields={[
            ['expiryWarnHours', 'expiryThresholds.warnHours', t('options.expiryWarn')],
            ['expiryAlertHours', 'expiryThresholds.alertHours', t('options.expiryAlert')],
            ['expiryCriticalHours', 'expiryThresholds.criticalHours', t('options.expiryCritical')],
          ]}
          draft={draft}
          set={set}
          errors={errors}
        />
      </Locked>
      <Check
        label={t('options.expiryInQuietHours')}
        checked={draft.criticalExpiryInQuietHours}
        onChange={(v) => set({ criticalExpiryInQuietHours: v })}
      />
    </>
  );
}

export function DecisionFields({ draft, set, policy }: FieldsetProps) {
  return (
    <>
      <Locked policy={policy} paths={['confirmApprove']}>
        <Check label={t('options.confirmApprove')} checked={draft.confirmApprove} onChange={(v) => set({ confirmApprove: v })} />
      </Locked>
      <Locked policy={policy} paths={['requireRejectComment']}>
        <Check label={t('options.requireRejectComment')} checked={draft.requireRejectComment} onChange={(v) => set({ requireRejectComment: v })} />
      </Locked>
      <Locked policy={policy} paths={['requireApproveComment']}>
        <Check label={t('options.requireApproveComment')} checked={draft.requireApproveComment} onChange={(v) => set({ requireApproveComment: v })} />
      </Locked>
      <Locked policy={policy} paths={['confirmDestructive']}>
        <Check
          label={t('options.confirmDestructive')}
          checked={draft.confirmDestructive}
          hint={t('options.destructiveHint')}
          onChange={(v) => set({ confirmDestructive: v })}
        />
      </Locked>
      <Locked policy={policy} paths={['requireCommentForDestructive']}>
        <Check
          label={t('options.requireCommentForDestructive')}
          checked={draft.requireCommentForDestructive}
          onChange={(v) => set({ requireCommentForDestructive: v })}
        />
      </Locked>
    </>
  );
}

function ActionTypes(props: { draft: FieldsetProps['draft']; set: FieldsetProps['set']; options: readonly ActionTypeOption[] }) {
  const { draft, set } = props;
  const [extra, setExtra] = useState('');
  const all = draft.actionTypes.length === 0;
  const options = [
    ...props.options,
    ...draft.actionTypes.filter((type) => !props.options.some((o) => o.value === type)).map((type) => ({ value: type, label: type })),
  ];
  const toggle = (value: string, on: boolean) =>
    set({ actionTypes: on ? [...draft.actionTypes, value] : draft.actionTypes.filter((type) => type !== value) });
  const add = () => {
    const value = extra.trim();
    if (value && !draft.actionTypes.includes(value)) set({ actionTypes: [...draft.actionTypes, value] });
    setExtra('');
  };
  return (
    <fieldset class="acc-opt-fieldset" disabled={!draft.notificationsEnabled}>
      <legend class="acc-field__label">{t('options.typesLegend')}</legend>
      <div class="acc-opt-radios">
        <label>
          <input type="radio" name="acc-types" checked={all} onChange={() => set({ actionTypes: [] })} /> {t('options.typesAll')}
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
          {t('options.typesSome')}
        </label>
      </div>
      {options.length > 0 && (
        <ul class="acc-opt-types" aria-label={t('options.typesListLabel')}>
          {options.map((o) => (
            <li key={o.value}>
              <Check label={o.label} checked={all || draft.actionTypes.includes(o.value)} disabled={all} onChange={(on) => toggle(o.value, on)} />
            </li>
          ))}
        </ul>
      )}
      <div class="acc-opt-inline">
        <label class="acc-sr-only" for="acc-add-type">
          {t('options.typesAddLabel')}
        </label>
        <input
          id="acc-add-type"
          class="acc-input acc-opt-input--wide"
          placeholder={t('options.typesAddPlaceholder')}
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
          {t('options.typesAdd')}
        </button>
      </div>
    </fieldset>
  );
}

function QuietHours({ draft, set, errors }: FieldsetProps) {
  const time = (path: string, label: string, value: string, key: 'quietStart' | 'quietEnd') => (
    <Field label={label} path={path} errors={errors}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          class="acc-input acc-opt-input--num"
          type="time"
          value={value}
          disabled={!draft.quietEnabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => set({ [key]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  return (
    <fieldset class="acc-opt-fieldset" disabled={!draft.notificationsEnabled}>
      <legend class="acc-field__label">{t('options.quietLegend')}</legend>
      <Check label={t('options.quietEnabled')} checked={draft.quietEnabled} onChange={(v) => set({ quietEnabled: v })} />
      <div class="acc-opt-row">
        {time('notifications.quietHours.start', t('options.quietFrom'), draft.quietStart, 'quietStart')}
        {time('notifications.quietHours.end', t('options.quietTo'), draft.quietEnd, 'quietEnd')}
      </div>
    </fieldset>
  );
}

function Grouping({ draft, set, errors }: FieldsetProps) {
  return (
    <fieldset class="acc-opt-fieldset acc-opt-fieldset--plain" disabled={!draft.notificationsEnabled}>
      <legend class="acc-sr-only">{t('options.groupingLegend')}</legend>
      <NumberField
        label={t('options.summaryLabel')}
        path="notifications.summaryThreshold"
        errors={errors}
        hint={t('options.summaryHint')}
        value={draft.summaryThreshold}
        min={1}
        max={50}
        step={1}
        onInput={(summaryThreshold) => set({ summaryThreshold })}
      />
      <Check label={t('options.onlyUnfocused')} checked={draft.onlyWhenPortalNotFocused} onChange={(v) => set({ onlyWhenPortalNotFocused: v })} />
    </fieldset>
  );
}

export function NotificationFields(props: FieldsetProps & { types: readonly ActionTypeOption[] }) {
  const { draft, set, policy } = props;
  return (
    <>
      <Locked policy={policy} paths={['notifications.enabled']}>
        <Check label={t('options.notifyEnabled')} checked={draft.notificationsEnabled} onChange={(v) => set({ notificationsEnabled: v })} />
      </Locked>
      <Locked policy={policy} paths={['notifications.actionTypes']}>
        <ActionTypes draft={draft} set={set} options={props.types} />
      </Locked>
      <Locked policy={policy} paths={['notifications.quietHours']}>
        <QuietHours {...props} />
      </Locked>
      <Grouping {...props} />
    </>
  );
}

export function AuditFields({ draft, set, errors, policy }: FieldsetProps) {
  return (
    <Locked policy={policy} paths={['auditRetentionDays']}>
      <NumberField
        label={t('options.retentionLabel')}
        path="auditRetentionDays"
        errors={errors}
        hint={t('options.retentionHint')}
        value={draft.auditRetentionDays}
        min={1}
        max={3650}
        step={1}
        onInput={(auditRetentionDays) => set({ auditRetentionDays })}
      />
    </Locked>
  );
}
