import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { LabelText } from './Required.tsx';

interface FrameProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  id?: string;
  /** Whether the route the form sends to requires the field: an asterisk in the label, `aria-required` on the control. */
  required?: boolean;
  /** The control, given the attributes that tie it to its label, hint and error. */
  children: (control: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string; 'aria-required'?: true }) => ReactNode;
}

/** A label, an optional hint and an optional error around one control, announced with it. */
function FieldFrame({ label, hint, error, id, required, children }: FrameProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={fieldId}>
        <LabelText text={label} required={required} />
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      {children({
        id: fieldId,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
        'aria-required': required ? true : undefined,
      })}
    </div>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: ReactNode;
  error?: string;
}

/** A labelled input whose hint and error are announced with it. */
export function Field({ label, hint, error, id, required, ...input }: FieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} required={required}>
      {(control) => <input {...control} {...input} />}
    </FieldFrame>
  );
}

/** A choice of a list; those with a `group` are shown under its name (an option group), in the order given. */
export interface SelectOption {
  value: string;
  label: string;
  group?: string;
}

interface SelectFieldProps extends React.SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  options: SelectOption[];
  hint?: ReactNode;
  error?: string;
}

/** Runs of options of the same group, in order: a run without a group stands alone. */
function optionRuns(options: SelectOption[]): { group?: string; options: SelectOption[] }[] {
  const runs: { group?: string; options: SelectOption[] }[] = [];
  for (const option of options) {
    const last = runs[runs.length - 1];
    if (last && last.group === option.group) last.options.push(option);
    else runs.push({ group: option.group, options: [option] });
  }
  return runs;
}

const optionElement = (option: SelectOption) => (
  <option key={option.value} value={option.value}>
    {option.label}
  </option>
);

export function SelectField({ label, options, hint, error, id, required, ...select }: SelectFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} required={required}>
      {(control) => (
        <select {...control} {...select}>
          {optionRuns(options).map((run, index) =>
            run.group === undefined ? (
              run.options.map(optionElement)
            ) : (
              <optgroup key={`${run.group} ${index}`} label={run.group}>
                {run.options.map(optionElement)}
              </optgroup>
            ),
          )}
        </select>
      )}
    </FieldFrame>
  );
}

interface TextAreaFieldProps extends React.TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  hint?: ReactNode;
  error?: string;
}

/** A labelled text area whose hint and error are announced with it. */
export function TextAreaField({ label, hint, error, id, required, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} required={required}>
      {(control) => <textarea {...control} {...textarea} />}
    </FieldFrame>
  );
}
