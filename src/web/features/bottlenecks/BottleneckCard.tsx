import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BottleneckListItem } from '../../../shared/schemas/bottlenecks.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { StatusBadge, useDate } from './labels.tsx';

export function BottleneckCard({ item }: { item: BottleneckListItem }) {
  const { t } = useTranslation();
  const date = useDate();
  return (
    <li className="bn-card">
      <p className="bn-card__meta">
        <span className="bn-ref">{item.ref}</span> <StatusBadge status={item.status} />
        {item.overdue && <span className="badge badge--warning">{t('bottlenecks:overdue')}</span>}
        {item.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <h3 className="bn-card__title">
        <Link to={`/bottlenecks/${item.ref}`}>
          <LocalizedText value={item.title} />
        </Link>
      </h3>
      <p className="bn-card__facts">
        <span>{t(`bottlenecks:domain.${item.domain}`)}</span>
        <span>{item.countries.map((c) => t(`bottlenecks:country.${c}`, { defaultValue: c })).join(' – ')}</span>
        <span>{t('bottlenecks:supports', { count: item.supportCount })}</span>
        <span>{t('bottlenecks:updated', { date: date(item.updatedAt) })}</span>
      </p>
    </li>
  );
}
