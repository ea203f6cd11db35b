/**
 * The options page's building blocks: a section, a labelled field with its hint and error, a checkbox, a number
 * input and a group of three thresholds. Every fieldset (fieldsets.tsx) is made of these.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';
import type { Policy } from '@/utils/policy';
import type { Draft, FieldErrors } from './form';

/** What every fieldset gets: the draft, a setter, the field errors and the organisation's policy. */
export interface FieldsetProps {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  errors: FieldErrors;
  policy: Policy | null;
}

/** The id of a field's control, from its settings path (Save focuses the first invalid one by it). */
export function fieldId(path: string): string {
  return `acc-f-${path.replace(/\W/g, '-')}`;
}

interface FieldProps {
  label: string;
  path: string;
  errors: FieldErrors;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => JSX.Element;
}

export function Field({ label, path, errors, hint, children }: FieldProps) {
  const id = fieldId(path);
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

/** A number typed as text (the draft keeps what was typed; form.ts converts and validates it). */
export function NumberField(props: {
  label: string;
  path: string;
  hint?: string;
  errors: FieldErrors;
  value: string;
  min: number;
  max?: number;
  step: number;
  decimal?: boolean;
  onInput: (value: string) => void;
}) {
  return (
    <Field label={props.label} path={props.path} errors={props.errors} hint={props.hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          class="acc-input acc-opt-input--num"
          type="number"
          inputMode={props.decimal ? 'decimal' : 'numeric'}
          min={props.min}
          max={props.max}
          step={props.step}
          value={props.value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** Three whole-number thresholds that must increase (age) or decrease (expiry), with one error for the group. */
export function ThresholdFields(props: {
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

export function Check(props: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string; disabled?: boolean }) {
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

export function Section(props: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section class="acc-opt-section" aria-labelledby={props.id}>
      <h2 id={props.id} class="acc-opt-section__title">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}
