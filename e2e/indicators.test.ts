import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

/** The figure a table cell shows, without its status symbol and the words said for it. */
const figureOf = (cell: string) => /^[\d,.\s\u00a0\u202f–-]+/.exec(cell)?.[0].trim() ?? '';

/** The data table's cell for a period (row header) and a series (column header, its name first). */
async function cell(table: Locator, period: string, series: string): Promise<string> {
  const headers = await table.locator('thead th').allInnerTexts();
  const column = headers.findIndex((header) => header.split('\n')[0].trim() === series);
  expect(column, `a column for ${series} in ${headers.join(' | ')}`).toBeGreaterThan(0);
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: period, exact: true }) });
  return (await row.locator('td').nth(column - 1).innerText()).trim();
}

/** What the chart's live region says now (after the key press that changed it). */
async function heard(page: Page, before: string): Promise<string> {
  const live = page.locator('.ts-chart__readout[aria-live="polite"]');
  await expect.poll(() => live.innerText()).not.toBe(before);
  return (await live.innerText()).trim();
}

/** The readout must be the table's own cell: "Series, period: figure". */
async function expectHeardFromTable(page: Page, table: Locator, said: string) {
  const match = /^(.+), (.+?): (.+)$/.exec(said);
  expect(match, said).not.toBeNull();
  const [, series, period, rest] = match!;
  expect(figureOf(rest)).toBe(figureOf(await cell(table, period, series)));
}

describe('indicators', () => {
  it('lets a visitor find an indicator, change what its chart shows, move through it by keyboard, and download its figures and chart', { timeout: 600_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);

    // The list, filtered by domain (that domain's dashboard) and by region.
    const total = async (query: string) => ((await (await fetch(`${base}/api/indicators?${query}`)).json()) as { total: number }).total;
    const counted = (count: number) => `${count} indicator${count === 1 ? '' : 's'}`;
    const [all, mobility, inHelsinki] = [await total(''), await total('domain=mobility'), await total('domain=mobility&region=fi-kunta:091')];
    expect(all).toBeGreaterThan(mobility);
    expect(mobility).toBeGreaterThan(inHelsinki);
    await page.goto(`${base}/indicators`);
    await page.getByRole('status').filter({ hasText: counted(all) }).waitFor();
    const problems = await checkPage(page, '/indicators');
    await page.getByLabel('Area').selectOption({ label: 'Mobility and transport' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: counted(mobility) }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Indicators: Mobility and transport' }).waitFor();
    expect(new URL(page.url()).searchParams.get('domain')).toBe('mobility');
    await page.getByLabel('Region').selectOption({ label: 'Helsinki' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: counted(inHelsinki) }).waitFor();
    const ferry = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Ferry passengers between Helsinki and Tallinn' }) });
    // Each side's newest figure in words, with its period; the small chart only repeats them.
    await expect.poll(() => ferry.innerText()).toMatch(/Helsinki\s+8\.9 million persons \(2019\)/);
    expect(await ferry.locator('.sparkline').getAttribute('aria-hidden')).toBe('true');
    problems.push(...(await checkPage(page, '/indicators?domain=mobility&region=…')));

    // An indicator: both sides on one chart, its table beside it.
    await page.goto(`${base}/indicators`);
    await page.getByRole('link', { name: 'Population', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Population' }).waitFor();
    const table = page.getByRole('table', { name: /^Population: persons/ });
    // The table comes just after the chart (rendered in the background).
    await table.waitFor();
    expect((await table.locator('thead th').allInnerTexts()).map((header) => header.split('\n')[0].trim())).toEqual(['Period', 'Helsinki-Uusimaa', 'Harju County']);
    const chart = page.getByRole('group', { name: /^Chart: Population/ });
    expect(await chart.getAttribute('tabindex')).toBe('0');
    expect(await page.locator('.ts-chart__canvas').getAttribute('aria-hidden')).toBe('true');
    expect(await page.locator('.ts-chart__canvas svg').count()).toBe(1);
    problems.push(...(await checkPage(page, '/indicators/population')));

    // As an index: the first period with every figure is 100, then another base chosen.
    await page.getByRole('radio', { name: 'Index' }).check();
    await page.waitForURL(/measure=index/);
    const indexed = page.getByRole('table', { name: /^Population: Index, 2015 = 100/ });
    await indexed.waitFor();
    expect(figureOf(await cell(indexed, '2015', 'Harju County'))).toBe('100.0');
    await page.getByLabel('Base period (= 100)').selectOption({ label: '2020' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/base=2020/);
    const rebased = page.getByRole('table', { name: /^Population: Index, 2020 = 100/ });
    await rebased.waitFor();
    expect(figureOf(await cell(rebased, '2020', 'Helsinki-Uusimaa'))).toBe('100.0');

    // Regions: Helsinki added from the municipalities, Harju County taken away; the address keeps them.
    await page.getByText('3 municipalities').first().click();
    await page.getByRole('checkbox', { name: 'Helsinki', exact: true }).check();
    await page.waitForURL(/region=fi-kunta%3A091|region=fi-kunta:091/);
    await page.getByRole('checkbox', { name: 'Harju County' }).uncheck();
    await expect.poll(async () => (await rebased.locator('thead th').allInnerTexts()).map((header) => header.split('\n')[0].trim())).toEqual(['Period', 'Helsinki-Uusimaa', 'Helsinki']);
    const shared = page.url();
    expect(new URL(shared).searchParams.getAll('region').sort()).toEqual(['fi-kunta:091', 'nuts:FI1B1']);
    problems.push(...(await checkPage(page, '/indicators/population?measure=index&base=2020&region=…')));

    // The same view from its address alone.
    const second = await context.newPage();
    await second.goto(shared);
    await second.getByRole('table', { name: /^Population: Index, 2020 = 100/ }).waitFor();
    expect(await second.getByRole('radio', { name: 'Index' }).isChecked()).toBe(true);
    expect(await second.getByRole('checkbox', { name: 'Helsinki', exact: true }).isChecked()).toBe(true);
    expect(await second.getByRole('checkbox', { name: 'Harju County' }).isChecked()).toBe(false);
    await second.close();

    // By keyboard: one tab stop, arrows through periods and series, each figure heard as the table has it.
    await chart.focus();
    let said = '';
    // The first key starts at the newest figure of the first series: 2024, provisional at the (demo) office, said in words.
    await page.keyboard.press('ArrowRight');
    said = await heard(page, said);
    expect(said).toMatch(/^Helsinki-Uusimaa, 2024: [\d.]+ \(provisional\)$/);
    await expectHeardFromTable(page, rebased, said);
    await page.keyboard.press('ArrowLeft');
    said = await heard(page, said);
    expect(said).toMatch(/^Helsinki-Uusimaa, 2023: [\d.]+$/);
    await expectHeardFromTable(page, rebased, said);
    await page.keyboard.press('End');
    said = await heard(page, said);
    expect(said).toMatch(/^Helsinki-Uusimaa, 2024: /);
    await page.keyboard.press('ArrowDown');
    said = await heard(page, said);
    expect(said).toMatch(/^Helsinki, 2024: /);
    await expectHeardFromTable(page, rebased, said);
    await page.keyboard.press('Home');
    said = await heard(page, said);
    expect(said).toMatch(/^Helsinki, 2015: /);
    await expectHeardFromTable(page, rebased, said);
    await page.keyboard.press('ArrowUp');
    said = await heard(page, said);
    expect(said).toBe(`Helsinki-Uusimaa, 2015: ${figureOf(await cell(rebased, '2015', 'Helsinki-Uusimaa'))}`);
    expect(await page.locator('.ts-chart__focus').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.ts-chart') === null)).toBe(true);

    // Per inhabitants and a kept dimension, on the indicator that has them.
    await page.goto(`${base}/indicators/foreign-citizens`);
    await page.getByRole('radio', { name: 'Per inhabitants' }).check();
    await page.waitForURL(/measure=per-capita/);
    await page.getByRole('heading', { level: 2, name: 'Figures: persons per 1,000 inhabitants' }).waitFor();
    await page.getByLabel('Citizenship', { exact: true }).selectOption({ label: 'Russia' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/d\.Kansalaisuus=RU/);
    const perCapita = page.getByRole('table', { name: /persons per 1,000 inhabitants, Citizenship Russia$/ });
    await perCapita.waitFor();
    expect(Number(figureOf(await cell(perCapita, '2024', 'Helsinki-Uusimaa')))).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'The population indicator' }).waitFor();
    problems.push(...(await checkPage(page, '/indicators/foreign-citizens?measure=per-capita&d.Kansalaisuus=RU')));

    // The real figures: both ports, their sources and the requests that read them.
    await page.goto(`${base}/indicators/ferry-passengers-helsinki-tallinn`);
    await page.getByRole('region', { name: 'Sources' }).waitFor();
    const sourceText = await page.locator('.indicator-sources').innerText();
    expect(sourceText).toContain('Finland: Port of Helsinki and Port of Tallinn');
    expect(sourceText).toContain('helsinki-tallinn-route');
    expect(sourceText).toContain('https://vuosikertomus2019.portofhelsinki.fi/en/passenger-numbers/');
    expect(sourceText).toContain('Estonia: Port of Helsinki and Port of Tallinn');
    await page.getByText('The two ports count differently').waitFor();
    // The bottleneck the ferry figures are evidence of: among what the indicator measures, and on the trace.
    const detail = (await (await fetch(`${base}/api/indicators/ferry-passengers-helsinki-tallinn`)).json()) as { targets: { kind: string; ref: string }[] };
    const evidence = detail.targets.find((target) => target.kind === 'bottleneck');
    expect(evidence, 'the demo links the ferry figures to a bottleneck').toBeDefined();
    const measured = page.getByRole('region', { name: 'What this indicator measures' });
    expect(await measured.getByRole('link', { name: new RegExp(evidence!.ref) }).getAttribute('href')).toBe(`/bottlenecks/${evidence!.ref}`);
    await measured.getByText('Not known yet').waitFor();
    await page.getByRole('region', { name: 'Linked items' }).getByRole('link', { name: new RegExp(evidence!.ref) }).waitFor();
    problems.push(...(await checkPage(page, '/indicators/ferry-passengers-helsinki-tallinn')));

    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('downloads the figures as CSV and the chart as SVG and PNG, drawn under the page\'s own CSP', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    // No bypass here: Plot's inline <style> would break the CSP, and the PNG goes through a data: image.
    const context = await running.browser.newContext({ locale: 'fi' });
    await context.addCookies([{ name: 'talsinki_lang', value: 'fi', url: base }]);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/indicators/population?measure=index`);
    await page.getByRole('table', { name: /^Väkiluku: Indeksi, 2015 = 100/ }).waitFor();
    await page.locator('.ts-chart__canvas svg').waitFor();

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('talsinki-population-index.csv');
    const rows = parse(fs.readFileSync((await csv.path())!, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const uusimaa = rows.filter((row) => row.region === 'nuts:FI1B1');
    expect(uusimaa.find((row) => row.period === '2015')).toMatchObject({ measure: 'index', value: '100', region_name: 'Uusimaa', is_demo: 'true' });
    expect(uusimaa.find((row) => row.period === '2024')?.status).toBe('p');

    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Kaavio SVG:nä' }).click()]);
    expect(svg.suggestedFilename()).toBe('talsinki-population-index.svg');
    const markup = fs.readFileSync((await svg.path())!, 'utf8');
    expect(markup).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(markup).toContain('<title>Väkiluku: Indeksi, 2015 = 100</title>');
    expect(markup).toContain('Uusimaa (Suomi)');
    expect(markup).toContain('Lähteet: ');
    await page.getByRole('status').filter({ hasText: 'Kaavio tallennettiin muodossa SVG.' }).waitFor();

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Kaavio PNG:nä' }).click()]);
    expect(png.suggestedFilename()).toBe('talsinki-population-index.png');
    const bytes = fs.readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Twice the SVG's width: the IHDR chunk's width, big-endian at byte 16.
    expect(bytes.readUInt32BE(16)).toBe(2 * Number(/^<svg[^>]* width="(\d+)"/.exec(markup)![1]));
    await page.getByRole('status').filter({ hasText: 'Kaavio tallennettiin muodossa PNG.' }).waitFor();

    // The home page's key fact is the live indicator, with its year.
    await page.goto(`${base}/`);
    const fact = page.locator('.fact').filter({ has: page.getByRole('link', { name: 'Tallinnan sataman matkustajat' }) });
    await expect.poll(() => fact.innerText()).toMatch(/^8 miljoonaa\s+Tallinna, 2023/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
