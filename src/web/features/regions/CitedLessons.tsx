import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GetAnswer } from '../../app/api.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';

type CitedLesson = GetAnswer<'/api/actions/{id}'>['lessons'][number];

/** Where a lesson is on its region's page (the list item of that id). */
export const lessonPath = (lesson: { regionSlug: string; ref: string }) => `/regions/${lesson.regionSlug}#${lesson.ref}`;

/**
 * The lessons learned in the benchmark regions that an action or a recommendation cites, each
 * linking to its place on its region's page, with the region and the lesson's reference.
 */
export function CitedLessons({ lessons }: { lessons: readonly CitedLesson[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="lessons-heading">
      <h2 id="lessons-heading">{t('regions:cited.title')}</h2>
      {lessons.length === 0 ? (
        <p className="muted">{t('regions:cited.none')}</p>
      ) : (
        <ul className="ac-links">
          {lessons.map((lesson) => (
            <li key={lesson.id}>
              <Link to={lessonPath(lesson)}>
                <LocalizedText value={lesson.text} />
              </Link>{' '}
              <span className="muted">
                (<span className="bn-ref">{lesson.ref}</span>, <LocalizedText value={lesson.regionName} />
                {lesson.year !== null && <>, {lesson.year}</>})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
