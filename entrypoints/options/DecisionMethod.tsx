/**
 * Options → "How decisions are sent": which request the extension sends for Approve/Reject on this portal, where it
 * came from (learned from the portal's own Approve, imported from a HAR file, the built-in guess), whether it is
 * broken, and Forget. A HAR file is read here, in this page, and nothing of it but the confirmed shape is kept.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '@/utils/messages';
import { candidatesFromHar, describeTemplate, withVerdict, type Candidate } from '@/utils/portal/decisionTemplate';
import type { LearnedFrom, MethodStatus } from '@/utils/portal/decisionMethod';
import { usePolicy } from './Policy';

const FROM: Readonly<Record<LearnedFrom, string>> = {
  actionCenter: "the portal's Action center",
  investigation: "an investigation's Pending actions",
  portal: 'a portal page',
  har: 'a HAR file',
};

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** One sentence: the method in use and how far it can be trusted. */
export function methodSummary(s: MethodStatus): string {
  const refusedPolicy = s.policyBroken
    ? `Your organisation's request was refused by the portal on ${when(s.policyBroken.at)} (${s.policyBroken.reason}). `
    : '';
  return refusedPolicy + methodInUse(s);
}

function methodInUse(s: MethodStatus): string {
  const t = s.template;
  if (t && t.brokenAt !== null) {
    return `Broken since ${when(t.brokenAt)}: ${t.brokenReason ?? 'the portal refused it'}. ${
      s.inUse === 'none' ? 'Decide one action in the portal and Companion learns again.' : 'Using the next method below until one is learned again.'
    }`;
  }
  switch (s.inUse) {
    case 'learned':
      return `Learned on ${when(t?.at ?? 0)} from ${FROM[t?.from ?? 'portal']} (${s.host}).`;
    case 'imported':
      return `Imported from a HAR file on ${when(t?.at ?? 0)} (${s.host}).`;
    case 'policy':
      return 'Set by your organisation.';
    case 'builtIn':
      return s.builtIn.confirmedAt !== null
        ? `Built-in request, confirmed by the portal on ${when(s.builtIn.confirmedAt)}.`
        : 'Built-in guess, not confirmed by the portal yet. Decide one action in the portal and Companion learns the real request.';
    case 'none':
      return `No working request: the built-in guess was refused${
        s.builtIn.brokenAt !== null ? ` on ${when(s.builtIn.brokenAt)}` : ''
      }. Decide one action in the portal (Approve or Reject) and Companion learns how, then does it for you.`;
  }
}

function Shape(props: { description: NonNullable<MethodStatus['description']>; unknownFields?: readonly string[] | undefined }) {
  const d = props.description;
  const unknown = props.unknownFields ?? [];
  return (
    <dl class="acc-opt-shape">
      <dt>Request</dt>
      <dd>
        <code>{d.request}</code>
      </dd>
      <dt>Body</dt>
      <dd>
        <code>{d.body}</code>
      </dd>
      <dt>Verdicts</dt>
      <dd>
        <code>{d.verdicts}</code>
      </dd>
      {unknown.length > 0 && (
        <>
          <dt>Warning</dt>
          <dd class="acc-opt-shape__warn">
            Fields whose values looked like data Companion could not place are sent empty: <code>{unknown.join(', ')}</code>. If
            decisions fail, decide once more in the portal or import a HAR file.
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
      if (!result.ok) setMessage(`Could not read this file: ${result.problem}`);
      else if (result.value.length === 0) {
        setMessage(
          'No decision found in this file. Save the HAR right after approving or rejecting one pending action in the portal, while Companion knew that action as pending.',
        );
      } else setFound(result.value);
    } catch (error) {
      setMessage(`Could not read this file: ${error instanceof Error ? error.message : String(error)}`);
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
      setMessage('Saved. Companion sends decisions this way from now on.');
    } catch (error) {
      setMessage(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="acc-opt-har">
      <label class="acc-field__label" for="acc-har-file">
        Import from a HAR file
      </label>
      <p class="acc-field__hint" id="acc-har-hint">
        In the portal, open the browser's developer tools (Network), approve or reject one pending action, then "Save all as
        HAR". A HAR file holds your cookies and tokens: it is read in this page only, never stored or sent anywhere. Only the
        request's shape you confirm below is kept.
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
        <ul class="acc-opt-found" aria-label="Decision requests found in the file">
          {found.map((c, i) => (
            <li key={i}>
              <Shape description={describeTemplate(c.template)} unknownFields={c.template.unknownFields} />
              {c.verdict === null ? (
                <>
                  {/* A numeric verdict does not say which decision it was: the analyst who made it does. */}
                  <p class="acc-field__hint">This request's verdict is a code ({String(c.verdictValue)}). Which decision was it?</p>
                  <button type="button" class="acc-btn acc-btn--primary acc-btn--small" disabled={busy} onClick={() => void save(withVerdict(c, 'approve'))}>
                    It was an Approve: use this request
                  </button>{' '}
                  <button type="button" class="acc-btn acc-btn--small" disabled={busy} onClick={() => void save(withVerdict(c, 'reject'))}>
                    It was a Reject: use this request
                  </button>
                </>
              ) : (
                <button type="button" class="acc-btn acc-btn--primary acc-btn--small" disabled={busy} onClick={() => void save(c)}>
                  Use this request
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
        <p class="acc-field__hint">
          The portal has no documented request for Approve and Reject. Companion watches the portal's own Approve or Reject
          (observation only), keeps the request's shape — never a value, cookie or token — and replays it for your next
          decisions.
        </p>
      ) : (
        <p class="acc-field__hint acc-opt-method__learning-off">
          Learning is turned off by your organisation: Companion does not learn the request from the portal and does not
          import one; it uses the request your organisation set, else its built-in guess.
        </p>
      )}
      {status ? (
        <>
          <p class="acc-opt-method__summary" data-method={status.inUse} data-broken={status.template?.brokenAt != null || undefined}>
            {methodSummary(status)}
          </p>
          {status.description && <Shape description={status.description} unknownFields={status.inUse === 'learned' || status.inUse === 'imported' ? status.template?.template.unknownFields : undefined} />}
          {(status.template !== null || status.builtIn.brokenAt !== null || status.builtIn.confirmedAt !== null) && (
            <button type="button" class="acc-btn acc-btn--small" onClick={() => void forget()}>
              Forget
            </button>
          )}
        </>
      ) : (
        <p role="status">{error ? `Could not read how decisions are sent: ${error}` : 'Reading…'}</p>
      )}
      {learning && <HarImport onSaved={setStatus} />}
    </div>
  );
}
