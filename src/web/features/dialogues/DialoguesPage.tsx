import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DIALOGUE_STATES, DIALOGUE_TYPES } from '../../../shared/dialogues.ts';
import { DOMAINS } from '../../../shared/register.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import type { GetQuery } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { DateField } from '../../components/DateField.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { FoundThrough } from '../../components/FoundThrough.tsx';
import { Marked } from '../../components/Marked.tsx';
import { matchesById } from '../../components/marks.ts';
import { FilterFold } from '../../components/FilterFold.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { useResource } from '../../components/useResource.ts';
import { DialogueStateBadge, useWhen } from './labels.tsx';

const FILTERS = ['q', 'type', 'domain', 'state', 'from', 'to'] as const;

/** Roundtables, interviews, workshops, forum sessions and site visits, newest first. */
export function DialoguesPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const { params, onFilter } = useFilterParams();
  const when = useWhen();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/dialogues'>>(params, FILTERS);
  // Words are searched best match first (the title before the place and the organiser).
  const sort = filters.q?.trim() ? 'relevance' : undefined;
  const { data, error } = useResource('/api/dialogues', { query: { ...filters, ...(sort && { sort }), limit: size, offset: (page - 1) * size } });
  const found = matchesById(data?.matches);
  const isEditor = user && isEditorRole(user.role);
  const all = { value: '', label: t('bottlenecks:list.all') };
  const describe = (key: string, value: string): string => {
    if (key === 'q') return `${t('dialogues:list.query')}: ${value}`;
    if (key === 'from' || key === 'to') return `${t(`dialogues:list.${key}`)}: ${value}`;
    if (key === 'domain') return `${t('bottlenecks:fields.domain')}: ${t(`bottlenecks:domain.${value}`, { defaultValue: value })}`;
    return `${t(`dialogues:fields.${key}`)}: ${t(`dialogues:${key}.${value}`, { defaultValue: value })}`;
  };
  const inUse = filtersInUse(params, FILTERS, describe);
  return (
    <div className="page">
      <PageTitle>{t('dialogues:list.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('dialogues:list.intro')}</span>
        {isEditor && (
          <Link className="button" to="/dialogues/new">
            {t('dialogues:list.plan')}
          </Link>
        )}
      </p>
      <ul className="inline-links">
        <li>
          <a href={`/api/dialogues.ics?lang=${i18n.language}`}>{t('dialogues:list.calendar')}</a>
        </li>
        <li>
          <Link to="/recommendations">{t('recommendations:list.title')}</Link>
        </li>
        <li>
          <Link to="/stakeholders">{t('dialogues:stakeholders.title')}</Link>
        </li>
      </ul>
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('dialogues:list.filters')} onSubmit={onFilter} key={params.toString()}>
          <Field id="d-q" name="q" type="search" label={t('dialogues:list.query')} defaultValue={params.get('q') ?? ''} maxLength={200} />
          <SelectField id="d-type" name="type" label={t('dialogues:fields.type')} defaultValue={params.get('type') ?? ''} options={[all, ...DIALOGUE_TYPES.map((type) => ({ value: type, label: t(`dialogues:type.${type}`) }))]} />
          <SelectField id="d-domain" name="domain" label={t('bottlenecks:fields.domain')} defaultValue={params.get('domain') ?? ''} options={[all, ...DOMAINS.map((d) => ({ value: d, label: t(`bottlenecks:domain.${d}`) }))]} />
          <SelectField id="d-state" name="state" label={t('dialogues:fields.state')} defaultValue={params.get('state') ?? ''} options={[all, ...DIALOGUE_STATES.map((s) => ({ value: s, label: t(`dialogues:state.${s}`) }))]} />
          <DateField id="field-from" name="from" label={t('dialogues:list.from')} defaultValue={params.get('from')} />
          <DateField id="field-to" name="to" label={t('dialogues:list.to')} defaultValue={params.get('to')} />
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('bottlenecks:list.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('dialogues:list.count', { count: data.total }) : t('common:loading')}
      </p>
      {data && data.total === 0 && <EmptyResult filters={inUse} q={filters.q} didYouMean={data.didYouMean} />}
      <ul className="bn-list">
        {data?.items.map((dialogue) => (
          <li key={dialogue.id} className="bn-card">
            <p className="bn-card__meta">
              <span className="bn-ref">
                <Marked text={dialogue.ref} ranges={found.get(dialogue.id)?.highlights.ref?.und} />
              </span>{' '}
              · <span>{t(`dialogues:type.${dialogue.type}`)}</span> <DialogueStateBadge state={dialogue.state} />
              {dialogue.visibility === 'internal' && <span className="badge">{t('dialogues:visibility.internal')}</span>}
              {dialogue.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
            </p>
            <h2 className="bn-card__title">
              <Link to={`/dialogues/${dialogue.ref}`}>
                <LocalizedText value={dialogue.title} marks={found.get(dialogue.id)?.highlights.title} />
              </Link>
            </h2>
            <FoundThrough via={found.get(dialogue.id)?.via} />
            <p className="bn-card__facts">
              <span>{when(dialogue.startsAt, dialogue.endsAt, dialogue.timeZone)}</span>
              <span>
                {dialogue.place && <Marked text={dialogue.place} ranges={found.get(dialogue.id)?.highlights.place?.und} />}
                {dialogue.place && dialogue.online && ' · '}
                {dialogue.online && t('dialogues:online')}
              </span>
              <span>
                <LocalizedText value={dialogue.organiser.name} />
              </span>
              {dialogue.bottleneckCount > 0 && <span>{t('dialogues:list.bottlenecks', { count: dialogue.bottleneckCount })}</span>}
            </p>
          </li>
        ))}
      </ul>
      {data && <Pagination label={t('common:pager.lists.dialogues')} page={page} total={data.total} size={size} />}
    </div>
  );
}
