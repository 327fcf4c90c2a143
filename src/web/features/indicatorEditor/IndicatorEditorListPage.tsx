import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDates } from '../../components/useDates.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { pageSizeOf } from '../../components/pagination.ts';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';

/** The indicators for their editors (`/editor/indicators`): drafts among them, each to edit, and a new one from the imported tables. */
export function IndicatorEditorListPage() {
  return (
    <RequireUser roles={['editor']}>
      <IndicatorEditorList />
    </RequireUser>
  );
}

function IndicatorEditorList() {
  const { t } = useTranslation();
  const { params } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const { data, error } = useResource('/api/indicators', { query: { limit: size, offset: (page - 1) * size } });
  const notice = useNotice();
  const { dateTime } = useDates();
  return (
    <div className="page">
      <PageTitle>{t('indicatorEditor:list.title')}</PageTitle>
      <StatusMessage notice={notice.notice} />
      <p className="lead-actions">
        <span>{t('indicatorEditor:list.intro')}</span>
        <Link className="button" to="/editor/indicators/new">
          {t('indicatorEditor:list.new')}
        </Link>
      </p>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('indicatorEditor:list.count', { count: data.total }) : t('common:loading')}
      </p>
      <ul className="bn-list">
        {data?.items.map((item) => (
          <li key={item.id} className="bn-card">
            <p className="bn-card__meta">
              <span>{item.published ? t('indicatorEditor:list.published') : t('indicatorEditor:list.draft')}</span>
              {item.demo && <span className="badge">{t('common:demo.badge')}</span>}
              {item.updated && <span> · {t('indicatorEditor:list.updated', { when: dateTime(item.updated) })}</span>}
            </p>
            <h2 className="bn-card__title">
              <Link to={`/indicators/${item.id}`}>
                <LocalizedText value={item.name} />
              </Link>
            </h2>
            <p>
              <Link to={`/editor/indicators/${item.id}/edit`}>
                {t('indicatorEditor:list.edit')}
                <span className="visually-hidden">
                  {': '}
                  <LocalizedText value={item.name} />
                </span>
              </Link>
            </p>
          </li>
        ))}
      </ul>
      {data && <Pagination label={t('indicatorEditor:list.pager')} page={page} total={data.total} size={size} />}
    </div>
  );
}
