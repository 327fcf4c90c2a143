import { describe, expect, it } from 'vitest';
import type { DatasetDetail, Distribution } from '../../../shared/schemas/catalog.ts';
import { datasetBody, distributionFromRow, distributionsOf, emptyRow, readDistributionRows, rowFromDistribution, splitKeywords } from './datasetForm.ts';
import { formatName } from './format.ts';
import { formatBytes, formatCount } from '../../components/numbers.ts';
import { apiUrl } from '../../app/api.ts';
import { activeFilterCount, apiQuery, clearFilters, readSearch, toggleFilter, withPage, withWords } from './search.ts';

describe('the catalogue search in the address', () => {
  it('reads words, order, page and repeated filters, and ignores what it does not know', () => {
    const search = readSearch(new URLSearchParams('q=bus&sort=title&page=3&theme=TRAN&theme=ENVI&theme=TRAN&region=fi-091&sort=nonsense&colour=red'));
    expect(search.q).toBe('bus');
    expect(search.sort).toBe('title');
    expect(search.page).toBe(3);
    expect(search.filters.theme).toEqual(['TRAN', 'ENVI']);
    expect(search.filters.region).toEqual(['fi-091']);
    expect(search.filters.publisher).toEqual([]);
    expect(activeFilterCount(search)).toBe(3);
    expect(readSearch(new URLSearchParams('sort=nonsense&page=-2')).sort).toBe('');
    expect(readSearch(new URLSearchParams('page=abc')).page).toBe(1);
    const typed = readSearch(new URLSearchParams('theme=XYZ&region=nowhere&publisher=42&source=local&format=csv;drop&license=CC0'));
    expect(activeFilterCount(typed)).toBe(2);
    expect(typed.filters.source).toEqual(['local']);
    expect(typed.filters.license).toEqual(['CC0']);
  });

  it('asks the API for the page the address names, filters repeated', () => {
    const query = new URL(apiUrl('/api/datasets', { query: apiQuery(readSearch(new URLSearchParams('q= bus &theme=TRAN&theme=ENVI&page=2&state=withdrawn'))) }), 'http://x').searchParams;
    expect(query.get('q')).toBe('bus');
    expect(query.getAll('theme')).toEqual(['TRAN', 'ENVI']);
    expect(query.get('state')).toBe('withdrawn');
    expect(query.get('limit')).toBe('20');
    expect(query.get('offset')).toBe('20');
    expect(query.has('sort')).toBe(false);
    expect(query.has('format')).toBe(false);
  });

  it('goes back to page one when words or filters change, and keeps the rest', () => {
    const start = new URLSearchParams('q=bus&theme=TRAN&page=4');
    const added = toggleFilter(start, 'theme', 'ENVI');
    expect(added.getAll('theme')).toEqual(['TRAN', 'ENVI']);
    expect(added.has('page')).toBe(false);
    expect(toggleFilter(added, 'theme', 'TRAN').getAll('theme')).toEqual(['ENVI']);
    const cleared = clearFilters(new URLSearchParams('q=bus&theme=TRAN&format=CSV&page=2'));
    expect(cleared.toString()).toBe('q=bus');
    const worded = withWords(new URLSearchParams('q=bus&theme=TRAN&page=2'), { q: ' tram ', sort: 'modified' });
    expect(Object.fromEntries(worded)).toEqual({ q: 'tram', theme: 'TRAN', sort: 'modified' });
    expect(withWords(worded, { q: '', sort: '' }).toString()).toBe('theme=TRAN');
    expect(withPage(worded, 2).get('page')).toBe('2');
    expect(withPage(withPage(worded, 2), 1).has('page')).toBe(false);
  });
});

describe('catalogue formatting', () => {
  it('writes sizes in the largest unit that keeps the number at one or more, in the reader\'s language', () => {
    expect(formatBytes(820, 'en')).toBe('820 bytes');
    expect(formatBytes(1_500_000, 'en')).toBe('1.5 MB');
    expect(formatBytes(1_500_000, 'fi')).toMatch(/^1,5\sMt$/);
    expect(formatBytes(42_000_000_000, 'et')).toMatch(/^42\sGB$/);
    expect(formatCount(4500, 'en')).toBe('4,500');
    expect(formatCount(4500, 'fi')).toMatch(/^4\s500$/);
  });

  it('names EU file types as people know them', () => {
    expect(formatName('RDF_TURTLE')).toBe('Turtle');
    expect(formatName('WMS_SRVC')).toBe('WMS');
    expect(formatName('CSV')).toBe('CSV');
    expect(formatName('SOME_THING')).toBe('SOME THING');
  });
});

describe('the dataset form', () => {
  const form = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [key, value] of entries) data.append(key, value);
    return data;
  };

  it('splits keywords on commas, without blanks or repeats', () => {
    expect(splitKeywords(' bus, tram , ,bus,ferry ')).toEqual(['bus', 'tram', 'ferry']);
  });

  it('builds a new dataset from the fields filled, with nulls for the empty ones', () => {
    const row = { ...emptyRow(), accessUrl: ' https://example.com/data ', format: 'csv', byteSize: '2048', title: 'Stops' };
    const body = datasetBody(
      form([
        ['name', 'stops'],
        ['title-en', ' Tram stops '],
        ['title-fi', ''],
        ['description-en', 'Every tram stop.'],
        ['themes', 'TRAN'],
        ['spatial', 'fi-091'],
        ['spatial', 'ee-0784'],
        ['keywords-en', 'tram, stop'],
        ['license', 'CC_BY_4_0'],
        ['temporalStart', '2024-01-01'],
        ['contact-email', 'data@example.com'],
      ]),
      [row],
      'en',
    );
    expect(body).toMatchObject({
      name: 'stops',
      title: { en: 'Tram stops' },
      description: { en: 'Every tram stop.' },
      publisherId: null,
      themes: ['TRAN'],
      spatial: ['fi-091', 'ee-0784'],
      keywords: { en: ['tram', 'stop'] },
      license: 'CC_BY_4_0',
      temporalStart: '2024-01-01',
      temporalEnd: null,
      landingPage: null,
      contactPoint: { name: null, email: 'data@example.com', url: null },
    });
    expect(body.distributions).toEqual([
      { title: { en: 'Stops' }, description: null, accessUrl: 'https://example.com/data', downloadUrl: null, format: 'CSV', mediaType: null, byteSize: 2048, license: null, accessService: null },
    ]);
  });

  it('keeps on edit what the form does not show (a distribution\'s description and service), and reads Russian from its own fields', () => {
    const distribution: Distribution = {
      id: '00000000-0000-4000-8000-000000000001',
      title: { fi: 'Pysäkit', en: 'Stops' },
      description: { fi: 'Kaikki pysäkit.' },
      accessUrl: 'https://example.com/api',
      downloadUrl: null,
      format: 'JSON',
      mediaType: 'application/json',
      byteSize: null,
      license: null,
      accessService: { title: { en: 'Stops API' }, endpointUrl: 'https://example.com/api' },
    };
    const row = rowFromDistribution(distribution, 'fi');
    expect(row.title).toBe('Pysäkit');
    expect(distributionFromRow({ ...row, title: '' }, 'fi')).toMatchObject({ title: { en: 'Stops' }, description: { fi: 'Kaikki pysäkit.' }, accessService: distribution.accessService });
    const existing = { title: { ru: 'Остановки', en: 'Stops' }, description: { en: 'All.' }, keywords: { ru: ['остановка'], en: ['stop'] } } as unknown as DatasetDetail;
    const body = datasetBody(form([['name', 'ignored'], ['title-en', ''], ['title-fi', 'Pysäkit'], ['title-ru', 'Остановки'], ['description-en', 'All.'], ['keywords-en', ''], ['keywords-ru', 'остановка']]), [row], 'fi', existing);
    expect(body.name).toBeUndefined();
    expect(body.title).toEqual({ ru: 'Остановки', fi: 'Pysäkit' });
    expect(body.keywords).toEqual({ ru: ['остановка'] });
    expect(body.contactPoint).toBeNull();
  });

  it('keeps the distributions in a draft with the language their titles are in, and reads them back so', () => {
    const distribution: Distribution = {
      id: '00000000-0000-4000-8000-000000000001',
      title: { fi: 'Pysäkit', en: 'Stops' },
      description: { fi: 'Kaikki pysäkit.' },
      accessUrl: 'https://example.com/api',
      downloadUrl: null,
      format: 'JSON',
      mediaType: 'application/json',
      byteSize: 1200,
      license: null,
      accessService: { title: { en: 'Stops API' }, endpointUrl: 'https://example.com/api' },
    };
    const kept = { lang: 'fi' as const, rows: [{ ...rowFromDistribution(distribution, 'fi'), title: 'Kaikki pysäkit' }, { ...emptyRow(), accessUrl: 'https://example.com/b' }] };
    const read = readDistributionRows(JSON.parse(JSON.stringify(kept)))!;
    expect(read.lang).toBe('fi');
    expect(read.rows.map((row) => row.key)).toEqual([0, 1]);
    // What they say is what was kept: the Finnish title typed stays Finnish, the rest as it was.
    expect(distributionsOf(read)).toEqual(distributionsOf(kept));
    expect(distributionsOf(read)[0]).toMatchObject({ title: { fi: 'Kaikki pysäkit', en: 'Stops' }, accessService: distribution.accessService, byteSize: 1200 });
    // The same distributions shown in another language say the same.
    expect(distributionsOf({ lang: 'en', rows: [rowFromDistribution(distribution, 'en')] })).toEqual(distributionsOf({ lang: 'fi', rows: [rowFromDistribution(distribution, 'fi')] }));
    for (const broken of [{ ...kept, lang: 'xx' }, { ...kept, rows: [{ ...kept.rows[0], accessUrl: 1 }] }, { ...kept, rows: [{ ...kept.rows[0], kept: { title: 'Stops' } }] }, { ...kept, rows: {} }, null]) {
      expect(readDistributionRows(JSON.parse(JSON.stringify(broken))), JSON.stringify(broken)).toBeNull();
    }
  });
});
