import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { callAction, CkanApiError, dumpAllDatasets, searchAllDatasets } from './test/ckanapi.ts';

/**
 * CKAN's own clients reading Talsinki over real HTTP: another CKAN harvesting it, and ckanapi.
 *
 * Another CKAN harvesting Talsinki: ckanext-harvest's CKAN harvester's gather stage, reproduced
 * from its code (ckanext/harvest/harvesters/ckanharvester.py: `gather_stage`, `_search_for_datasets`,
 * `_get_group`), over real HTTP. It reads only `package_search`, pages it by `rows=100&start=…`
 * with `sort=id asc` until a page comes back empty, never looks at the HTTP status or `success`
 * (an error reads as an empty page), and takes each result whole as the package it imports.
 */

let t: TestApp;
let base: string;
const publishers: Record<'hsl' | 'hsy' | 'tallinn', string> = { hsl: '', hsy: '', tallinn: '' };
const SEEDED = 230;

interface Package {
  id: string;
  name: string;
  metadata_modified: string;
  organization: { name: string } | null;
  groups: { id: string; name: string }[];
  tags: { id: string; name: string }[];
  resources: unknown[];
}

/** The harvester's options that change its requests (`organizations_filter_include` and the like). */
interface HarvestConfig {
  organizationsInclude?: string[];
  organizationsExclude?: string[];
  groupsInclude?: string[];
  groupsExclude?: string[];
  /** An incremental run: the last error-free run's start, less an hour, as Python's naive `isoformat()`. */
  since?: string;
}

/** The harvester's `fq`: its terms as it writes them, joined by one space. */
function harvesterFq(config: HarvestConfig): string | null {
  const terms: string[] = [];
  if (config.organizationsInclude?.length) terms.push(config.organizationsInclude.map((o) => `organization:${o}`).join(' OR '));
  else if (config.organizationsExclude?.length) terms.push(config.organizationsExclude.map((o) => `-organization:${o}`).join(' '));
  if (config.groupsInclude?.length) terms.push(config.groupsInclude.map((g) => `groups:${g}`).join(' OR '));
  else if (config.groupsExclude?.length) terms.push(config.groupsExclude.map((g) => `-groups:${g}`).join(' '));
  if (config.since) terms.push(`metadata_modified:[${config.since}Z TO *]`);
  return terms.length ? terms.join(' ') : null;
}

/** The gather stage: every package the source lists, once, in the order it pages them. */
async function gather(config: HarvestConfig = {}): Promise<Package[]> {
  const fq = harvesterFq(config);
  const seen = new Set<string>();
  const found: Package[] = [];
  let previous: string | null = null;
  for (let start = 0; ; start += 100) {
    // Python's urlencode of a dict in this order: spaces as `+`.
    const params = new URLSearchParams({ rows: '100', start: String(start), sort: 'id asc', ...(fq ? { fq } : {}) });
    const response = await fetch(`${base}/api/3/action/package_search?${params}`);
    const body = await response.text();
    const results = ((JSON.parse(body) as { result?: { results?: Package[] } }).result?.results ?? []) as Package[];
    if (results.length === 0) break;
    if (body === previous) throw new Error("The paging doesn't seem to work");
    previous = body;
    for (const pkg of results) if (!seen.has(pkg.id)) (seen.add(pkg.id), found.push(pkg));
  }
  return found;
}

const isoNaive = (date: Date) => date.toISOString().replace('Z', '').replace(/(\.\d{3})$/, '$1000');

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (const slug of Object.keys(publishers) as (keyof typeof publishers)[]) {
    const row = await t.db.kysely.selectFrom('institutions').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!row) throw new Error(`no institution ${slug} in the seed`);
    publishers[slug] = row.id;
  }
  // More than two pages of 100, spread over publishers (one in ten with none) and themes, last changed in January.
  const slugs = Object.keys(publishers) as (keyof typeof publishers)[];
  await t.db.kysely
    .insertInto('datasets')
    .values(
      Array.from({ length: SEEDED }, (_, n) => ({
        name: `harvest-demo-${String(n).padStart(3, '0')}`,
        title: JSON.stringify({ fi: `Harvest demo ${n} (demo)` }),
        description: JSON.stringify({ fi: `Harvest demo ${n} (demo)` }),
        keywords: JSON.stringify({ fi: [`avainsana-${n % 5}`] }),
        distributions: '[]',
        contact_point: 'null',
        publisher_id: n % 10 === 9 ? null : publishers[slugs[n % 3]],
        themes: n % 2 ? ['TRAN'] : ['ENVI', 'REGI'],
        created_at: new Date('2026-01-01T00:00:00Z'),
        updated_at: new Date(Date.UTC(2026, 0, 2, 0, 0, n)),
      })),
    )
    .execute();
});
afterAll(() => t?.close());

const activeIds = async (where: (eb: any) => any = () => sql<boolean>`true`) =>
  (await t.db.kysely.selectFrom('datasets').select('id').where('state', '=', 'active').where(where).execute()).map((row) => row.id).sort();

describe('ckanext-harvest’s CKAN harvester gathering from Talsinki', () => {
  it('collects every public dataset exactly once on a full run, in pages ordered by id', async () => {
    const packages = await gather();
    expect(packages.length).toBeGreaterThanOrEqual(SEEDED);
    expect(packages.map((p) => p.id)).toEqual(await activeIds());
    // What its import stage needs of each: an id, a name, the change time, groups with ids.
    for (const pkg of packages.slice(0, 20)) {
      expect(pkg.name).toMatch(/^[a-z0-9_-]{2,100}$/);
      expect(pkg.metadata_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      for (const group of pkg.groups) expect(group.id).toBe(group.name);
    }
  });

  it('collects only what changed since the last run on an incremental run', async () => {
    const since = isoNaive(new Date('2026-06-01T00:00:00Z'));
    expect(await gather({ since })).toEqual([]);
    const changed = await t.db.kysely
      .updateTable('datasets')
      .set({ updated_at: sql`now()` })
      .where('name', 'in', ['harvest-demo-007', 'harvest-demo-150', 'harvest-demo-229'])
      .returning('id')
      .execute();
    const found = await gather({ since });
    expect(found.map((p) => p.id)).toEqual(changed.map((row) => row.id).sort());
    // The change time it shows is the one the filter read: the next run asks from after it.
    expect(found.every((p) => p.metadata_modified > since)).toBe(true);
  });

  it('keeps to the organisations it is told to include, or leaves out those it is told to exclude', async () => {
    const included = await gather({ organizationsInclude: ['hsl', 'tallinn'] });
    expect(included.map((p) => p.id)).toEqual(await activeIds((eb) => eb('publisher_id', 'in', [publishers.hsl, publishers.tallinn])));
    expect(new Set(included.map((p) => p.organization?.name))).toEqual(new Set(['hsl', 'tallinn']));
    const excluded = await gather({ organizationsExclude: ['hsl', 'tallinn'] });
    expect(excluded.map((p) => p.id)).toEqual(await activeIds((eb) => eb.or([eb('publisher_id', 'is', null), eb('publisher_id', 'not in', [publishers.hsl, publishers.tallinn])])));
  });

  it('keeps to the groups it is told to include or exclude, and finds each group by its id to create it', async () => {
    const transport = await gather({ groupsInclude: ['tran'] });
    expect(transport.map((p) => p.id)).toEqual(await activeIds(() => sql<boolean>`'TRAN' = any(themes)`));
    const others = await gather({ groupsExclude: ['tran'] });
    expect(others.map((p) => p.id)).toEqual(await activeIds(() => sql<boolean>`not ('TRAN' = any(themes))`));
    // remote_groups: create — each group fetched by the id the package gives it.
    const ids = new Set([...transport, ...others].flatMap((p) => p.groups.map((g) => g.id)));
    for (const id of ids) {
      const response = await fetch(`${base}/api/3/action/group_show?id=${id}`);
      const group = (await response.json()) as { success: boolean; result: { id: string; name: string; title: string; package_count: number } };
      expect(group.success, id).toBe(true);
      expect(group.result).toMatchObject({ id, name: id });
      expect(group.result.package_count).toBeGreaterThan(0);
    }
  });

  it('reads the incremental run’s filter as Solr does: its organisation terms are optional beside the required date range', async () => {
    // `organization:a OR organization:b metadata_modified:[…]`: Lucene makes the first two optional,
    // so a real CKAN source answers every dataset changed since, of any organisation; so does Talsinki.
    const since = isoNaive(new Date('2026-06-01T00:00:00Z'));
    const changed = await activeIds(() => sql<boolean>`updated_at >= '2026-06-01T00:00:00Z'`);
    expect(changed.length).toBeGreaterThan(1);
    expect((await gather({ organizationsInclude: ['hsy', 'tallinn'], since })).map((p) => p.id)).toEqual(changed);
    // One organisation alone is no OR: required, as the range is.
    expect((await gather({ organizationsInclude: ['hsy'], since })).map((p) => p.id)).toEqual(await activeIds((eb) => eb.and([eb('publisher_id', '=', publishers.hsy), sql<boolean>`updated_at >= '2026-06-01T00:00:00Z'`])));
  });
});

describe('CKAN’s sort', () => {
  it('sorts by any of its keys, ascending or descending, several at once, and says the sort as it was asked', async () => {
    const names = async (sort: string, fq = 'tags:avainsana-1') => {
      const body = (await (await fetch(`${base}/api/3/action/package_search?${new URLSearchParams({ fq, sort, rows: '1000' })}`)).json()) as { result: { sort: string; results: Package[] } };
      expect(body.result.sort).toBe(sort);
      return body.result.results.map((p) => p.name);
    };
    const seeded = (await activeIds()).length;
    expect(seeded).toBeGreaterThan(0);
    const ascending = await names('name asc');
    expect(ascending).toEqual([...ascending].sort());
    expect(await names('name desc')).toEqual([...ascending].reverse());
    // Changed a second apart in name order: by change time is by name.
    expect(await names('metadata_modified desc, name asc')).toEqual(await names('name desc'));
    expect(await names('metadata_created asc, name desc')).toEqual([...ascending].reverse());
    const byId = (await (await fetch(`${base}/api/3/action/package_search?${new URLSearchParams({ fq: 'tags:avainsana-1', sort: 'id desc', rows: '1000' })}`)).json()) as { result: { results: Package[] } };
    const ids = byId.result.results.map((p) => p.id);
    expect(ids).toEqual([...ids].sort().reverse());
    for (const sort of ['views_recent desc', 'name sideways', 'name asc, nonsense', 'name asc title_string desc']) {
      const response = await fetch(`${base}/api/3/action/package_search?${new URLSearchParams({ sort })}`);
      expect(response.status, sort).toBe(400);
      expect(((await response.json()) as { error: { __type: string } }).error.__type).toBe('Search Query Error');
    }
  });
});

describe('ckanapi, the library and its command line', () => {
  it('dumps every dataset with `dump datasets --all`: package_list, then package_show for each name, each once and whole', async () => {
    const { lines, failed } = await dumpAllDatasets(base);
    expect(failed).toEqual([]);
    const ids = [...lines.values()].map((line) => (JSON.parse(line) as { id: string }).id).sort();
    expect(ids).toEqual(await activeIds());
    const sample = JSON.parse(lines.get('harvest-demo-042')!);
    expect(sample).toMatchObject({ name: 'harvest-demo-042', state: 'active', type: 'dataset', organization: { name: expect.any(String) } });
    // The same package a plain package_show gives, extra parameters and all.
    expect(sample).toEqual(await callAction(base, 'package_show', { id: 'harvest-demo-042' }));
  });

  it('pages `search datasets` by start and rows until an empty page, each dataset once, without asking a sort', async () => {
    const found = await searchAllDatasets(base);
    expect(found.map((p) => p.id).sort()).toEqual(await activeIds());
    const narrowed = await searchAllDatasets(base, { fq: `organization:hsl`, 'facet.field': ['tags', 'organization'], include_private: true });
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.map((p) => p.id).sort()).toEqual(await activeIds((eb) => eb('publisher_id', '=', publishers.hsl)));
  });

  it('reads errors by their __type as its exceptions, whatever the status, and in GET mode sends Python values', async () => {
    const refused = async (action: string, data: Record<string, unknown>, options?: { getOnly: boolean }) => {
      try {
        await callAction(base, action, data, options);
      } catch (error) {
        if (error instanceof CkanApiError) return error;
        throw error;
      }
      throw new Error(`${action} answered`);
    };
    expect((await refused('package_show', { id: 'no-such-dataset' })).kind).toBe('NotFound');
    const validation = await refused('package_show', {});
    expect(validation).toMatchObject({ kind: 'ValidationError', detail: { __type: 'Validation Error', id: ['Missing value'] } });
    expect((await refused('package_search', { fq: 'organization:(hsl' })).kind).toBe('SearchQueryError');
    // An unknown action is CKAN's bare string, which ckanapi reports with the address, status and body.
    expect(await refused('package_patch', { id: 'harvest-demo-001' })).toMatchObject({ kind: 'CKANAPIError', detail: [`${base}/api/action/package_patch`, 400, expect.stringContaining('Action name not known')] });
    // `-g`: GET, with the list as repeated keys and Python's True.
    const viaGet = (await callAction(base, 'package_search', { rows: 2, 'facet.field': ['tags', 'organization'], include_private: true }, { getOnly: true })) as { results: unknown[]; search_facets: Record<string, unknown> };
    expect(viaGet.results).toHaveLength(2);
    expect(Object.keys(viaGet.search_facets).sort()).toEqual(['organization', 'tags']);
    // Its JSON is ASCII: non-ASCII text arrives as \u escapes, and is read as the text.
    await t.db.kysely.updateTable('datasets').set({ keywords: JSON.stringify({ fi: ['sähköautot'] }) }).where('name', '=', 'harvest-demo-099').execute();
    const tagged = (await callAction(base, 'package_search', { fq: 'tags:"sähköautot"' })) as { results: { name: string }[] };
    expect(tagged.results.map((p) => p.name)).toEqual(['harvest-demo-099']);
    expect((await callAction(base, 'package_autocomplete', { q: 'harvest-demo-00', limit: 3 })) as unknown[]).toHaveLength(3);
  });
});
