import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { describeViolations, validateDcat } from './dcat/shacl.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  await loadDemo(t.db.kysely, { publicUrl: 'https://talsinki.example' });
});
afterAll(() => t?.close());

describe('the demo catalogue', () => {
  it('holds a few hundred datasets of both regions\' publishers, every one marked as demo', async () => {
    const all = (await t.app.inject({ url: '/api/datasets?limit=1' })).json();
    expect(all.total).toBeGreaterThanOrEqual(200);
    // The indicators' datasets are as real as their figures (below); every other one is demo, and says so.
    const rows = await t.db.kysely.selectFrom('datasets').select(['demo', 'description']).where((eb) => eb.or([eb('source_id', 'is not', null), eb('source_identifier', 'is', null)])).execute();
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(rows.every((row) => row.demo)).toBe(true);
    expect(rows.every((row) => Object.values(row.description).every((text) => /demo/i.test(text ?? '')))).toBe(true);
    const countries = new Set(all.facets.region.map((f: { value: string }) => (f.value.startsWith('fi') || f.value.startsWith('FI') ? 'FI' : 'EE')));
    expect(countries).toEqual(new Set(['FI', 'EE']));
    expect(all.facets.publisher.length).toBeGreaterThanOrEqual(15);
    expect(all.facets.source.map((f: { value: string }) => f.value)).toContain('local');
    const sources = (await t.app.inject({ url: '/api/harvest/sources' })).json().items;
    expect(sources).toHaveLength(3);
    expect(sources.every((s: { demo: boolean; enabled: boolean }) => s.demo && !s.enabled)).toBe(true);
  });

  it('links demo datasets as evidence for demo bottlenecks', async () => {
    const links = await t.db.kysely.selectFrom('dataset_bottlenecks').select('bottleneck_id').execute();
    expect(links.length).toBeGreaterThanOrEqual(3);
  });

  it('holds each demo indicator as a dataset, marked demo as its indicator is', async () => {
    const indicators = await t.db.kysely.selectFrom('indicators').select(['slug', 'demo']).where('published', '=', true).execute();
    expect(indicators.length).toBeGreaterThanOrEqual(4);
    for (const indicator of indicators) {
      const dataset = (await t.app.inject({ url: `/api/datasets/indicator-${indicator.slug}` })).json();
      expect(dataset).toMatchObject({ demo: indicator.demo, landingPage: `https://talsinki.example/indicators/${indicator.slug}` });
      expect(dataset.distributions.map((d: { format: string }) => d.format)).toEqual(['JSON', 'CSV', 'XLSX']);
    }
  });

  it('exports as DCAT-AP 3 with zero violations of the official shapes, the indicators\' datasets included', async () => {
    const quads = new Parser().parse((await t.app.inject({ url: '/catalog.ttl' })).body);
    expect(quads.some((q) => q.object.value === 'https://talsinki.example/api/indicators/ferry-passengers-helsinki-tallinn.json')).toBe(true);
    const violations = await validateDcat(quads);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
