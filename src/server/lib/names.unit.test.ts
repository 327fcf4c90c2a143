import { describe, expect, it } from 'vitest';
import { slugify } from './names.ts';

describe('slugify', () => {
  it('keeps Latin titles as before: lower case, marks dropped, dashes between words', () => {
    expect(slugify('Helsingin seudun liikenne')).toBe('helsingin-seudun-liikenne');
    expect(slugify('Väestöennuste – pääkaupunkiseutu 2040')).toBe('vaestoennuste-paakaupunkiseutu-2040');
    expect(slugify('Õhukvaliteet Tallinnas: sõidukite müra')).toBe('ohukvaliteet-tallinnas-soidukite-mura');
    expect(slugify('Åbo–Turku bussresor')).toBe('abo-turku-bussresor');
  });

  it('transliterates Cyrillic, Chinese, Japanese and Greek instead of dropping them', () => {
    expect(slugify('Расписание парома Хельсинки–Таллин')).toBe('raspisanie-paroma-helsinki-tallin');
    expect(slugify('Ёлка')).toBe('elka');
    expect(slugify('赫尔辛基人口统计')).toBe('he-er-xin-ji-ren-kou-tong-ji');
    expect(slugify('Πληθυσμός Αθήνας')).toBe('plithysmos-athinas');
    expect(slugify('ヘルシンキ')).toBe('herusinki');
  });

  it('spells letters that do not decompose and full-width forms', () => {
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('Ｔａｌｌｉｎｎ')).toBe('tallinn');
  });

  it('gives nothing for a text without any letter or digit, so the caller picks a fallback', () => {
    expect(slugify('')).toBe('');
    expect(slugify('🚢🚢 ⛴️')).toBe('');
    expect(slugify('— · —')).toBe('');
  });

  it('caps the length without leaving a dash at the end', () => {
    const slug = slugify('Население по районам Таллина и Хельсинки за много лет подряд', 30);
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug.startsWith('naselenie-po-raionam')).toBe(true);
  });
});
