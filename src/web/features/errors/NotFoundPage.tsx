import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/PageTitle.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page page--narrow">
      <PageTitle>{t('common:notFound.title')}</PageTitle>
      <p>{t('common:notFound.text')}</p>
      <p>
        <Link to="/">{t('common:notFound.home')}</Link>
      </p>
    </div>
  );
}
