import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { landingPath, safeReturnPath } from '../../components/landing.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { RequiredNote } from '../../components/Required.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  // Back to the page the user came from (a page of this site only), else to the role's work.
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get('next'));
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const user = await api.post('/api/auth/login', { body: { email: formText(form, 'email'), password: formText(form, 'password') } });
    signedIn(user);
    navigate(next ?? landingPath(user.role), { replace: true });
  });

  return (
    <div className="page page--narrow">
      <PageTitle>{t('accounts:login.title')}</PageTitle>
      <FormErrors error={error} fieldLabels={{ email: t('accounts:fields.email'), password: t('accounts:fields.password') }} />
      <form onSubmit={onSubmit} noValidate className="form">
        <RequiredNote />
        <Field id="field-email" name="email" type="email" autoComplete="email" required label={t('accounts:fields.email')} />
        <Field id="field-password" name="password" type="password" autoComplete="current-password" required label={t('accounts:fields.password')} />
        <button type="submit" className="button" disabled={busy}>
          {t('accounts:login.submit')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">{t('accounts:login.forgot')}</Link>
      </p>
      <p>
        {t('accounts:login.noAccount')} <Link to="/register">{t('accounts:login.registerLink')}</Link>
      </p>
    </div>
  );
}
