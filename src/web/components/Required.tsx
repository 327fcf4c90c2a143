import { useTranslation } from 'react-i18next';

/**
 * The mark of a required field, inside its label or legend: an asterisk hidden from screen
 * readers, which hear the control's `aria-required` instead ("required"). A form with any such
 * field says once, at its top, what the mark means (`RequiredNote`). Which fields are required is
 * what the route the form sends to requires (its TypeBox schema: `required`, `minLength`), never
 * guessed. See "Required fields" in docs/ARCHITECTURE.md.
 */
export function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true" data-required-mark="">
      {' *'}
    </span>
  );
}

/** What the asterisk means, said once at the top of a form with required fields. */
export function RequiredNote() {
  const { t } = useTranslation();
  return (
    <p className="required-note" data-required-note="">
      {t('common:form.requiredNote')}
    </p>
  );
}

/** A label's or legend's text, with the mark when the field is required. */
export function LabelText({ text, required }: { text: string; required?: boolean }) {
  return (
    <>
      {text}
      {required && <RequiredMark />}
    </>
  );
}

/**
 * The legend of a required group that no single control makes complete: check boxes of which at
 * least one is chosen, a text in at least one language. The legend carries the mark and the
 * group is described by the rule, or by the form's own `hint` saying it in its words (`id` is
 * the hint's, for the fieldset's `aria-describedby`).
 */
export function RequiredGroupLegend({ text, id, ...said }: { text: string; id: string } & ({ rule: 'atLeastOne' | 'atLeastOneLanguage'; hint?: never } | { hint: string; rule?: never })) {
  const { t } = useTranslation();
  return (
    <>
      <legend>
        <LabelText text={text} required />
      </legend>
      <p className="field__hint" id={id}>
        {said.hint ?? t(`common:form.${said.rule}`)}
      </p>
    </>
  );
}
