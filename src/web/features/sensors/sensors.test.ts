import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tickText } from './SensorChart.tsx';
import { coordinatesText, formatResult, nextAnnouncementAt, rangeQuery, readObservationEvent, withLive } from './sensors.ts';

describe('the range choices', () => {
  it('end at the latest observation, or now when there is none', () => {
    expect(rangeQuery('day', '2026-12-05T10:00:00Z')).toEqual({ from: '2026-12-04T10:00:00.000Z', to: '2026-12-05T10:00:00.000Z' });
    expect(rangeQuery('week', null, Date.parse('2026-12-05T00:00:00Z'))).toEqual({ from: '2026-11-28T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z' });
    expect(rangeQuery('year', '2026-12-01T00:00:00Z').from).toBe('2025-12-01T00:00:00.000Z');
  });
});

describe('results in words', () => {
  it('writes numbers in the interface language with the unit, texts as they are, other JSON as JSON', () => {
    expect(formatResult(1234.5678, 'fi', '°C')).toBe('1\u00a0234,568 °C');
    expect(formatResult(1234.5, 'en', 'PSU')).toBe('1,234.5 PSU');
    expect(formatResult(3.25, 'et')).toBe('3,25');
    expect(formatResult('brackish', 'en', '°C')).toBe('brackish');
    expect(formatResult({ a: 1 }, 'en')).toBe('{"a":1}');
    expect(formatResult(null, 'en')).toBe('–');
  });

  it('writes a place as latitude and longitude in the words of the reader\'s language', () => {
    const words = (lang: string) => JSON.parse(fs.readFileSync(new URL(`../../locales/${lang}/mapInput.json`, import.meta.url), 'utf8')).comments.coordinates as string;
    const t = (lang: string) => (key: string, values: Record<string, string>) => (key === 'mapInput:comments.coordinates' ? words(lang).replace('{{lat}}', values.lat).replace('{{lon}}', values.lon) : key);
    expect(coordinatesText([24.9414, 60.1718], 'en', t('en'))).toBe('60.172 N 24.941 E');
    expect(coordinatesText([24.9414, 60.1718], 'ru', t('ru'))).toBe('60,172 с. ш., 24,941 в. д.');
    expect(coordinatesText([-3.5, -10.25], 'fi', t('fi'))).toBe('10,250 S 3,500 W');
  });

  it('writes ticks as fine as the span shown needs', () => {
    const date = new Date('2026-12-05T10:00:00Z');
    expect(tickText(date, 86_400_000, 'en')).toBe('12:00');
    expect(tickText(date, 7 * 86_400_000, 'en')).toBe('5 Dec 2026');
    expect(tickText(date, 365 * 86_400_000, 'en')).toBe('Dec 2026');
  });
});

describe('live observations', () => {
  it('reads an Observation event, an interval by its start, and refuses what is not one', () => {
    expect(readObservationEvent('{"@iot.id":7,"phenomenonTime":"2026-12-05T10:00:00Z","result":4.5}')).toEqual({ id: 7, time: '2026-12-05T10:00:00.000Z', result: 4.5 });
    expect(readObservationEvent('{"phenomenonTime":"2026-12-05T10:00:00Z/2026-12-05T11:00:00Z","result":"x"}')).toEqual({ id: null, time: '2026-12-05T10:00:00.000Z', result: 'x' });
    expect(readObservationEvent('not json')).toBeNull();
    expect(readObservationEvent('{"result":1}')).toBeNull();
    expect(readObservationEvent('{"phenomenonTime":"yesterday"}')).toBeNull();
  });

  it('are said at most every five seconds', () => {
    expect(nextAnnouncementAt(null, 1000)).toBe(1000);
    expect(nextAnnouncementAt(1000, 3000)).toBe(6000);
    expect(nextAnnouncementAt(1000, 6000)).toBe(6000);
  });

  it('extend a raw chart with the numbers after its end, in order and once each; aggregates stay', () => {
    const points = [{ time: '2026-12-05T10:00:00.000Z', value: 1, min: 1, max: 1, count: 1 }];
    const live = [
      { id: 3, time: '2026-12-05T10:20:00.000Z', result: 3 },
      { id: 2, time: '2026-12-05T10:10:00.000Z', result: 2 },
      { id: 2, time: '2026-12-05T10:10:00.000Z', result: 2 },
      { id: 1, time: '2026-12-05T09:00:00.000Z', result: 0 },
      { id: 4, time: '2026-12-05T10:30:00.000Z', result: 'text' },
    ];
    expect(withLive(points, live, 'raw').map((p) => [p.time, p.value])).toEqual([
      ['2026-12-05T10:00:00.000Z', 1],
      ['2026-12-05T10:10:00.000Z', 2],
      ['2026-12-05T10:20:00.000Z', 3],
    ]);
    expect(withLive(points, live, 'hour')).toEqual(points);
  });
});
