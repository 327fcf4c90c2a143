import { describe, expect, it } from 'vitest';
import { editRows } from '../../components/rows.ts';
import { readTermRows, termRows, termsBody } from './glossaryForm.ts';

describe('the glossary form’s rows', () => {
  it('give every language a row, and back the terms typed, trimmed and each once', () => {
    const rows = termRows({ fi: ['lautta'], en: ['ferry'] });
    expect(rows.map((r) => `${r.lang}:${r.text}`)).toEqual(['fi:lautta', 'et:', 'en:ferry', 'sv:', 'ru:']);
    const typed = editRows(editRows(rows, { type: 'update', key: 1, change: { text: ' praam ' } }), { type: 'add', row: { lang: 'et', text: 'parvlaev' } });
    const twice = editRows(typed, { type: 'add', row: { lang: 'et', text: 'praam' } });
    expect(termsBody(twice)).toEqual({ fi: ['lautta'], et: ['praam', 'parvlaev'], en: ['ferry'] });
  });

  it('read back from a draft only rows of this form', () => {
    const rows = termRows({ fi: ['lautta'] });
    expect(readTermRows(JSON.parse(JSON.stringify(rows)))).toEqual(rows);
    expect(readTermRows([{ lang: 'de', text: 'Fähre' }])).toBeNull();
    expect(readTermRows({})).toBeNull();
  });
});
