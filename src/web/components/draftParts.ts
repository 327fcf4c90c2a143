import { dayText, parseDay, parseTime, timeText } from '../app/dates.ts';
import type { LocalizedTextValue } from '../../shared/localized.ts';

/**
 * The pure side of the draft parts the shared components keep (`useDraftPart`): what a picker,
 * a day field and a day-and-time field store, and how each is read back. A stored part comes back
 * only when it has the shape its component needs; anything else is null, and the draft is dropped
 * rather than half restored. Days and times are stored as read (`YYYY-MM-DD`, `HH:MM`), so a draft
 * typed in Finnish comes back written the English way in English; what could not be read is kept
 * as typed.
 */

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Text by language, as the API gives it: an object of texts. */
export function isLocalized(value: unknown): value is LocalizedTextValue {
  return isRecord(value) && Object.values(value).every((text) => typeof text === 'string');
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isOptionalString = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** A picker's chosen items: each as its kind describes one, each once. */
export function readChosen<T extends { value: string }>(json: unknown, isItem: (value: unknown) => value is T): T[] | null {
  if (!Array.isArray(json) || !json.every(isItem)) return null;
  return new Set(json.map((item) => item.value)).size === json.length ? json : null;
}

/** What a picker's part is compared by: the values chosen, not the titles shown with them. */
export const chosenValues = (items: readonly { value: string }[]): string[] => items.map((item) => item.value);

/** A day as a draft keeps it: `YYYY-MM-DD` when it can be read, else the text as typed. */
export function keptDay(text: string): string {
  return parseDay(text) ?? text;
}

/** A kept day as the field shows it in `lang`. */
export function shownDay(kept: string, lang: string): string {
  const day = parseDay(kept);
  return day ? dayText(day, lang) : kept;
}

/** A time of day as a draft keeps it: `HH:MM` when it can be read, else the text as typed. */
export function keptTime(text: string): string {
  return parseTime(text) ?? text;
}

export function shownTime(kept: string, lang: string): string {
  const time = parseTime(kept);
  return time ? timeText(time, lang) : kept;
}

/** A day-and-time field's part: the day and time kept (see `keptDay`), and which of a repeated hour's instants was chosen. */
export interface DayTimePart {
  day: string;
  time: string;
  choice: number | null;
}

export function readDayTime(json: unknown): DayTimePart | null {
  if (!isRecord(json) || !isString(json.day) || !isString(json.time)) return null;
  const { choice } = json;
  if (choice !== null && choice !== 0 && choice !== 1) return null;
  return { day: json.day, time: json.time, choice };
}

export const readDay = (json: unknown): string | null => (isString(json) ? json : null);
