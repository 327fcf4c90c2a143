import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { formText, useSubmit } from '../../components/useSubmit.ts';

/**
 * The token of a one-time link (`/invitation#<token>`, `/password-reset#<token>`): it travels in
 * the address's fragment, which the browser sends to no server, and goes to the API in a request
 * body. Read once, when the page opens.
 */
export function useFragmentToken(): string {
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  return token;
}

/** The two passwords differ: said at the field, never sent. */
class MismatchError extends Error {}

/**
 * A new password typed twice, as a one-time link sets it. `onPassword` sends it; what it throws
 * is shown with the form (a problem of the password at its field).
 */
export function NewPasswordForm({ email, onPassword }: { email?: string; onPassword: (password: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const password = formText(form, 'password');
    if (password !== formText(form, 'repeat')) throw new MismatchError();
    await onPassword(password);
  });

  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  const passwordError = error instanceof MismatchError ? t('accounts:newPassword.mismatch') : fieldErrors.password ? fieldText(fieldErrors.password, t) : undefined;
  return (
    <>
      <FormErrors error={error instanceof MismatchError ? null : error} fieldLabels={{ password: t('accounts:newPassword.password') }} />
      <form onSubmit={onSubmit} noValidate className="form">
        <RequiredNote />
        {/* The e-mail address, for password managers to store the new password with. */}
        {email !== undefined && <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />}
        <Field
          id="field-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          label={t('accounts:newPassword.password')}
          hint={t('accounts:register.passwordHint')}
          error={passwordError}
        />
        <Field id="field-repeat" name="repeat" type="password" autoComplete="new-password" required minLength={10} label={t('accounts:newPassword.repeat')} />
        <button type="submit" className="button" disabled={busy}>
          {t('accounts:newPassword.submit')}
        </button>
      </form>
    </>
  );
}
