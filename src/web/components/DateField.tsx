import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayFieldValue, dayText, formatDay, formatOffset, formatTime, parseDay, parseTime, readZoned, timeText, zonedFieldValue } from '../app/dates.ts';
import { isoToZoned } from '../../shared/zoned.ts';
import { keptDay, keptTime, readDay, readDayTime, shownDay, shownTime } from './draftParts.ts';
import { useDraftPart, useDraftScope } from './useDraft.ts';
import { LabelText } from './Required.tsx';

/** The day and time used in hints: the format shown is the language's, never the browser's. */
const EXAMPLE_DAY = '2026-12-02';
const EXAMPLE_TIME = '09:30';

interface DateFieldProps {
  /** The id of the text input, which error summaries link to (`field-temporalStart`). */
  id: string;
  /** The form field the day is sent as, `YYYY-MM-DD`. */
  name: string;
  label: string;
  /** A day, `YYYY-MM-DD`. */
  defaultValue?: string | null;
  error?: string;
  /** Whether the route the form sends to requires the day (`RequiredMark`, `aria-required`). */
  required?: boolean;
}

/**
 * A day typed in the interface's language ("2.12.2026", "02/12/2026"; ISO too), with the format
 * as its hint. Browsers show `type=date` in their own locale whatever the page's language, so this
 * is a text input: the form sends the day read (`YYYY-MM-DD`) in a hidden field of `name`. In a
 * form that keeps a draft, the day typed is kept (the part `day:<name>`).
 */
export function DateField({ id, name, label, defaultValue, error, required }: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(() => (defaultValue ? dayText(defaultValue, i18n.language) : ''));
  useDraftPart(useDraftScope(), `day:${name}`, { value: keptDay(text), restore: (kept) => setText(shownDay(kept, i18n.language)), read: readDay });
  const [left, setLeft] = useState(false);
  const example = dayText(EXAMPLE_DAY, i18n.language);
  const unreadable = left && text.trim() && !parseDay(text) ? t('common:dates.dayUnreadable', { example }) : undefined;
  const shown = error ?? unreadable;
  return (
    <div className={shown ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>
        <LabelText text={label} required={required} />
      </label>
      <p className="field__hint" id={`${id}-hint`}>
        {t('common:dates.dayHint', { example })}
      </p>
      {shown && (
        <p className="field__error" id={`${id}-error`}>
          {shown}
        </p>
      )}
      <input
        id={id}
        className="input--date"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => setLeft(true)}
        aria-invalid={shown ? true : undefined}
        aria-required={required ? true : undefined}
        aria-describedby={shown ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <input type="hidden" name={name} value={dayFieldValue(text)} />
    </div>
  );
}

interface DateTimeFieldProps {
  /** The id of the day's input, which error summaries link to (`field-startsAt`); the time's is `${id}-time`. */
  id: string;
  /** The form field the instant is sent as, ISO 8601 in UTC. */
  name: string;
  label: string;
  /** The zone the day and time are read in. */
  zone: string;
  /** An instant, ISO 8601. */
  defaultValue?: string | null;
  error?: string;
  /** Whether the route the form sends to requires the instant: the mark in the legend, `aria-required` on the day and the time. */
  required?: boolean;
}

/**
 * A day and a time of day in `zone`, typed in the interface's language, sent as the instant meant.
 * A time the spring skips is said to move forward by the hour; a time the autumn repeats is
 * asked about (summer or standard time), never chosen silently. In a form that keeps a draft, the
 * day and time typed and the choice are kept (the part `dayTime:<name>`).
 */
export function DateTimeField({ id, name, label, zone, defaultValue, error, required }: DateTimeFieldProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const local = defaultValue ? isoToZoned(defaultValue, zone) : '';
  const [day, setDay] = useState(() => (local ? dayText(local.slice(0, 10), lang) : ''));
  const [time, setTime] = useState(() => (local ? timeText(local.slice(11, 16), lang) : ''));
  const [left, setLeft] = useState({ day: false, time: false });
  const reading = readZoned(day, time, zone);
  const [choice, setChoice] = useState<number | undefined>(() => {
    const saved = defaultValue && reading.kind === 'repeated' ? reading.instants.indexOf(new Date(defaultValue).toISOString()) : -1;
    return saved >= 0 ? saved : undefined;
  });
  const choiceName = `${useId()}-choice`;
  useDraftPart(useDraftScope(), `dayTime:${name}`, {
    value: { day: keptDay(day), time: keptTime(time), choice: choice ?? null },
    restore: (kept) => {
      setDay(shownDay(kept.day, lang));
      setTime(shownTime(kept.time, lang));
      setChoice(kept.choice ?? undefined);
    },
    read: readDayTime,
  });
  const dayExample = dayText(EXAMPLE_DAY, lang);
  const timeExample = timeText(EXAMPLE_TIME, lang);
  const dayProblem = left.day && day.trim() && !parseDay(day) ? t('common:dates.dayUnreadable', { example: dayExample }) : undefined;
  const timeProblem = left.time && time.trim() && !parseTime(time) ? t('common:dates.timeUnreadable', { example: timeExample }) : undefined;
  const errorId = `${id}-error`;
  const typedTime = reading.kind !== 'invalid' ? timeText(parseTime(time)!, lang) : '';
  const typedDay = reading.kind !== 'invalid' ? formatDay(parseDay(day)!, lang, 'long') : '';
  return (
    <fieldset className={error ? 'date-time field--invalid' : 'date-time'} aria-describedby={`${id}-zone`}>
      <legend>
        <LabelText text={label} required={required} />
      </legend>
      <p className="field__hint" id={`${id}-zone`}>
        {t('common:dates.zone', { zone })}
      </p>
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      <div className="date-time__parts">
        <div className={dayProblem ? 'field field--invalid' : 'field'}>
          <label htmlFor={id}>{t('common:dates.day')}</label>
          <p className="field__hint" id={`${id}-hint`}>
            {t('common:dates.dayHint', { example: dayExample })}
          </p>
          {dayProblem && (
            <p className="field__error" id={`${id}-day-error`}>
              {dayProblem}
            </p>
          )}
          <input
            id={id}
            className="input--date"
            inputMode="numeric"
            autoComplete="off"
            value={day}
            onChange={(event) => setDay(event.target.value)}
            onBlur={() => setLeft((was) => ({ ...was, day: true }))}
            aria-invalid={error || dayProblem ? true : undefined}
            aria-required={required ? true : undefined}
            aria-describedby={[`${id}-hint`, dayProblem && `${id}-day-error`, error && errorId].filter(Boolean).join(' ')}
          />
        </div>
        <div className={timeProblem ? 'field field--invalid' : 'field'}>
          <label htmlFor={`${id}-time`}>{t('common:dates.time')}</label>
          <p className="field__hint" id={`${id}-time-hint`}>
            {t('common:dates.timeHint', { example: timeExample })}
          </p>
          {timeProblem && (
            <p className="field__error" id={`${id}-time-error`}>
              {timeProblem}
            </p>
          )}
          <input
            id={`${id}-time`}
            className="input--time"
            inputMode="numeric"
            autoComplete="off"
            value={time}
            onChange={(event) => setTime(event.target.value)}
            onBlur={() => setLeft((was) => ({ ...was, time: true }))}
            aria-invalid={error || timeProblem ? true : undefined}
            aria-required={required ? true : undefined}
            aria-describedby={[`${id}-time-hint`, timeProblem && `${id}-time-error`, error && errorId].filter(Boolean).join(' ')}
          />
        </div>
      </div>
      {reading.kind === 'skipped' && (
        <p className="notice" role="status">
          {t('common:dates.skipped', { time: typedTime, day: typedDay, moved: formatTime(reading.instant, lang, zone), offset: formatOffset(reading.instant, zone) })}
        </p>
      )}
      {reading.kind === 'repeated' && (
        <fieldset className="date-time__choice">
          <legend>{t('common:dates.repeated', { time: typedTime, day: typedDay })}</legend>
          {reading.instants.map((instant, index) => (
            <label key={instant} className="checkbox">
              <input type="radio" name={choiceName} checked={choice === index} onChange={() => setChoice(index)} />{' '}
              {t(index === 0 ? 'common:dates.repeatedSummer' : 'common:dates.repeatedWinter', { time: typedTime, offset: formatOffset(instant, zone) })}
            </label>
          ))}
        </fieldset>
      )}
      <input type="hidden" name={name} value={zonedFieldValue(day, time, zone, choice)} />
    </fieldset>
  );
}
