import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { MapComments } from '../../components/MapComments.tsx';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { useDate, useDateTime } from '../bottlenecks/labels.tsx';
import { PilotPeriod, PilotStatusBadge } from './labels.tsx';
import { partnersByCountry } from './pilots.ts';

type Detail = GetAnswer<'/api/pilots/{id}'>;

/** One pilot: what it is, who runs it where and when, what it measures, what came of it. */
export function PilotPage() {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const { data, error } = useResource('/api/pilots/{id}', { path: { id: slug } });
  const notice = useNotice();
  const date = useDate();
  if (error) return <DetailProblem error={error} notFoundKey="pilots:detail.notFound" backTo="/pilots" backLabelKey="pilots:list.title" />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  const lang = i18n.language as ContentLanguage;
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  return (
    <div className="page bn-detail">
      <p className="bn-card__meta">
        <Link to="/pilots">{t('pilots:list.title')}</Link> › <PilotStatusBadge status={data.status} />
        {data.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <ContentTitle value={data.name} otherwise={data.slug} />
      <StatusMessage notice={notice.notice} />
      <div className="bn-detail__grid bn-detail__grid--split">
        <div className="bn-detail__lead">
          <section aria-labelledby="description-heading">
            <h2 id="description-heading">{t('pilots:fields.description')}</h2>
            {Object.keys(data.description).length ? <LocalizedText value={data.description} as="p" /> : <p>{t('pilots:detail.noneYet')}</p>}
          </section>
        </div>
        <aside aria-labelledby="facts-heading" className="card">
          <h2 id="facts-heading">{t('pilots:detail.facts')}</h2>
          <dl className="facts-list">
            <dt>{t('pilots:fields.status')}</dt>
            <dd>{t(`pilots:status.${data.status}`)}</dd>
            <dt>{t('pilots:fields.period')}</dt>
            <dd>
              <PilotPeriod startsOn={data.startsOn} endsOn={data.endsOn} />
            </dd>
            {partnersByCountry(data.partners).map((group) => (
              <div key={group.country}>
                <dt>
                  {t('pilots:fields.partners')}: {t(`pilots:country.${group.country}`, { defaultValue: group.country })}
                </dt>
                {group.partners.map((p) => (
                  <dd key={p.institution.id}>
                    <LocalizedText value={p.institution.name} />{' '}
                    ({t(`pilots:role.${p.role}`)})
                  </dd>
                ))}
              </div>
            ))}
            {data.dataset && (
              <>
                <dt>{t('pilots:detail.dataset')}</dt>
                <dd>
                  <Link to={`/datasets/${data.dataset}`}>{data.dataset}</Link>
                </dd>
              </>
            )}
          </dl>
          {data.viewer.canManage && <EditorPanel data={data} notify={notice.navigate} />}
        </aside>
        <div className="bn-detail__rest">
          <section aria-labelledby="kpis-heading">
            <h2 id="kpis-heading">{t('pilots:fields.kpis')}</h2>
            {data.goals.length > 0 && (
              <ul>
                {data.goals.map((goal) => (
                  <li key={goal.id}>
                    <LocalizedText value={goal.text} />
                  </li>
                ))}
              </ul>
            )}
            {data.kpis.length > 0 ? (
              <ul className="bn-list">
                {data.kpis.map((kpi) => {
                  const measure = t(`pilots:measure.${kpi.measure}`);
                  return (
                    <li key={kpi.id} className="bn-card">
                      <h3 className="bn-card__title">
                        <LocalizedText value={kpi.name} />
                      </h3>
                      <p>
                        {kpi.value !== null ? t('pilots:detail.kpiValue', { value: `${number.format(kpi.value)}${kpi.unit ? ` ${kpi.unit}` : ''}`, measure }) : kpi.datastream || !kpi.indicator ? t('pilots:detail.kpiNoValue', { measure }) : t('pilots:detail.kpiOnIndicator')}
                        {kpi.target !== null && <> · {t('pilots:detail.kpiTarget', { value: `${number.format(kpi.target)}${kpi.unit ? ` ${kpi.unit}` : ''}` })}</>}
                      </p>
                      <p className="bn-card__facts">
                        {kpi.indicator && (
                          <Link to={`/indicators/${kpi.indicator.slug}`}>{t('pilots:detail.kpiIndicator', { name: pickLocalized(kpi.indicator.name, lang)?.text ?? kpi.indicator.slug })}</Link>
                        )}
                        {kpi.datastream && <Link to={`/sensors/datastreams/${kpi.datastream.id}`}>{t('pilots:detail.kpiDatastream', { name: kpi.datastream.name })}</Link>}
                      </p>
                    </li>
                  );
                })}
              </ul>
            ) : (
              data.goals.length === 0 && <p>{t('pilots:detail.noneYet')}</p>
            )}
          </section>
          <section aria-labelledby="things-heading">
            <h2 id="things-heading">{t('pilots:fields.things')}</h2>
            {data.things.length ? (
              <ul>
                {data.things.map((thing) => (
                  <li key={thing.id}>
                    <strong>{thing.name}</strong> – {thing.description}
                    {thing.datastreams.length > 0 && (
                      <ul>
                        {thing.datastreams.map((stream) => (
                          <li key={stream.id}>
                            <Link to={`/sensors/datastreams/${stream.id}`}>{stream.name}</Link>
                            {stream.unit && <> · {t('pilots:detail.datastreamUnit', { unit: stream.unit })}</>}
                            {stream.phenomenonEnd && <> · {t('pilots:detail.lastObserved', { date: date(stream.phenomenonEnd) })}</>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('pilots:detail.noThings')}</p>
            )}
          </section>
          <section aria-labelledby="results-heading">
            <h2 id="results-heading">{t('pilots:fields.results')}</h2>
            {data.results.length ? (
              <ul>
                {data.results.map((result) => (
                  <li key={result.id}>
                    <time dateTime={result.on}>{date(result.on)}</time>: <LocalizedText value={result.text} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('pilots:detail.noneYet')}</p>
            )}
          </section>
          <section aria-labelledby="dialogues-heading">
            <h2 id="dialogues-heading">{t('pilots:fields.dialogues')}</h2>
            {data.dialogues.length ? (
              <ul>
                {data.dialogues.map((d) => (
                  <li key={d.id}>
                    <Link to={`/dialogues/${d.ref}`}>
                      <LocalizedText value={d.title} />
                    </Link>{' '}
                    ({t(`dialogues:type.${d.type}`)}, {date(d.startsAt)})
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('pilots:detail.noneYet')}</p>
            )}
          </section>
          <section aria-labelledby="documents-heading">
            <h2 id="documents-heading">{t('pilots:fields.documents')}</h2>
            {data.documents.length ? (
              <ul>
                {data.documents.map((file) => (
                  <li key={file.id}>
                    <a href={file.url}>{file.filename}</a>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('pilots:detail.noneYet')}</p>
            )}
          </section>
          {data.viewer.canManage && <TokenPanel pilot={data} />}
        </div>
      </div>
      <section aria-labelledby="places-heading">
        <h2 id="places-heading">{t('pilots:fields.places')}</h2>
        {data.places.length ? (
          <MapComments places={data.places.map((place) => ({ id: place.id, href: `/pilots/${data.slug}`, label: pickLocalized(place.name, lang)?.text ?? '', geometry: place.geometry }))} caption={t('pilots:fields.places')} title={t('pilots:fields.places')} desc={t('pilots:list.mapDesc')} itemHeading={t('pilots:fields.places')} />
        ) : (
          <p>{t('pilots:list.noPlaces')}</p>
        )}
      </section>
    </div>
  );
}

function EditorPanel({ data, notify }: { data: Detail; notify: ReturnType<typeof useNotice>['navigate'] }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    try {
      await api.delete('/api/pilots/{id}', { path: { id: data.slug } });
      void notify('/pilots', 'pilots:notice.deleted');
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <div className="editor-panel">
      <FormErrors error={error} />
      <p>
        <Link className="button button--small" to={`/pilots/${data.slug}/edit`}>
          {t('pilots:detail.edit')}
        </Link>
      </p>
      <ConfirmButton className="button button--small button--danger" question={t('pilots:detail.deleteConfirm')} consequence={t('pilots:detail.deleteConfirm')} confirmLabel={t('pilots:detail.delete')} onConfirm={() => void remove()}>
        {t('pilots:detail.delete')}
      </ConfirmButton>
    </div>
  );
}

/** The pilot's SensorThings write tokens: made here (the secret shown once), listed by prefix, revoked. */
function TokenPanel({ pilot }: { pilot: Detail }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const tokens = useResource('/api/pilots/{id}/tokens', { path: { id: pilot.slug } });
  const [secret, setSecret] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const created = await api.post('/api/pilots/{id}/tokens', { path: { id: pilot.slug }, body: { name: formText(form, 'name').trim() } });
    setSecret(created.token);
    element.reset();
    tokens.reload();
  });
  const revoke = async (tokenId: string) => {
    try {
      await api.delete('/api/pilots/{id}/tokens/{tokenId}', { path: { id: pilot.slug, tokenId } });
      tokens.reload();
    } catch (caught) {
      setRevokeError(caught);
    }
  };
  return (
    <section aria-labelledby="tokens-heading" className="card">
      <h2 id="tokens-heading">{t('pilots:tokens.title')}</h2>
      <p>{t('pilots:tokens.intro')}</p>
      <FormErrors error={error ?? revokeError} fieldIds={{ name: 'pt-name' }} />
      <form className="form form--inline" onSubmit={onSubmit}>
        <RequiredNote />
        <Field id="pt-name" name="name" label={t('pilots:tokens.name')} required maxLength={100} />
        <button type="submit" className="button" disabled={busy}>
          {t('pilots:tokens.create')}
        </button>
      </form>
      {secret && (
        <p role="status" className="notice">
          {t('pilots:tokens.created')} <code className="token-secret">{secret}</code>
        </p>
      )}
      {tokens.data && tokens.data.items.length === 0 && <p>{t('pilots:tokens.none')}</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <ul className="bn-list">
          {tokens.data.items.map((token) => (
            <li key={token.id} className="bn-card">
              <p>
                <strong>{token.name}</strong> · {t('pilots:tokens.prefix')} <code>{token.prefix}</code>
              </p>
              <p className="bn-card__facts">
                <span>
                  {t('pilots:tokens.owner')}: {token.owner ?? '–'}
                </span>
                <span>
                  {t('pilots:tokens.createdAt')}: {dateTime(token.createdAt)}
                </span>
                <span>
                  {t('pilots:tokens.lastUsed')}: {token.lastUsedAt ? dateTime(token.lastUsedAt) : t('pilots:tokens.never')}
                </span>
                {token.revokedAt && <span>{t('pilots:tokens.revoked', { date: dateTime(token.revokedAt) })}</span>}
              </p>
              {!token.revokedAt && (
                <ConfirmButton className="button button--small button--danger" question={t('pilots:tokens.revokeConfirm')} consequence={t('pilots:tokens.revokeConfirm')} confirmLabel={t('pilots:tokens.revoke')} aria-label={`${t('pilots:tokens.revoke')}: ${token.name}`} onConfirm={() => void revoke(token.id)}>
                  {t('pilots:tokens.revoke')}
                </ConfirmButton>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
