/**
 * Options → "How decisions are sent": which request the extension sends for Approve/Reject on this portal, where it
 * came from (learned from the portal's own Approve, imported from a HAR file, the built-in guess), whether it is
 * broken, and Forget. A HAR file is read here, in this page, and nothing of it but the confirmed shape is kept.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime, t } from '@/utils/i18n';
import { request } from '@/utils/messages';
import { candidatesFromHar, describeTemplate, withVerdict, type Candidate } from '@/utils/portal/decisionTemplate';
import type { LearnedFrom, MethodStatus } from '@/utils/portal/decisionMethod';
import { usePolicy } from './Policy';

function from(where: LearnedFrom): string {
  return t(`options.methodFrom.${where}`);
}

function when(ms: number): string {
  return formatDateTime(ms);
}

/** One sentence: the method in use and how far it can be trusted. */
export function methodSummary(s: MethodStatus): string {
  const refusedPolicy = s.policyBroken ? `${t('options.methodPolicyRefused', [when(s.policyBroken.at), s.policyBroken.reason])} ` : '';
  return refusedPolicy + methodInUse(s);
}

function methodInUse(s: MethodStatus): string {
  const template = s.template;
  if (template && template.brokenAt !== null) {
    const next = s.inUse === 'none' ? t('options.methodRelearn') : t('options.methodNextBelow');
    return `${t('options.methodBroken', [when(template.brokenAt), template.brokenReason ?? t('options.methodBrokenReason')])} ${next}`;
  }
  switch (s.inUse) {
    case 'learned':
      return t('options.methodLearned', [when(template?.at ?? 0), from(template?.from ?? 'portal'), s.host]);
    case 'imported':
      return t('options.methodImported', [when(template?.at ?? 0), s.host]);
    case 'policy':
      return t('options.methodPolicy');
    case 'builtIn':
      return s.builtIn.confirmedAt !== null ? t('options.methodBuiltInConfirmed', [when(s.builtIn.confirmedAt)]) : t('options.methodBuiltInGuess');
    case 'none':
      return s.builtIn.brokenAt !== null ? t('options.methodNoneOn', [when(s.builtIn.brokenAt)]) : t('options.methodNone');
  }
}

function Shape(props: { description: NonNullable<MethodStatus['description']>; unknownFields?: readonly string[] | undefined }) {
  const d = props.description;
  const unknown = props.unknownFields ?? [];
  return (
    <dl class="acc-opt-shape">
      <dt>{t('options.shapeRequest')}</dt>
      <dd>
        <code>{d.request}</code>
      </dd>
      <dt>{t('options.shapeBody')}</dt>
      <dd>
        <code>{d.body}</code>
      </dd>
      <dt>{t('options.shapeVerdicts')}</dt>
      <dd>
        <code>{d.verdicts}</code>
      </dd>
      {unknown.length > 0 && (
        <>
          <dt>{t('options.shapeWarning')}</dt>
          <dd class="acc-opt-shape__warn">
            {t('options.shapeUnknownFields', [unknown.join(', ')])}
          </dd>
        </>
      )}
    </dl>
  );
}

function HarImport(props: { onSaved: (s: MethodStatus) => void }) {
  const [found, setFound] = useState<readonly Candidate[] | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const read = async (file: File) => {
    setBusy(true);
    setFound(null);
    setMessage('');
    try {
      const [text, known] = await Promise.all([file.text(), request('knownActions', undefined)]);
      const result = candidatesFromHar(text, known);
      if (!result.ok) setMessage(t('options.harUnreadable', [result.problem]));
      else if (result.value.length === 0) {
        setMessage(t('options.harNothing'));
      } else setFound(result.value);
    } catch (error) {
      setMessage(t('options.harUnreadable', [error instanceof Error ? error.message : String(error)]));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const save = async (candidate: Candidate) => {
    setBusy(true);
    try {
      props.onSaved(await request('importDecisionTemplate', { template: candidate.template }));
      setFound(null);
      setMessage(t('options.harSaved'));
    } catch (error) {
      setMessage(t('options.statusNotSavedBecause', [error instanceof Error ? error.message : String(error)]));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="acc-opt-har">
      <label class="acc-field__label" for="acc-har-file">
        {t('options.harLabel')}
      </label>
      <p class="acc-field__hint" id="acc-har-hint">
        {t('options.harHint')}
      </p>
      <input
        ref={input}
        id="acc-har-file"
        type="file"
        accept=".har,application/json"
        aria-describedby="acc-har-hint"
        disabled={busy}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void read(file);
        }}
      />
      {found && (
        <ul class="acc-opt-found" aria-label={t('options.harFoundLabel')}>
          {found.map((c, i) => (
            <li key={i}>
              <Shape description={describeTemplate(c.template)} unknownFields={c.template.unknownFields} />
              {c.verdict === null ? (
                <>
                  {/* A numeric verdict does not say which decision it was: the analyst who made it does. */}
                  <p class="acc-field__hint">{t('options.harVerdictCode', [String(c.verdictValue)])}</p>
                  <button type="button" class="acc-btn acc-btn--primary acc-btn--small" disabled={busy} onClick={() => void save(withVerdict(c, 'approve'))}>
                    {t('options.harWasApprove')}
                  </button>{' '}
                  <button type="button" class="acc-btn acc-btn--small" disabled={busy} onClick={() => void save(withVerdict(c, 'reject'))}>
                    {t('options.harWasReject')}
                  </button>
                </>
              ) : (
                <button type="button" class="acc-btn acc-btn--primary acc-btn--small" disabled={busy} onClick={() => void save(c)}>
                  {t('options.harUse')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p class="acc-opt-status" role="status">
        {message}
      </p>
    </div>
  );
}

export function DecisionMethod(): JSX.Element {
  const [status, setStatus] = useState<MethodStatus | null>(null);
  const [error, setError] = useState('');
  const policy = usePolicy();
  const learning = policy?.allowLearning ?? true;

  // Read again when the policy changes (its template or allowLearning change what is in use).
  useEffect(() => {
    let live = true;
    request('decisionMethod', undefined).then(
      (s) => live && setStatus(s),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [policy]);

  const forget = async () => {
    try {
      setStatus(await request('forgetDecisionMethod', undefined));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div class="acc-opt-method">
      {learning ? (
        <p class="acc-field__hint">{t('options.methodLearningHint')}</p>
      ) : (
        <p class="acc-field__hint acc-opt-method__learning-off">{t('options.methodLearningOff')}</p>
      )}
      {status ? (
        <>
          <p class="acc-opt-method__summary" data-method={status.inUse} data-broken={status.template?.brokenAt != null || undefined}>
            {methodSummary(status)}
          </p>
          {status.description && <Shape description={status.description} unknownFields={status.inUse === 'learned' || status.inUse === 'imported' ? status.template?.template.unknownFields : undefined} />}
          {(status.template !== null || status.builtIn.brokenAt !== null || status.builtIn.confirmedAt !== null) && (
            <button type="button" class="acc-btn acc-btn--small" onClick={() => void forget()}>
              {t('options.forget')}
            </button>
          )}
        </>
      ) : (
        <p role="status">{error ? t('options.methodReadFailed', [error]) : t('options.methodReading')}</p>
      )}
      {learning && <HarImport onSaved={setStatus} />}
    </div>
  );
}
