import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { SIDES } from '../../../shared/schemas/consultations.ts';
import { UI_LANGUAGES, type ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageSizeOf } from '../../components/pagination.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { QuestionResult } from './SectionSurvey.tsx';

type Report = GetAnswer<'/api/consultations/{id}/report'>;
type CommentItem = GetAnswer<'/api/consultations/{id}/comments'>['items'][number];
type ReplyItem = CommentItem['replies'][number];

/**
 * The report of a closed consultation: how many took part, the comments and replies per section
 * and side of the gulf and per language as tables, each survey question's bars beside their table,
 * every published comment (paged, oldest first, without names) and the downloads in fi, et and en.
 * Editors publish it, which announces it to its followers; it is public from the close either way.
 */
export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { slug } = useParams();
  const { user } = useSession();
  const { data, error, reload } = useResource('/api/consultations/{id}/report', slug ? { path: { id: slug } } : null);
  const local = (value: Parameters<typeof pickLocalized>[0]) => pickLocalized(value, i18n.language as ContentLanguage)?.text ?? '';
  if (!data) {
    const notClosed = error instanceof ApiError && error.code === 'not-closed';
    return (
      <div className="page">
        {notClosed ? (
          <>
            <PageTitle>{t('consultations:report.heading')}</PageTitle>
            <p>{t('consultations:report.notClosed')}</p>
            <p>
              <Link to={`/consultations/${slug}`}>{t('consultations:report.back')}</Link>
            </p>
          </>
        ) : error ? (
          <FormErrors error={error} />
        ) : (
          <p role="status">{t('common:loading')}</p>
        )}
      </div>
    );
  }
  const title = t('consultations:report.title', { title: local(data.title) || data.ref });
  return (
    <div className="page consultation-report">
      <PageTitle>{title}</PageTitle>
      <p>
        <Link to={`/consultations/${data.slug}`}>{t('consultations:report.back')}</Link>
      </p>
      {data.isDemo && <p className="notice">{t('consultations:report.demo')}</p>}
      <Publication report={data} canPublish={Boolean(user && isEditorRole(user.role))} onPublished={reload} />
      <Downloads report={data} />
      <Summary report={data} />
      <Counts report={data} />
      <section aria-labelledby="report-surveys">
        <h2 id="report-surveys">{t('consultations:report.surveysTitle')}</h2>
        {data.surveys.length === 0 && <p>{t('consultations:report.noSurveys')}</p>}
        {data.surveys.map((survey) => (
          <div key={survey.sectionId}>
            <h3>{local(data.sections.find((s) => s.id === survey.sectionId)?.title)}</h3>
            {survey.questions.map((q) => (
              <QuestionResult key={q.id} result={q} />
            ))}
          </div>
        ))}
      </section>
      <ReportComments report={data} />
    </div>
  );
}

function Publication({ report, canPublish, onPublished }: { report: Report; canPublish: boolean; onPublished: () => Promise<void> }) {
  const { t } = useTranslation();
  const dates = useDates();
  const notice = useNotice();
  const [error, setError] = useState<unknown>(null);
  async function publish() {
    setError(null);
    try {
      await api.post('/api/consultations/{id}/report/publish', { path: { id: report.id } });
      notice.show('consultations:report.publishedNow');
      await onPublished();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <div className="card">
      <StatusMessage notice={notice.notice} />
      <p>{report.publishedAt ? t('consultations:report.published', { date: dates.date(report.publishedAt) }) : t('consultations:report.notPublished')}</p>
      {canPublish && !report.publishedAt && (
        <>
          <p className="hint" id="publish-hint">
            {t('consultations:report.publishHint')}
          </p>
          <button type="button" className="button" aria-describedby="publish-hint" onClick={() => void publish()}>
            {t('consultations:report.publish')}
          </button>
        </>
      )}
      <FormErrors error={error} />
    </div>
  );
}

function Downloads({ report }: { report: Report }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="report-downloads">
      <h2 id="report-downloads">{t('consultations:report.downloads')}</h2>
      <ul className="inline-links">
        {UI_LANGUAGES.flatMap((language) =>
          (['xlsx', 'pdf'] as const).map((ext) => (
            <li key={`${ext}-${language}`}>
              <a href={`/api/consultations/${report.id}/report.${ext}?lang=${language}`} hrefLang={language} download={ext === 'xlsx' ? true : undefined}>
                {t(`consultations:report.${ext}`, { language: t(`common:languages.${language}`) })}
              </a>
            </li>
          )),
        )}
      </ul>
    </section>
  );
}

function Summary({ report }: { report: Report }) {
  const { t } = useTranslation();
  const dates = useDates();
  const facts: [string, string | number][] = [
    [t('consultations:report.comments'), report.totals.comments],
    [t('consultations:report.replies'), report.totals.replies],
    [t('consultations:report.supports'), report.totals.supports],
    [t('consultations:report.respondents'), report.totals.respondents],
  ];
  return (
    <section aria-labelledby="report-summary">
      <h2 id="report-summary">{t('consultations:report.summary')}</h2>
      <p>
        {report.ref} · {t('consultations:report.window', { opens: dates.dateTime(report.opensAt), closes: dates.dateTime(report.closesAt) })}
      </p>
      <dl className="region-facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t('consultations:report.respondentsHint')}</p>
    </section>
  );
}

function Counts({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const local = (value: Parameters<typeof pickLocalized>[0]) => pickLocalized(value, i18n.language as ContentLanguage)?.text ?? '';
  const sectionsCaption = t('consultations:report.sectionsTitle');
  const languagesCaption = t('consultations:report.languagesTitle');
  return (
    <section aria-labelledby="report-counts">
      <h2 id="report-counts">{sectionsCaption}</h2>
      <ScrollRegion label={sectionsCaption}>
        <table className="chart-table">
          <caption>{sectionsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consultations:report.section')}</th>
              {SIDES.map((side) => (
                <th scope="col" className="num" key={side}>
                  {t(`consultations:side.${side}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('consultations:report.comments')}
              </th>
              <th scope="col" className="num">
                {t('consultations:report.replies')}
              </th>
              <th scope="col" className="num">
                {t('consultations:report.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.sections.map((s) => (
              <tr key={s.id}>
                <th scope="row">{local(s.title)}</th>
                {SIDES.map((side) => (
                  <td className="num" key={side}>
                    {s.bySide[side]}
                  </td>
                ))}
                <td className="num">{s.comments}</td>
                <td className="num">{s.replies}</td>
                <td className="num">{s.comments + s.replies}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h3>{languagesCaption}</h3>
      <ScrollRegion label={languagesCaption}>
        <table className="chart-table">
          <caption>{languagesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consultations:report.language')}</th>
              <th scope="col" className="num">
                {t('consultations:report.comments')}
              </th>
              <th scope="col" className="num">
                {t('consultations:report.replies')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.languages.map((l) => (
              <tr key={l.language}>
                <th scope="row">{t(`common:languages.${l.language}`)}</th>
                <td className="num">{l.comments}</td>
                <td className="num">{l.replies}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

/** Every published comment, oldest first, a page at a time, with its replies; never its author's name. */
function ReportComments({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { params } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const { data, error } = useResource('/api/consultations/{id}/comments', { path: { id: report.id }, query: { sort: 'date', limit: size, offset: (page - 1) * size } });
  return (
    <section aria-labelledby="report-comments" className="consultation-comments">
      <h2 id="report-comments">{t('consultations:report.commentsTitle')}</h2>
      <p>{t('consultations:report.noNames')}</p>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('consultations:comments.count', { count: data.total }) : t('common:loading')}
      </p>
      {data && data.total === 0 && <p>{t('consultations:report.noComments')}</p>}
      <ol className="comment-list" start={(page - 1) * size + 1}>
        {data?.items.map((c) => (
          <li key={c.id} className="comment card">
            <ReportComment report={report} comment={c} />
            {c.replies.length > 0 && (
              <ul className="comment-replies" aria-label={t('consultations:comments.replies')}>
                {c.replies.map((r) => (
                  <li key={r.id} className="comment comment--reply">
                    <ReportComment report={report} comment={r} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {data && <Pagination label={t('consultations:comments.pages')} page={page} total={data.total} size={size} />}
    </section>
  );
}

function ReportComment({ report, comment }: { report: Report; comment: ReplyItem }) {
  const { t, i18n } = useTranslation();
  const dates = useDates();
  const section = pickLocalized(report.sections.find((s) => s.id === comment.sectionId)?.title, i18n.language as ContentLanguage)?.text ?? '';
  const geometry = comment.geometry as CommentGeometry | null;
  const number = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  return (
    <>
      <p className="bn-card__meta">
        <span>{section}</span> · <span>{t(`common:languages.${comment.language}`)}</span> · <span>{t(`consultations:side.${comment.side}`)}</span> · <time dateTime={comment.createdAt}>{dates.dateTime(comment.createdAt)}</time> ·{' '}
        <span>
          {t('consultations:report.supports')}: {comment.supportCount}
        </span>
      </p>
      <p className="comment__body" lang={comment.language}>
        {comment.body}
      </p>
      {geometry && (
        <p className="comment__place">
          {geometry.type === 'Point'
            ? t('consultations:map.placePoint', { lat: number.format(geometry.coordinates[1]!), lon: number.format(geometry.coordinates[0]!) })
            : t('consultations:map.placeArea', { count: geometry.coordinates[0]!.length - 1 })}
        </p>
      )}
    </>
  );
}
