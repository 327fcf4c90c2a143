import { useTranslation } from 'react-i18next';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { citesOf, namesOf } from './planning.ts';

/** An instrument's name in its own language, then its names in the others the reference gives, each marked with its language. */
export function InstrumentName({ name, ownLanguage }: { name: LocalizedTextValue; ownLanguage: 'fi' | 'et' }) {
  const [first, ...others] = namesOf(name, ownLanguage);
  if (!first) return null;
  return (
    <>
      <span lang={first.lang}>{first.text}</span>
      {others.map((other) => (
        <span key={other.lang} className="muted">
          {' ('}
          <span lang={other.lang}>{other.text}</span>
          {')'}
        </span>
      ))}
    </>
  );
}

/** Numbered citations into the page's source list (`#planning-source-n`). */
export function Cites({ numbers, tags }: { numbers: ReadonlyMap<string, number>; tags: readonly string[] | undefined }) {
  const { t } = useTranslation();
  const cites = citesOf(numbers, tags);
  if (cites.length === 0) return null;
  return (
    <span className="cites">
      {cites.map((n) => (
        <a key={n} href={`#planning-source-${n}`} aria-label={t('planning:citeLabel', { n })}>
          [{n}]
        </a>
      ))}
    </span>
  );
}

/** The page's sources, numbered as its citations are. */
export function SourceList({ sources }: { sources: readonly { tag: string; url: string; title: string; kind: string }[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h2 id="sources">{t('planning:sources.title')}</h2>
      <ol className="sources">
        {sources.map((source, at) => (
          <li key={source.tag} id={`planning-source-${at + 1}`} tabIndex={-1}>
            <a href={source.url} rel="noreferrer">
              {source.title}
            </a>{' '}
            <span className="muted">
              ({t(`planning:sourceKind.${source.kind}`)}, {source.tag})
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

/** What the page says where the reference gives nothing. */
export function NotInReference() {
  const { t } = useTranslation();
  return <span className="muted">{t('planning:notInReference')}</span>;
}
