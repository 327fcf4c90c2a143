import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteSize, email, fileFormat, identifier, isoDateTime, isoDay, licence, mediaType, regions, text, webUrl } from './fields.ts';
import { isWebUrl } from './validate.ts';
import { frequencyFromText, themesFromNames } from './vocabulary.ts';

describe('text', () => {
  it('cleans and cuts without ever leaving what storage refuses', () => {
    const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 300 });
    fc.assert(
      fc.property(anyUtf16, fc.integer({ min: 1, max: 120 }), fc.boolean(), (value, max, multiline) => {
        const cleaned = text(value, max, multiline);
        if (cleaned === undefined) return;
        expect([...cleaned].length).toBeLessThanOrEqual(max);
        expect(cleaned).toBe(cleaned.trim());
        expect(cleaned).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069]/);
        expect(cleaned).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        if (!multiline) expect(cleaned).not.toMatch(/\n/);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['  Pyöräily \u0000 laskenta  ', 100, 'Pyöräily laskenta'],
    ['abcdef', 4, 'abc…'],
    ['\u202Efdp.exe', 100, 'fdp.exe'],
    [42, 100, '42'],
    ['   ', 100, undefined],
    [{ fi: 'x' }, 100, undefined],
  ])('%j (max %i) → %j', (value, max, expected) => {
    expect(text(value, max)).toBe(expected);
  });

  it('refuses an identifier that is too long rather than cutting it', () => {
    expect(identifier(` ${'a'.repeat(500)} `)).toBe('a'.repeat(500));
    expect(identifier('a'.repeat(501))).toBeUndefined();
  });
});

describe('webUrl', () => {
  it('answers only addresses the catalogue accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string({ unit: 'binary', maxLength: 80 }), fc.string().map((s) => `https://x.example/${s}`)), (value) => {
        const url = webUrl(value);
        if (url !== undefined) expect(isWebUrl(url)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['https://example.com/ok file|name[1].csv?q=a b#frag#more', 'https://example.com/ok%20file%7Cname%5B1%5D.csv?q=a%20b#frag%23more'],
    ['https://hakuna.fi/100%', 'https://hakuna.fi/100%25'],
    ['https://kartta.hel.fi', 'https://kartta.hel.fi/'],
    ['https://äänestys.fi/tulokset', 'https://xn--nestys-9taa.fi/tulokset'],
    ['javascript:alert(1)', undefined],
    ['data:text/html,x', undefined],
    ['ftp://example.com/x', undefined],
    ['/relative/path', undefined],
  ])('%s → %s', (value, expected) => {
    expect(webUrl(value)).toBe(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2024-05-02T10:11:12.123456', '2024-05-02T10:11:12.123Z'],
    ['2024-05-02T10:11:12+03:00', '2024-05-02T07:11:12.000Z'],
    ['2024-05-02', '2024-05-02T00:00:00.000Z'],
    ['2024-02-30T00:00:00Z', undefined],
    ['yesterday', undefined],
    ['0999-01-01', undefined],
  ])('isoDateTime(%s) → %s', (value, expected) => {
    expect(isoDateTime(value)).toBe(expected);
  });

  it.each([
    ['2024-05-02T22:00:00.000Z', false, '2024-05-02'],
    ['2020', false, '2020-01-01'],
    ['2020', true, '2020-12-31'],
    ['2024-02', true, '2024-02-29'],
    ['2024-13', false, undefined],
    [20201231, false, undefined],
  ])('isoDay(%s, end %s) → %s', (value, end, expected) => {
    expect(isoDay(value, end)).toBe(expected);
  });
});

describe('vocabularies', () => {
  it.each([
    [['liikenne', 'cc-by-4.0'], { license: 'CC_BY_4_0', licenseUrl: null }],
    [['http://creativecommons.org/licenses/by-sa/4.0/deed.fi'], { license: 'CC_BY_SA_4_0', licenseUrl: null }],
    [['Creative Commons Attribution 4.0 International'], { license: 'CC_BY_4_0', licenseUrl: null }],
    [['CC BY-NC-SA 4.0'], { license: 'OTHER', licenseUrl: 'CC BY-NC-SA 4.0' }],
    [['other-open', 'https://www.hel.fi/ehdot'], { license: 'OTHER', licenseUrl: 'https://www.hel.fi/ehdot' }],
    [['notspecified', ''], { license: null, licenseUrl: null }],
  ])('licence(%j) → %j', (candidates, expected) => {
    expect(licence(...candidates)).toEqual(expected);
  });

  it.each([
    [['Liikenne'], ['TRAN']],
    [['TRANSPORT'], ['TRAN']],
    [['Ympäristö ja luonto'], ['ENVI']],
    [['DEMOGRAAFIA. STATISTIKA'], ['SOCI']],
    [['Kulttuuri ja vapaa-aika'], ['EDUC']],
    [['http://publications.europa.eu/resource/authority/data-theme/HEAL'], ['HEAL']],
    [['Muut'], []],
  ])('themesFromNames(%j) → %j', (names, expected) => {
    expect(themesFromNames(names)).toEqual(expected);
  });

  it.each([
    ['Päivittäin', 'DAILY'],
    ['Neljännesvuosittain', 'QUARTERLY'],
    ['årligen', 'ANNUAL'],
    ['kord kuus', 'MONTHLY'],
    ['Reaaliaikainen', 'CONT'],
    ['http://publications.europa.eu/resource/authority/frequency/WEEKLY', 'WEEKLY'],
    ['whenever', null],
  ])('frequencyFromText(%s) → %s', (value, expected) => {
    expect(frequencyFromText([value])).toBe(expected);
  });

  it('finds regions by the names portals write', () => {
    expect(regions(['Helsinki', 'Espoon kaupunki', 'Tallinna linn', 'Kogu Eesti', 'Harju maakond', { name: 'Vantaa' }, 'Atlantis', 'Helsinki'])).toEqual(['fi-091', 'fi-049', 'ee-0784', 'EE', 'EE001', 'fi-092']);
  });

  it('reads formats, media types, sizes and e-mail addresses loosely', () => {
    expect([fileFormat('.csv'), fileFormat('text/csv'), fileFormat('Excel 2007'), fileFormat('application/x-protobuf'), fileFormat('C S V !!')]).toEqual(['CSV', 'CSV', 'EXCEL_2007', 'X-PROTOBUF', undefined]);
    expect([mediaType('TEXT/CSV; charset=utf-8'), mediaType('http://www.iana.org/assignments/media-types/application/geo+json'), mediaType('csv')]).toEqual(['text/csv', 'application/geo+json', undefined]);
    expect([byteSize('1024'), byteSize(10.4), byteSize(-1), byteSize('huge'), byteSize(1e20)]).toEqual([1024, 10, undefined, undefined, undefined]);
    expect([email(['nope', 'mailto:hri@hel.fi?subject=x']), email('a@b.fi; c@d.fi'), email('mailto:')]).toEqual(['hri@hel.fi', 'a@b.fi', undefined]);
  });
});
