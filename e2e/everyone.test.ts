import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import fiBottlenecks from '../src/web/locales/fi/bottlenecks.json' with { type: 'json' };
import etBottlenecks from '../src/web/locales/et/bottlenecks.json' with { type: 'json' };
import fiCommon from '../src/web/locales/fi/common.json' with { type: 'json' };
import etCommon from '../src/web/locales/et/common.json' with { type: 'json' };
import fiHome from '../src/web/locales/fi/home.json' with { type: 'json' };
import etHome from '../src/web/locales/et/home.json' with { type: 'json' };
import fiSearch from '../src/web/locales/fi/search.json' with { type: 'json' };
import etSearch from '../src/web/locales/et/search.json' with { type: 'json' };
import { useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

/** Each language's own texts, read from its locale files, so the test follows what a reader sees. */
const TEXTS = {
  fi: { bottlenecks: fiBottlenecks, common: fiCommon, home: fiHome, search: fiSearch },
  et: { bottlenecks: etBottlenecks, common: etCommon, home: etHome, search: etSearch },
};
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
const plural = (texts: Record<string, unknown>, key: string, count: number) => fill(String(texts[`${key}_${count === 1 ? 'one' : 'other'}`]), { count });
/** Words of the demo found in several lists: the test reads how many each list has for them. */
const WORDS = 'Tallinn';
const KINDS = ['bottlenecks', 'dialogues', 'recommendations', 'institutions', 'datasets'] as const;
const SORTED: Record<string, string> = { bottlenecks: '&sort=relevance', dialogues: '&sort=relevance', recommendations: '&sort=relevance', institutions: '&sort=relevance', datasets: '' };

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${running.server.url}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** The list's filters at this width: folded behind their button on a phone (opened here), open on a wide screen. */
async function openFilters(page: Page, narrow: boolean, label: RegExp, form: string) {
  const toggle = page.getByRole('button', { name: label });
  if (narrow) {
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.getByRole('search', { name: form }).isVisible()).resolves.toBe(false);
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
  } else await expect(toggle.isVisible()).resolves.toBe(false);
  await page.getByRole('search', { name: form }).waitFor();
}

describe.each(['fi', 'et'] as const)('everyone, in %s', (lang) => {
  const T = TEXTS[lang];
  describe.each([1280, 360])('at %i px', (width) => {
    const narrow = width < 800;

    it('searches the platform from the home page, follows to a list, pages it by number and size, opens its filters and recovers from an empty result', { timeout: 180_000 }, async () => {
      const base = running.server.url;
      const context = await running.browser.newContext({ viewport: { width, height: 900 }, locale: lang, extraHTTPHeaders: { 'accept-language': lang } });
      await context.addCookies([{ name: 'talsinki_lang', value: lang, url: base }]);
      const page = await context.newPage();
      const errors = watchConsole(page);

      // The home page: the report action and the missions, each linking to its section or saying it is coming.
      await page.goto(`${base}/`);
      const report = page.getByRole('link', { name: T.home.cta.report, exact: true }).first();
      await expect(report.getAttribute('href')).resolves.toBe('/bottlenecks/new');
      const missions = page.locator('section[aria-labelledby="mission-heading"]');
      const hrefs = await missions.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
      expect(hrefs).toEqual(['/bottlenecks', '/bottlenecks/new', '/dialogues', '/recommendations', '/stakeholders', '/regions', '/governance', '/actions', '/planning', '/framework', '/consultations', '/datasets', '/indicators', '/pilots', '/sensors']);
      // Every part of every mission has its page now: none says it is still to come.
      await expect(missions.getByText(T.home.mission.coming, { exact: true }).count()).resolves.toBe(0);
      // Every section a mission links to is a page of the site, not the page for a missing one.
      const home = (await page.locator('h1').textContent()) ?? '';
      for (const href of hrefs) {
        await missions.locator(`a[href="${href}"]`).first().click();
        await page.waitForURL(`${base}${href}`);
        // The address changes first; the home page stays until the section's page is shown.
        await page.locator('h1').filter({ hasNotText: home }).waitFor();
        await expect(page.locator('h1').textContent()).resolves.not.toBe(T.common.notFound.title);
        await page.goBack();
        await missions.waitFor();
      }

      // One search across the platform, grouped by kind, each with its count.
      const totals = Object.fromEntries(await Promise.all(KINDS.map(async (kind) => [kind, (await api<{ total: number }>(`/api/${kind}?q=${WORDS}&limit=1${SORTED[kind]}`)).total] as const)));
      expect(KINDS.filter((kind) => totals[kind] > 0).length).toBeGreaterThanOrEqual(3);
      await page.getByLabel(T.home.search.query).fill(WORDS);
      await page.getByRole('search', { name: T.home.search.label }).getByRole('button', { name: T.home.search.submit }).click();
      await page.waitForURL(`${base}/search?q=${WORDS}`);
      const all = KINDS.reduce((sum, kind) => sum + totals[kind], 0);
      await page.getByRole('status').filter({ hasText: plural(T.search, 'count', all) }).waitFor();
      for (const kind of KINDS) {
        const heading = page.getByRole('heading', { level: 2, name: `${T.search.kinds[kind]} (${totals[kind]})` });
        await expect(heading.count(), kind).resolves.toBe(totals[kind] > 0 ? 1 : 0);
      }

      // "All N in the register" leads to the list's own search with the same words, best match first.
      const kind = KINDS.find((k) => k === 'bottlenecks' && totals[k] > 0) ?? KINDS.find((k) => totals[k] > 0)!;
      await page.getByRole('link', { name: plural(T.search.all, kind, totals[kind]) }).click();
      await page.waitForURL(`${base}/${kind}?q=${WORDS}`);

      // Numbered pages and the page size on the register.
      const register = await api<{ total: number; items: { ref: string }[] }>('/api/bottlenecks?limit=10&offset=10');
      expect(register.total).toBeGreaterThan(10);
      await page.goto(`${base}/bottlenecks`);
      await page.getByRole('status').filter({ hasText: plural(T.bottlenecks.list, 'count', register.total) }).waitFor();
      await page.getByLabel(T.common.pager.size).selectOption('10');
      // Choosing alone changes nothing: the button confirms it.
      expect(new URL(page.url()).search).toBe('');
      await page.getByRole('button', { name: T.common.pager.sizeApply }).click();
      await page.waitForURL(`${base}/bottlenecks?size=10`);
      // The page shows ten once the new page has loaded.
      await page.waitForFunction(() => document.querySelectorAll('.bn-list > li').length === 10);
      const pages = page.getByRole('navigation', { name: T.common.pager.lists.bottlenecks });
      await pages.getByRole('link', { name: fill(T.common.pager.page, { page: 2 }), exact: true }).click();
      await page.waitForURL(`${base}/bottlenecks?size=10&page=2`);
      await pages.locator('[aria-current="page"]').filter({ hasText: /^2$/ }).waitFor();
      await expect(pages.locator('[aria-current="page"]').count()).resolves.toBe(1);
      await page.locator('.bn-list').getByText(register.items[0].ref, { exact: true }).waitFor();
      for (const link of await pages.getByRole('link').all()) {
        const box = await link.boundingBox();
        expect(box!.width).toBeGreaterThanOrEqual(24);
        expect(box!.height).toBeGreaterThanOrEqual(24);
      }

      // The filters (folded on a phone), an empty result, and what it offers.
      await page.goto(`${base}/bottlenecks?size=10`);
      await openFilters(page, narrow, new RegExp(`^${T.common.filters.label}`), T.bottlenecks.list.search);
      await page.getByLabel(T.bottlenecks.list.query).fill('xyzzyplughqwv');
      await page.getByLabel(T.bottlenecks.fields.country).selectOption('EE');
      await page.getByRole('search', { name: T.bottlenecks.list.search }).getByRole('button', { name: T.bottlenecks.list.apply }).click();
      await page.getByRole('status').filter({ hasText: plural(T.bottlenecks.list, 'count', 0) }).waitFor();
      if (narrow) {
        // The button says how many filters are in use.
        await page.getByRole('button', { name: plural(T.common.filters, 'active', 2) }).waitFor();
      }
      await page.getByText(T.common.empty.spelling).waitFor();
      const removeWords = page.getByRole('link', { name: fill(T.common.empty.remove, { filter: `${T.bottlenecks.list.query}: xyzzyplughqwv` }) });
      const removeCountry = page.getByRole('link', { name: fill(T.common.empty.remove, { filter: `${T.bottlenecks.fields.country}: ${T.bottlenecks.country.EE}` }) });
      await removeCountry.waitFor();
      await removeWords.click();
      await page.waitForURL(`${base}/bottlenecks?country=EE&size=10`);
      const estonian = await api<{ total: number }>('/api/bottlenecks?country=EE&limit=1');
      expect(estonian.total).toBeGreaterThan(0);
      await page.getByRole('status').filter({ hasText: plural(T.bottlenecks.list, 'count', estonian.total) }).waitFor();
      await page.goBack();
      await page.getByRole('link', { name: fill(T.common.empty.everywhere, { q: 'xyzzyplughqwv' }) }).click();
      await page.waitForURL(`${base}/search?q=xyzzyplughqwv`);
      await page.getByText(T.search.none).waitFor();

      expect(errors).toEqual([]);
      await context.close();
    });
  });
});
