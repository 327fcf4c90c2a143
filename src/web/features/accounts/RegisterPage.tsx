import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Language } from '../../../shared/languages.ts';
import { api, ApiError } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { RequiredNote } from '../../components/Required.tsx';

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const user = await api.post('/api/auth/register', {
      body: { email: formText(form, 'email'), password: formText(form, 'password'), displayName: formText(form, 'displayName'), locale: i18n.language as Language },
    });
    signedIn(user);
    navigate('/profile');
  });
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  const labels = { email: t('accounts:fields.email'), password: t('accounts:fields.password'), displayName: t('accounts:fields.displayName') };

  const errorFor = (field: string) => (fieldErrors[field] ? fieldText(fieldErrors[field], t) : undefined);
  return (
    <div className="page page--narrow">
      <PageTitle>{t('accounts:register.title')}</PageTitle>
      <p>{t('accounts:register.intro')}</p>
      <FormErrors error={error} fieldLabels={labels} />
      <form onSubmit={onSubmit} noValidate className="form">
        <RequiredNote />
        <Field id="field-displayName" name="displayName" autoComplete="name" required maxLength={100} label={labels.displayName} hint={t('accounts:register.displayNameHint')} error={errorFor('displayName')} />
        <Field id="field-email" name="email" type="email" autoComplete="email" required label={labels.email} error={errorFor('email')} />
        <Field id="field-password" name="password" type="password" autoComplete="new-password" required minLength={10} label={labels.password} hint={t('accounts:register.passwordHint')} error={errorFor('password')} />
        <button type="submit" className="button" disabled={busy}>
          {t('accounts:register.submit')}
        </button>
      </form>
      <p>
        {t('accounts:register.haveAccount')} <Link to="/login">{t('accounts:register.loginLink')}</Link>
      </p>
    </div>
  );
}
