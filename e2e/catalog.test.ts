import { describe, expect, it } from 'vitest';
import type { DatasetList, HarvestRunSummary } from '../src/shared/schemas/catalog.ts';
import { startCkanPortal } from '../src/server/features/harvest/test/portals.ts';
import { createDataset, handMadeDataset } from './catalog-support.ts';
import { DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

const count = (n: number) => new RegExp(`^${n} datasets?$`);

describe('the open data catalogue', () => {
  it('narrows a search with words and a facet, keeps both in the address, and steps back and forth through them', async () => {
    const base = running.server.url;
    await createDataset(base, handMadeDataset('Kaleidoscope tram stops'));
    await createDataset(base, handMadeDataset('Kaleidoscope air quality', { themes: ['ENVI'], distributions: [] }));
    const context = await running.browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/datasets`);
    const all = ((await (await fetch(`${base}/api/datasets?limit=1`)).json()) as DatasetList).total;
    await page.getByRole('status').filter({ hasText: count(all) }).waitFor();

    await page.getByLabel('Search words').fill('kaleidoscope');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/[?&]q=kaleidoscope/);
    await page.getByRole('status').filter({ hasText: count(2) }).waitFor();

    const transport = page.getByRole('group', { name: 'Theme' }).getByLabel(/^Transport \(/);
    await transport.check();
    await page.waitForURL(/[?&]theme=TRAN/);
    await page.getByRole('status').filter({ hasText: count(1) }).waitFor();
    const results = page.locator('.catalog-results');
    await results.getByRole('link', { name: 'Kaleidoscope tram stops' }).waitFor();
    expect(await results.getByRole('link', { name: 'Kaleidoscope air quality' }).count()).toBe(0);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ q: 'kaleidoscope', theme: 'TRAN' });

    // The address is the search: back and forward step through it.
    await page.goBack();
    await page.getByRole('status').filter({ hasText: count(2) }).waitFor();
    expect(await transport.isChecked()).toBe(false);
    await page.goForward();
    await page.getByRole('status').filter({ hasText: count(1) }).waitFor();
    expect(await transport.isChecked()).toBe(true);

    // A filter in use is a chip that removes it.
    await page.getByRole('button', { name: 'Remove Theme: Transport' }).click();
    await page.getByRole('status').filter({ hasText: count(2) }).waitFor();
    expect(new URL(page.url()).searchParams.getAll('theme')).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a dataset with its files and services, its description in DCAT terms, and where it comes from', async () => {
    const base = running.server.url;
    const name = await createDataset(base, handMadeDataset('Ferry timetable archive'));
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/datasets/${name}`);
    await page.getByRole('heading', { level: 1, name: 'Ferry timetable archive' }).waitFor();

    const files = page.getByRole('region', { name: 'Files and services (2)' });
    await files.getByRole('heading', { name: 'Stops as CSV' }).waitFor();
    await files.getByText('1.5 MB').waitFor();
    expect(await files.getByRole('link', { name: 'Download (Stops as CSV)' }).getAttribute('href')).toBe('https://example.org/stops.csv');
    await files.getByText('Stops API').waitFor();
    expect(await files.getByRole('link', { name: 'https://example.org/api/stops' }).count()).toBe(1);

    const facts = page.getByRole('complementary');
    await facts.getByText('Creative Commons Attribution 4.0 (CC BY 4.0)').waitFor();
    await facts.getByText('Helsinki, Tallinn').waitFor();
    await facts.getByText('Monthly').waitFor();
    const provenance = page.getByRole('region', { name: 'Where the description comes from' });
    await provenance.getByText('Described here by hand by an editor of Talsinki.').waitFor();

    const turtle = await facts.getByRole('link', { name: 'Turtle (.ttl)' }).getAttribute('href');
    const rdf = await fetch(`${base}${turtle}`);
    expect(rdf.status).toBe(200);
    expect(await rdf.text()).toContain('Ferry timetable archive');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an editor add a dataset by hand with one file, which the search then finds', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/datasets`);
    await page.getByRole('link', { name: 'Add a dataset' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a dataset' }).waitFor();
    await page.getByRole('group', { name: 'Title' }).getByLabel('English').fill('Harbour queue lengths at West Harbour');
    await page.getByRole('group', { name: 'Description' }).getByLabel('English').fill('Lorries waiting for the Tallinn ferries, counted every fifteen minutes.');
    await page.getByRole('group', { name: 'Themes' }).getByLabel('Transport').check();
    await page.getByRole('group', { name: 'Area covered' }).getByLabel('Helsinki', { exact: true }).check();
    await page.getByRole('combobox', { name: 'Licence' }).first().selectOption('CC_BY_4_0');

    await page.getByRole('button', { name: 'Add a file or service' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-distributions.0.accessUrl');
    const file = page.getByRole('group', { name: 'File or service 1' });
    await file.getByLabel('Access address').fill('not an address');
    await file.getByLabel('Format').fill('csv');
    await page.getByRole('button', { name: 'Add the dataset' }).click();
    await file.getByText('must be a full web address beginning with https://').waitFor();
    await file.getByLabel('Access address').fill('https://example.org/harbour-queues.csv');
    await page.getByRole('button', { name: 'Add the dataset' }).click();

    await page.waitForURL(/\/datasets\/harbour-queue-lengths[a-z0-9-]*$/);
    await page.getByRole('heading', { level: 1, name: 'Harbour queue lengths at West Harbour' }).waitFor();
    await page.getByRole('heading', { name: 'CSV file 1' }).waitFor();

    await page.getByRole('link', { name: 'Open data', exact: true }).first().click();
    await page.getByLabel('Search words').fill('harbour queue');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('.catalog-results').getByRole('link', { name: 'Harbour queue lengths at West Harbour' }).waitFor();
    // The refused first try, and nothing else.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('400 ')).map((e) => e.split(' ')[1])).toEqual(['POST']);
    await context.close();
  });

  it('lets staff link a dataset as evidence for a bottleneck, which the bottleneck\'s trace then shows', async () => {
    const base = running.server.url;
    const name = await createDataset(base, handMadeDataset('Cross-border commuter counts'));
    const bottleneck = ((await (await fetch(`${base}/api/bottlenecks?limit=1`)).json()) as { items: { ref: string }[] }).items[0].ref;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.moderator.email, DEMO_ACCOUNTS.moderator.password);
    await page.goto(`${base}/datasets/${name}`);
    const evidence = page.getByRole('region', { name: 'Evidence for' });
    await evidence.getByText('not yet linked').waitFor();
    await evidence.getByRole('combobox', { name: 'Bottleneck' }).fill(bottleneck.toLowerCase());
    await evidence.getByRole('option', { name: new RegExp(`^${bottleneck} `) }).click();
    await evidence.getByRole('button', { name: 'Link as evidence' }).click();
    await evidence.getByRole('status').filter({ hasText: `Linked as evidence for ${bottleneck}.` }).waitFor();

    await evidence.getByRole('link', { name: new RegExp(bottleneck) }).click();
    await page.waitForURL(`${base}/bottlenecks/${bottleneck}`);
    const trace = page.getByRole('region', { name: 'Linked items' });
    await trace.getByRole('link', { name: /Cross-border commuter counts/ }).click();
    await page.waitForURL(`${base}/datasets/${name}`);

    await evidence.getByRole('button', { name: `Remove the link to ${bottleneck}` }).click();
    await evidence.getByText('not yet linked').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an administrator add a harvest source, run it now, and follow its progress to the end', async () => {
    const base = running.server.url;
    // The listing answers after 1.5 s, so the run is seen queued or running before it ends.
    const portal = await startCkanPortal({ count: 150, untitled: [10, 20], delayMs: (path) => (path.includes('package_search') ? 1500 : undefined) });
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    try {
      await loginThroughForm(page, base, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
      await page.getByRole('link', { name: 'Harvesting' }).click();
      await page.getByRole('heading', { level: 1, name: 'Harvest sources' }).waitFor();
      const form = page.getByRole('region', { name: 'Add a source' });
      await form.getByLabel('Name').fill('Fake city portal');
      await form.getByLabel('Kind of portal').selectOption('ckan');
      await form.getByLabel('Address').fill(portal.url);
      await form.getByLabel('Schedule *', { exact: true }).selectOption('manual');
      await form.getByRole('button', { name: 'Add the source' }).click();
      await page.getByRole('heading', { level: 1, name: 'Fake city portal' }).waitFor();

      await page.getByRole('button', { name: 'Run now (Fake city portal)' }).click();
      await page.waitForURL(/\/admin\/harvest\/[0-9a-f-]+\/runs\/[0-9a-f-]+$/);
      const progress = page.getByRole('progressbar', { name: 'Records handled' });
      await progress.waitFor();
      await page.getByRole('status').filter({ hasText: /Queued|Running/ }).waitFor();
      // The page asks again every second until the run has ended.
      await page.getByRole('status').filter({ hasText: 'Finished with errors' }).waitFor({ timeout: 60_000 });
      expect(await page.locator('#run-progress-text').textContent()).toBe('150 of 150');
      expect(await progress.getAttribute('value')).toBe('150');
      const counts = page.getByRole('region', { name: 'Counts' });
      expect(await counts.locator('dt:text-is("New") + dd').textContent()).toBe('148');
      expect(await counts.locator('dt:text-is("Failed") + dd').textContent()).toBe('2');
      const failures = page.getByRole('table', { name: 'Records that could not be taken' });
      expect(await failures.getByRole('cell', { name: 'The record has no title.', exact: true }).count()).toBe(2);
      // Worded from the errors' codes, not the server's English (worded from the same English texts
      // since the server words its English by code): in Finnish the page says it in Finnish.
      await page.getByRole('button', { name: 'Suomeksi' }).click();
      const finnish = page.getByRole('cell', { name: 'Tietueella ei ole otsikkoa.', exact: true });
      await finnish.first().waitFor();
      expect(await finnish.count()).toBe(2);
      await page.getByRole('button', { name: 'In English' }).click();
      await failures.waitFor();

      // Back on the source: the run is listed, and a new one may start.
      await page.getByRole('link', { name: 'Fake city portal' }).click();
      const runs = page.getByRole('table', { name: 'Runs' });
      await runs.getByText('Finished with errors').waitFor();
      expect(await page.getByRole('button', { name: 'Run now (Fake city portal)' }).isEnabled()).toBe(true);

      // A harvested dataset says where it came from.
      const sourceId = /\/admin\/harvest\/([0-9a-f-]+)$/.exec(page.url())![1];
      const harvested = ((await (await fetch(`${base}/api/datasets?source=${sourceId}&limit=1`)).json()) as DatasetList).items[0];
      await page.goto(`${base}/datasets/${harvested.name}`);
      const provenance = page.getByRole('region', { name: 'Where the description comes from' });
      await provenance.getByRole('link', { name: 'Fake city portal' }).waitFor();
      await provenance.getByText(/^00000001-0000-4000-8000-/).waitFor();
      const latest = ((await (await fetch(`${base}/api/harvest/sources/${sourceId}/runs`)).json()) as { items: HarvestRunSummary[] }).items[0];
      expect(latest).toMatchObject({ state: 'partial', done: 150, total: 150, errorCount: 2, counts: { created: 148, failed: 2 } });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await portal.close();
    }
  });
});
