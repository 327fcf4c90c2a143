import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DIALOGUE_BOUNDS, DIALOGUE_TIME_ERRORS } from '../../shared/dialogues.ts';
import { ApiError } from '../app/api.ts';

/**
 * What went wrong with a submitted form, focused so it is read out at once;
 * field errors link to their fields.
 */
export function FormErrors({ error, fieldLabels = {} }: { error: unknown; fieldLabels?: Record<string, string> }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const fields = error instanceof ApiError ? Object.entries(error.fieldErrors()) : [];
  return (
    <div className="notice notice--error" role="alert" tabIndex={-1} ref={ref}>
      <p className="notice__title">{problemMessage(error, t)}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([field, message]) => (
            <li key={field}>
              <a href={`#field-${field}`}>{fieldLabels[field] ?? field}</a>: {fieldMessage(message, t)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

/** Known problem types get translated wording; the rest show the server's own detail. */
export function problemMessage(error: unknown, t: T): string {
  if (!(error instanceof ApiError)) return t('common:errors.unexpected');
  const slug = error.problem.type.split('/').pop() ?? '';
  const known = ['invalid-credentials', 'email-taken', 'too-many-requests', 'validation-error', 'wrong-password', 'last-admin', 'network', 'session-expired', 'forbidden', 'run-active', 'name-taken', 'too-many-attachments'];
  return known.includes(slug) ? t(`common:errors.${slug}`) : (error.problem.detail ?? error.problem.title);
}

/** Ajv's English messages for the common cases, in the user's language. */
export function fieldMessage(message: string, t: T): string {
  // A localised text in no language at all is as good as missing.
  if (message === 'is required' || message === 'must NOT have fewer than 1 properties') return t('common:errors.field.required');
  if (message.includes('must match format "email"')) return t('common:errors.field.email');
  if (message.includes('must match format "uri"') || message.includes('must match pattern "^https?://"')) return t('common:errors.field.url');
  if (message === 'must not contain a user name or password') return t('common:errors.field.credentials');
  if (message === 'must be integer') return t('common:errors.field.integer');
  const tooShort = /must NOT have fewer than (\d+) characters/.exec(message);
  if (tooShort) return t('common:errors.field.tooShort', { count: Number(tooShort[1]) });
  const tooLong = /must NOT have more than (\d+) characters/.exec(message);
  if (tooLong) return t('common:errors.field.tooLong', { count: Number(tooLong[1]) });
  if (message.includes('must match pattern')) return t('common:errors.field.blank');
  if (message === 'is not a known institution') return t('common:errors.field.unknownInstitution');
  if (message === 'is not a known bottleneck') return t('common:errors.field.unknownBottleneck');
  if (message === 'is not a known dialogue') return t('common:errors.field.unknownDialogue');
  if (message === DIALOGUE_TIME_ERRORS.endBeforeStart || message === 'is before the start') return t('common:errors.field.endBeforeStart');
  if (message === DIALOGUE_TIME_ERRORS.tooShort) return t('common:errors.field.dialogueTooShort', { count: DIALOGUE_BOUNDS.minMinutes });
  if (message === DIALOGUE_TIME_ERRORS.tooLong) return t('common:errors.field.dialogueTooLong', { count: DIALOGUE_BOUNDS.maxDays });
  if (message === DIALOGUE_TIME_ERRORS.tooEarly) return t('common:errors.field.dialogueTooEarly', { year: DIALOGUE_BOUNDS.earliestYear });
  if (message === DIALOGUE_TIME_ERRORS.tooFarAhead) return t('common:errors.field.dialogueTooFarAhead', { count: DIALOGUE_BOUNDS.maxYearsAhead });
  if (message.startsWith('contains ')) return t('common:errors.field.unsafeMarkup');
  return message;
}
