import { useTranslation } from 'react-i18next';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';

/** A comment's place in words: a point's latitude and longitude, or an area's number of corners. */
export function PlaceLine({ geometry }: { geometry: CommentGeometry }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const text =
    geometry.type === 'Point'
      ? t('consultations:map.placePoint', { lat: number.format(geometry.coordinates[1]), lon: number.format(geometry.coordinates[0]) })
      : t('consultations:map.placeArea', { count: geometry.coordinates[0].length - 1 });
  return <p className="comment__place">{text}</p>;
}
