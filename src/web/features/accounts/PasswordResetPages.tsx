import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { landingPath } from '../../components/landing.ts';
import { fieldText } from '../../components/problemText.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { NewPasswordForm, useFragmentToken } from './NewPasswordForm.tsx';

/**
 * "Forgot your password?" (`/forgot-password`): one field. The answer is the same whether or not
 * an account has the address, and the page says just that.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const notice = useNotice({ fromNavigation: false });
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    notice.clear();
    await api.post('/api/auth/password-reset', { body: { email: formText(form, 'email') } });
    notice.show('accounts:reset.sent');
  });
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <div className="page page--narrow">
      <PageTitle>{t('accounts:reset.requestTitle')}</PageTitle>
      <p>{t('accounts:reset.requestIntro')}</p>
      <StatusMessage notice={notice.notice} tone="info" />
      <FormErrors error={error} fieldLabels={{ email: t('accounts:fields.email') }} />
      <form onSubmit={onSubmit} noValidate className="form">
        <RequiredNote />
        <Field id="field-email" name="email" type="email" autoComplete="email" required label={t('accounts:fields.email')} error={fieldErrors.email ? fieldText(fieldErrors.email, t) : undefined} />
        <button type="submit" className="button" disabled={busy}>
          {t('accounts:reset.requestSubmit')}
        </button>
      </form>
      <p>
        <Link to="/login">{t('accounts:reset.toLogin')}</Link>
      </p>
    </div>
  );
}

type LinkState = 'used' | 'expired' | 'replaced' | 'unknown';

/** What a problem from the reset route says of the link. */
function linkState(error: unknown): LinkState | null {
  if (!(error instanceof ApiError)) return null;
  switch (error.problem.type) {
    case '/problems/reset-link-used':
      return 'used';
    case '/problems/reset-link-expired':
      return 'expired';
    case '/problems/reset-link-replaced':
      return 'replaced';
    case '/problems/reset-link-unknown':
      return 'unknown';
    default:
      return null;
  }
}

/**
 * The page a reset link opens (`/password-reset#<token>`): the token travels in the address's
 * fragment, which the browser sends to no server, and goes to the API in a request body. The
 * new password is typed twice; then the user is logged in. A used or expired link says so and
 * offers a new one.
 */
export function PasswordResetPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const token = useFragmentToken();
  const [gone, setGone] = useState<LinkState | null>(token ? null : 'unknown');

  async function setPassword(password: string) {
    try {
      const user = await api.post('/api/auth/password-reset/complete', { body: { token, password } });
      signedIn(user);
      navigate(landingPath(user.role), { replace: true });
    } catch (caught) {
      const state = linkState(caught);
      if (state) setGone(state);
      else throw caught;
    }
  }

  return (
    <div className="page page--narrow">
      <PageTitle>{t('accounts:reset.title')}</PageTitle>
      {gone ? (
        <div className="notice notice--error" role="alert">
          <p>{t(`problems:problem.reset-link-${gone}`)}</p>
          <p>
            <Link to="/forgot-password">{t('accounts:reset.askAgain')}</Link>
          </p>
        </div>
      ) : (
        <>
          <p>{t('accounts:reset.intro')}</p>
          <NewPasswordForm onPassword={setPassword} />
        </>
      )}
    </div>
  );
}

