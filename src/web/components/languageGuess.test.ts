import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessLanguage } from './languageGuess.ts';

describe('guessLanguage', () => {
  it.each([
    ['fi', 'Kela on nimennyt yhteyshenkilön kansainvälisten asioiden yksiköstä. Yhteystiedot on julkaistu Kelan sivuilla.'],
    ['fi', 'Kiitos ilmoituksesta. Selvitämme asiaa yhdessä Viron viranomaisten kanssa ja kerromme tuloksista tässä.'],
    ['fi', 'Ohjesivu on julkaistu, ja siihen linkitetään myös Maksu- ja Tolliameti sivuilta.'],
    ['et', 'Sotsiaalkindlustusamet on määranud kontaktisiku välisriigi peretoetuste osakonnas.'],
    ['et', 'Sotsiaalkindlustusamet maksab haigushüvitist ka siis, kui tööandja on Eestis.'],
    ['et', 'Juhend on avaldatud ja viitab Soome Maksuameti lehele.'],
    ['et', 'Liin 2 sõidab hiliste laevade saabumisel D-terminalist kesklinna alates 2026. aasta kevadest.'],
    ['et', 'Vaatame selle koos Kelaga üle ja anname teada.'],
    ['et', 'Sotsiaalkindlustusamet tegi otsuse: toetus makstakse välja jaanuaris.'],
    ['fi', 'Kela teki päätöksen: etuus maksetaan tammikuussa.'],
    ['en', 'Kela has reviewed its forms; two will be removed from cross-border family cases in the autumn.'],
    ['en', 'The guidance is being drafted together with RIA and will be sent to all state agencies.'],
    ['en', 'Published and updated.'],
  ] as const)('reads %s in "%s"', (language, text) => {
    expect(guessLanguage(text)).toBe(language);
  });

  it('tells Estonian from Finnish by õ and ü even without function words', () => {
    expect(guessLanguage('Sõidukite ülevaatus')).toBe('et');
    expect(guessLanguage('Ajoneuvojen katsastus Tallinnassa')).toBe('fi');
  });

  it('does not guess from too little or from even evidence', () => {
    expect(guessLanguage('')).toBeNull();
    expect(guessLanguage('Kela')).toBeNull();
    expect(guessLanguage('12345 !!! ...')).toBeNull();
    // "on" and "ja" are words of both Finnish and Estonian.
    expect(guessLanguage('Tallinn ja Helsinki on')).toBeNull();
    // One word of each: even.
    expect(guessLanguage('Helsinki että Tallinn ning')).toBeNull();
  });

  it('answers one of the three or nothing, for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => [null, 'fi', 'et', 'en'].includes(guessLanguage(text))));
  });
});
