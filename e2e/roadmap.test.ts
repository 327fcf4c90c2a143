import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage, settled } from './page-at-widths.ts';
import { useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

interface Roadmap {
  bars: { id: string; ref: string; leadId: string | null; raci: { institutionId: string; role: string }[] }[];
  dependencies: { from: string; to: string }[];
  institutions: { id: string }[];
}

const roadmap = async (query = ''): Promise<Roadmap> => (await fetch(`${running.server.url}/api/roadmap${query}`)).json() as Promise<Roadmap>;

/** The references of the chart's rows, of its drawn bars' rows, and of the table's rows, in the page's order. */
async function rowsShown(page: Page) {
  return page.evaluate(() => ({
    links: [...document.querySelectorAll<HTMLAnchorElement>('.gantt__link')].map((a) => a.getAttribute('href')!.replace('/actions/', '')),
    bars: document.querySelectorAll('.gantt__svg .gantt__bar').length,
    table: [...document.querySelectorAll<HTMLTableRowElement>('.roadmap-table tbody tr')].map((row) => row.dataset.ref),
  }));
}

describe('the roadmap', () => {
  it('draws a bar for every action the API gives, the same rows in its table, an arrow for every dependency, and filters through the address', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const whole = await roadmap();
    expect(whole.bars.length).toBeGreaterThan(20);
    expect(whole.dependencies.length).toBeGreaterThan(0);

    await page.goto(`${base}/actions`);
    await page.getByRole('link', { name: 'Roadmap (Gantt chart)' }).first().click();
    await page.waitForURL(`${base}/actions/roadmap`);
    await page.getByRole('heading', { name: 'Roadmap of the joint action plan', level: 1 }).waitFor();
    // The table is drawn just after the chart.
    const refs = whole.bars.map((bar) => bar.ref);
    await expect.poll(() => rowsShown(page)).toEqual({ links: refs, bars: refs.length, table: refs });
    // Every finish-to-start dependency is an arrow from its predecessor to its successor, and no other.
    const arrows = await page.locator('.gantt__deps path[data-from]').evaluateAll((paths) => paths.map((p) => `${p.getAttribute('data-from')}>${p.getAttribute('data-to')}`));
    expect(arrows.sort()).toEqual(whole.dependencies.map((d) => `${d.from}>${d.to}`).sort());
    // An arrow starts at its predecessor's end and ends at its successor's start, a row apart as the rows are.
    const first = whole.dependencies[0]!;
    const geometry = await page.evaluate(({ from, to }) => {
      const path = document.querySelector(`.gantt__deps path[data-from="${from}"][data-to="${to}"]`) as SVGPathElement;
      const length = path.getTotalLength();
      const [start, end] = [path.getPointAtLength(0), path.getPointAtLength(length)];
      return { start: { x: start.x, y: start.y }, end: { x: end.x, y: end.y } };
    }, first);
    const index = (id: string) => whole.bars.findIndex((bar) => bar.id === id);
    expect(Math.round(geometry.end.y - geometry.start.y)).toBe((index(first.to) - index(first.from)) * 44);

    // The printed roadmap is offered in every interface language, each link answered with a PDF.
    const printed = await page.locator('a[type="application/pdf"]').evaluateAll((links) => links.map((a) => [a.getAttribute('hreflang'), (a as HTMLAnchorElement).href]));
    expect(printed.map(([lang]) => lang)).toEqual(['fi', 'et', 'en', 'sv', 'ru']);
    const russian = await fetch(printed[4]![1]!);
    expect([russian.status, russian.headers.get('content-type')]).toEqual([200, 'application/pdf']);

    // A filter goes into the address and the server filters: the chart and the table follow.
    await page.getByLabel('State', { exact: true }).selectOption('done');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(`${base}/actions/roadmap?state=done`);
    const done = await roadmap('?state=done');
    expect(done.bars.length).toBeGreaterThan(0);
    expect(done.bars.length).toBeLessThan(whole.bars.length);
    const doneRefs = done.bars.map((bar) => bar.ref);
    await expect.poll(() => rowsShown(page)).toEqual({ links: doneRefs, bars: doneRefs.length, table: doneRefs });
    await page.getByText(`${done.bars.length} actions`).waitFor();
    // The matrix keeps the filter.
    await page.getByRole('navigation', { name: 'Views of the action plan' }).getByRole('link', { name: 'Who does what (RACI matrix)' }).click();
    await page.waitForURL(`${base}/actions/raci?state=done`);
    await expect.poll(() => page.locator('.raci-matrix tbody tr').count()).toBe(done.bars.length);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is usable by keyboard: one tab stop into the chart, arrow keys between actions with their details shown, Enter opens the action', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const whole = await roadmap();
    await page.goto(`${base}/actions/roadmap`);
    await page.locator('.gantt__svg .gantt__bar').first().waitFor();
    // From the last control before the chart, Tab lands on the first action.
    await page.getByRole('button', { name: 'Quarters' }).focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.index ?? null);
    expect(await focused()).toBe('0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('2');
    const target = whole.bars[2]!;
    // The details beside the bar name the focused action, and the ring is drawn round it.
    await expect.poll(() => page.locator('.gantt__details').innerText()).toContain(target.ref);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.keyboard.press('End');
    expect(await focused()).toBe(String(whole.bars.length - 1));
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    // Escape closes the details; the action stays focused.
    await page.keyboard.press('Escape');
    expect(await page.locator('.gantt__details').count()).toBe(0);
    expect(await focused()).toBe('2');
    // Only one row is a tab stop: Tab leaves the chart, Shift+Tab comes back to the row last focused.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('gantt__link'))).toBe(false);
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('2');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/actions/${target.ref}`);
    const detail = (await (await fetch(`${base}/api/actions/${target.ref}`)).json()) as { title: { en: string } };
    await page.getByRole('heading', { name: detail.title.en, level: 1 }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the RACI matrix of the API: each role in its cell, the lead marked, nothing else', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const whole = await roadmap();
    await page.goto(`${base}/actions/raci`);
    await page.getByRole('heading', { name: 'Who does what: the RACI matrix', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Roles of the institutions in each action' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(whole.bars.length);
    const named = new Set(whole.bars.flatMap((bar) => bar.raci.map((entry) => entry.institutionId)));
    expect(await table.locator('thead .raci-matrix__institution').count()).toBe(named.size);
    // Sample actions: the one with the most roles, and one that is not the first.
    const sample = [...whole.bars].sort((a, b) => b.raci.length - a.raci.length).slice(0, 2).concat(whole.bars[whole.bars.length - 1]!);
    for (const bar of sample) {
      const cells = await table.locator(`tbody tr[data-ref="${bar.ref}"] td`).evaluateAll((tds) =>
        Object.fromEntries(tds.filter((td) => td.textContent).map((td) => [(td as HTMLElement).dataset.institution, td.querySelector('[aria-hidden="true"]')!.textContent])));
      expect(cells).toEqual(Object.fromEntries(bar.raci.map((entry) => [entry.institutionId, `${entry.role}${entry.institutionId === bar.leadId ? '★' : ''}`])));
    }
    // A screen reader hears the role in words, and the institution's full name as the column's header.
    const lead = sample[0]!;
    const leadCell = table.locator(`tbody tr[data-ref="${lead.ref}"] td[data-institution="${lead.leadId}"]`);
    expect(await leadCell.locator('.visually-hidden').textContent()).toBe('Accountable, Lead');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('never scrolls the page sideways at 360 px: the chart and the matrix scroll in their own regions; axe finds nothing at either width', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'fi', bypassCSP: true });
    await context.addCookies([{ name: 'talsinki_lang', value: 'fi', url: base }]);
    const page = await context.newPage();
    const errors = watchConsole(page);
    const problems: string[] = [];
    for (const path of ['/actions/roadmap', '/actions/roadmap?state=delayed', '/actions/raci']) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${base}${path}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      await page.setViewportSize({ width: 360, height: 800 });
      await settled(page);
      const widths = await page.evaluate(() => {
        const region = document.querySelector('.gantt__scroll, .raci-matrix')?.closest('.gantt__scroll, .table-wrap') as HTMLElement;
        return { page: document.documentElement.scrollWidth, view: window.innerWidth, region: region.scrollWidth, regionView: region.clientWidth };
      });
      expect(widths.page, path).toBeLessThanOrEqual(widths.view);
      expect(widths.region, path).toBeGreaterThan(widths.regionView);
      problems.push(...(await checkPage(page, path)));
    }
    // The action column stays in view while the chart scrolls to its end.
    await page.goto(`${base}/actions/roadmap`);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.locator('.gantt__svg .gantt__bar').first().waitFor();
    const label = page.locator('.gantt__link').first();
    const before = (await label.boundingBox())!.x;
    await page.locator('.gantt__scroll').evaluate((region) => region.scrollTo({ left: region.scrollWidth }));
    await settled(page);
    expect((await label.boundingBox())!.x).toBe(before);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
