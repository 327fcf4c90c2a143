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
import { offsetOf, withParam } from '../../components/filterParams.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { DialogueStateBadge, useWhen } from './labels.tsx';

const PAGE = 20;

/** Roundtables, interviews, workshops, forum sessions and site visits, newest first. */
export function DialoguesPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const { params, setParams, onFilter } = useFilterParams();
  const when = useWhen();
  const offset = offsetOf(params);
  const filters = addressQuery<GetQuery<'/api/dialogues'>>(params, ['type', 'domain', 'state', 'from', 'to']);
  const { data, error } = useResource('/api/dialogues', { query: { ...filters, limit: PAGE, offset } });
  const isEditor = user && isEditorRole(user.role);
  const all = { value: '', label: t('bottlenecks:list.all') };
  const goTo = (next: number) => setParams(withParam(params, 'offset', next));
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
      <p className="downloads">
        <a href={`/api/dialogues.ics?lang=${i18n.language}`}>{t('dialogues:list.calendar')}</a> · <Link to="/recommendations">{t('recommendations:list.title')}</Link> ·{' '}
        <Link to="/stakeholders">{t('dialogues:stakeholders.title')}</Link>
      </p>
      <form className="form form--inline filters" role="search" aria-label={t('dialogues:list.filters')} onSubmit={onFilter} key={params.toString()}>
        <SelectField id="d-type" name="type" label={t('dialogues:fields.type')} defaultValue={params.get('type') ?? ''} options={[all, ...DIALOGUE_TYPES.map((type) => ({ value: type, label: t(`dialogues:type.${type}`) }))]} />
        <SelectField id="d-domain" name="domain" label={t('bottlenecks:fields.domain')} defaultValue={params.get('domain') ?? ''} options={[all, ...DOMAINS.map((d) => ({ value: d, label: t(`bottlenecks:domain.${d}`) }))]} />
        <SelectField id="d-state" name="state" label={t('dialogues:fields.state')} defaultValue={params.get('state') ?? ''} options={[all, ...DIALOGUE_STATES.map((s) => ({ value: s, label: t(`dialogues:state.${s}`) }))]} />
        <DateField id="field-from" name="from" label={t('dialogues:list.from')} defaultValue={params.get('from')} />
        <DateField id="field-to" name="to" label={t('dialogues:list.to')} defaultValue={params.get('to')} />
        <button type="submit" className="button">
          {t('bottlenecks:list.apply')}
        </button>
      </form>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('dialogues:list.count', { count: data.total }) : t('common:loading')}
      </p>
      <ul className="bn-list">
        {data?.items.map((dialogue) => (
          <li key={dialogue.id} className="bn-card">
            <p className="bn-card__meta">
              <span className="bn-ref">{dialogue.ref}</span> · <span>{t(`dialogues:type.${dialogue.type}`)}</span> <DialogueStateBadge state={dialogue.state} />
              {dialogue.visibility === 'internal' && <span className="badge">{t('dialogues:visibility.internal')}</span>}
              {dialogue.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
            </p>
            <h2 className="bn-card__title">
              <Link to={`/dialogues/${dialogue.ref}`}>
                <LocalizedText value={dialogue.title} />
              </Link>
            </h2>
            <p className="bn-card__facts">
              <span>{when(dialogue.startsAt, dialogue.endsAt, dialogue.timeZone)}</span>
              <span>{[dialogue.place, dialogue.online ? t('dialogues:online') : null].filter(Boolean).join(' · ')}</span>
              <span>
                <LocalizedText value={dialogue.organiser.name} />
              </span>
              {dialogue.bottleneckCount > 0 && <span>{t('dialogues:list.bottlenecks', { count: dialogue.bottleneckCount })}</span>}
            </p>
          </li>
        ))}
      </ul>
      {data && data.total > PAGE && (
        <nav className="pager" aria-label={t('common:pager.label')}>
          <button type="button" className="button button--secondary" disabled={offset === 0} onClick={() => goTo(Math.max(0, offset - PAGE))}>
            {t('common:pager.previous')}
          </button>
          <span>{t('bottlenecks:list.page', { page: offset / PAGE + 1, pages: Math.ceil(data.total / PAGE) })}</span>
          <button type="button" className="button button--secondary" disabled={offset + PAGE >= data.total} onClick={() => goTo(offset + PAGE)}>
            {t('common:pager.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
