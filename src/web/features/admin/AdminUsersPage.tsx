import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES, type ContentLanguage, type Language } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { ROLES, type Role } from '../../../shared/roles.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StackLabel } from '../../components/StackLabel.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formText, useSubmit } from '../../components/useSubmit.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';
import { RequiredNote } from '../../components/Required.tsx';

const PAGE_SIZE = 20;

type AdminUser = GetAnswer<'/api/admin/users'>['items'][number];
type Choice = { value: string; label: string };

/**
 * Users and roles (`/admin/users`): administrators find accounts, change a role or a service
 * owner's institution (each with its own button: nothing changes on a mere selection, WCAG
 * 3.2.2), disable and enable accounts, send a new invitation, and create accounts, whose owners
 * choose their password through a one-time link sent to them.
 */
export function AdminUsersPage() {
  const { t } = useTranslation();
  const [created, setCreated] = useState(0);
  return (
    <RequireUser roles={['admin']}>
      <div className="page">
        <PageTitle>{t('admin:users.title')}</PageTitle>
        <UserTable key={created} />
        <section aria-labelledby="create-user-heading" className="card">
          <h2 id="create-user-heading">{t('admin:create.title')}</h2>
          <CreateUserForm onCreated={() => setCreated((n) => n + 1)} />
        </section>
      </div>
    </RequireUser>
  );
}

/** The institutions as choices, named in the page's language. */
function useInstitutionOptions(): Choice[] {
  const { i18n } = useTranslation();
  const institutions = useInstitutionChoices();
  return (institutions.data?.items ?? [])
    .map((institution) => ({
      value: institution.id,
      label: `${pickLocalized(institution.name, i18n.language as ContentLanguage)?.text ?? institution.slug} (${institution.country})`,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
}

function UserTable() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<{ q: string; role: Role | '' }>({ q: '', role: '' });
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const { data: page, error: loadError, reload } = useResource('/api/admin/users', { query: { limit: PAGE_SIZE, offset, q: filter.q, role: filter.role || undefined } });
  const institutions = useInstitutionOptions();

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setOffset(0);
    setFilter({ q: formText(form, 'q'), role: formChoice<Role | ''>(form, 'role') });
  }

  async function update(user: AdminUser, changes: { role?: Role; disabled?: boolean; institutionId?: string | null }) {
    setError(null);
    setMessage('');
    try {
      const updated = await api.patch('/api/admin/users/{id}', { path: { id: user.id }, body: changes });
      setMessage(t('admin:users.updated', { name: updated.displayName }));
      await reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function invite(user: AdminUser) {
    setError(null);
    setMessage('');
    try {
      const sent = await api.post('/api/admin/users/{id}/invitation', { path: { id: user.id } });
      setMessage(t('admin:users.invited', { email: sent.email }));
    } catch (caught) {
      setError(caught);
    }
  }

  /** The row's form for one change, submitted by its own button. */
  function onRowSubmit(user: AdminUser, field: 'role' | 'institutionId') {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const value = formText(new FormData(event.currentTarget), field);
      void update(user, field === 'role' ? { role: value as Role } : { institutionId: value || null });
    };
  }

  const roleOptions = ROLES.map((role) => ({ value: role, label: t(`common:roles.${role}`) }));
  const institutionName = (id: string | null) => institutions.find((option) => option.value === id)?.label;
  return (
    <>
      <form className="form form--inline" onSubmit={onSearch} role="search" aria-label={t('admin:users.search')}>
        <Field id="users-q" name="q" type="search" label={t('admin:users.query')} defaultValue={filter.q} />
        <SelectField id="users-role" name="role" label={t('admin:users.role')} defaultValue={filter.role} options={[{ value: '', label: t('admin:users.allRoles') }, ...roleOptions]} />
        <button type="submit" className="button">
          {t('admin:users.search')}
        </button>
      </form>
      <FormErrors error={error ?? loadError} />
      <p role="status" className="status-line">
        {message}
      </p>
      {page && (
        <>
          <p>{t('admin:users.count', { count: page.total })}</p>
          <ScrollRegion label={t('admin:users.title')}>
            <table className="admin-users stack-table" role="table">
              <caption className="visually-hidden">{t('admin:users.title')}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">{t('admin:users.name')}</th>
                  <th scope="col" role="columnheader">{t('admin:users.role')}</th>
                  <th scope="col" role="columnheader">{t('admin:users.institution')}</th>
                  <th scope="col" role="columnheader">{t('admin:users.state')}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {page.items.map((user) => (
                  <tr key={user.id} role="row">
                    <th scope="row" role="rowheader">
                      {user.displayName}
                      {user.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
                      <br />
                      <span className="muted user-email">{user.email}</span>
                    </th>
                    <td role="cell">
                      <StackLabel>{t('admin:users.role')}</StackLabel>
                      <form className="row-form" onSubmit={onRowSubmit(user, 'role')}>
                        <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                          {t('admin:users.roleOf', { name: user.displayName })}
                        </label>
                        <select id={`role-${user.id}`} name="role" defaultValue={user.role} key={user.role}>
                          {roleOptions.map((option) => (
                            <option key={option.value} value={option.value}>
                              {option.label}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button--small button--secondary">
                          {t('admin:users.changeRole')}
                          <span className="visually-hidden"> ({user.displayName})</span>
                        </button>
                      </form>
                    </td>
                    <td role="cell">
                      <StackLabel>{t('admin:users.institution')}</StackLabel>
                      {user.role === 'service_owner' || user.institutionId ? (
                        <form className="row-form" onSubmit={onRowSubmit(user, 'institutionId')}>
                          <label className="visually-hidden" htmlFor={`institution-${user.id}`}>
                            {t('admin:users.institutionOf', { name: user.displayName })}
                          </label>
                          <select id={`institution-${user.id}`} name="institutionId" defaultValue={user.institutionId ?? ''} key={`${user.institutionId}-${institutions.length}`}>
                            <option value="">{t('admin:users.noInstitution')}</option>
                            {institutions.map((option) => (
                              <option key={option.value} value={option.value}>
                                {option.label}
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="button button--small button--secondary">
                            {t('admin:users.saveInstitution')}
                            <span className="visually-hidden"> ({user.displayName})</span>
                          </button>
                        </form>
                      ) : (
                        <span className="muted">{institutionName(user.institutionId) ?? t('admin:users.notServiceOwner')}</span>
                      )}
                    </td>
                    <td role="cell" className="row-actions">
                      <StackLabel>{t('admin:users.state')}</StackLabel>
                      <button type="button" className="button button--small button--secondary" onClick={() => void update(user, { disabled: !user.disabled })}>
                        {user.disabled ? t('admin:users.enable') : t('admin:users.disable')}
                        <span className="visually-hidden"> ({user.displayName})</span>
                      </button>
                      {user.disabled && <span className="badge badge--warning">{t('admin:users.disabled')}</span>}
                      {!user.disabled && !user.isDemo && (
                        <button type="button" className="button button--small button--secondary" onClick={() => void invite(user)}>
                          {t('admin:users.invite')}
                          <span className="visually-hidden"> ({user.displayName})</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <nav className="pager" aria-label={t('common:pager.label')}>
            <button type="button" className="button button--secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              {t('common:pager.previous')}
            </button>
            <span>{t('common:pager.range', { from: page.total ? offset + 1 : 0, to: Math.min(offset + PAGE_SIZE, page.total), total: page.total })}</span>
            <button type="button" className="button button--secondary" disabled={offset + PAGE_SIZE >= page.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
              {t('common:pager.next')}
            </button>
          </nav>
        </>
      )}
    </>
  );
}

/** Creates an account and sends its owner the invitation, in the language chosen for them. */
function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const { t, i18n } = useTranslation();
  const institutions = useInstitutionOptions();
  const [done, setDone] = useState('');
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    setDone('');
    const created = await api.post('/api/admin/users', {
      body: {
        displayName: formText(form, 'displayName').trim(),
        email: formText(form, 'email').trim(),
        role: formChoice<Role>(form, 'role'),
        institutionId: formText(form, 'institutionId') || null,
        locale: formChoice<Language>(form, 'locale'),
      },
    });
    element.reset();
    setDone(t('admin:create.done', { name: created.displayName, email: created.email }));
    onCreated();
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const labels = {
    displayName: t('admin:users.name'),
    email: t('admin:users.email'),
    role: t('admin:users.role'),
    institutionId: t('admin:create.institution'),
    locale: t('admin:create.language'),
  };
  return (
    <>
      <p>{t('admin:create.intro')}</p>
      <p role="status" className="status-line">
        {done}
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormErrors error={error} fieldLabels={labels} />
        <RequiredNote />
        <Field id="field-displayName" name="displayName" required maxLength={100} autoComplete="off" label={labels.displayName} error={errorFor('displayName')} />
        <Field id="field-email" name="email" type="email" required autoComplete="off" label={labels.email} error={errorFor('email')} />
        <SelectField id="field-role" name="role" required label={labels.role} defaultValue="member" options={ROLES.map((role) => ({ value: role, label: t(`common:roles.${role}`) }))} error={errorFor('role')} />
        <SelectField
          id="field-institutionId"
          name="institutionId"
          label={labels.institutionId}
          defaultValue=""
          options={[{ value: '', label: t('admin:users.noInstitution') }, ...institutions]}
          error={errorFor('institutionId')}
          key={institutions.length}
        />
        <SelectField
          id="field-locale"
          name="locale"
          required
          label={labels.locale}
          defaultValue={(UI_LANGUAGES as readonly string[]).includes(i18n.language) ? i18n.language : 'en'}
          options={UI_LANGUAGES.map((language) => ({ value: language, label: t(`common:languages.${language}`) }))}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('admin:create.submit')}
        </button>
      </form>
    </>
  );
}
