import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { useResource } from '../../components/useResource.ts';

/** On a dialogue's page: the governance bodies it was a meeting of, linked to their place in the model. */
export function MeetingOf({ dialogue }: { dialogue: string }) {
  const { t } = useTranslation();
  const { data } = useResource('/api/governance/bodies', { query: { dialogue } });
  if (!data || data.items.length === 0) return null;
  return (
    <>
      <dt>{t('governance:meetingOf')}</dt>
      <dd>
        {data.items.map((body, index) => (
          <span key={body.id}>
            {index > 0 && ', '}
            <Link to={`/governance#body-${body.slug}`}>
              <LocalizedText value={body.name} />
            </Link>
          </span>
        ))}
      </dd>
    </>
  );
}
