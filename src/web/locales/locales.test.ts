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

describe('UI texts', () => {
  const byLang = Object.fromEntries(UI_LANGUAGES.map((lang) => [lang, load(lang)]));
  const files = new Set(UI_LANGUAGES.flatMap((lang) => Object.keys(byLang[lang])));

  it.each([...files])('%s has every key in fi, et and en, none of them empty', (file) => {
    const sets = UI_LANGUAGES.map((lang) => {
      const content = byLang[lang][file];
      expect(content, `${lang}/${file} is missing`).toBeDefined();
      return new Set(keys(content).map(base));
    });
    const all = new Set(sets.flatMap((set) => [...set]));
    UI_LANGUAGES.forEach((lang, index) => {
      const missing = [...all].filter((key) => !sets[index].has(key));
      expect(missing, `missing in ${lang}/${file}`).toEqual([]);
    });
    for (const lang of UI_LANGUAGES) {
      const texts = JSON.stringify(byLang[lang][file]);
      expect(texts, `${lang}/${file} has an empty text`).not.toMatch(/:""/);
    }
  });

  it('uses the same {{placeholders}} in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort().join(',');
    const flat = (value: unknown, prefix = ''): [string, string][] =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k))
        : [[prefix, JSON.stringify(value)]];
    for (const file of files) {
      const en = new Map(flat(byLang.en[file]));
      for (const lang of ['fi', 'et'] as const) {
        for (const [key, text] of flat(byLang[lang][file])) {
          const english = en.get(key) ?? en.get(`${base(key)}_other`);
          if (english !== undefined) expect(placeholders(text), `${lang}/${file} ${key}`).toBe(placeholders(english));
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
