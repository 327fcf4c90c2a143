import { useTranslation } from 'react-i18next';
import type { RecommendationState } from '../../../shared/dialogues.ts';

export function RecommendationStateBadge({ state }: { state: RecommendationState }) {
  const { t } = useTranslation();
  return <span className={`status status--rc-${state}`}>{t(`recommendations:state.${state}`)}</span>;
}
