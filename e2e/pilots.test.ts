import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('the living lab showcase', () => {
  it('leads a visitor by keyboard from the showcase, its map and table, to a pilot and its forum session', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Living lab pilots' }).click();
    await page.waitForURL(`${base}/pilots`);
    await page.getByRole('status').filter({ hasText: '3 pilots' }).waitFor();
    const problems = await checkPage(page, '/pilots');
    // Every place is in the table beside the map, named after its pilot.
    const table = page.getByRole('table', { name: "The pilots' places, as on the map" });
    await table.getByRole('rowheader').first().waitFor();
    expect(await table.getByRole('rowheader').count()).toBe(5);
    // Partners of both countries on the showcase pilot's card.
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /shore water temperature/ }) });
    expect(await card.innerText()).toMatch(/Finland[\s\S]*Forum Virium Helsinki \(Lead\)[\s\S]*Estonia[\s\S]*TalTech \(Partner\)/);
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await writeFile(`/tmp/pilots-${width}.png`, await page.screenshot({ fullPage: true }));
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // The card's link by keyboard.
    await card.getByRole('link', { name: /shore water temperature/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/pilots/demo-shore-water-temperature`);
    await page.getByRole('heading', { level: 1, name: /shore water temperature/ }).waitFor();
    problems.push(...(await checkPage(page, '/pilots/demo-shore-water-temperature')));
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await writeFile(`/tmp/pilot-${width}.png`, await page.screenshot({ fullPage: true }));
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('link', { name: /Smart City Exchange Forum 2026/ }).click();
    await page.waitForURL(/\/dialogues\/DL-/);
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an editor make a write token for a pilot (shown once, listed by its prefix) and create a pilot with a place given by coordinates', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/pilots/demo-ferry-terminal-flow`);
    await page.getByRole('heading', { name: 'SensorThings write tokens' }).waitFor();
    await page.getByLabel('Token name').fill('Terminal gateway');
    await page.getByRole('button', { name: 'Create write token' }).click();
    const secret = await page.locator('code.token-secret').innerText();
    expect(secret.length).toBeGreaterThan(20);
    await page.getByText('Terminal gateway').waitFor();
    const problems = await checkPage(page, '/pilots/demo-ferry-terminal-flow as editor');
    await writeFile('/tmp/pilot-tokens-360.png', await page.screenshot({ fullPage: true }));

    // A new pilot with a place given by its coordinates (the map's way without a pointer).
    await page.goto(`${base}/pilots/new`);
    await page.locator('#pf-name-en').fill('Harbour noise pilot');
    await page.locator('#pf-slug').fill('harbour-noise');
    await page.locator('#pf-place-name-en').fill('West Harbour');
    await page.getByLabel('Latitude (° N)').fill('60.152');
    await page.getByLabel('Longitude (° E)').fill('24.915');
    await page.getByRole('button', { name: 'Place the point' }).click();
    await page.getByRole('button', { name: 'Add the place' }).click();
    await page.getByRole('button', { name: 'Create pilot' }).click();
    await page.waitForURL(`${base}/pilots/harbour-noise`);
    await page.getByRole('table', { name: 'Places' }).getByRole('link', { name: 'West Harbour' }).waitFor();
    problems.push(...(await checkPage(page, '/pilots/harbour-noise')));
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });
});
