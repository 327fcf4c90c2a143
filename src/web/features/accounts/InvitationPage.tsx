import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, type Answer, type Operation } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field } from '../../components/Field.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formText, useSubmit } from '../../components/useSubmit.ts';

type Invitation = Answer<Operation<'/api/auth/invitation', 'post'>>;
type Looked = { state: 'loading' } | { state: 'valid'; invitation: Invitation } | { state: 'used' | 'expired' | 'unknown' };

/** What a problem from the invitation routes says of the link. */
function linkState(error: unknown): 'used' | 'expired' | 'unknown' | null {
  if (!(error instanceof ApiError)) return null;
  if (error.problem.type === '/problems/invitation-used') return 'used';
  if (error.problem.type === '/problems/invitation-expired') return 'expired';
  if (error.status === 404) return 'unknown';
  return null;
}

/**
 * The page an invitation's link opens (`/invitation#<token>`): the token travels in the address's
 * fragment, which the browser sends to no server, and is given to the API in a request body. The
 * invitee chooses a password and is logged in; a used or expired link says so.
 */
export function InvitationPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const [looked, setLooked] = useState<Looked>({ state: 'loading' });

  useEffect(() => {
    if (!token) {
      setLooked({ state: 'unknown' });
      return;
    }
    let current = true;
    api.post('/api/auth/invitation', { body: { token } }).then(
      (invitation) => current && setLooked({ state: 'valid', invitation }),
      (error: unknown) => current && setLooked({ state: linkState(error) ?? 'unknown' }),
    );
    return () => {
      current = false;
    };
  }, [token]);

  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const password = formText(form, 'password');
    if (password !== formText(form, 'repeat')) throw new MismatchError();
    try {
      const user = await api.post('/api/auth/invitation/accept', { body: { token, password } });
      signedIn(user);
      navigate(user.role === 'service_owner' ? '/desk' : '/profile');
    } catch (caught) {
      const state = linkState(caught);
      if (state) setLooked({ state });
      else throw caught;
    }
  });

  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  const passwordError = error instanceof MismatchError ? t('accounts:invitation.mismatch') : fieldErrors.password ? fieldText(fieldErrors.password, t) : undefined;
  return (
    <div className="page page--narrow">
      <PageTitle>{t('accounts:invitation.title')}</PageTitle>
      {looked.state === 'loading' && <p role="status">{t('common:loading')}</p>}
      {(looked.state === 'used' || looked.state === 'expired' || looked.state === 'unknown') && (
        <div className="notice notice--error" role="alert">
          <p>{t(`accounts:invitation.${looked.state}`)}</p>
          <p>
            <Link to="/login">{t('accounts:invitation.toLogin')}</Link>
          </p>
        </div>
      )}
      {looked.state === 'valid' && (
        <>
          <p>{t('accounts:invitation.intro', { name: looked.invitation.displayName, email: looked.invitation.email })}</p>
          <FormErrors error={error instanceof MismatchError ? null : error} fieldLabels={{ password: t('accounts:invitation.password') }} />
          <form onSubmit={onSubmit} noValidate className="form">
            <RequiredNote />
            {/* The e-mail address, for password managers to store the new password with. */}
            <input type="email" name="username" autoComplete="username" value={looked.invitation.email} readOnly hidden />
            <Field
              id="field-password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              label={t('accounts:invitation.password')}
              hint={t('accounts:register.passwordHint')}
              error={passwordError}
            />
            <Field id="field-repeat" name="repeat" type="password" autoComplete="new-password" required minLength={10} label={t('accounts:invitation.repeat')} />
            <button type="submit" className="button" disabled={busy}>
              {t('accounts:invitation.submit')}
            </button>
          </form>
        </>
      )}
    </div>
  );
}

/** The two passwords differ: said at the field, never sent. */
class MismatchError extends Error {}
