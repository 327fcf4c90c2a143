import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Difference } from '../../../shared/schemas/planning.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { Cites as CitationLinks } from '../../components/Cites.tsx';
import { namesOf } from './planning.ts';

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
  return <CitationLinks numbers={numbers} keys={tags} href={(n) => `#planning-source-${n}`} label={(n) => t('planning:citeLabel', { n })} />;
}

/** What differs between two corresponding instruments, each difference with its side, aspect and citations. */
export function Differences({ differences, numbers, className }: { differences: readonly Difference[]; numbers: ReadonlyMap<string, number>; className?: string }) {
  const { t } = useTranslation();
  return (
    <ul className={className}>
      {differences.map((difference, i) => (
        <li key={i}>
          <strong>
            {t(`planning:countryShort.${difference.side}`)}, {t(`planning:aspect.${difference.aspect}`)}:
          </strong>{' '}
          <LocalizedText value={difference.text} />
          <Cites numbers={numbers} tags={difference.sources} />
        </li>
      ))}
    </ul>
  );
}

/** An instrument's name linked to its page, or the words for a plan without one. */
export function InstrumentLink({ instrument }: { instrument: { slug: string; name: LocalizedTextValue; ownLanguage: 'fi' | 'et' } | null }) {
  const { t } = useTranslation();
  if (!instrument) return <>{t('planning:plans.noInstrument')}</>;
  return (
    <Link to={`/planning/instruments/${instrument.slug}`}>
      <InstrumentName name={instrument.name} ownLanguage={instrument.ownLanguage} />
    </Link>
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
