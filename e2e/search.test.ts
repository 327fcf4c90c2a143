import { describe, expect, it } from 'vitest';
import { createDataset, handMadeDataset } from './catalog-support.ts';
import { pageProblems } from './page-checks.ts';
import { axeViolations, describeViolations, useServerAndBrowser, watchConsole } from './support.ts';
import fi from '../src/web/locales/fi/common.json' with { type: 'json' };
import en from '../src/web/locales/en/common.json' with { type: 'json' };

/**
 * What a search says about what it found (issue 15): the words it matched marked in each result,
 * a result found only through the glossary (a Finnish word, an English title) saying by which
 * term, and a search that finds nothing offering the corrected words as a link, in a list and in
 * the search of the whole platform.
 */
const running = useServerAndBrowser();
const WORDS = { fi, en } as const;

describe.each([
  ['fi', 1280, 'Kvothex', 'kvohtexx'],
  ['en', 360, 'Dravoth', 'darvothh'],
] as const)('search marks in %s at %i px', (lang, width, word, misspelt) => {
  // A word no demo dataset has (one for each run), so the results are this test's own.
  const title = `${word} ferry timetable`;
  const key = word.toLowerCase();
  it('marks the words found, says which glossary term crossed languages, and offers the corrected words', async () => {
    const base = running.server.url;
    await createDataset(base, handMadeDataset(title, { title: { en: title }, keywords: {} }));
    const common = WORDS[lang];
    const context = await running.browser.newContext({ locale: lang, viewport: { width, height: 900 }, bypassCSP: true });
    await context.addCookies([{ name: 'talsinki_lang', value: lang, url: base }]);
    const page = await context.newPage();
    const errors = watchConsole(page);

    // lautta is Finnish; the title is English: the glossary's ferry found it.
    await page.goto(`${base}/datasets?q=${encodeURIComponent(`${key} lautta`)}`);
    const card = page.locator('.dataset-card').filter({ hasText: word });
    await card.waitFor();
    expect(await page.locator('.dataset-card').count()).toBe(1);
    expect(await card.locator('h2 mark').allTextContents()).toEqual([word, 'ferry']);
    const through = card.locator('.found-through');
    expect(await through.textContent()).toContain(common.search.foundThrough);
    expect(await through.locator('[lang=en]').textContent()).toBe('ferry');
    expect(await through.textContent()).toContain('lautta');
    expect(describeViolations(await axeViolations(page))).toBe('');
    expect(await pageProblems(page)).toEqual([]);

    // Two letters swapped and one too many: nothing found, the word as the catalogue has it offered.
    await page.goto(`${base}/datasets?q=${misspelt}`);
    const offer = page.getByRole('link', { name: key, exact: true });
    await offer.waitFor();
    expect(await page.locator('.empty-result').textContent()).toContain(common.empty.didYouMean);
    await offer.click();
    await page.waitForURL((address) => address.searchParams.get('q') === key);
    await card.waitFor();

    // The search of the whole platform says the same of its datasets, and offers the same correction.
    await page.goto(`${base}/search?q=${encodeURIComponent(`${key} lautta`)}`);
    const group = page.locator('section.search-group').filter({ has: page.locator('h2#search-datasets') });
    await group.locator('mark', { hasText: word }).waitFor();
    expect(await group.locator('.found-through').textContent()).toContain('lautta');
    expect(describeViolations(await axeViolations(page))).toBe('');
    await page.goto(`${base}/search?q=${misspelt}`);
    await page.getByRole('link', { name: key, exact: true }).click();
    await page.waitForURL((address) => address.pathname === '/search' && address.searchParams.get('q') === key);
    await group.locator('mark', { hasText: word }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
