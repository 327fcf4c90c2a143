import fc from 'fast-check';
import { UI_LANGUAGES } from '../../shared/languages.ts';
import { describe, expect, it } from 'vitest';
import { dayText, timeText } from '../app/dates.ts';
import { chosenValues, keptDay, keptTime, readChosen, readDay, readDayTime, shownDay, shownTime } from './draftParts.ts';
import { bottleneckItem, bottleneckKind, datasetItem, datasetKind, dialogueItem, dialogueKind, institutionItem, institutionKind, recommendationItem, recommendationKind } from './pickerKinds.ts';

const LANGS = UI_LANGUAGES;
const realDay = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const timeOfDay = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

describe('a day or a time kept in a draft', () => {
  it('is kept as read, and comes back written as the language of the page writes it, whichever it was typed in', () => {
    fc.assert(
      fc.property(realDay, timeOfDay, fc.constantFrom(...LANGS), fc.constantFrom(...LANGS), (day, time, typedIn, shownIn) => {
        expect(keptDay(dayText(day, typedIn))).toBe(day);
        expect(shownDay(keptDay(dayText(day, typedIn)), shownIn)).toBe(dayText(day, shownIn));
        expect(keptTime(timeText(time, typedIn))).toBe(time);
        expect(shownTime(keptTime(timeText(time, typedIn)), shownIn)).toBe(timeText(time, shownIn));
      }),
    );
  });

  it('is kept as typed when it cannot be read, so nothing typed is lost', () => {
    for (const text of ['', '31.11.2026', 'next Tuesday']) expect(shownDay(keptDay(text), 'en')).toBe(text);
    for (const text of ['', '25.30', 'noon']) expect(shownTime(keptTime(text), 'fi')).toBe(text);
  });

  it('is read back only in the shape its field keeps', () => {
    expect(readDay('2026-12-02')).toBe('2026-12-02');
    expect(readDay(20261202)).toBeNull();
    expect(readDayTime({ day: '2026-10-25', time: '03:30', choice: 1 })).toEqual({ day: '2026-10-25', time: '03:30', choice: 1 });
    expect(readDayTime({ day: '', time: '', choice: null })).toEqual({ day: '', time: '', choice: null });
    for (const bad of [null, 'x', { day: '2026-10-25', time: '03:30' }, { day: '2026-10-25', time: 3, choice: null }, { day: '', time: '', choice: 2 }]) expect(readDayTime(bad), JSON.stringify(bad)).toBeNull();
  });
});

describe('a picker’s chosen items kept in a draft', () => {
  const title = { fi: 'Lautta', en: 'Ferry' };
  const kinds: { kind: { isItem(value: unknown): value is { value: string } }; item: { value: string } }[] = [
    { kind: bottleneckKind, item: bottleneckItem({ ref: 'BN-2026-0001', title, status: 'published' }) },
    { kind: dialogueKind, item: dialogueItem({ ref: 'DL-2026-0002', title, type: 'roundtable' }) },
    { kind: recommendationKind, item: recommendationItem({ ref: 'RC-2026-0003', title, state: 'proposed' }) },
    { kind: institutionKind, item: institutionItem({ id: 'a1b2', name: title, shortName: null, country: 'FI' }) },
    { kind: datasetKind, item: datasetItem({ id: 'c3d4', title, publisher: null }) },
  ];

  it('come back as they were chosen, in order, for every kind', () => {
    for (const { kind, item } of kinds) {
      const other = { ...item, value: `${item.value}-2` };
      const stored: unknown = JSON.parse(JSON.stringify([item, other]));
      expect(readChosen(stored, kind.isItem)).toEqual([item, other]);
      expect(chosenValues([item, other])).toEqual([item.value, other.value]);
    }
  });

  it('are refused whole when one is not of the kind (a changed layout), repeated, or not a list', () => {
    for (const { kind, item } of kinds) {
      for (const field of Object.keys(item)) {
        const broken = { ...item, [field]: 7 };
        expect(readChosen([item, broken], kind.isItem), `${field} broken`).toBeNull();
      }
      expect(readChosen([item, item], kind.isItem)).toBeNull();
      expect(readChosen({ 0: item }, kind.isItem)).toBeNull();
      expect(readChosen([], kind.isItem)).toEqual([]);
    }
  });
});
