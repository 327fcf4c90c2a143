import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isUiLanguage, UI_LANGUAGES, type Language } from '../../../shared/languages.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { applyLanguage } from '../../app/i18n.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StackLabel } from '../../components/StackLabel.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { formChoice, formText, useSubmit } from '../../components/useSubmit.ts';
import { offeredScopes, tokenBody } from './tokenForm.ts';

export function ProfilePage() {
  const { t } = useTranslation();
  // A password change revokes every token: the token list is read again after one.
  const [tokensVersion, setTokensVersion] = useState(0);
  return (
    <RequireUser>
      <div className="page page--narrow">
        <PageTitle>{t('accounts:profile.title')}</PageTitle>
        <ProfileForm />
        <p>
          <Link to="/following">{t('following:profileLink')}</Link>
        </p>
        <PasswordForm onChanged={() => setTokensVersion((version) => version + 1)} />
        <ApiTokens version={tokensVersion} />
        <PersonalData />
        <DeleteAccount />
      </div>
    </RequireUser>
  );
}

function ProfileForm() {
  const { t, i18n } = useTranslation();
  const { user, signedIn } = useSession();
  const notice = useNotice({ fromNavigation: false });
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const updated = await api.patch('/api/me', { body: { displayName: formText(form, 'displayName'), locale: formChoice<Language>(form, 'locale') } });
    signedIn(updated);
    await applyLanguage(updated.locale ?? 'en');
    notice.show('accounts:profile.saved');
  });
  if (!user) return null;
  return (
    <section aria-labelledby="profile-heading" className="card">
      <h2 id="profile-heading">{t('accounts:profile.details')}</h2>
      <dl className="facts-list">
        <dt>{t('accounts:fields.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('accounts:profile.role')}</dt>
        <dd>{t(`common:roles.${user.role}`)}</dd>
      </dl>
      <FormErrors error={error} />
      <StatusMessage notice={notice.notice} />
      <form onSubmit={onSubmit} noValidate className="form">
        <RequiredNote />
        <Field id="field-displayName" name="displayName" defaultValue={user.displayName} required maxLength={100} label={t('accounts:fields.displayName')} />
        <SelectField
          id="field-locale"
          name="locale"
          // No language saved yet: the one the service is shown in now, so saving a new name keeps it.
          defaultValue={user.locale ?? (isUiLanguage(i18n.language) ? i18n.language : 'en')}
          label={t('accounts:fields.locale')}
          options={UI_LANGUAGES.map((lang) => ({ value: lang, label: t(`common:languages.${lang}`) }))}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('accounts:profile.save')}
        </button>
      </form>
    </section>
  );
}

function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const notice = useNotice({ fromNavigation: false });
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    await api.post('/api/me/password', { body: { currentPassword: formText(form, 'currentPassword'), newPassword: formText(form, 'newPassword') } });
    element.reset();
    onChanged();
    notice.show('accounts:password.changed');
  });
  return (
    <section aria-labelledby="password-heading" className="card">
      <h2 id="password-heading">{t('accounts:password.title')}</h2>
      <p>{t('accounts:password.intro')}</p>
      <FormErrors error={error} fieldLabels={{ currentPassword: t('accounts:password.current'), newPassword: t('accounts:password.new') }} />
      <StatusMessage notice={notice.notice} />
      <form onSubmit={onSubmit} noValidate className="form">
        <RequiredNote />
        <Field id="field-currentPassword" name="currentPassword" type="password" autoComplete="current-password" required label={t('accounts:password.current')} />
        <Field id="field-newPassword" name="newPassword" type="password" autoComplete="new-password" required minLength={10} label={t('accounts:password.new')} hint={t('accounts:register.passwordHint')} />
        <button type="submit" className="button" disabled={busy}>
          {t('accounts:password.submit')}
        </button>
      </form>
    </section>
  );
}

function ApiTokens({ version }: { version: number }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [tokens, setTokens] = useState<GetAnswer<'/api/tokens'>['items']>([]);
  const [created, setCreated] = useState<string | null>(null);
  const load = useCallback(async () => setTokens((await api.get('/api/tokens')).items), []);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load, version]);
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const result = await api.post('/api/tokens', { body: tokenBody(form) });
    setCreated(result.token);
    element.reset();
    await load();
  });
  const notice = useNotice({ fromNavigation: false });
  async function revoke(id: string, name: string) {
    await api.delete('/api/tokens/{id}', { path: { id } });
    await load();
    notice.show('accounts:tokens.revokedNotice', { name });
  }
  const { date } = useDates();
  const scopes = offeredScopes(user?.role);

  return (
    <section aria-labelledby="tokens-heading" className="card">
      <h2 id="tokens-heading">{t('accounts:tokens.title')}</h2>
      <p>{t('accounts:tokens.intro')}</p>
      <StatusMessage notice={notice.notice} />
      {created && (
        <div className="notice notice--success" role="status">
          <p className="notice__title">{t('accounts:tokens.createdOnce')}</p>
          <p>
            <code className="token" data-testid="new-token">
              {created}
            </code>
          </p>
        </div>
      )}
      {tokens.length > 0 && (
        <ScrollRegion label={t('accounts:tokens.title')}>
          <table className="stack-table" role="table">
            <caption className="visually-hidden">{t('accounts:tokens.title')}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">{t('accounts:tokens.name')}</th>
                <th scope="col" role="columnheader">{t('accounts:tokens.scopes')}</th>
                <th scope="col" role="columnheader">{t('accounts:tokens.created')}</th>
                <th scope="col" role="columnheader">{t('accounts:tokens.lastUsed')}</th>
                <th scope="col" role="columnheader">{t('accounts:tokens.state')}</th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {tokens.map((token) => (
                <tr key={token.id} role="row">
                  <th scope="row" role="rowheader">
                    {token.name} <code>{token.prefix}…</code>
                  </th>
                  <td role="cell">
                    <StackLabel>{t('accounts:tokens.scopes')}</StackLabel>
                    {token.scopes.map((scope) => t(`accounts:tokens.scope.${scope}`)).join(', ')}
                  </td>
                  <td role="cell">
                    <StackLabel>{t('accounts:tokens.created')}</StackLabel>
                    {date(token.createdAt)}
                  </td>
                  <td role="cell">
                    <StackLabel>{t('accounts:tokens.lastUsed')}</StackLabel>
                    {date(token.lastUsedAt)}
                  </td>
                  <td role="cell">
                    <StackLabel>{t('accounts:tokens.state')}</StackLabel>
                    {token.revokedAt ? (
                      t('accounts:tokens.revoked')
                    ) : (
                      <ConfirmButton
                        className="button button--small button--danger"
                        onConfirm={() => void revoke(token.id, token.name)}
                        question={t('accounts:tokens.revokeQuestion', { name: token.name })}
                        consequence={t('accounts:tokens.revokeConsequence')}
                        confirmLabel={t('accounts:tokens.revoke', { name: token.name })}
                      >
                        {t('accounts:tokens.revoke', { name: token.name })}
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <FormErrors error={error} fieldLabels={{ name: t('accounts:tokens.name'), scopes: t('accounts:tokens.scopes') }} />
      <form onSubmit={onSubmit} noValidate className="form">
        <RequiredNote />
        <Field id="field-name" name="name" required maxLength={100} label={t('accounts:tokens.name')} />
        <fieldset aria-describedby="scopes-rule">
          <RequiredGroupLegend text={t('accounts:tokens.scopes')} rule="atLeastOne" id="scopes-rule" />
          {scopes.map((scope) => (
            <label key={scope} className="checkbox">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'read'} /> {t(`accounts:tokens.scope.${scope}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {t('accounts:tokens.create')}
        </button>
      </form>
    </section>
  );
}

function PersonalData() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="data-heading" className="card">
      <h2 id="data-heading">{t('accounts:data.title')}</h2>
      <p>{t('accounts:data.intro')}</p>
      <p>
        <a className="button button--secondary" href="/api/me/export" download>
          {t('accounts:data.download')}
        </a>
      </p>
    </section>
  );
}

function DeleteAccount() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const notice = useNotice({ fromNavigation: false });
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    await api.delete('/api/me', { body: { password: formText(form, 'password') } });
    await refresh();
    void notice.navigate('/', 'accounts:delete.done');
  });
  return (
    <section aria-labelledby="delete-heading" className="card card--danger">
      <h2 id="delete-heading">{t('accounts:delete.title')}</h2>
      <p>{t('accounts:delete.intro')}</p>
      <FormErrors error={error} fieldIds={{ password: 'field-delete-password' }} />
      <form onSubmit={onSubmit} noValidate className="form">
        <RequiredNote />
        <Field id="field-delete-password" name="password" type="password" autoComplete="current-password" required label={t('accounts:delete.confirm')} />
        <ConfirmButton className="button button--danger" disabled={busy} question={t('accounts:delete.question')} consequence={t('accounts:delete.intro')} confirmLabel={t('accounts:delete.submit')}>
          {t('accounts:delete.submit')}
        </ConfirmButton>
      </form>
    </section>
  );
}
