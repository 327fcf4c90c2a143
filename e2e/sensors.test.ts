import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { someDatastream } from './sensors-support.ts';
import { loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('the sensor pages', () => {
  it('lead from the map and its list to a stream, whose chart has its table, by keyboard', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const id = await someDatastream(base);
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Sensor data (SensorThings)' }).click();
    await page.waitForURL(`${base}/sensors`);
    const list = page.getByRole('table', { name: 'Sensing stations and their latest values' });
    await list.waitFor();
    // The map's markers are links to the list's rows, named by the station and its values.
    await page.getByRole('group', { name: 'Map of the sensing stations' }).getByRole('link').first().waitFor();
    const problems = await checkPage(page, '/sensors');

    const link = list.getByRole('link').first();
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/sensors/datastreams/${id}`);
    const table = page.getByRole('table', { name: /, period: Week$/ });
    await table.waitFor();
    // The week's rows (the e2e stream's 337 raw observations; hourly means when a demo stream is denser).
    expect(await table.getByRole('row').count()).toBeGreaterThan(100);
    expect((await table.getByRole('columnheader').allInnerTexts())[0]).toBe('Time');
    await page.getByText(/^(Every observation|Hourly means)/).waitFor();
    problems.push(...(await checkPage(page, `/sensors/datastreams/${id}`)));

    // A year is drawn from daily aggregates, with their lowest and highest values.
    // The range lives in the address: the radio shows it once the page has moved there.
    await page.getByRole('radio', { name: 'Year' }).click();
    await page.getByRole('table', { name: /, period: Year$/ }).waitFor();
    await page.getByText(/^(Daily means|Means of \d+ (hours|days))/).waitFor();
    expect((await page.getByRole('table', { name: /, period: Year$/ }).getByRole('columnheader').allInnerTexts()).slice(2)).toEqual(['Lowest', 'Highest', 'Observations']);
    const csv = await page.getByRole('link', { name: /^Observations of the chosen period/ }).getAttribute('href');
    expect((await fetch(`${base}${csv}`)).status).toBe(200);
    expect((await fetch(`${base}${await page.getByRole('link', { name: 'Observations as SensorThings JSON' }).getAttribute('href')}`)).status).toBe(200);
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('let an editor set how long a stream keeps its observations, with a refusal said at its field, by keyboard', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const id = await someDatastream(base);
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/sensors/datastreams/${id}`);
    await page.getByText('All observations, for ever').waitFor();
    await loginThroughForm(page, base, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    await page.goto(`${base}/sensors/datastreams/${id}`);
    const raw = page.getByRole('spinbutton', { name: 'Days raw observations are kept' });
    await raw.focus();
    await page.keyboard.type('3650');
    await page.keyboard.press('Tab');
    await page.keyboard.type('30');
    await page.keyboard.press('Enter');
    // Hours shorter than raw rows: said in the summary and at the field, and nothing is kept shorter.
    await page.getByRole('alert').getByText('Days hourly figures are kept').waitFor();
    const hourly = page.getByRole('spinbutton', { name: 'Days hourly figures are kept' });
    expect(await hourly.getAttribute('aria-invalid')).toBe('true');
    await hourly.fill('7300');
    await hourly.press('Enter');
    await page.getByRole('status').getByText('Retention saved').waitFor();
    const rawFrom = new Date(Math.floor((Date.now() - 3650 * 86_400_000) / 86_400_000) * 86_400_000);
    await page.getByText(new RegExp(`^Raw observations from .*${rawFrom.getUTCFullYear()}$`)).waitFor();
    const problems = await checkPage(page, `/sensors/datastreams/${id} (editor)`);
    expect(problems.join('\n')).toBe('');
    // The one refusal the test asked for, and nothing else.
    expect(errors).toEqual([expect.stringMatching(/^400 PUT .*\/retention$/), expect.stringContaining('status of 400')]);
    await context.close();
  });
});
