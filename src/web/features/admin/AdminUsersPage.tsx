import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../shared/roles.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formText } from '../../components/useSubmit.ts';

const PAGE_SIZE = 20;

export function AdminUsersPage() {
  const { t } = useTranslation();
  return (
    <RequireUser roles={['admin']}>
      <div className="page">
        <PageTitle>{t('admin:users.title')}</PageTitle>
        <UserTable />
      </div>
    </RequireUser>
  );
}

type AdminUser = GetAnswer<'/api/admin/users'>['items'][number];

function UserTable() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<{ q: string; role: Role | '' }>({ q: '', role: '' });
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const { data: page, error: loadError, reload } = useResource('/api/admin/users', { query: { limit: PAGE_SIZE, offset, q: filter.q, role: filter.role || undefined } });

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setOffset(0);
    setFilter({ q: formText(form, 'q'), role: formChoice<Role | ''>(form, 'role') });
  }

  async function update(user: AdminUser, changes: { role?: Role; disabled?: boolean }) {
    setError(null);
    try {
      const updated = await api.patch('/api/admin/users/{id}', { path: { id: user.id }, body: changes });
      setMessage(t('admin:users.updated', { name: updated.displayName }));
      await reload();
    } catch (caught) {
      setError(caught);
    }
  }

  const roleOptions = ROLES.map((role) => ({ value: role, label: t(`common:roles.${role}`) }));
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
            <table>
              <caption className="visually-hidden">{t('admin:users.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin:users.name')}</th>
                  <th scope="col">{t('admin:users.email')}</th>
                  <th scope="col">{t('admin:users.role')}</th>
                  <th scope="col">{t('admin:users.state')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((user) => (
                  <tr key={user.id}>
                    <th scope="row">
                      {user.displayName}
                      {user.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
                    </th>
                    <td>{user.email}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                        {t('admin:users.roleOf', { name: user.displayName })}
                      </label>
                      <select id={`role-${user.id}`} value={user.role} onChange={(event) => void update(user, { role: event.target.value as Role })}>
                        {roleOptions.map((option) => (
                          <option key={option.value} value={option.value}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <button type="button" className="button button--small button--secondary" onClick={() => void update(user, { disabled: !user.disabled })}>
                        {user.disabled ? t('admin:users.enable', { name: user.displayName }) : t('admin:users.disable', { name: user.displayName })}
                      </button>
                      {user.disabled && <span className="badge badge--warning">{t('admin:users.disabled')}</span>}
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
