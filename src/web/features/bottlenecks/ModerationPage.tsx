import { useTranslation } from 'react-i18next';
import { RequireUser } from '../../components/RequireUser.tsx';
import { BottlenecksPage } from './BottlenecksPage.tsx';

/** Reports waiting for a moderator: publish, reject with a reason, redact, or merge on each page. */
export function ModerationPage() {
  const { t } = useTranslation();
  return (
    <RequireUser roles={['moderator', 'editor']}>
      <BottlenecksPage title={t('bottlenecks:moderation.title')} fixed={{ status: 'submitted', sort: 'newest' }} />
    </RequireUser>
  );
}
