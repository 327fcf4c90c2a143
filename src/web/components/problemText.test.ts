import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../shared/languages.ts';
import { HARVEST_KINDS } from '../../shared/catalog.ts';
import { FIELD_CODES, GEOMETRY_INVALID_REASONS, HARVEST_ERROR_CODES, HARVEST_REASON_CODES, PROBLEM_CODES, STAT_ERROR_CODES } from '../../shared/problems.ts';
import { ApiError } from '../app/api.ts';
import { fieldTargets, fieldText, harvestText, problemText, STATE_VALUES, statisticsText } from './problemText.ts';

const LOCALES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'locales');

interface ProblemTexts {
  unexpected: string;
  geometryReason: Record<string, string>;
  unnamedField: string;
  problem: Record<string, string>;
  field: Record<string, string>;
  states: Record<string, string>;
  kindAs: Record<string, string>;
  harvest: Record<string, string>;
  harvestReason: Record<string, string>;
  statistics: Record<string, string>;
}
const texts = (lang: string): ProblemTexts => JSON.parse(fs.readFileSync(path.join(LOCALES, lang, 'problems.json'), 'utf8'));
/** The code a plural form belongs to: `too-few_one` → `too-few`. */
const pluralBase = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const params = (registry: Record<string, readonly string[]>, code: string) => registry[code] ?? [];
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]))].sort();

async function translator(lang: string) {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: lang, fallbackLng: false, resources: { [lang]: { problems: texts(lang) } }, interpolation: { escapeValue: false } });
  return i18n.t.bind(i18n) as unknown as Parameters<typeof problemText>[1];
}

describe('the problem texts', () => {
  const registries = { problem: PROBLEM_CODES, field: FIELD_CODES, harvest: HARVEST_ERROR_CODES, harvestReason: HARVEST_REASON_CODES, statistics: STAT_ERROR_CODES } as const;

  it.each(UI_LANGUAGES)('word in %s every registered code, with exactly its parameters', (lang) => {
    const locale = texts(lang);
    for (const [section, registry] of Object.entries(registries) as [keyof typeof registries, Record<string, readonly string[]>][]) {
      for (const [code, params] of Object.entries(registry)) {
        const text = locale[section][code];
        expect(typeof text === 'string' && text.trim().length > 0, `${lang} ${section}.${code} has no text`).toBe(true);
        expect(placeholders(text), `${lang} ${section}.${code}: its placeholders are not its parameters`).toEqual([...params].sort());
      }
      // A plural form (`too-few_one`) is the same code counted by its limit: the same parameters.
      for (const [key, text] of Object.entries(locale[section])) {
        if (key === pluralBase(key)) continue;
        expect(params(registry, pluralBase(key)), `${lang} ${section}.${key}: only a code with a limit has plural forms`).toContain('limit');
        expect(placeholders(text), `${lang} ${section}.${key}`).toEqual([...params(registry, pluralBase(key))].sort());
      }
    }
  });

  it.each(UI_LANGUAGES)('in %s have no text for a code the registry does not have', (lang) => {
    const locale = texts(lang);
    expect(Object.keys(locale).sort()).toEqual(['field', 'geometryReason', 'harvest', 'harvestReason', 'kindAs', 'problem', 'states', 'statistics', 'unexpected', 'unnamedField']);
    for (const section of Object.keys(registries) as (keyof typeof registries)[]) {
      const unregistered = Object.keys(locale[section]).filter((code) => !Object.hasOwn(registries[section], pluralBase(code)));
      expect(unregistered, `${lang} ${section}`).toEqual([]);
    }
    expect(Object.keys(locale.states).sort()).toEqual([...STATE_VALUES].sort());
    expect(Object.keys(locale.kindAs).sort()).toEqual([...HARVEST_KINDS].sort());
    expect(Object.keys(locale.geometryReason).sort()).toEqual([...GEOMETRY_INVALID_REASONS].sort());
    for (const text of Object.values(locale.geometryReason)) expect(placeholders(text)).toEqual([]);
    expect(placeholders(locale.unnamedField)).toEqual(['error']);
  });
});

describe('wording a field error with a limit', () => {
  it('counts the limit: one entry, several entries', async () => {
    const en = await translator('en');
    expect(fieldText({ path: 'addressees', code: 'too-few', params: { limit: 1 }, message: '' }, en)).toBe('needs at least 1 entry');
    expect(fieldText({ path: 'addressees', code: 'too-few', params: { limit: 3 }, message: '' }, en)).toBe('needs at least 3 entries');
    const fi = await translator('fi');
    expect(fieldText({ path: 'title', code: 'too-short', params: { limit: 1 }, message: '' }, fi)).toBe('vaatii vähintään 1 merkin');
    expect(fieldText({ path: 'title', code: 'too-short', params: { limit: 5 }, message: '' }, fi)).toBe('vaatii vähintään 5 merkkiä');
  });
});

describe('wording a problem', () => {
  it.each(UI_LANGUAGES)('in %s from its code and parameters, the states by their names', async (lang) => {
    const t = await translator(lang);
    const locale = texts(lang);
    const transition = new ApiError({ type: '/problems/invalid-transition', title: 'Conflict', status: 409, detail: 'A dialogue that is held cannot become cancelled.', code: 'invalid-transition', params: { from: 'held', to: 'cancelled' } });
    expect(problemText(transition, t)).toBe(locale.problem['invalid-transition'].replace('{{from}}', locale.states.held).replace('{{to}}', locale.states.cancelled));
    const wait = new ApiError({ type: '/problems/too-many-requests', title: 'Too many requests', status: 429, code: 'too-many-requests', params: { minutes: 7 } });
    expect(problemText(wait, t)).toBe(locale.problem['too-many-requests'].replace('{{minutes}}', '7'));
  });

  it('never shows the English of a problem it has a code for, in Finnish', async () => {
    const t = await translator('fi');
    const wrong = new ApiError({ type: '/problems/wrong-password', title: 'Wrong password', status: 403, detail: 'The password you gave is not your current password.', code: 'wrong-password', params: {} });
    expect(problemText(wrong, t)).toBe('Tämä ei ole nykyinen salasanasi.');
    // An answer without `code` (a proxy's, an older server's) is read by its type.
    expect(problemText(new ApiError({ type: '/problems/last-admin', title: 'Conflict', status: 409, detail: 'This is the only active administrator.' }), t)).toBe(texts('fi').problem['last-admin']);
    expect(problemText(new ApiError({ type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'http-error', params: { status: 502 } }), t)).toContain('HTTP 502');
  });

  it('falls back to the server\'s words for a code it does not know, and says "something went wrong" for anything else', async () => {
    const t = await translator('et');
    expect(problemText(new ApiError({ type: '/problems/from-a-newer-server', title: 'New', status: 409, detail: 'Something new.', code: 'from-a-newer-server', params: {} }), t)).toBe('Something new.');
    expect(problemText(new Error('boom'), t)).toBe(texts('et').unexpected);
    expect(fieldText({ path: 'body/x', code: 'from-a-newer-server', message: 'is new' }, t)).toBe('is new');
  });
});

describe('wording an unrecognised source', () => {
  it.each(UI_LANGUAGES)('in %s names the kind of source in words, never by its value', async (lang) => {
    const t = await translator(lang);
    const locale = texts(lang);
    for (const kind of HARVEST_KINDS) {
      const detail = `The address answered, but not as a ${kind} source: HTTP 404`;
      const problem = new ApiError({ type: '/problems/source-not-recognised', title: 'Not this kind of source', status: 422, detail, code: 'source-not-recognised', params: { kind } });
      const headline = problemText(problem, t);
      expect(headline).toBe(locale.problem['source-not-recognised'].replace('{{kind}}', locale.kindAs[kind]));
      const field = fieldText({ path: 'body/url', code: 'source-not-recognised', params: { kind }, message: detail }, t);
      expect(field).toBe(locale.field['source-not-recognised'].replace('{{kind}}', locale.kindAs[kind]));
      for (const text of [headline, field]) {
        expect(text).not.toMatch(/\{\{|ckan|estonia|dcat\b/);
      }
    }
  });
});

describe('wording a harvest error', () => {
  const reason = { code: 'http-status-said', params: { status: 503, detail: 'Service Unavailable' } };
  const english = 'page start=1000 could not be read: GET https://hri.fi/data/api/3/action/package_search?start=1000: HTTP 503 (Service Unavailable) after 4 attempts';

  it.each(UI_LANGUAGES)('in %s from its code and parameters, its reason from its own code', async (lang) => {
    const t = await translator(lang);
    const locale = texts(lang);
    const text = harvestText({ code: 'page-unreadable', params: { page: 2, reason }, message: english }, t);
    const worded = locale.harvestReason['http-status-said'].replace('{{status}}', '503').replace('{{detail}}', 'Service Unavailable');
    expect(text).toBe(locale.harvest['page-unreadable'].replace('{{page}}', '2').replace('{{reason}}', worded));
    expect(harvestText({ code: 'record-without-title', params: {}, message: 'record has no title' }, t)).toBe(locale.harvest['record-without-title']);
    expect(harvestText({ code: 'given-up', params: { starts: 3 }, message: 'Given up after 3 starts that did not finish.' }, t)).toBe(locale.harvest['given-up'].replace('{{starts}}', '3'));
  });

  it('never shows the English of an error it has a code for, in Finnish', async () => {
    const t = await translator('fi');
    expect(harvestText({ code: 'record-without-title', params: {}, message: 'record has no title' }, t)).toBe('Tietueella ei ole otsikkoa.');
    const text = harvestText({ code: 'source-unreadable', params: { address: 'https://hri.fi/data/api/3/action/package_search', reason: { code: 'timeout', params: { ms: 20000 } } }, message: 'The source could not be read: …' }, t);
    expect(text).toContain('https://hri.fi/data/api/3/action/package_search');
    expect(text).toContain('20000');
    expect(text).not.toMatch(/could not|within|\{\{/);
  });

  it('falls back to the server\'s English for an error from before codes, a code or reason it does not know, or parameters that are not the code\'s', async () => {
    const t = await translator('fi');
    expect(harvestText({ code: null, params: {}, message: 'record has no title' }, t)).toBe('record has no title');
    expect(harvestText({ code: 'from-a-newer-server', params: {}, message: 'Something new.' }, t)).toBe('Something new.');
    expect(harvestText({ code: 'page-unreadable', params: { page: 2, reason: { code: 'from-a-newer-server', params: {} } }, message: english }, t)).toBe(english);
    expect(harvestText({ code: 'page-unreadable', params: { page: 2, reason: 'HTTP 503' }, message: english }, t)).toBe(english);
    expect(harvestText({ code: 'page-unreadable', params: { reason }, message: english }, t)).toBe(english);
    expect(harvestText({ code: 'page-unreadable', params: { page: 2, reason: { code: 'http-status', params: {} } }, message: english }, t)).toBe(english);
  });
});

describe('wording a statistics import error', () => {
  it.each(UI_LANGUAGES)('in %s from its code and parameters, a source\'s reason from its own code', async (lang) => {
    const t = await translator(lang);
    const locale = texts(lang);
    expect(statisticsText({ code: 'px-data-count', params: { expected: 24, found: 23 }, message: 'DATA should hold 24 values…' }, t)).toBe(
      locale.statistics['px-data-count'].replace('{{expected}}', '24').replace('{{found}}', '23'),
    );
    const reason = { code: 'timeout', params: { ms: 20000 } };
    const text = statisticsText({ code: 'source-unreadable', params: { address: 'https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin', reason }, message: 'The source … could not be read: …' }, t);
    expect(text).toBe(locale.statistics['source-unreadable'].replace('{{address}}', 'https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin').replace('{{reason}}', locale.harvestReason.timeout.replace('{{ms}}', '20000')));
  });

  it('falls back to the server\'s English for a harvest code, an unknown code, or parameters that are not the code\'s', async () => {
    const t = await translator('fi');
    expect(statisticsText({ code: 'record-without-title', params: {}, message: 'record has no title' }, t)).toBe('record has no title');
    expect(statisticsText({ code: 'px-data-count', params: { expected: 24 }, message: 'DATA should hold 24 values.' }, t)).toBe('DATA should hold 24 values.');
    expect(statisticsText({ code: 'run-cancelled', params: {}, message: 'The import was cancelled.' }, t)).toBe(texts('fi').statistics['run-cancelled']);
  });
});

describe('wording a field error', () => {
  it.each(UI_LANGUAGES)('in %s with its limit', async (lang) => {
    const t = await translator(lang);
    const locale = texts(lang);
    // The form for five in the language's plural rules (Russian's "many"), the bare key where the language has none of its own.
    const five = locale.field[`too-short_${new Intl.PluralRules(lang).select(5)}`] ?? locale.field['too-short'];
    expect(fieldText({ path: 'body/title', code: 'too-short', params: { limit: 5 }, message: 'must NOT have fewer than 5 characters' }, t)).toBe(five.replace('{{limit}}', '5'));
    expect(fieldText({ path: 'body/note', code: 'required', params: {}, message: 'is required for this change' }, t)).toBe(locale.field.required);
    expect(fieldText({ path: 'body/endsAt', code: 'dialogue-too-short', params: { minutes: 15 }, message: 'must be at least 15 minutes after startsAt' }, t)).toContain('15');
  });

  it.each(UI_LANGUAGES)('in %s with why a place is not a valid geometry, in words', async (lang) => {
    const t = await translator(lang);
    const locale = texts(lang);
    for (const reason of GEOMETRY_INVALID_REASONS) {
      const text = fieldText({ path: 'body/geometry', code: 'geometry-invalid', params: { reason }, message: 'has edges that cross each other' }, t);
      expect(text).toBe(locale.field['geometry-invalid'].replace('{{reason}}', locale.geometryReason[reason]));
      expect(text).not.toMatch(new RegExp(`: ${reason}$`));
    }
  });
});

describe('where a field error links', () => {
  it('to the field, else to the nearest group that holds it', () => {
    expect(fieldTargets('note')).toEqual(['field-note']);
    expect(fieldTargets('addressees.0')).toEqual(['field-addressees.0', 'field-addressees']);
    expect(fieldTargets('participants.1.institutionId', { participants: 'dialogue-participants' })).toEqual([
      'field-participants.1.institutionId',
      'field-participants.1',
      'dialogue-participants',
      'field-participants',
    ]);
    expect(fieldTargets('note', { note: 'staff-note' })).toEqual(['staff-note', 'field-note']);
  });
});
