import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../shared/languages.ts';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

function load(lang: string) {
  const dir = path.join(ROOT, lang);
  return Object.fromEntries(fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))]));
}

/** Plural forms differ per language; compare keys with the plural suffix taken off. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

/**
 * Every language with a folder here: the interface's (UI_LANGUAGES) and those being translated
 * before they are switched on (issue 21), held to the same bar from their first commit.
 */
const LANGUAGES = fs
  .readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** A value as its keys' texts: plain texts, and arrays of paragraphs. */
const flat = (value: unknown, prefix = ''): [string, unknown][] =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value).flatMap(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k)) : [[prefix, value]];

const placeholders = (text: unknown) => [...JSON.stringify(text).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort().join(',');

describe('UI texts', () => {
  const byLang = Object.fromEntries(LANGUAGES.map((lang) => [lang, load(lang)]));
  const files = new Set(LANGUAGES.flatMap((lang) => Object.keys(byLang[lang])));

  it('are kept for every interface language', () => {
    for (const lang of UI_LANGUAGES) expect(LANGUAGES).toContain(lang);
  });

  it.each([...files])(`%s has every key in ${LANGUAGES.join(', ')}, none of them empty`, (file) => {
    const sets = LANGUAGES.map((lang) => {
      const content = byLang[lang][file];
      expect(content, `${lang}/${file} is missing`).toBeDefined();
      return new Set(keys(content).map(base));
    });
    const all = new Set(sets.flatMap((set) => [...set]));
    LANGUAGES.forEach((lang, index) => {
      const missing = [...all].filter((key) => !sets[index].has(key));
      expect(missing, `missing in ${lang}/${file}`).toEqual([]);
    });
    for (const lang of LANGUAGES) {
      for (const [key, text] of flat(byLang[lang][file])) {
        const paragraphs = Array.isArray(text) ? text : [text];
        expect(paragraphs.length > 0 && paragraphs.every((part) => typeof part === 'string' && part.trim() !== ''), `${lang}/${file} ${key} is empty`).toBe(true);
      }
    }
  });

  it.each(LANGUAGES)('%s has each plural form its language needs wherever English counts', (lang) => {
    // Russian needs one, few, many and other (one is also 21, 31 …); a bare key serves as other.
    const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const file of files) {
      const english = flat(byLang.en[file]).map(([key]) => key);
      const own = new Set(flat(byLang[lang][file]).map(([key]) => key));
      for (const counted of english.filter((key) => key.endsWith('_one')).map(base)) {
        const absent = forms.filter((form) => !own.has(`${counted}_${form}`) && !(form === 'other' && own.has(counted)));
        expect(absent, `${lang}/${file} ${counted}`).toEqual([]);
      }
    }
  });

  // Badges an item shows side by side (an action's state and its overdue flag): where English tells
  // them apart, each language must, as Swedish and Estonian once said "delayed" for both.
  it('tells apart, in every language, the state names an item shows beside each other', () => {
    const sets: [file: string, keys: string[]][] = [
      ['actions.json', ['state', 'overdue']],
      ['bottlenecks.json', ['status', 'overdue']],
      ['recommendations.json', ['state']],
      ['dialogues.json', ['state']],
      ['pilots.json', ['status']],
    ];
    for (const lang of LANGUAGES) {
      for (const [file, keys] of sets) {
        const words = keys.flatMap((key) => flat(byLang[lang][file][key], key)).map(([, text]) => text);
        expect(new Set(words).size, `${lang}/${file}: ${words.join(', ')}`).toBe(words.length);
      }
    }
  });

  it('uses the same {{placeholders}} in every language', () => {
    for (const file of files) {
      const en = new Map(flat(byLang.en[file]));
      for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
        for (const [key, text] of flat(byLang[lang][file])) {
          // A plural form may name {{count}} where English's one-form says "one" in words (Russian's one is 21 too).
          const allowed = [en.get(key), en.get(`${base(key)}_other`), key !== base(key) ? en.get(base(key)) : undefined].filter((x) => x !== undefined).map(placeholders);
          if (allowed.length) expect(allowed, `${lang}/${file} ${key}`).toContain(placeholders(text));
        }
      }
    }
  });

  it('names every key the code uses with t("namespace:key")', () => {
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return sources(full);
        return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
      });
    const english = Object.fromEntries(Object.entries(byLang.en).map(([file, content]) => [file.replace(/\.json$/, ''), new Set(keys(content).map(base))]));
    const used = sources(path.join(ROOT, '..')).flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/\bt\('(\w+):([\w.]+)'/g)].map((m) => [m[1], m[2], file]));
    expect(used.length).toBeGreaterThan(50);
    const unknown = used.filter(([ns, key]) => !english[ns]?.has(key)).map(([ns, key, file]) => `${ns}:${key} in ${path.basename(file)}`);
    expect(unknown).toEqual([]);
  });
});
