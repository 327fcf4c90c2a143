import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { UI_LANGUAGES } from '../../shared/languages.ts';
import { describe, expect, it } from 'vitest';
import { dayFieldValue, dayText, formatDate, formatDateTime, formatDay, formatMonth, formatOffset, formatRange, formatTime, parseDay, parseTime, readZoned, timeText, zonedFieldValue } from './dates.ts';

// 2026-12-03 08:00 UTC is 10:00 in Helsinki and Tallinn (winter time, UTC+2).
const WINTER = '2026-12-03T08:00:00.000Z';
// 2026-07-01 21:30 UTC is already 2 July, 00:30, in Helsinki (summer time, UTC+3).
const SUMMER_NIGHT = '2026-07-01T21:30:00.000Z';

describe('dates shown in the interface language and Helsinki–Tallinn time', () => {
  it('writes a day as each language does', () => {
    expect(formatDate(WINTER, 'fi')).toBe('3.12.2026');
    expect(formatDate(WINTER, 'et')).toMatch(/^3\. dets\.? 2026$/);
    expect(formatDate(WINTER, 'en')).toBe('3 Dec 2026');
    expect(formatDate(WINTER, 'fi', { style: 'long' })).toBe('3. joulukuuta 2026');
  });

  it('takes the day in the zone, not in UTC or the computer’s zone', () => {
    expect(formatDate(SUMMER_NIGHT, 'fi')).toBe('2.7.2026');
    expect(formatDate(SUMMER_NIGHT, 'fi', { zone: 'Europe/Tallinn' })).toBe('2.7.2026');
    expect(formatDate(SUMMER_NIGHT, 'en', { zone: 'UTC' })).toBe('1 Jul 2026');
  });

  it('writes times with the language’s separator and a 24-hour clock', () => {
    expect(formatTime(WINTER, 'fi')).toBe('10.00');
    expect(formatTime(WINTER, 'et')).toBe('10:00');
    expect(formatTime(WINTER, 'en')).toBe('10:00');
    expect(formatTime(SUMMER_NIGHT, 'en')).toBe('00:30');
    expect(formatDateTime(WINTER, 'fi')).toBe('3.12.2026 klo 10.00');
    expect(formatDateTime(WINTER, 'en')).toBe('3 Dec 2026, 10:00');
  });

  it('keeps a calendar day the same day, and names months', () => {
    expect(formatDay('2024-01-01', 'fi')).toBe('1.1.2024');
    expect(formatDay('2025-12-31', 'en', 'long')).toBe('31 December 2025');
    expect(formatMonth('2026-03', 'en')).toBe('Mar 2026');
    expect(formatMonth('2026-03', 'fi')).toMatch(/^maalis(k\.)? 2026$/);
  });

  it('writes a span on one day once, and both days of a longer one', () => {
    expect(formatRange(WINTER, '2026-12-03T10:30:00.000Z', 'en')).toBe('Thu, 3 December 2026, 10:00–12:30');
    expect(formatRange(WINTER, '2026-12-03T10:30:00.000Z', 'fi')).toBe('to 3. joulukuuta 2026, 10.00–12.30');
    expect(formatRange(WINTER, '2026-12-04T10:30:00.000Z', 'en')).toBe('Thu, 3 December 2026, 10:00 – Fri, 4 December 2026, 12:30');
  });

  it('names the offset in force', () => {
    expect(formatOffset(WINTER, 'Europe/Helsinki')).toBe('UTC+2');
    expect(formatOffset(SUMMER_NIGHT, 'Europe/Tallinn')).toBe('UTC+3');
  });
});

describe('dates and times typed in a form', () => {
  it.each([
    ['2.12.2026', '2026-12-02'],
    ['02.12.2026', '2026-12-02'],
    ['2.12.2026.', '2026-12-02'],
    [' 2. 12. 2026 ', '2026-12-02'],
    ['02/12/2026', '2026-12-02'],
    ['2-12-2026', '2026-12-02'],
    ['2026-12-02', '2026-12-02'],
    ['2026-2-3', '2026-02-03'],
    ['29.2.2028', '2028-02-29'],
  ])('reads %j as %s', (text, day) => {
    expect(parseDay(text)).toBe(day);
  });

  it.each(['', '2.12.', '2.12.26', '31.11.2026', '29.2.2027', '2/12-2026', '12/32/2026', '2026-13-01', 'tomorrow', '0.1.2026'])('refuses %j', (text) => {
    expect(parseDay(text)).toBeNull();
  });

  it('reads times with a dot, a colon or none', () => {
    expect(['10', '10.30', '10:30', '9.05', '0930', '23:59', '0.00'].map(parseTime)).toEqual(['10:00', '10:30', '10:30', '09:05', '09:30', '23:59', '00:00']);
    expect(['24.00', '10.60', '10.3', '', 'noon'].map(parseTime)).toEqual([null, null, null, null, null]);
  });

  it('writes back what it reads, in each language', () => {
    for (const lang of UI_LANGUAGES) {
      expect(parseDay(dayText('2026-03-09', lang))).toBe('2026-03-09');
      expect(parseTime(timeText('09:05', lang))).toBe('09:05');
    }
    expect(dayText('2026-03-09', 'fi')).toBe('9.3.2026');
    expect(dayText('2026-03-09', 'en')).toBe('09/03/2026');
    expect(timeText('09:05', 'fi')).toBe('09.05');
  });
});

describe.each(['Europe/Helsinki', 'Europe/Tallinn'])('a day and time typed for %s', (zone) => {
  it('is one instant on an ordinary day', () => {
    expect(readZoned('3.12.2026', '10.00', zone)).toEqual({ kind: 'one', instant: WINTER });
    expect(readZoned('2026-07-02', '0:30', zone)).toEqual({ kind: 'one', instant: SUMMER_NIGHT });
  });

  it('is two instants in the hour the autumn repeats (25 October 2026, 03:00–04:00), earlier first', () => {
    expect(readZoned('25.10.2026', '3.30', zone)).toEqual({ kind: 'repeated', instants: ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'] });
    expect(readZoned('25.10.2026', '2.59', zone)).toEqual({ kind: 'one', instant: '2026-10-24T23:59:00.000Z' });
    expect(readZoned('25.10.2026', '4.00', zone)).toEqual({ kind: 'one', instant: '2026-10-25T02:00:00.000Z' });
  });

  it('is skipped in the hour the spring leaves out (29 March 2026, 03:00–04:00), and moves forward by it', () => {
    expect(readZoned('29.3.2026', '3.30', zone)).toEqual({ kind: 'skipped', instant: '2026-03-29T01:30:00.000Z' });
    expect(formatTime('2026-03-29T01:30:00.000Z', 'en', zone)).toBe('04:30');
    expect(readZoned('29.3.2026', '4.00', zone)).toEqual({ kind: 'one', instant: '2026-03-29T01:00:00.000Z' });
  });

  it('says which part cannot be read', () => {
    expect(readZoned('31.11.2026', '10', zone)).toEqual({ kind: 'invalid', day: null, time: '10:00' });
    expect(readZoned('1.12.2026', '25', zone)).toEqual({ kind: 'invalid', day: '2026-12-01', time: null });
  });
});

describe('what a date field sends', () => {
  it('sends the day read, nothing for nothing, and the text it cannot read as typed', () => {
    expect(dayFieldValue(' 2.12.2026 ')).toBe('2026-12-02');
    expect(dayFieldValue('  ')).toBe('');
    expect(dayFieldValue('31.11.2026')).toBe('31.11.2026');
  });

  it('sends the instant meant, and in the repeated hour only the one chosen', () => {
    expect(zonedFieldValue('3.12.2026', '10.00', 'Europe/Tallinn')).toBe(WINTER);
    expect(zonedFieldValue('29.3.2026', '3.30', 'Europe/Helsinki')).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedFieldValue('25.10.2026', '3.30', 'Europe/Helsinki')).toBe('');
    expect(zonedFieldValue('25.10.2026', '3.30', 'Europe/Helsinki', 0)).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedFieldValue('25.10.2026', '3.30', 'Europe/Helsinki', 1)).toBe('2026-10-25T01:30:00.000Z');
    expect(zonedFieldValue('', '', 'Europe/Helsinki')).toBe('');
    expect(zonedFieldValue('3.12.2026', '', 'Europe/Helsinki')).toBe('3.12.2026');
  });
});

/** Where a file formats or takes dates itself instead of through this module: `Intl.DateTimeFormat`, `toLocaleDateString`/`toLocaleTimeString`, an input of type date, time or datetime-local. */
export function ownDates(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${fileName}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1} ${what}`);
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ['DateTimeFormat', 'toLocaleDateString', 'toLocaleTimeString'].includes(node.name.text)) at(node, node.name.text);
    if (ts.isJsxAttribute(node) && node.name.getText(file) === 'type' && node.initializer && ts.isStringLiteral(node.initializer) && ['date', 'time', 'datetime-local'].includes(node.initializer.text)) at(node, `type="${node.initializer.text}"`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('dates go through this module', () => {
  it('finds a page that formats or takes dates itself', () => {
    const page = `const d = new Intl.DateTimeFormat('fi').format(x);
      const e = x.toLocaleDateString();
      export const P = () => <input type="datetime-local" />;
      export const Q = () => <input type="text" />;`;
    expect(ownDates('P.tsx', page)).toEqual(['P.tsx:1 DateTimeFormat', 'P.tsx:2 toLocaleDateString', 'P.tsx:3 type="datetime-local"']);
  });

  it('holds for the whole web', () => {
    const web = fileURLToPath(new URL('..', import.meta.url));
    const files = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(folder, entry.name)) : /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [join(folder, entry.name)] : []));
    const found = files(web)
      .filter((path) => !path.endsWith(join('app', 'dates.ts')) && !path.endsWith('api.schema.ts'))
      .flatMap((path) => ownDates(relative(web, path), readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });
});
