import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BottleneckListItem } from '../../../shared/schemas/bottlenecks.ts';
import type { SearchMatch } from '../../../shared/schemas/search.ts';
import { FoundThrough } from '../../components/FoundThrough.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { StatusBadge, useDate } from './labels.tsx';

interface CardProps {
  item: BottleneckListItem;
  /** h3 in lists under a section heading (h4 under a subsection's); h2 where the card list is the page's content. */
  headingLevel?: 2 | 3 | 4;
  /** What to say about the item; by default its area, countries, support and last update. */
  facts?: ReactNode;
  children?: ReactNode;
  /** What a search matched in it (its list's `matches`): marked in the title, the glossary's crossing said. */
  match?: SearchMatch;
}

export function BottleneckCard({ item, headingLevel = 3, facts, children, match }: CardProps) {
  const { t } = useTranslation();
  const date = useDate();
  const Heading = (['h2', 'h3', 'h4'] as const)[headingLevel - 2];
  return (
    <li className="bn-card">
      <p className="bn-card__meta">
        <span className="bn-ref">{item.ref}</span> <StatusBadge status={item.status} />
        {item.overdue && <span className="badge badge--warning">{t('bottlenecks:overdue')}</span>}
        {item.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <Heading className="bn-card__title">
        <Link to={`/bottlenecks/${item.ref}`}>
          <LocalizedText value={item.title} marks={match?.highlights.title} />
        </Link>
      </Heading>
      <FoundThrough via={match?.via} />
      <p className="bn-card__facts">
        {facts ?? (
          <>
            <span>{t(`bottlenecks:domain.${item.domain}`)}</span>
            <span>{item.countries.map((c) => t(`bottlenecks:country.${c}`, { defaultValue: c })).join(' – ')}</span>
            <span>{t('bottlenecks:supports', { count: item.supportCount })}</span>
            <span>{t('bottlenecks:updated', { date: date(item.updatedAt) })}</span>
          </>
        )}
      </p>
      {children}
    </li>
  );
}
