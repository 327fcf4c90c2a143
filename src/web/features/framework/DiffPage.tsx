import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import type { GetAnswer } from '../../app/api.ts';

type Change = GetAnswer<'/api/framework/versions/{a}/diff/{b}'>['changes'][number];
type Part = NonNullable<Change['parts']>[number];

/** Words added and removed, marked by <ins>/<del> and said in words too, so colour is not the only cue. */
function WordParts({ parts, lang }: { parts: Part[]; lang: string }) {
  const { t } = useTranslation();
  return (
    <p className="fw-words" lang={lang}>
      {parts.map((part, index) =>
        part.added ? (
          <ins key={index}>
            <span className="visually-hidden">{t('framework:diff.addedWords')} </span>
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={index}>
            <span className="visually-hidden">{t('framework:diff.removedWords')} </span>
            {part.value}
          </del>
        ) : (
          <span key={index}>{part.value}</span>
        ),
      )}
    </p>
  );
}

/** A field's value before or after, written plainly. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '–';
  if (typeof value === 'object' && 'value' in value && 'period' in value) return `${(value as { value: number }).value} (${(value as { period: string }).period})`;
  return String(value);
}

function ChangeLine({ change }: { change: Change }) {
  const { t } = useTranslation();
  const titled = (value: unknown) => (value as { title?: Record<string, string> } | undefined)?.title;
  switch (change.type) {
    case 'added':
      return (
        <p>
          <strong>{t('framework:diff.type.added')}</strong> <LocalizedText value={titled(change.after)} />
        </p>
      );
    case 'removed':
      return (
        <p>
          <strong>{t('framework:diff.type.removed')}</strong> <LocalizedText value={titled(change.before)} />
        </p>
      );
    case 'moved':
      return <p>{t('framework:diff.moved', { from: valueText(change.before), to: valueText(change.after) })}</p>;
    case 'reordered':
      return <p>{t('framework:diff.reordered', { from: Number(change.before) + 1, to: Number(change.after) + 1 })}</p>;
    case 'text':
      return (
        <div>
          <p className="fw-change-field">
            {t(`framework:diff.field.${change.field}`)} ({t(`common:languages.${change.lang}`)})
          </p>
          <WordParts parts={change.parts ?? []} lang={change.lang ?? ''} />
        </div>
      );
    default:
      return <p>{t('framework:diff.value', { field: t(`framework:diff.field.${change.field}`), from: valueText(change.before), to: valueText(change.after) })}</p>;
  }
}

/** "Answers 2 comments: comment 1, comment 2": the published comments a change answers, each linked where it is read. */
function ChangeAnswers({ answers }: { answers: Change['answers'] }) {
  const { t } = useTranslation();
  if (answers.count === 0) return null;
  return (
    <p className="fw-change-answers">
      {t('outcomes:diff.answers', { count: answers.count })}{' '}
      {answers.comments.map((comment, index) => (
        <span key={comment.id}>
          {index > 0 && ', '}
          <Link to={`/consultations/${comment.consultation}?comment=${comment.id}#followed-comment`}>{t('outcomes:diff.comment', { n: index + 1 })}</Link>
        </span>
      ))}
    </p>
  );
}

/** The changes grouped by node, in the order the answer gives them. */
function byNode(changes: Change[]): Change[][] {
  const groups: Change[][] = [];
  for (const change of changes) {
    const last = groups[groups.length - 1];
    if (last && last[0].nodeKey === change.nodeKey) last.push(change);
    else groups.push([change]);
  }
  return groups;
}

/** What changed from version a to version b, node by node; any two versions can be chosen. */
export function DiffPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams();
  const a = Number(params.a);
  const b = Number(params.b);
  const valid = [a, b].every((n) => Number.isInteger(n) && n > 0);
  const versions = useResource('/api/framework/versions');
  const { data, error } = useResource('/api/framework/versions/{a}/diff/{b}', valid ? { path: { a, b } } : null);
  const options = (versions.data?.items ?? []).map((version) => ({ value: String(version.number), label: t('framework:version.number', { number: version.number }) + ` (${t(`framework:state.${version.state}`)})` }));
  const compare = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void navigate(`/framework/versions/${String(form.get('a'))}/diff/${String(form.get('b'))}`);
  };
  return (
    <div className="page">
      <PageTitle>{t('framework:diff.title', { a: valid ? a : '?', b: valid ? b : '?' })}</PageTitle>
      <p className="lead-actions">
        <Link to="/framework/versions">{t('framework:versions.link')}</Link>
        <Link to="/framework">{t('framework:back')}</Link>
      </p>
      {options.length > 0 && (
        <form className="form form--inline filters" aria-label={t('framework:diff.choose')} onSubmit={compare} key={`${a}-${b}`}>
          <SelectField id="fw-diff-a" name="a" label={t('framework:diff.from')} defaultValue={String(a)} options={options} />
          <SelectField id="fw-diff-b" name="b" label={t('framework:diff.to')} defaultValue={String(b)} options={options} />
          <button type="submit" className="button">
            {t('framework:diff.compare')}
          </button>
        </form>
      )}
      {!valid && <p className="error">{t('framework:version.invalid')}</p>}
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {data ? t('framework:diff.count', { count: data.changes.length }) : valid && !error ? t('common:loading') : ''}
      </p>
      {data && data.changes.length > 0 && (
        <ol className="fw-changes">
          {byNode(data.changes).map((group) => (
            <li key={group[0].changeId} className="card" data-ref={group[0].ref}>
              <h2>
                <span className="trace__kind">{t(`framework:kind.${group[0].kind}`)}</span> <span className="bn-ref">{group[0].ref}</span>
              </h2>
              {group.map((change) => (
                <div key={change.changeId} id={`change-${change.changeId}`} className={`fw-change fw-change--${change.type}`}>
                  <ChangeLine change={change} />
                  <ChangeAnswers answers={change.answers} />
                </div>
              ))}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
